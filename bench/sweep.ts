// Sweep throughput: 200 runs of a 1-site, 1-hour scenario (bench/sweep-1site.yaml: 20 battery sizes ×
// 10 seeds) through `gridtwin sweep` with both cores busy (--jobs = CPUs), timed end to end (worker
// start-up, runs, run folders with their reports, sweep.csv and sweep.html). Baseline in the same
// run: the same sweep cut to 20 runs with one job (runs/min on one core, worker start-up included).
// `sweep.core_utilisation` = Σ of the runs' own engine wall times ÷ (cores × sweep wall time): the
// share of the cores' time spent inside runs (the rest is start-up, run folders, reports, idling).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../sim/cli/main.ts';
import { emit, info } from './report.ts';

const SCENARIO = new URL('./sweep-1site.yaml', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 200);
const SEEDS = 10;
const quiet = { write: () => {} };

async function timedSweep(dir: string, sizes: number, jobs: number): Promise<number> {
  const values = Array.from({ length: sizes }, (_, k) => 20 + 10 * k).join(',');
  const t0 = performance.now();
  const code = await main(['sweep', SCENARIO, '--param', `sites.dc.battery.energy=${values}MWh`, '--seeds', String(SEEDS), '--jobs', String(jobs), '--out', dir], {
    stdout: quiet,
    stderr: quiet,
    isTTY: { stdout: false, stderr: false },
    env: {},
  });
  if (code !== 0) throw new Error(`sweep exited ${code}`);
  return (performance.now() - t0) / 1000;
}

export async function sweepBench(): Promise<void> {
  const cores = availableParallelism();
  const tmp = await mkdtemp(join(tmpdir(), 'gridtwin-bench-sweep-'));
  try {
    info(`sweep baseline: ${2 * SEEDS} runs, 1 job`);
    const base = await timedSweep(join(tmp, 'base'), 2, 1);
    const perRun = base / (2 * SEEDS);
    info(`sweep baseline: ${base.toFixed(1)} s, ${perRun.toFixed(3)} s per run on one core`);
    const sizes = Math.max(1, Math.round(RUNS / SEEDS));
    info(`sweep: ${sizes * SEEDS} runs, ${cores} jobs`);
    const wall = await timedSweep(join(tmp, 'full'), sizes, cores);
    const runs = sizes * SEEDS;
    info(`sweep: ${wall.toFixed(1)} s, ${((60 * runs) / wall).toFixed(0)} runs/min`);
    emit({ name: `sweep.${runs}x1site1h.wall_s`, value: wall, unit: 's' });
    emit({ name: `sweep.${runs}x1site1h.runs_per_min`, value: (60 * runs) / wall, unit: 'runs/min', baseline: { name: 'sweep.one-job.runs_per_min', value: 60 / perRun } });
    emit({ name: 'sweep.one-job.s_per_run', value: perRun, unit: 's' });
    const csv = (await readFile(join(tmp, 'full', 'sweep.csv'), 'utf8')).trim().split('\n');
    const col = csv[0].split(',').indexOf('wall_s');
    const inRuns = csv.slice(1).reduce((sum, line) => sum + Number(line.split(',')[col]), 0);
    emit({ name: 'sweep.core_utilisation', value: inRuns / (cores * wall), unit: '' });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
