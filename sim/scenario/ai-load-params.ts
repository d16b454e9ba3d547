// The AI-training load block of a scenario as the model's parameters: site-level quantities
// (rated power, site ramp rates) become per-GPU ones, durations µs. One place, so the loader's
// checks and the engine use the same numbers.
import type { AiLoadParams } from '../../models/ai-load-fields.ts';
import type { AiLoadConfig } from './site-schema.ts';

/** Rated power per GPU when the scenario does not give a count: a B200-class 1 kW GPU. */
const DEFAULT_GPU_POWER = 1000;

export function gpuCount(l: AiLoadConfig): number {
  return l.gpus ?? Math.max(1, Math.round(l.rated_power / DEFAULT_GPU_POWER));
}

/** `seed`: the failure draws' integer seed, derived by the engine from the root seed and site. */
export function toAiLoadParams(l: AiLoadConfig, seed: number): AiLoadParams {
  const n = gpuCount(l);
  const compute = l.rated_power / n;
  const tdp = l.tdp ?? compute;
  const idle = l.idle_fraction * tdp;
  return {
    gpuCount: n,
    gpuTdp: tdp,
    computePower: compute,
    commPower: (l.comm_fraction ?? l.idle_fraction) * tdp,
    idlePower: idle,
    overheadPower: l.overhead,
    periodUs: l.period,
    duty: l.duty,
    riseUs: l.edge_time,
    fallUs: l.edge_time,
    ckptIntervalUs: l.checkpoints?.interval ?? 0,
    ckptDurationUs: l.checkpoints?.duration ?? 0,
    ckptDepth: l.checkpoints?.depth ?? 1,
    mtbf: l.failures ? l.failures.mtbf / 1e6 : 0,
    recoveryUs: l.failures?.recovery ?? 600_000_000,
    seed,
    floorShare: l.power_floor,
    rampUpRate: l.ramp_up !== undefined ? l.ramp_up / n : Infinity,
    rampDownRate: l.ramp_down !== undefined ? l.ramp_down / n : Infinity,
    hysteresisUs: l.ramp_down_hysteresis,
    dummyLevel: l.dummy_work?.level ?? 0,
    dummySlowdown: l.dummy_work?.slowdown ?? 0.05,
    rackEnergyCap: l.rack_storage?.energy ?? 0,
    rackPowerCap: l.rack_storage?.power ?? 0,
    rackEta: l.rack_storage?.efficiency ?? 0.95,
    rackTau: l.rack_storage ? l.rack_storage.time_constant / 1e6 : 10,
    stepUs: l.step,
    running: l.running ? 1 : 0,
  };
}
