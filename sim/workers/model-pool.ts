// The model pool (DESIGN.md "Model pool"): piscina worker threads step the site table between
// kernel windows. Sites are split into contiguous ranges, one task per range; every instance is
// stepped by the same pure code on the same shared memory, so the result never depends on the
// number of workers or on how the sites were partitioned. `workers: 0` steps in the main thread.
import { Piscina } from 'piscina';
import { buffersOf, type InputChange, type SiteTables } from '../../models/site-state.ts';
import { runStepTask, type StepTask } from './step-task.ts';

export class ModelPool {
  private readonly piscina: Piscina | undefined;
  /** Tasks dispatched so far (one per site range per step). */
  tasks = 0;
  /** Steps so far (each one window, or several when nothing could intervene). */
  steps = 0;
  private closed = false;
  private readonly buffers: ReturnType<typeof buffersOf>;

  constructor(
    private readonly tables: SiteTables,
    readonly workers: number,
  ) {
    this.buffers = buffersOf(tables);
    if (workers > 0) {
      this.piscina = new Piscina({
        filename: new URL('./model-worker.mjs', import.meta.url).href,
        minThreads: workers,
        maxThreads: workers,
        idleTimeout: 60_000,
        // One task per worker at a time: ranges are sized to the worker count already.
        concurrentTasksPerWorker: 1,
      });
    }
  }

  /**
   * Steps every site through `count` windows of `window` µs from t0 (ending at `end` at the latest),
   * applying `changes` (sorted by time) at their instants.
   */
  async step(t0: number, window: number, count: number, end: number, changes: InputChange[]): Promise<void> {
    // piscina revives a destroyed pool on the next run(); a step after close() is a bug, not a restart.
    if (this.closed) throw new Error('the model pool is closed');
    const n = this.tables.site.n;
    this.steps++;
    if (n === 0) return;
    const base = { buffers: this.buffers, n, t0, window, count, end };
    if (!this.piscina) {
      this.tasks++;
      runStepTask({ ...base, i0: 0, i1: n, changes });
      return;
    }
    const parts = Math.min(this.workers, n);
    const size = Math.ceil(n / parts);
    const jobs: Promise<unknown>[] = [];
    for (let i0 = 0; i0 < n; i0 += size) {
      const i1 = Math.min(n, i0 + size);
      const task: StepTask = { ...base, i0, i1, changes: changes.filter((c) => c.site >= i0 && c.site < i1) };
      this.tasks++;
      jobs.push(this.piscina.run(task));
    }
    await Promise.all(jobs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina?.destroy();
  }
}
