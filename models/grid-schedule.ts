// Drives a GridFrequency through a timeline: integer-µs event times (DESIGN rule 2), steps on a
// fixed grid of the internal step, split exactly at each disturbance and external-load change.
// This is what the engine does within its windows; tests and the GB 2019 helper use it directly.
import type { GridDisturbance } from './grid-params.ts';
import type { GridFrequency } from './grid-frequency.ts';

/** A change of the sites' net load input at an exact time. */
export interface ExternalLoadChange {
  at: number; // s
  watts: number;
}

export interface GridRunOptions {
  /** End time (s from the start of the run). */
  until: number;
  /** Internal step (s), ≤ GRID_MAX_STEP_S. */
  step: number;
  disturbances?: readonly GridDisturbance[];
  externalLoad?: readonly ExternalLoadChange[];
  /** Called after every step on the step grid (not after split pieces) — for traces. */
  onStep?: (model: GridFrequency) => void;
}

const toUs = (s: number): number => Math.round(s * 1e6);

export function runGridSchedule(model: GridFrequency, o: GridRunOptions): void {
  type Ev = { us: number; apply: () => void };
  const events: Ev[] = [
    ...(o.disturbances ?? []).map((d) => ({ us: toUs(d.at), apply: () => model.applyDisturbance(d) })),
    ...(o.externalLoad ?? []).map((c) => ({ us: toUs(c.at), apply: () => model.setExternalLoad(c.watts) })),
  ];
  // Stable sort: co-timed events keep their listed order (disturbances first, then load changes).
  events.sort((a, b) => a.us - b.us);
  const stepUs = toUs(o.step);
  if (stepUs <= 0) throw new Error(`grid step must be ≥ 1 µs (got ${o.step} s)`);
  const untilUs = toUs(o.until);
  let tUs = toUs(model.time);
  let k = 0;
  while (k < events.length && events[k].us < tUs) k++; // events before the model's time are past
  while (tUs < untilUs) {
    while (k < events.length && events[k].us === tUs) events[k++].apply();
    const gridUs = (Math.floor(tUs / stepUs) + 1) * stepUs;
    const nextUs = Math.min(gridUs, untilUs, k < events.length ? events[k].us : Infinity);
    model.step((nextUs - tUs) / 1e6);
    tUs = nextUs;
    if (tUs === gridUs) o.onStep?.(model);
  }
  while (k < events.length && events[k].us === tUs) events[k++].apply();
}
