// Shaping the GPUs' power: the target they are asked to draw (wave lifted by the power floor and by
// dummy work, limited by caps), the ramp limiter with ramp-down hysteresis (GPU power smoothing as
// in NVIDIA's GB300 power-smoothing feature: floor, ramp-up rate, ramp-down rate, hysteresis), and
// the rack storage that buffers the swing between the GPUs and the rack input.
import { JobState, type AiLoadTable } from './ai-load-fields.ts';

/**
 * The GPUs' total target power (W) for a nominal per-GPU power `nominal` (W): the floor and dummy
 * work lift it while the job trains; the power agent's cap binds the share that obeys caps but
 * never below idle, and it overrides the floor and dummy work (they are software the agent
 * controls); the share that ignores caps (a fault) draws its uncapped target.
 */
export function gpuTarget(a: AiLoadTable, i: number, nominal: number): number {
  const n = a.gpuCount[i];
  let perGpu = nominal;
  if (a.jobState[i] === JobState.training) {
    const tdp = a.gpuTdp[i];
    perGpu = Math.max(perGpu, a.floorShare[i] * tdp, a.dummyLevel[i] * tdp);
  }
  const total = perGpu * n;
  const q = a.capIgnoredShare[i];
  const cap = Math.max(a.gpuCap[i], a.idlePower[i] * n);
  return Math.min(total, cap) * (1 - q) + total * q;
}

/** The per-GPU levels at which `gpuTarget` has a kink (the step splits a slewing edge there). */
export function targetKinks(a: AiLoadTable, i: number, out: number[]): number[] {
  const tdp = a.gpuTdp[i];
  out[0] = a.floorShare[i] * tdp;
  out[1] = a.dummyLevel[i] * tdp;
  out[2] = Math.max(a.gpuCap[i], a.idlePower[i] * a.gpuCount[i]) / a.gpuCount[i];
  return out;
}

/** Result of `rampToward` (reused to keep the step free of allocation). */
export interface RampOut {
  start: number; // W just after the start (a target reached by an unlimited ramp steps there at once)
  power: number; // W at the end of the sub-step
  integral: number; // J over the sub-step
  holdLeft: number; // s of hysteresis left
}

/**
 * Moves power `p0` toward a target that goes linearly from `target0` to `target1` over `h` seconds,
 * at most `up`/`down` W/s. While the target is at or above the power the hysteresis timer is
 * re-armed to `hold` s; once the target drops below, the power holds for the time left on the
 * timer, then ramps down.
 *
 * Exact: without any limit (the power is the target: trapezoid); with limits and a constant target
 * (the moment the ramp reaches the target is solved for). With limits and a moving target (a
 * slewing edge) the ramp chases the end target and the integral is the trapezoid of the end
 * points — first-order in the sub-step, and edges are short (~10 ms).
 */
export function rampToward(p0: number, target0: number, target1: number, up: number, down: number, holdLeft: number, hold: number, h: number, out: RampOut): RampOut {
  if (up === Infinity && down === Infinity && hold === 0) {
    out.start = target0;
    out.power = target1;
    out.integral = 0.5 * (target0 + target1) * h;
    out.holdLeft = 0;
    return out;
  }
  const target = target1;
  const linear = target0 !== target1;
  out.start = p0;
  if (target >= p0) {
    out.holdLeft = hold;
    if (up === Infinity && !linear) out.start = target;
    const tau = up === Infinity ? 0 : (target - p0) / up;
    if (tau >= h) {
      out.power = p0 + up * h;
      out.integral = 0.5 * (p0 + out.power) * h;
    } else {
      out.power = target;
      out.integral = linear ? 0.5 * (p0 + target) * h : 0.5 * (p0 + target) * tau + target * (h - tau);
    }
    return out;
  }
  const held = Math.min(holdLeft, h);
  out.holdLeft = holdLeft - held;
  const rest = h - held;
  out.integral = p0 * held;
  if (rest <= 0) {
    out.power = p0;
    return out;
  }
  if (down === Infinity && held === 0 && !linear) out.start = target;
  const tau = down === Infinity ? 0 : (p0 - target) / down;
  if (tau >= rest) {
    out.power = p0 - down * rest;
    out.integral += 0.5 * (p0 + out.power) * rest;
  } else {
    out.power = target;
    out.integral += linear && held === 0 ? 0.5 * (p0 + target) * rest : 0.5 * (p0 + target) * tau + target * (rest - tau);
  }
  return out;
}

/**
 * Rack storage over `h` seconds while the GPUs draw `gpuMean` W on average; returns the mean rack
 * input power (W). The rack input follows a first-order low-pass of the GPU power (time constant
 * `rackTau`, exact exponential update) plus a term that steers the stored energy back to half
 * full over the same time constant; the storage supplies or absorbs the difference within its
 * power limit and its energy window, with one-way efficiency η on each of charge and discharge.
 * The loop is stable for any τ: the reference error decays as e^(−t/τ), the energy error follows.
 */
export function stepRackStorage(a: AiLoadTable, i: number, gpuMean: number, h: number): number {
  const cap = a.rackEnergyCap[i];
  if (cap <= 0 || h <= 0) return gpuMean;
  const tau = a.rackTau[i];
  a.rackRef[i] += (gpuMean - a.rackRef[i]) * -Math.expm1(-h / tau);
  const stored = a.rackStored[i];
  const wanted = a.rackRef[i] + (0.5 * cap - stored) / tau;
  const eta = a.rackEta[i];
  const pMax = a.rackPowerCap[i];
  // + discharge (storage feeds the GPUs), − charge.
  let p = gpuMean - wanted;
  if (p > 0) p = Math.min(p, pMax, (stored * eta) / h);
  else p = -Math.min(-p, pMax, (cap - stored) / (eta * h));
  a.rackStored[i] = p >= 0 ? stored - (p * h) / eta : stored - p * h * eta;
  return gpuMean - p;
}
