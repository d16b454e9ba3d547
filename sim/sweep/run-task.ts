// One run of a sweep, as a worker thread does it: load the point's scenario, run the engine with
// the run's seed on the worker's own thread (model workers 0: the sweep's parallelism is across
// runs), write the normal run folder, and hand back what the sweep's table needs. A run that fails
// is a result too (verdict "error" with its message), never a lost row.
import { exitCodeOf } from '../errors.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { writeRunFolder } from '../../reports/write-run-folder.ts';

export interface SweepTask {
  pointFile: string;
  seed: number;
  outDir: string;
}

export interface SweepTaskResult {
  exit_code: number;
  verdict: 'pass' | 'fail' | 'error';
  score: number;
  run_hash: string;
  metrics: Record<string, number | string>;
  wall_s: number;
  error?: string;
}

export async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  try {
    const loaded = await loadScenarioFile(task.pointFile);
    const { Engine } = await import('../engine/engine.ts');
    const outcome = await new Engine(loaded, { seed: task.seed, workers: 0, outDir: task.outDir }).run();
    await writeRunFolder(task.outDir, outcome.summary);
    const s = outcome.summary;
    return { exit_code: s.exit_code, verdict: s.verdict, score: s.score, run_hash: s.run_hash, metrics: s.metrics, wall_s: s.run.wall_s, error: s.error?.message };
  } catch (err) {
    return { exit_code: exitCodeOf(err), verdict: 'error', score: 0, run_hash: '', metrics: {}, wall_s: 0, error: err instanceof Error ? err.message : String(err) };
  }
}
