// Runs a planned sweep: writes each point's scenario to points/<point>.yaml (so any run can be
// repeated by hand: gridtwin run points/3.yaml --seed S), skips runs a previous attempt completed
// (--resume: runs/<index>/summary.json is whole), and runs the rest in parallel worker threads.
// The results never depend on the number of jobs: each run is its own engine with its own seed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { SUMMARY_FORMAT, type RunSummary } from '../scoring/scorecard.ts';
import type { SweepRun } from './plan.ts';
import type { SweepTask, SweepTaskResult } from './run-task.ts';

export interface RunRecord extends SweepRun {
  dir: string;
  result: SweepTaskResult;
  /** True when the result was read from an earlier attempt's folder. */
  resumed: boolean;
}

export const runDir = (out: string, index: number) => join(out, 'runs', String(index));

/** The result of a completed run folder, or undefined when it is missing, partial or foreign. */
async function completed(dir: string): Promise<SweepTaskResult | undefined> {
  try {
    const s = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as RunSummary;
    if (s.gridtwin?.summary_format !== SUMMARY_FORMAT) return undefined;
    return { exit_code: s.exit_code, verdict: s.verdict, score: s.score, run_hash: s.run_hash, metrics: s.metrics, wall_s: s.run.wall_s, error: s.error?.message };
  } catch {
    return undefined;
  }
}

export interface RunSweepOptions {
  out: string;
  runs: SweepRun[];
  pointTexts: string[];
  jobs: number;
  resume: boolean;
  onDone?: (r: RunRecord, done: number, total: number) => void;
}

export async function runSweep(o: RunSweepOptions): Promise<RunRecord[]> {
  await mkdir(join(o.out, 'points'), { recursive: true });
  await mkdir(join(o.out, 'runs'), { recursive: true });
  const pointFiles = await Promise.all(
    o.pointTexts.map(async (text, k) => {
      const file = join(o.out, 'points', `${k}.yaml`);
      await writeFile(file, text);
      return file;
    }),
  );
  const records: RunRecord[] = new Array(o.runs.length);
  const todo: SweepRun[] = [];
  let done = 0;
  for (const run of o.runs) {
    const dir = runDir(o.out, run.index);
    const prior = o.resume ? await completed(dir) : undefined;
    if (prior) {
      records[run.index] = { ...run, dir, result: prior, resumed: true };
      o.onDone?.(records[run.index], ++done, o.runs.length);
    } else todo.push(run);
  }
  if (todo.length === 0) return records;
  const pool = new Piscina({ filename: new URL('./sweep-worker.mjs', import.meta.url).href, minThreads: 1, maxThreads: Math.max(1, o.jobs), idleTimeout: 1_000 });
  try {
    await Promise.all(
      todo.map(async (run) => {
        const dir = runDir(o.out, run.index);
        const task: SweepTask = { pointFile: pointFiles[run.point], seed: run.seed, outDir: dir };
        let result: SweepTaskResult;
        try {
          result = (await pool.run(task)) as SweepTaskResult;
        } catch (err) {
          result = { exit_code: 1, verdict: 'error', score: 0, run_hash: '', metrics: {}, wall_s: 0, error: `worker failed: ${err instanceof Error ? err.message : String(err)}` };
        }
        records[run.index] = { ...run, dir, result, resumed: false };
        o.onDone?.(records[run.index], ++done, o.runs.length);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return records;
}
