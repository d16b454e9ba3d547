// The load targets a power agent holds per feed, active and scheduled (FeedTarget in the DSX
// schema). A new target replaces every target on the same feed whose interval overlaps its own; a
// null constraint removes the overlapping targets and stores nothing (docs/spec-decisions.md).
import type { Micros } from '../../time.ts';
import type { TraceParentage } from './emitter.ts';

export interface HeldTarget {
  feed: string;
  /** W. */
  constraint: number;
  start: Micros;
  /** Undefined: until replaced. */
  end?: Micros;
  bestEffort: boolean;
  correlationId: string;
  /** The interval as the command gave it (echoed in FeedTarget). */
  interval: { start_time?: string; end_time?: string };
  /** The command's trace, continued by every event this target causes. */
  cause: TraceParentage;
  /** Simulation time it became active (undefined while scheduled). */
  activatedAt?: Micros;
}

export class TargetSchedule {
  private readonly byFeed = new Map<string, HeldTarget[]>();

  constructor(readonly feeds: readonly string[]) {
    for (const f of feeds) this.byFeed.set(f, []);
  }

  /** Adds a target (or, with constraint null, a removal) and returns the targets it displaced. */
  put(feed: string, t: Omit<HeldTarget, 'constraint'> & { constraint: number | null }): HeldTarget[] {
    const list = this.byFeed.get(feed);
    if (!list) throw new Error(`feed '${feed}' is not held by this agent`);
    const overlaps = (x: HeldTarget) => x.start < (t.end ?? Infinity) && t.start < (x.end ?? Infinity);
    const displaced = list.filter(overlaps);
    const kept = list.filter((x) => !overlaps(x));
    if (t.constraint !== null) kept.push({ ...t, constraint: t.constraint });
    kept.sort((a, b) => a.start - b.start);
    this.byFeed.set(feed, kept);
    return displaced;
  }

  /** The target in force on `feed` at time `t`, if any. */
  activeAt(feed: string, t: Micros): HeldTarget | undefined {
    return (this.byFeed.get(feed) ?? []).find((x) => x.start <= t && t < (x.end ?? Infinity));
  }

  /** Every target on `feed`, scheduled and active, in start order. */
  all(feed: string): readonly HeldTarget[] {
    return this.byFeed.get(feed) ?? [];
  }

  /** Drops targets that ended at or before `t`; returns them. */
  expire(t: Micros): HeldTarget[] {
    const gone: HeldTarget[] = [];
    for (const [feed, list] of this.byFeed) {
      const keep = list.filter((x) => (x.end ?? Infinity) > t);
      gone.push(...list.filter((x) => (x.end ?? Infinity) <= t));
      this.byFeed.set(feed, keep);
    }
    return gone;
  }
}
