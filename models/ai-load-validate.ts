// Parameter checks for the AI-training load, called by the scenario loader: every physically bad
// or inconsistent value is reported at once with a hint (SI values, as the model receives them).
import { AI_LOAD_MAX_STEP_US, aiLoadDefaults, type AiLoadParams } from './ai-load-fields.ts';

export interface ParamProblem {
  field: string;
  message: string;
  hint: string;
}

const isInt = (x: number) => Number.isInteger(x);

/** Problems with `params` (defaults fill what is missing); empty when the instance can run. */
export function validateAiLoadParams(params: AiLoadParams): ParamProblem[] {
  const p = { ...aiLoadDefaults, ...params };
  const out: ParamProblem[] = [];
  const bad = (field: string, message: string, hint: string) => out.push({ field, message, hint });
  for (const [k, v] of Object.entries(p)) if (Number.isNaN(v)) bad(k, 'is not a number', 'give a numeric value with its unit');

  if (!(p.gpuCount > 0) || !isInt(p.gpuCount)) bad('gpuCount', `must be a positive integer, got ${p.gpuCount}`, 'the number of GPUs in the job');
  if (!(p.gpuTdp > 0) || !Number.isFinite(p.gpuTdp)) bad('gpuTdp', `must be a positive finite power, got ${p.gpuTdp} W`, 'e.g. 1000 W for a B200');
  if (!(p.idlePower >= 0)) bad('idlePower', `must be ≥ 0, got ${p.idlePower} W`, 'a GPU idles at ~15–25 % of TDP');
  if (!(p.commPower >= p.idlePower)) bad('commPower', `(${p.commPower} W) is below idle power (${p.idlePower} W)`, 'the communication phase draws at least idle power');
  if (!(p.computePower >= p.commPower)) bad('computePower', `(${p.computePower} W) is below the communication power (${p.commPower} W)`, 'the compute phase is the high phase of the wave');
  if (!(p.computePower <= 1.5 * p.gpuTdp)) bad('computePower', `(${p.computePower} W) exceeds 1.5 × TDP`, 'the compute phase runs near TDP');
  if (!(p.overheadPower >= 0) || !Number.isFinite(p.overheadPower)) bad('overheadPower', `must be ≥ 0 and finite, got ${p.overheadPower} W`, 'non-GPU IT power, e.g. 15 % of GPU power');

  if (!(p.periodUs > 0) || !isInt(p.periodUs)) bad('periodUs', `must be a positive whole number of µs, got ${p.periodUs}`, 'training iterations last 0.3–5 s');
  if (!(p.duty > 0 && p.duty <= 1)) bad('duty', `must be in (0, 1], got ${p.duty}`, 'the compute share of an iteration, e.g. 0.8');
  const comp = Math.round(p.duty * p.periodUs);
  // Edges are checked against their phase only when the phase itself is valid (one cause, one problem).
  const phasesOk = p.periodUs > 0 && isInt(p.periodUs) && p.duty > 0 && p.duty <= 1;
  if (phasesOk && (!(p.riseUs >= 0) || !isInt(p.riseUs) || p.riseUs > comp)) bad('riseUs', `must be a whole number of µs in [0, duty·period = ${comp}], got ${p.riseUs}`, 'the rising edge lies inside the compute phase');
  if (phasesOk && p.duty < 1 && (!(p.fallUs >= 0) || !isInt(p.fallUs) || p.fallUs > p.periodUs - comp))
    bad('fallUs', `must be a whole number of µs in [0, (1 − duty)·period = ${p.periodUs - comp}], got ${p.fallUs}`, 'the falling edge lies inside the communication phase');

  if (!(p.ckptIntervalUs >= 0) || !isInt(p.ckptIntervalUs)) bad('ckptIntervalUs', `must be a whole number of µs ≥ 0, got ${p.ckptIntervalUs}`, '0 disables checkpoints; typical 10–60 min');
  if (p.ckptIntervalUs > 0 && (!(p.ckptDurationUs >= 0) || !isInt(p.ckptDurationUs) || p.ckptDurationUs >= p.ckptIntervalUs))
    bad('ckptDurationUs', `must be a whole number of µs in [0, interval), got ${p.ckptDurationUs}`, 'a checkpoint is shorter than the interval between checkpoints');
  if (!(p.ckptDepth >= 0 && p.ckptDepth <= 1)) bad('ckptDepth', `must be in [0, 1], got ${p.ckptDepth}`, '1 drops the GPUs to idle during a checkpoint');

  if (!(p.mtbf >= 0)) bad('mtbf', `must be ≥ 0, got ${p.mtbf} s`, '0 disables failures; large jobs see one every few hours');
  if (!(p.recoveryUs >= 0) || !isInt(p.recoveryUs)) bad('recoveryUs', `must be a whole number of µs ≥ 0, got ${p.recoveryUs}`, 'time from a failure to the restart');
  if (!(p.seed >= 0) || !Number.isSafeInteger(p.seed)) bad('seed', `must be an integer in [0, 2^53), got ${p.seed}`, 'derived by the engine from the root seed');

  if (!(p.floorShare >= 0 && p.floorShare <= 1)) bad('floorShare', `must be in [0, 1], got ${p.floorShare}`, 'minimum power floor as a share of TDP, 0.2–0.9');
  if (!(p.rampUpRate > 0)) bad('rampUpRate', `must be > 0 W/s, got ${p.rampUpRate}`, 'omit it for no limit');
  if (!(p.rampDownRate > 0)) bad('rampDownRate', `must be > 0 W/s, got ${p.rampDownRate}`, 'omit it for no limit');
  if (!(p.hysteresisUs >= 0) || !isInt(p.hysteresisUs)) bad('hysteresisUs', `must be a whole number of µs ≥ 0, got ${p.hysteresisUs}`, 'ramp-down hysteresis, e.g. 100 ms–2 s');
  if (!(p.dummyLevel >= 0 && p.dummyLevel <= 1)) bad('dummyLevel', `must be in [0, 1], got ${p.dummyLevel}`, 'the share of TDP dummy work fills the low phase to');
  if (!(p.dummySlowdown >= 0 && p.dummySlowdown < 1)) bad('dummySlowdown', `must be in [0, 1), got ${p.dummySlowdown}`, '≈ 0.05 (5 % slowdown)');

  if (!(p.rackEnergyCap >= 0) || !Number.isFinite(p.rackEnergyCap)) bad('rackEnergyCap', `must be ≥ 0 and finite, got ${p.rackEnergyCap} J`, '0 disables rack storage');
  if (p.rackEnergyCap > 0) {
    if (!(p.rackPowerCap >= 0)) bad('rackPowerCap', `must be ≥ 0, got ${p.rackPowerCap} W`, 'the storage power limit');
    if (!(p.rackEta > 0 && p.rackEta <= 1)) bad('rackEta', `must be in (0, 1], got ${p.rackEta}`, 'one-way efficiency; above 1 the storage would create energy');
    if (!(p.rackTau > 0) || !Number.isFinite(p.rackTau)) bad('rackTau', `must be > 0 and finite, got ${p.rackTau} s`, 'several iteration periods, e.g. 10 s');
  }

  if (!(p.stepUs > 0) || !isInt(p.stepUs)) bad('stepUs', `must be a positive whole number of µs, got ${p.stepUs}`, 'e.g. 10 ms; 1 ms to resolve edges');
  else if (p.stepUs > AI_LOAD_MAX_STEP_US)
    bad('stepUs', `${p.stepUs / 1000} ms is too coarse for the AI-training load (at most ${AI_LOAD_MAX_STEP_US / 1000} ms)`, 'choose a smaller internal step');

  if (!(p.running === 0 || p.running === 1)) bad('running', `must be 0 or 1, got ${p.running}`, '1 starts the job');
  if (!(p.gpuCap >= 0)) bad('gpuCap', `must be ≥ 0, got ${p.gpuCap} W`, 'omit it for no cap');
  if (!(p.capIgnoredShare >= 0 && p.capIgnoredShare <= 1)) bad('capIgnoredShare', `must be in [0, 1], got ${p.capIgnoredShare}`, 'the share of GPUs that ignore caps');
  if (!(p.enforcedCap >= 0)) bad('enforcedCap', `must be ≥ 0, got ${p.enforcedCap} W`, 'omit it for no limit');
  return out;
}
