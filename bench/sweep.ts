// Sweep throughput: 200 runs of a 1-site, 1-hour scenario (bench/sweep-1site.yaml: 20 battery sizes ×
// 10 seeds) through `gridtwin sweep` with both cores busy (--jobs = CPUs), timed end to end (worker
// start-up, runs, run folders with their reports, sweep.csv and sweep.html). Baseline in the same
// run: the same sweep with one job (sequential runs, same start-up and files), so
// `sweep.parallel_efficiency` = speed-up ÷ cores shows what the second core bought.
// `sweep.core_utilisation` = Σ of the runs' own engine wall times ÷ (cores × sweep wall time): the
// share of the cores' time spent inside runs (the rest is start-up, run folders, reports, idling).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../sim/cli/main.ts';
import { emit, info } from './report.ts';

const SCENARIO = new URL('./sweep-1site.yaml', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_SWEEP_RUNS ?? 200);
/** Runs of the one-job baseline (default: the same as the sweep; fewer shortens the bench, start-up then weighs more). */
const BASELINE_RUNS = Number(process.env.BENCH_SWEEP_BASELINE_RUNS ?? RUNS);
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

/** Σ of the runs' engine wall times (sweep.csv's wall_s column). */
async function engineSeconds(dir: string): Promise<number> {
  const csv = (await readFile(join(dir, 'sweep.csv'), 'utf8')).trim().split('\n');
  const col = csv[0].split(',').indexOf('wall_s');
  return csv.slice(1).reduce((sum, line) => sum + Number(line.split(',')[col]), 0);
}

export async function sweepBench(): Promise<void> {
  const cores = availableParallelism();
  const tmp = await mkdtemp(join(tmpdir(), 'gridtwin-bench-sweep-'));
  try {
    info(`sweep: host load average before ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cores} cores`);
    const sizes = Math.max(1, Math.round(RUNS / SEEDS));
    const runs = sizes * SEEDS;
    info(`sweep: ${runs} runs, ${cores} jobs`);
    const wall = await timedSweep(join(tmp, 'full'), sizes, cores);
    info(`sweep: ${wall.toFixed(1)} s, ${((60 * runs) / wall).toFixed(0)} runs/min; load average now ${loadavg()[0].toFixed(2)}`);
    const baseSizes = Math.max(1, Math.round(BASELINE_RUNS / SEEDS));
    info(`sweep baseline: ${baseSizes * SEEDS} runs, 1 job`);
    const base = await timedSweep(join(tmp, 'base'), baseSizes, 1);
    const perRun = base / (baseSizes * SEEDS);
    info(`sweep baseline: ${base.toFixed(1)} s, ${perRun.toFixed(3)} s per run on one core`);
    const perMin = (60 * runs) / wall;
    emit({ name: `sweep.${runs}x1site1h.wall_s`, value: wall, unit: 's' });
    emit({ name: `sweep.${runs}x1site1h.runs_per_min`, value: perMin, unit: 'runs/min', baseline: { name: `sweep.one-job.runs_per_min`, value: 60 / perRun } });
    emit({ name: 'sweep.one-job.s_per_run', value: perRun, unit: 's' });
    emit({ name: 'sweep.parallel_efficiency', value: (perMin * perRun) / 60 / cores, unit: '' });
    emit({ name: 'sweep.core_utilisation', value: (await engineSeconds(join(tmp, 'full'))) / (cores * wall), unit: '' });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
