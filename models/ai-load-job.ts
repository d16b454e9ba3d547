// The life of a training job: start and stop on the scheduler's command, seeded failures, recovery
// and restart from the last checkpoint. Failures are exponential with the job's MTBF; each draw is
// a pure hash of (seed, instance, failure counter), so it never depends on which worker stepped
// which instance, in which order, or how the run was cut into windows.
import { JobState, type AiLoadTable } from './ai-load-fields.ts';
import { floorMod } from './floor-mod.ts';

/** A 32-bit integer finaliser (lowbias32 by C. Wellons): every input bit flips ~half the output bits. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Uniform in [0, 1) with 53 random bits, a pure function of three non-negative integers
 * (seed < 2^53, instance and counter < 2^32).
 */
export function hashUniform(seed: number, instance: number, counter: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let h = mix32(lo ^ 0x9e3779b9);
  h = mix32(h ^ hi);
  h = mix32((h + Math.imul(instance >>> 0, 0x85ebca6b)) >>> 0);
  h = mix32((h ^ Math.imul(counter >>> 0, 0xc2b2ae35)) >>> 0);
  const a = mix32(h ^ 0x27d4eb2f) >>> 5; // 27 bits
  const b = mix32(h ^ 0x165667b1) >>> 6; // 26 bits
  return (a * 67108864 + b) / 9007199254740992;
}

/** Running time until the next failure (µs, ≥ 1): exponential with mean `mtbf` seconds. */
export function failureDelayUs(mtbf: number, u: number): number {
  return Math.max(1, Math.round(-mtbf * Math.log1p(-u) * 1e6));
}

function start(a: AiLoadTable, i: number, tUs: number): void {
  a.jobState[i] = JobState.training;
  a.jobStartUs[i] = tUs;
  a.workAtCkpt[i] = a.usefulWork[i];
  const mtbf = a.mtbf[i];
  a.nextFailUs[i] = mtbf > 0 && Number.isFinite(mtbf) ? tUs + failureDelayUs(mtbf, hashUniform(a.seed[i], i, a.failCount[i])) : Infinity;
}

/**
 * Applies every job transition due at `tUs` (the step calls it at the start of each sub-step; the
 * sub-steps are split at `jobNextEventUs`, so a failure or a restart lands exactly on its time).
 */
export function applyJobEvents(a: AiLoadTable, i: number, tUs: number): void {
  if (a.running[i] === 0 && a.jobState[i] !== JobState.stopped) {
    a.jobState[i] = JobState.stopped;
    a.nextFailUs[i] = Infinity;
    a.recoverUntilUs[i] = Infinity;
  }
  if (a.jobState[i] === JobState.training && tUs >= a.nextFailUs[i]) {
    // A failure: the GPUs drop to idle at once and the work since the last checkpoint is lost.
    a.jobState[i] = JobState.recovering;
    a.recoverUntilUs[i] = a.nextFailUs[i] + a.recoveryUs[i];
    a.nextFailUs[i] = Infinity;
    a.failCount[i] += 1;
    a.workLost[i] += a.usefulWork[i] - a.workAtCkpt[i];
    a.usefulWork[i] = a.workAtCkpt[i];
  }
  if (a.jobState[i] === JobState.recovering && tUs >= a.recoverUntilUs[i]) {
    a.recoverUntilUs[i] = Infinity;
    start(a, i, tUs);
  } else if (a.jobState[i] === JobState.stopped && a.running[i] !== 0) {
    start(a, i, tUs);
  }
  const cycle = a.ckptIntervalUs[i];
  if (a.jobState[i] === JobState.training && cycle > 0 && tUs > a.jobStartUs[i] && floorMod(tUs - a.jobStartUs[i], cycle) === 0) {
    a.workAtCkpt[i] = a.usefulWork[i]; // a checkpoint completed at tUs
  }
}

/** Time of the job's next scheduled transition (failure or restart), µs; Infinity if none. */
export function jobNextEventUs(a: AiLoadTable, i: number): number {
  const s = a.jobState[i];
  if (s === JobState.training) return a.nextFailUs[i];
  if (s === JobState.recovering) return a.recoverUntilUs[i];
  return Infinity;
}
