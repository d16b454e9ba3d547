// Event trackers over the frequency trace, updated after every integrator step from the step's end
// points and the derivative df/dt at both ends (which the integrator has anyway):
//   - initial RoCoF: mean df/dt over the first `window` s after the first disturbance (the model
//     splits its step so the window ends exactly);
//   - first arrest: the first turning point of frequency after the first disturbance, in the
//     direction the disturbance pushed it (a minimum after a generation loss, a maximum after a
//     load loss); inside a step the derivative is taken as linear between its end values, so the
//     turning point is at t* = t0 + h·d0/(d0 − d1) with f* = f0 + d0·(t* − t0)/2; a turn caused by
//     a discrete event (a trip at a step boundary) is the boundary point itself;
//   - time below a threshold (crossings interpolated linearly inside the step);
//   - nadir and zenith: lowest and highest frequency of the run, with time (same refinement).
// One row of a struct-of-arrays table (n = 1), so the state is explicit and hashable.
import { SoaTable } from '../sim/workers/soa.ts';

export const trackerFields = [
  'started', // 0/1: a disturbance has happened
  'tStart', // s
  'fStart', // Hz
  'direction', // −1 falling, +1 rising, 0 not known yet
  'rocofEnd', // s, end of the initial-RoCoF window (NaN when not pending)
  'rocofInitial', // Hz/s (NaN until measured)
  'lastDeriv', // Hz/s at the end of the previous step
  'arrestT', // s (NaN until found)
  'arrestF', // Hz
  'nadirT',
  'nadirF',
  'zenithT',
  'zenithF',
  'belowHz', // threshold of the time-below tracker
  'belowTime', // s
  'winT', // window marker for the mean RoCoF
  'winF',
] as const;
export type TrackerField = (typeof trackerFields)[number];
export type TrackerTable = Record<TrackerField, Float64Array>;

export function newTrackerTable(t: number, f: number, belowHz: number): SoaTable<TrackerField> {
  const table = new SoaTable(trackerFields, 1);
  const a = table.arrays;
  for (const k of ['tStart', 'fStart', 'rocofEnd', 'rocofInitial', 'arrestT', 'arrestF'] as const) a[k][0] = NaN;
  a.lastDeriv[0] = 0;
  a.nadirT[0] = a.zenithT[0] = a.winT[0] = t;
  a.nadirF[0] = a.zenithF[0] = a.winF[0] = f;
  a.belowHz[0] = belowHz;
  return table;
}

/** Starts the event trackers at the first disturbance (later calls do nothing). */
export function startTrackers(a: TrackerTable, t: number, f: number, window: number): void {
  if (a.started[0]) return;
  a.started[0] = 1;
  a.tStart[0] = t;
  a.fStart[0] = f;
  a.rocofEnd[0] = t + window;
}

/** Time at which the trackers need the step to end (Infinity if none). */
export function trackerDeadline(a: TrackerTable): number {
  return Number.isNaN(a.rocofEnd[0]) ? Infinity : a.rocofEnd[0];
}

/** Closes the initial-RoCoF window at time t (call when t has reached `trackerDeadline`). */
export function fireTrackerDeadline(a: TrackerTable, t: number, f: number): void {
  a.rocofInitial[0] = (f - a.fStart[0]) / (t - a.tStart[0]);
  a.rocofEnd[0] = NaN;
}

/** Updates every tracker after a step (t0, f0, d0) → (t1, f1, d1); d = df/dt in Hz/s. */
export function updateTrackers(a: TrackerTable, t0: number, f0: number, d0: number, t1: number, f1: number, d1: number): void {
  const h = t1 - t0;
  // Turning point inside the step, if the derivative changes sign.
  let tTurn = NaN;
  let fTurn = NaN;
  if ((d0 < 0 && d1 >= 0) || (d0 > 0 && d1 <= 0)) {
    const s = (h * d0) / (d0 - d1);
    tTurn = t0 + s;
    fTurn = f0 + (d0 * s) / 2;
  }
  extremes(a, t1, f1);
  if (!Number.isNaN(tTurn)) extremes(a, tTurn, fTurn);

  const thr = a.belowHz[0];
  if (f0 < thr && f1 < thr) a.belowTime[0] += h;
  else if (f0 < thr !== f1 < thr) a.belowTime[0] += (h * (thr - Math.min(f0, f1))) / Math.abs(f1 - f0);

  if (a.started[0] && Number.isNaN(a.arrestT[0])) {
    if (a.direction[0] === 0 && d0 !== 0) a.direction[0] = Math.sign(d0);
    const dir = a.direction[0];
    if (dir !== 0) {
      if (a.lastDeriv[0] * dir > 0 && d0 * dir <= 0) setArrest(a, t0, f0);
      else if (d0 * dir > 0 && d1 * dir <= 0) setArrest(a, tTurn, fTurn);
    }
  }
  a.lastDeriv[0] = d1;
}

function extremes(a: TrackerTable, t: number, f: number): void {
  if (f < a.nadirF[0]) (a.nadirF[0] = f), (a.nadirT[0] = t);
  if (f > a.zenithF[0]) (a.zenithF[0] = f), (a.zenithT[0] = t);
}

function setArrest(a: TrackerTable, t: number, f: number): void {
  a.arrestT[0] = t;
  a.arrestF[0] = f;
}
