// Fleet speed through the real engine: bench/fleet-1000.yaml — 1,000 sites × 24 h of simulated time,
// 100 ms windows, fast mode, no protocol traffic (no broker) — run with 0, 1 and 2 model workers.
// Reported: wall time and speed-up over real time (target ≥ 500×, i.e. 24 h in under 2.88 min).
//
// Where the time goes, per window:
//   - `step_us_per_window`: from the engine's call to the model pool until the step resolved, as the
//     main thread sees it (with workers: dispatch, the worker's stepping and the reply);
//   - `other_us_per_window`: everything else the engine does per window (kernel, clock, run hash,
//     probes, site ledger, time series, awaits) — the run's wall time less the step time;
//   - `engine-1site.*`: the same engine with one site, so the model work is negligible and the
//     figure is the per-window cost of the engine itself (and, with workers, of the round trips);
//     `engine-1site-unbatched.*` the same with a time-series row every window, so the engine steps
//     window by window (one worker round trip per window) as in runs with events, protocols or a
//     grid model.
// The step time is measured by wrapping the engine's model pool `step` (instrumentation only; the
// engine is not changed). Baseline, same run: the models alone — `stepSites` over the same fleet's
// tables on the main thread, no engine — whose speed-up is the ceiling the engine can approach.
//
// BENCH_FLEET_HOURS (default 24) shortens the fleet runs while iterating; BENCH_FLEET_WORKERS
// (default 0,1,2) picks the worker counts. The figures always say how many hours they cover.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { emit, info } from './report.ts';
import { loadScenarioFile, parseScenarioText, type LoadedScenario } from '../sim/scenario/load.ts';
import { Engine } from '../sim/engine/engine.ts';
import { SiteRegistry } from '../sim/engine/site-registry.ts';
import { stepSites } from '../models/facility.ts';

const FILE = 'bench/fleet-1000.yaml';
const TARGET = { of: 'value', op: '>=', limit: 500 } as const;
const S = 1_000_000;

interface Timed {
  wall: number; // s, Engine.run() from call to return
  step: number; // s, summed over windows
  windows: number;
  /** Model-pool steps (each one window or a batch of them). */
  calls: number;
  simulated: number; // s
  error?: string;
}

/** Runs `loaded` through the engine for `hours` with `workers`, timing the model pool's steps. */
async function timedRun(loaded: LoadedScenario, hours: number, workers: number): Promise<Timed> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-bench-fleet-'));
  try {
    const engine = new Engine(loaded, { outDir, workers, until: Math.round(hours * 3600 * S) });
    // Instrumentation: time each model step as the engine's loop sees it.
    // pool.step(t0, window, count, end, changes): one call steps `count` windows (the engine
    // batches windows in physics-only fast runs when nothing can intervene).
    type Step = (t0: number, window: number, count: number, end: number, changes: unknown[]) => Promise<void>;
    const pool = (engine as unknown as { pool: { step: Step } }).pool;
    const step = pool.step.bind(pool);
    let stepMs = 0;
    let windows = 0;
    let calls = 0;
    pool.step = (t0, window, count, end, changes) => {
      const start = performance.now();
      calls++;
      windows += Math.max(0, Math.min(count, Math.ceil((end - t0) / window)));
      return step(t0, window, count, end, changes).then(() => {
        stepMs += performance.now() - start;
      });
    };
    const t0 = performance.now();
    const { summary } = await engine.run();
    const wall = (performance.now() - t0) / 1000;
    return {
      wall,
      step: stepMs / 1000,
      windows,
      calls,
      simulated: summary.run.simulated_s,
      ...(summary.error ? { error: `${summary.error.code}: ${summary.error.message}` } : {}),
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * The fleet reduced to one site of the battery kind (AI load + battery), everything else equal.
 * `unbatched`: a time-series row every window, so the engine steps window by window (as it must
 * whenever a kernel event, a protocol or the grid model can intervene) instead of a minute at once.
 */
async function oneSite(unbatched: boolean): Promise<LoadedScenario> {
  const doc = parse(await readFile(FILE, 'utf8'));
  doc.name = unbatched ? 'fleet-1site-unbatched' : 'fleet-1site';
  doc.sites = { 'dc-batt': { ...doc.sites['dc-batt'], replicas: 1 } };
  if (unbatched) doc.run.timeseries.interval = doc.run.window;
  return parseScenarioText(stringify(doc), path.resolve(`bench/${doc.name}.yaml`));
}

/**
 * Baseline: the fleet's own site tables stepped by `stepSites` on the main thread, no engine, in
 * batches of `BATCH` windows (what the engine's longest physics-only step covers: one time-series
 * row of 1 min).
 */
function modelsOnly(loaded: LoadedScenario, seconds: number): { speedup: number; usPerWindow: number } {
  const BATCH = 600;
  const scenario = loaded.scenario;
  const registry = new SiteRegistry(scenario, scenario.run.seed);
  const n = registry.sites.length;
  const w = scenario.run.window;
  const run = (from: number, to: number) => {
    for (let t = from; t < to; t += BATCH * w) stepSites(registry.arrays, 0, n, t, w, BATCH, Math.min(to, t + BATCH * w), []);
  };
  const warm = Math.round((seconds * S) / 4);
  run(0, warm);
  const t0 = performance.now();
  const end = warm + Math.round(seconds * S);
  run(warm, end);
  const wall = (performance.now() - t0) / 1000;
  return { speedup: seconds / wall, usPerWindow: (wall / ((end - warm) / w)) * 1e6 };
}

export async function fleetBench(): Promise<void> {
  const hours = Number(process.env.BENCH_FLEET_HOURS ?? 24);
  const workerCounts = (process.env.BENCH_FLEET_WORKERS ?? '0,1,2').split(',').map(Number);
  if (!(hours > 0) || workerCounts.some((w) => !(w >= 0 && Number.isInteger(w)))) {
    throw new Error('BENCH_FLEET_HOURS must be > 0 and BENCH_FLEET_WORKERS a list of whole numbers, e.g. 0,1,2');
  }
  const fleet = await loadScenarioFile(FILE);
  const sites = Object.values(fleet.scenario.sites).reduce((a, s) => a + s.replicas, 0);
  const tag = `${sites}x${hours}h`;

  // Per-window cost of the engine itself: one site, one hour (36,000 windows), batched as the fleet
  // is and window by window.
  for (const unbatched of [false, true]) {
    const single = await oneSite(unbatched);
    const label = unbatched ? 'engine-1site-unbatched' : 'engine-1site';
    for (const workers of workerCounts) {
      const r = await timedRun(single, 1, workers);
      if (r.error) throw new Error(`1-site run failed: ${r.error}`);
      info(`${label}, 1 h, workers ${workers}: ${r.wall.toFixed(2)} s wall, ${r.windows} windows in ${r.calls} model steps, step ${((r.step / r.windows) * 1e6).toFixed(1)} µs/window, other ${(((r.wall - r.step) / r.windows) * 1e6).toFixed(1)} µs/window`);
      emit({ name: `fleet.${label}.workers${workers}.us_per_window`, value: (r.wall / r.windows) * 1e6, unit: 'µs/window' });
      emit({ name: `fleet.${label}.workers${workers}.step_us_per_window`, value: (r.step / r.windows) * 1e6, unit: 'µs/window' });
    }
  }

  // Baseline: the models alone on the fleet's tables, 10 simulated minutes on the main thread.
  const base = modelsOnly(fleet, 600);
  info(`models only (stepSites on the main thread, ${sites} sites, 10 min simulated): ${base.usPerWindow.toFixed(0)} µs/window, ${base.speedup.toFixed(0)}× real time`);
  emit({ name: `fleet.models-only.main.speedup`, value: base.speedup, unit: '× real time' });
  emit({ name: `fleet.models-only.main.us_per_window`, value: base.usPerWindow, unit: 'µs/window' });

  for (const workers of workerCounts) {
    info(`fleet ${tag}, workers ${workers}: running…`);
    const r = await timedRun(fleet, hours, workers);
    if (r.error) throw new Error(`fleet run failed: ${r.error}`);
    const speedup = r.simulated / r.wall;
    info(`fleet ${tag}, workers ${workers}: ${r.simulated} s simulated in ${r.wall.toFixed(1)} s wall (${speedup.toFixed(0)}×), ${r.windows} windows in ${r.calls} model steps; step ${((r.step / r.windows) * 1e6).toFixed(1)} µs/window, other ${(((r.wall - r.step) / r.windows) * 1e6).toFixed(1)} µs/window`);
    emit({ name: `fleet.${tag}.workers${workers}.wall_s`, value: r.wall, unit: 's' });
    emit({
      name: `fleet.${tag}.workers${workers}.speedup`,
      value: speedup,
      unit: '× real time',
      baseline: { name: 'fleet.models-only.main.speedup', value: base.speedup },
      target: TARGET,
    });
    emit({ name: `fleet.${tag}.workers${workers}.step_us_per_window`, value: (r.step / r.windows) * 1e6, unit: 'µs/window' });
    emit({ name: `fleet.${tag}.workers${workers}.other_us_per_window`, value: ((r.wall - r.step) / r.windows) * 1e6, unit: 'µs/window' });
  }
}
