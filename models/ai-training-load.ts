// AI-training load: GPUs in lockstep draw an iteration-synchronous square wave (compute near TDP,
// communication near idle) with slewed edges, checkpoint dips, start/stop and seeded failure
// steps. Mitigations shape it — GPU power smoothing (floor, ramp limits, hysteresis), dummy work,
// rack storage — and caps limit it. Outputs: IT power and useful work, so every mitigation shows
// its price in energy and in training throughput.
//
// Stepping: a sub-step never straddles a discrete change. It ends at the next multiple of the
// internal step, at the caller's limit (window end, next input change), at the next edge of the
// wave or checkpoint, at a failure or restart, and where a slewing edge crosses a level at which
// the target has a kink (floor, dummy level, cap). Inside a sub-step the target is therefore
// constant or linear, the ramp limiter is solved exactly for a constant target, the rack filter is
// an exact exponential, and energy is integrated exactly without ramp limits.
import { JobState, type AiLoadInput, type AiLoadTable } from './ai-load-fields.ts';
import { applyJobEvents, jobNextEventUs } from './ai-load-job.ts';
import { gpuTarget, rampToward, stepRackStorage, targetKinks, type RampOut } from './ai-load-smoothing.ts';
import { newWavePiece, wavePiece } from './ai-load-wave.ts';

export * from './ai-load-fields.ts';
// The site-table functions the current facility step uses (kept until it moves to this table).

/** A change of one input of one instance at an exact simulation time (µs). */
export interface AiLoadInputChange {
  timeUs: number;
  instance: number;
  field: AiLoadInput;
  value: number;
}

const piece = newWavePiece();
const ramp: RampOut = { start: 0, power: 0, integral: 0, holdLeft: 0 };
const kinks = [0, 0, 0];

/** End of the sub-step that starts at `tUs` (µs), no later than `limitUs`; `piece` must hold tUs's piece. */
function subStepEnd(a: AiLoadTable, i: number, tUs: number, limitUs: number, training: boolean): number {
  const h = a.stepUs[i];
  let tn = Math.min(limitUs, (Math.floor(tUs / h) + 1) * h, jobNextEventUs(a, i));
  if (!training) return tn;
  tn = Math.min(tn, piece.endUs);
  if (piece.slope !== 0) {
    targetKinks(a, i, kinks);
    for (let k = 0; k < 3; k++) {
      const cross = Math.ceil(tUs + (kinks[k] - piece.level) / piece.slope);
      if (cross > tUs && cross < tn) tn = cross;
    }
  }
  return tn;
}

/**
 * Steps instance `i` from `tUs` to the end of one sub-step (≤ `limitUs`) and returns that end (µs).
 * Job transitions due at `tUs` are applied first; inputs must already hold their values for the
 * sub-step. Writes itSubStart, itPower (end), itSubMean, usefulRate and the integrals. Without rack
 * storage the IT power is linear over the sub-step from itSubStart to itPower unless a ramp reached
 * its target inside it (then itSubMean is still exact); with rack storage it is constant.
 */
export function stepAiLoad(a: AiLoadTable, i: number, tUs: number, limitUs: number): number {
  applyJobEvents(a, i, tUs);
  const training = a.jobState[i] === JobState.training;
  const n = a.gpuCount[i];
  const idle = a.idlePower[i];
  if (training) wavePiece(a, i, tUs, piece);
  const tn = subStepEnd(a, i, tUs, limitUs, training);
  const h = (tn - tUs) / 1e6;
  const nominal0 = training ? piece.level : idle;
  const nominal1 = training ? piece.level + piece.slope * (tn - tUs) : idle;
  // The infra agent's limit is hard: it binds the power at once and the target.
  const limit = Math.max(0, a.enforcedCap[i] - a.overheadPower[i]);
  const p0 = Math.min(a.gpuPower[i], limit);
  const target0 = Math.min(gpuTarget(a, i, nominal0), limit);
  const target1 = nominal1 === nominal0 ? target0 : Math.min(gpuTarget(a, i, nominal1), limit);
  rampToward(p0, target0, target1, a.rampUpRate[i] * n, a.rampDownRate[i] * n, a.holdLeftUs[i] / 1e6, a.hysteresisUs[i] / 1e6, h, ramp);
  a.gpuPower[i] = ramp.power;
  a.holdLeftUs[i] = ramp.holdLeft * 1e6;
  const gpuMean = h > 0 ? ramp.integral / h : ramp.power;

  // Useful work: iterations progress while training (not in a checkpoint); in the compute phase at
  // the speed the delivered power allows, (P − idle)/(P_nominal − idle) capped at 1 — a cap or a
  // ramp-up limit slows compute, a floor does not; dummy work costs its slowdown throughout.
  let rate = 0;
  if (training && piece.training === 1) {
    const nominalMean = 0.5 * (nominal0 + nominal1);
    const dyn = nominalMean - idle;
    rate = dyn > 1e-9 * a.gpuTdp[i] ? Math.min(1, Math.max(0, (gpuMean / n - idle) / dyn)) : 1;
    if (a.dummyLevel[i] > 0) rate *= 1 - a.dummySlowdown[i];
  }
  a.usefulRate[i] = rate;
  a.usefulWork[i] += rate * h;

  const overhead = a.overheadPower[i];
  if (a.rackEnergyCap[i] > 0) {
    const rackIn = stepRackStorage(a, i, gpuMean, h);
    a.itSubStart[i] = a.itSubMean[i] = a.itPower[i] = rackIn + overhead;
  } else {
    a.itSubStart[i] = ramp.start + overhead;
    a.itSubMean[i] = gpuMean + overhead;
    a.itPower[i] = ramp.power + overhead;
  }
  a.itEnergy[i] += a.itSubMean[i] * h;
  return tn;
}

/**
 * Steps instance `i` through one window [t0, t1) (µs), applying `changes` (sorted by time, this
 * instance's only, t0 ≤ timeUs < t1) at their exact times; writes the window outputs.
 */
export function stepAiLoadWindow(a: AiLoadTable, i: number, t0: number, t1: number, changes: readonly AiLoadInputChange[] = []): void {
  let itInt = 0;
  let workInt = 0;
  // Min/max over the closed window: the power at t0 (the last window's end) counts too, so an edge
  // that starts at a window boundary shows its full height inside the window.
  let max = a.itPower[i];
  let min = a.itPower[i];
  let next = 0;
  let t = t0;
  while (t < t1) {
    while (next < changes.length && changes[next].timeUs <= t) {
      const ch = changes[next++];
      a[ch.field][i] = ch.value;
    }
    const limit = next < changes.length ? Math.min(t1, changes[next].timeUs) : t1;
    const tn = stepAiLoad(a, i, t, limit);
    const h = (tn - t) / 1e6;
    itInt += a.itSubMean[i] * h;
    workInt += a.usefulRate[i] * h;
    if (a.itPower[i] > max) max = a.itPower[i];
    if (a.itPower[i] < min) min = a.itPower[i];
    t = tn;
  }
  const span = (t1 - t0) / 1e6;
  a.itMean[i] = itInt / span;
  a.usefulMean[i] = workInt / span;
  a.itMax[i] = max;
  a.itMin[i] = min;
}

/**
 * The same arrays in an object V8 keeps in fast mode. An object that gets its properties one by one
 * through computed keys (as a table's `arrays` record does) turns into a hash map beyond ~16 of
 * them, and every field read in the step then costs a hash lookup (≈ 10× slower stepping);
 * `Object.fromEntries` builds a fast object. The arrays are shared, not copied.
 */
export function fastFields<T extends Record<string, Float64Array>>(a: T): T {
  return Object.fromEntries(Object.entries(a)) as T;
}

/** Steps instances [i0, i1) through [t0, t1); `changes` sorted by time, any instance of the range. */
export function stepAiLoads(table: AiLoadTable, i0: number, i1: number, t0: number, t1: number, changes: readonly AiLoadInputChange[] = []): void {
  const a = fastFields(table);
  for (let i = i0; i < i1; i++) {
    const mine = changes.length === 0 ? changes : changes.filter((c) => c.instance === i);
    stepAiLoadWindow(a, i, t0, t1, mine);
  }
}
