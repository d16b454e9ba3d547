// The grid trackers as a plain object for summary.json (`grid` section) and for tests.
import type { TrackerTable } from './grid-trackers.ts';

export interface GridTrackerReport {
  /** Mean df/dt over the first window after the first disturbance (Hz/s); null until measured. */
  initialRocof: number | null;
  /** First turning point after the first disturbance; null until it happens. */
  firstArrest: { t: number; f: number } | null;
  /** Threshold of the time-below tracker (Hz) and the time spent below it (s). */
  below: { threshold: number; seconds: number };
  /** Lowest and highest frequency of the run (Hz) with their times (s). */
  nadir: { t: number; f: number };
  zenith: { t: number; f: number };
  /** Time of the first disturbance (s); null before one. */
  disturbanceAt: number | null;
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

export function gridTrackerReport(a: TrackerTable): GridTrackerReport {
  return {
    initialRocof: orNull(a.rocofInitial[0]),
    firstArrest: Number.isNaN(a.arrestT[0]) ? null : { t: a.arrestT[0], f: a.arrestF[0] },
    below: { threshold: a.belowHz[0], seconds: a.belowTime[0] },
    nadir: { t: a.nadirT[0], f: a.nadirF[0] },
    zenith: { t: a.zenithT[0], f: a.zenithF[0] },
    disturbanceAt: a.started[0] ? a.tStart[0] : null,
  };
}
