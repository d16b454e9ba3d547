// Model throughput: instance-steps per second on one core for each physics model, stepping a
// struct-of-arrays table of 10,000 instances window by window with the models' own step functions —
// in a piscina worker (the way the engine steps them) and on the main thread. An instance-step is
// one call of the model's step over one internal step (sub-step): for the AI-training load and the
// composed facility that is one sub-step between edges / the internal step grid, so the count is
// what the model really did, counted as it runs.
//
//   ai-load        AI-training load: 2 s square wave, 10 ms internal step, 60 % floor, ramp limits, checkpoints
//   battery-poi    battery in POI mode (ceiling + ramp limit) following a square-wave load, 10 ms steps
//   battery-fr     battery with frequency response (DC-low curve, 0.5 s detection lag), 20 ms steps
//   cooling        liquid-cooling loop (5 nodes, 3 pipes, ε-NTU CDU), 1 s steps
//   protection     voltage-sensitive protection with dips and operator reconnects, 100 ms windows
//   poi-ramp       POI ramp limiter with a load burner, 100 ms steps
//   facility       the composed site (models/facility.ts stepSites): AI load + cooling + battery + protection + POI ramp
//
// Each workload is warmed up, then measured REPEATS times; the median is reported. Timing covers
// only the stepping (the worker times itself; the main thread the same code). Target (issue 3):
// ≥ 20 million battery or training-load instance-steps per second per core.
import { Piscina } from 'piscina';
import { emit, info, median } from './report.ts';
import { makeAiLoadTable, stepAiLoad, fastFields, type AiLoadParams, type AiLoadTable } from '../models/ai-training-load.ts';
import { advanceBattery, frParamsFromService, makeBatteryTable, BatteryMode, type BatteryTable } from '../models/battery.ts';
import { dynamicContainmentLow } from '../models/response-curves.ts';
import { advanceCooling, coolingParamsForSite, initCooling, type CoolingTable } from '../models/cooling-loop.ts';
import { SoaTable } from '../sim/workers/soa.ts';
import { coolingFields } from '../models/cooling-fields.ts';
import { makeProtectionTable, stepProtection, type ProtectionTable } from '../models/protection.ts';
import { initPoiRamp, makePoiRampTable, stepPoiRamp, type PoiRampTable } from '../models/poi-ramp-limit.ts';
import { arraysOf, makeSiteTables, type InputChange, type SiteArrays } from '../models/site-state.ts';
import { initAiLoad } from '../models/ai-load-fields.ts';
import { initBattery } from '../models/battery-fields.ts';
import { initProtection } from '../models/protection.ts';
import { stepSites } from '../models/facility.ts';

export const MODELS = ['ai-load', 'battery-poi', 'battery-fr', 'cooling', 'protection', 'poi-ramp', 'facility'] as const;
export type ModelName = (typeof MODELS)[number];

const N = Number(process.env.BENCH_MODEL_INSTANCES ?? 10_000);
const REPEATS = 3;
const MS = 1_000;
const S = 1_000_000;
const WINDOW = 100 * MS;
const TARGET = { of: 'value', op: '>=', limit: 20_000_000 } as const;
/** Models the target applies to. */
const TARGETED: readonly ModelName[] = ['ai-load', 'battery-poi', 'battery-fr'];

export interface ModelTask {
  model: ModelName;
  n: number;
  /** Simulated seconds to step in the measured part (after an equal warm-up). */
  seconds: number;
}

export interface ModelResult {
  model: ModelName;
  steps: number;
  seconds: number;
}

/** A workload: builds its table(s) and returns a function stepping [t0, t1) that returns the instance-steps it did. */
type Workload = (n: number) => (t0: number, t1: number) => number;

/** AI load per instance (B200-class defaults: 100,000 GPUs, 2 s period, duty 0.8, 10 ms step) with smoothing. */
const aiParams = (i: number): AiLoadParams => ({
  floorShare: 0.6,
  rampUpRate: 200, // W/s per GPU: 20 GW/s for 100k GPUs, i.e. edges limited to ~12 ms
  rampDownRate: 200,
  ckptIntervalUs: 1800 * S,
  ckptDurationUs: 60 * S,
  ckptDepth: 0.8,
  // Phases differ from instance to instance (period 1.5–2.5 s in 10 ms steps), as in a fleet.
  periodUs: (1500 + 10 * (i % 101)) * MS,
});

const aiLoad: Workload = (n) => {
  const a = fastFields(makeAiLoadTable(...Array.from({ length: n }, (_, i) => aiParams(i))).arrays) as AiLoadTable;
  return (t0, t1) => {
    let steps = 0;
    for (let i = 0; i < n; i++) {
      let t = t0;
      while (t < t1) {
        t = stepAiLoad(a, i, t, t1);
        steps++;
      }
    }
    return steps;
  };
};

/** Square-wave site load for instance i at time t (µs): 100 MW for 1.6 s, 20 MW for 0.4 s, phase by instance. */
function squareLoad(i: number, t: number): number {
  return (t + i * 7919 * MS) % (2 * S) < 1.6 * S ? 100e6 : 20e6;
}

const batteryPoi: Workload = (n) => {
  const b = makeBatteryTable(
    ...Array.from({ length: n }, () => ({ energyCap: 50 * 3.6e9, dischargeMax: 40e6, mode: BatteryMode.poi, poiCeiling: 90e6, poiRamp: 0.5e6, restorePower: 2e6, soc: 0.5 })),
  ).arrays as BatteryTable;
  const dt = 0.01;
  return (t0, t1) => {
    let steps = 0;
    for (let i = 0; i < n; i++) {
      for (let t = t0; t < t1; t += 10 * MS) {
        b.load[i] = squareLoad(i, t);
        advanceBattery(b, i, dt);
        steps++;
      }
    }
    return steps;
  };
};

/** A frequency trace: 50 Hz with a slow dip to 49.6 Hz every 60 s (piecewise linear, cheap). */
function frequencyAt(t: number): number {
  const u = (t % (60 * S)) / S;
  return u < 10 ? 50 - 0.04 * u : u < 30 ? 49.6 : u < 40 ? 49.6 + 0.04 * (u - 30) : 50;
}

const batteryFr: Workload = (n) => {
  const service = dynamicContainmentLow('dc', 20e6, 50);
  const b = makeBatteryTable(
    ...Array.from({ length: n }, () => frParamsFromService(service, 50, { energyCap: 20 * 3.6e9, dischargeMax: 20e6, mode: BatteryMode.idle, soc: 0.5, frequency: 50 })),
  ).arrays as BatteryTable;
  const dt = 0.02;
  return (t0, t1) => {
    let steps = 0;
    for (let i = 0; i < n; i++) {
      for (let t = t0; t < t1; t += 20 * MS) {
        b.frequency[i] = frequencyAt(t + i * MS);
        advanceBattery(b, i, dt);
        steps++;
      }
    }
    return steps;
  };
};

const cooling: Workload = (n) => {
  const t = new SoaTable(coolingFields, n);
  const c = t.arrays as CoolingTable;
  for (let i = 0; i < n; i++) initCooling(c, i, coolingParamsForSite(100e6), 80e6);
  return (t0, t1) => {
    let steps = 0;
    for (let i = 0; i < n; i++) {
      for (let t = t0; t < t1; t += S) {
        // IT heat steps between 60 and 100 MW every 5 min (phase by instance).
        const heat = (t / S + i) % 600 < 300 ? 60e6 : 100e6;
        advanceCooling(c, i, 1, heat);
        steps++;
      }
    }
    return steps;
  };
};

const protection: Workload = (n) => {
  const p = makeProtectionTable(...Array.from({ length: n }, () => ({}))).arrays as ProtectionTable;
  return (t0, t1) => {
    let steps = 0;
    for (let i = 0; i < n; i++) {
      // Every 120 s (phase by instance): three 50 ms dips 10 s apart (a transfer), then a reconnect
      // order 60 s later. Inputs change at window starts, so each window is one sub-step, plus one
      // at each dip's end.
      const u = (t0 + i * 100 * MS) % (120 * S);
      if (u === 0 || u === 10 * S || u === 20 * S) {
        p.voltagePu[i] = 0.3;
        stepProtection(p, i, t0, t0 + 50 * MS);
        p.voltagePu[i] = 1;
        stepProtection(p, i, t0 + 50 * MS, t1);
        steps += 2;
        continue;
      }
      if (u === 80 * S) p.reconnectCommand[i] = 1;
      stepProtection(p, i, t0, t1);
      steps++;
    }
    return steps;
  };
};

const poiRamp: Workload = (n) => {
  const r = makePoiRampTable(n).arrays as PoiRampTable;
  for (let i = 0; i < n; i++) initPoiRamp(r, i, 0.5e6, 100e6, 100e6);
  const h = 0.1;
  return (t0, t1) => {
    let steps = 0;
    for (let i = 0; i < n; i++) {
      // A site that drops from 100 to 20 MW over 10 s every 30 min and comes back (phase by instance).
      const u = ((t0 + i * S) % (1800 * S)) / S;
      const load0 = u < 900 ? 100e6 : u < 910 ? 100e6 - 8e6 * (u - 900) : 20e6;
      const v = u + 0.1;
      const load1 = v < 900 ? 100e6 : v < 910 ? 100e6 - 8e6 * (v - 900) : 20e6;
      stepPoiRamp(r, i, load0, load1, h);
      steps++;
    }
    return steps;
  };
};

const facility: Workload = (n) => {
  const tables = makeSiteTables(n);
  const a: SiteArrays = arraysOf(tables);
  for (let i = 0; i < n; i++) {
    const p = aiParams(i);
    initAiLoad(a.load, i, p);
    a.site.auxLoad[i] = 5e6;
    a.site.constraint[i] = Infinity;
    a.site.frequency[i] = 50;
    a.site.hasCooling[i] = 1;
    initCooling(a.cooling, i, coolingParamsForSite(100e6), 80e6);
    a.site.hasBattery[i] = 1;
    initBattery(a.battery, i, { energyCap: 50 * 3.6e9, dischargeMax: 25e6, mode: BatteryMode.poi, poiCeiling: 95e6, restorePower: 2e6, soc: 0.6 });
    a.site.hasProtection[i] = 1;
    initProtection(a.protection, i);
    a.site.hasPoiRamp[i] = 1;
    initPoiRamp(a.poiRamp, i, 0.5e6, 80e6, 100e6);
    a.site.poiEnd[i] = a.site.poiPrev[i] = 80e6;
    a.site.poiPeak[i] = a.site.tsPeak[i] = -Infinity;
    a.site.poiLow[i] = Infinity;
  }
  const none: InputChange[] = [];
  // The facility steps at the AI load's sub-steps; runModelTask counts them on a twin table
  // outside the timed part (countAiSubSteps), so this returns 0.
  return (t0, t1) => {
    // One window per call, as the engine steps when events can intervene (its batched physics-only
    // steps call the same per-window code in a loop).
    stepSites(a, 0, n, t0, t1 - t0, 1, t1, none);
    return 0;
  };
};

/** Sub-steps the facility takes over [0, seconds): the AI load's, counted on a twin table. */
function countAiSubSteps(n: number, from: number, to: number): number {
  const a = fastFields(makeAiLoadTable(...Array.from({ length: n }, (_, i) => aiParams(i))).arrays) as AiLoadTable;
  let steps = 0;
  for (let w = 0; w < to; w += WINDOW) {
    const t1 = Math.min(to, w + WINDOW);
    for (let i = 0; i < n; i++) {
      let t = w;
      while (t < t1) {
        t = stepAiLoad(a, i, t, t1);
        if (w >= from) steps++;
      }
    }
  }
  return steps;
}

const workloads: Record<ModelName, Workload> = {
  'ai-load': aiLoad,
  'battery-poi': batteryPoi,
  'battery-fr': batteryFr,
  cooling,
  protection,
  'poi-ramp': poiRamp,
  facility,
};

/** Steps `task.model` for a warm-up span and then a measured span; the same code in a worker or here. */
export function runModelTask(task: ModelTask): ModelResult {
  const step = workloads[task.model](task.n);
  const span = task.seconds * S;
  const windows = (from: number, to: number) => {
    let steps = 0;
    for (let t0 = from; t0 < to; t0 += WINDOW) steps += step(t0, Math.min(to, t0 + WINDOW));
    return steps;
  };
  windows(0, span); // warm-up: the JIT compiles the hot path on realistic data
  const t0 = performance.now();
  let steps = windows(span, 2 * span);
  const seconds = (performance.now() - t0) / 1000;
  if (task.model === 'facility') steps = countAiSubSteps(task.n, span, 2 * span);
  return { model: task.model, steps, seconds };
}

/** Simulated seconds per measured repeat at 10,000 instances: a few million instance-steps each. */
const SPAN: Record<ModelName, number> = {
  'ai-load': 4, // ≈ 4 M sub-steps
  'battery-poi': 4, // 4 M steps
  'battery-fr': 8, // 4 M steps
  cooling: 240, // 2.4 M steps
  protection: 30, // 3 M steps
  'poi-ramp': 30, // 3 M steps
  facility: 1, // ≈ 1 M site sub-steps
};

const UNIT: Record<ModelName, string> = {
  'ai-load': 'instance-steps/s',
  'battery-poi': 'instance-steps/s',
  'battery-fr': 'instance-steps/s',
  cooling: 'instance-steps/s',
  protection: 'instance-steps/s',
  'poi-ramp': 'instance-steps/s',
  facility: 'site-substeps/s',
};

export async function modelsBench(): Promise<void> {
  const only = process.env.BENCH_MODELS ? (process.env.BENCH_MODELS.split(',') as ModelName[]) : MODELS;
  const scale = N / 10_000;
  const pool = new Piscina({
    filename: new URL('./model-bench-worker.mjs', import.meta.url).href,
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: 60_000,
  });
  try {
    for (const model of only) {
      const task: ModelTask = { model, n: N, seconds: SPAN[model] / scale };
      info(`models ${model}: ${N} instances, ${task.seconds} s simulated per repeat (plus as much warm-up), ${REPEATS} repeats`);
      for (const where of ['worker', 'main'] as const) {
        const rates: number[] = [];
        for (let r = 0; r < REPEATS; r++) {
          const res: ModelResult = where === 'worker' ? await pool.run(task) : runModelTask(task);
          rates.push(res.steps / res.seconds);
          info(`  ${where} run ${r + 1}: ${res.steps} steps in ${res.seconds.toFixed(3)} s = ${(rates[r] / 1e6).toFixed(2)} M/s (${((res.seconds / res.steps) * 1e9).toFixed(1)} ns/step)`);
        }
        emit({
          name: `models.${model}.${where}.${UNIT[model].replace('/s', '').replace('-', '_')}_per_s`,
          value: median(rates),
          unit: UNIT[model],
          ...(TARGETED.includes(model) && where === 'worker' ? { target: TARGET } : {}),
        });
      }
    }
  } finally {
    await pool.destroy();
  }
}
