// One unit of work for the model pool: step sites [i0, i1) of the shared site tables from t0 to t1.
// Runs inside a piscina worker (through model-worker.mjs) or directly in the main thread.
import { arraysOf, makeSiteTables, type InputChange, type SiteArrays, type TableName } from '../../models/site-state.ts';
import { stepSites } from '../../models/facility.ts';

export interface StepTask {
  buffers: Record<TableName, SharedArrayBuffer>;
  n: number;
  i0: number;
  i1: number;
  t0: number;
  /** Window length (µs) and how many windows to step; the last ends at `end` if earlier. */
  window: number;
  count: number;
  end: number;
  changes: InputChange[];
}

// Views over shared buffers are cheap but not free; a worker sees the same buffers every window.
let cached: { key: SharedArrayBuffer; arrays: SiteArrays } | undefined;

export function runStepTask(task: StepTask): number {
  if (!cached || cached.key !== task.buffers.site) {
    cached = { key: task.buffers.site, arrays: arraysOf(makeSiteTables(task.n, task.buffers)) };
  }
  stepSites(cached.arrays, task.i0, task.i1, task.t0, task.window, task.count, task.end, task.changes);
  return task.i1 - task.i0;
}
