// The Open Energi variables an entity's frequency-response algorithm runs with, from the
// portfolio-management signals it accepted (docs/spec-decisions.md, O-decisions on precedence):
//   - a schedule-signal sets a variable's recurring value; a newer one for the same variable
//     replaces it;
//   - a one-time signal overrides the schedule for the variables its points set, from its first
//     start_at until its last; its last point (which must leave the entity safe, OE-SIG-004) hands
//     the variables back to the schedule; a newer signal replaces an older one's remaining points;
//   - where neither says anything, the spec's default holds (oe-add 0, multipliers 1).
// Times are UNIX milliseconds (the messages' clock).
import type { IntervalSchedule } from './schedule.ts';
import { OE_DEFAULTS, type OeVariable } from './signal-codec.ts';

export type OeValues = Record<OeVariable, number>;

export interface SignalPoint {
  atMs: number;
  values: Partial<Record<OeVariable, number>>;
}

const VARIABLES: readonly OeVariable[] = ['oe-add', 'oe-multiply-high', 'oe-multiply-low'];

export class EntitySignals {
  private readonly schedules = new Map<OeVariable, IntervalSchedule<number>>();
  private points: SignalPoint[] = [];

  /** A one-time signal takes over from any earlier one (its points sorted, OE-SIG-003). */
  signal(points: SignalPoint[]): void {
    this.points = points;
  }

  scheduleSignal(variables: readonly OeVariable[], schedule: IntervalSchedule<number>): void {
    for (const v of variables) this.schedules.set(v, schedule);
  }

  /** The variables in force at `ms`. */
  valuesAt(ms: number): OeValues {
    const out = { ...OE_DEFAULTS };
    const p = this.points;
    const active = p.length > 1 && p[0].atMs <= ms && ms < p[p.length - 1].atMs;
    for (const v of VARIABLES) {
      const fromSignal = active ? latestSetting(p, v, ms) : undefined;
      if (fromSignal !== undefined) out[v] = fromSignal;
      else {
        const s = this.schedules.get(v)?.valueAt(ms);
        if (s !== undefined) out[v] = s.value;
      }
    }
    // A one-point signal is its own last point: it hands back at once (nothing to override).
    return out;
  }

  /** The next instant after `ms` at which the values may change (undefined: never). */
  nextChangeAfter(ms: number): number | undefined {
    let next = Infinity;
    for (const pt of this.points) if (pt.atMs > ms) { next = Math.min(next, pt.atMs); break; }
    for (const s of new Set(this.schedules.values())) {
      const b = s.nextBoundaryAfter(ms);
      if (b !== undefined) next = Math.min(next, b);
    }
    return Number.isFinite(next) ? next : undefined;
  }
}

/** The value of `v` at the latest point at or before `ms` that sets it. */
function latestSetting(points: SignalPoint[], v: OeVariable, ms: number): number | undefined {
  let out: number | undefined;
  for (const pt of points) {
    if (pt.atMs > ms) break;
    const x = pt.values[v];
    if (x !== undefined) out = x;
  }
  return out;
}
