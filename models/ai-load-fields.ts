// The AI-training load's own struct-of-arrays layout: parameters (set once from the scenario),
// inputs (set by the engine at exact times), state (carried across windows) and per-window
// outputs. All SI: W, J, s; shares 0..1; times that mark events are integer µs (DESIGN rule 2).
// Per-GPU powers and rates are multiplied by the GPU count inside the step: the GPUs of one job run
// the same iteration in lockstep, so the site total is exactly N times one GPU.
import { SoaTable } from '../sim/workers/soa.ts';

export const aiLoadParamFields = [
  'gpuCount', // GPUs in the job (–)
  'gpuTdp', // rated (thermal design) power per GPU, W
  'computePower', // per-GPU power in the compute phase, W
  'commPower', // per-GPU power in the communication phase, W
  'idlePower', // per-GPU power with no job (stopped, failed, recovering), W; caps never go below it
  'overheadPower', // non-GPU IT power of the site (CPUs, NICs, storage), W, constant
  'periodUs', // iteration period, µs
  'duty', // compute share of the iteration (0..1]
  'riseUs', // edge slew: time of the low→high edge, µs (inside the compute phase)
  'fallUs', // edge slew: time of the high→low edge, µs (inside the communication phase)
  'ckptIntervalUs', // checkpoint cycle (training then checkpoint), µs; 0 = no checkpoints
  'ckptDurationUs', // checkpoint length at the end of each cycle, µs
  'ckptDepth', // share of (compute − idle) the power drops by during a checkpoint
  'mtbf', // mean time between failures of the job, s; 0 = never fails
  'recoveryUs', // time from a failure to the restart, µs
  'seed', // integer seed of the failure draws (derived by the engine from the root seed)
  'floorShare', // GPU power smoothing: minimum power floor as a share of TDP (while training)
  'rampUpRate', // GPU power smoothing: ramp-up limit, W/s per GPU (Infinity = none)
  'rampDownRate', // GPU power smoothing: ramp-down limit, W/s per GPU (Infinity = none)
  'hysteresisUs', // GPU power smoothing: hold after the target drops before ramping down, µs
  'dummyLevel', // dummy work fills the low phase up to this share of TDP (0 = off)
  'dummySlowdown', // throughput lost while dummy work runs (share)
  'rackEnergyCap', // rack storage: usable energy, J, site total (0 = none)
  'rackPowerCap', // rack storage: charge/discharge power limit, W, site total
  'rackEta', // rack storage: one-way efficiency (charge and discharge each)
  'rackTau', // rack storage: time constant of the rack input's low-pass reference, s
  'stepUs', // internal step, µs
] as const;

export const aiLoadInputFields = [
  'running', // 1: the scheduler wants the job to train; 0: stopped
  'gpuCap', // power agent's cap on the GPUs' total power, W (never below idle)
  'capIgnoredShare', // share of the GPUs that ignore the cap (a fault)
  'enforcedCap', // infra agent's hard limit on IT power, W (binds everything)
] as const;

export const aiLoadStateFields = [
  'jobState', // JobState
  'jobStartUs', // time the current run of the job (re)started, µs
  'failCount', // failures drawn so far (the counter of the failure hash)
  'nextFailUs', // time of the next failure, µs (Infinity = none)
  'recoverUntilUs', // end of the recovery after a failure, µs
  'gpuPower', // GPUs' total power after smoothing, caps and limits, W
  'holdLeftUs', // ramp-down hysteresis still to run, µs
  'rackStored', // rack storage energy, J
  'rackRef', // low-pass reference of the rack input, W
  'usefulWork', // training progress, s of nominal throughput (rolled back on failure)
  'workAtCkpt', // usefulWork at the last completed checkpoint (what a failure rolls back to)
  'workLost', // useful work rolled back by failures, s
  'itEnergy', // IT energy since the start, J
] as const;

export const aiLoadOutputFields = [
  'itPower', // IT power at the end of the last sub-step, W
  'itSubStart', // IT power at the start of the last sub-step (after steps at that instant), W
  'itSubMean', // mean IT power over the last sub-step, W (for a caller that composes sub-steps)
  'itMean', // mean IT power over the last window, W
  'itMax',
  'itMin',
  'usefulRate', // useful-work rate over the last sub-step (1 = nominal throughput)
  'usefulMean', // mean useful-work rate over the last window
] as const;

export const aiLoadFields = [...aiLoadParamFields, ...aiLoadInputFields, ...aiLoadStateFields, ...aiLoadOutputFields] as const;

export type AiLoadField = (typeof aiLoadFields)[number];
export type AiLoadParam = (typeof aiLoadParamFields)[number];
export type AiLoadInput = (typeof aiLoadInputFields)[number];
export type AiLoadTable = Record<AiLoadField, Float64Array>;

export const JobState = { stopped: 0, training: 1, recovering: 2 } as const;

/** Largest internal step accepted (µs): traces, min/max and hysteresis are resolved at this step. */
export const AI_LOAD_MAX_STEP_US = 100_000;

/**
 * Defaults (per GPU where it says so). A B200-class GPU: TDP 1,000 W; the compute phase runs near
 * TDP and the communication phase near idle (≈ 0.2·TDP, the ratio of reference case A2); period
 * 2 s with 80 % compute (inside the 0.3–5 s of Choukse et al. 2025); 10 ms edges (one GPU changes
 * power within milliseconds, clock skew across a cluster spreads the site's edge over ~10 ms);
 * dummy work costs ≈ 5 % throughput (reference-cases.md). Smoothing, dummy work, storage,
 * checkpoints and failures are off unless the scenario asks for them.
 */
export const aiLoadDefaults: Record<AiLoadParam | AiLoadInput, number> = {
  gpuCount: 100_000,
  gpuTdp: 1000,
  computePower: 1000,
  commPower: 200,
  idlePower: 200,
  overheadPower: 0,
  periodUs: 2_000_000,
  duty: 0.8,
  riseUs: 10_000,
  fallUs: 10_000,
  ckptIntervalUs: 0,
  ckptDurationUs: 0,
  ckptDepth: 1,
  mtbf: 0,
  recoveryUs: 600_000_000,
  seed: 0,
  floorShare: 0,
  rampUpRate: Infinity,
  rampDownRate: Infinity,
  hysteresisUs: 0,
  dummyLevel: 0,
  dummySlowdown: 0.05,
  rackEnergyCap: 0,
  rackPowerCap: 0,
  rackEta: 0.95,
  rackTau: 10,
  stepUs: 10_000,
  running: 1,
  gpuCap: Infinity,
  capIgnoredShare: 0,
  enforcedCap: Infinity,
};

export type AiLoadParams = Partial<Record<AiLoadParam | AiLoadInput, number>>;

/**
 * Writes instance `i`'s parameters and inputs (defaults where not given) and its initial state:
 * stopped, GPUs at idle, rack storage half full. The first step starts the job if `running` is 1,
 * so a run begins at the job start (t = 0 unless the caller steps from elsewhere).
 */
export function initAiLoad(a: AiLoadTable, i: number, params: AiLoadParams = {}): void {
  const p = { ...aiLoadDefaults, ...params };
  for (const k of Object.keys(p) as (AiLoadParam | AiLoadInput)[]) a[k][i] = p[k];
  a.jobState[i] = JobState.stopped;
  a.jobStartUs[i] = 0;
  a.failCount[i] = 0;
  a.nextFailUs[i] = Infinity;
  a.recoverUntilUs[i] = Infinity;
  a.gpuPower[i] = p.idlePower * p.gpuCount;
  a.holdLeftUs[i] = 0;
  a.rackStored[i] = 0.5 * p.rackEnergyCap;
  a.rackRef[i] = a.gpuPower[i];
  a.usefulWork[i] = 0;
  a.workAtCkpt[i] = 0;
  a.workLost[i] = 0;
  a.itEnergy[i] = 0;
  a.itPower[i] = a.gpuPower[i] + p.overheadPower;
  a.itSubStart[i] = a.itSubMean[i] = a.itMean[i] = a.itMax[i] = a.itMin[i] = a.itPower[i];
  a.usefulRate[i] = a.usefulMean[i] = 0;
}

/** A table of `params.length` instances, each initialised by `initAiLoad`. */
export function makeAiLoadTable(...params: AiLoadParams[]): SoaTable<AiLoadField> {
  const t = new SoaTable(aiLoadFields, params.length);
  params.forEach((p, i) => initAiLoad(t.arrays, i, p));
  return t;
}
