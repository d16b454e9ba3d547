// One unit of work for the model pool: step sites [i0, i1) of the shared site table from t0 to t1.
// Runs inside a piscina worker (through model-worker.mjs) or directly in the main thread.
import { SoaTable } from './soa.ts';
import { siteFields, type InputChange } from '../../models/site-state.ts';
import { stepSites } from '../../models/facility.ts';

export interface StepTask {
  buffer: SharedArrayBuffer;
  n: number;
  i0: number;
  i1: number;
  t0: number;
  t1: number;
  changes: InputChange[];
}

// Views over a shared buffer are cheap but not free; a worker sees the same buffer every window.
let cached: { buffer: SharedArrayBuffer; table: SoaTable<(typeof siteFields)[number]> } | undefined;

export function runStepTask(task: StepTask): number {
  if (!cached || cached.buffer !== task.buffer) {
    cached = { buffer: task.buffer, table: new SoaTable(siteFields, task.n, task.buffer) };
  }
  stepSites(cached.table.arrays, task.i0, task.i1, task.t0, task.t1, task.changes);
  return task.i1 - task.i0;
}
