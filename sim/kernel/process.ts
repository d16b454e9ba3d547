// SimPy-style processes: a generator that yields waitables (timeouts, signals, conditions, other
// processes) and is resumed with the waitable's value when it fires. A process is itself
// waitable: it fires with the generator's return value when the body finishes.
import { Signal, type Scheduler, type Waitable } from './waitables.ts';

export type ProcessBody = () => Generator<Waitable<any>, unknown, any>;

export class Process {
  readonly done: Signal<unknown>;
  private gen: Generator<Waitable<any>, unknown, any> | undefined;
  private killed = false;

  constructor(
    scheduler: Scheduler,
    private readonly body: ProcessBody,
    readonly name: string,
  ) {
    this.done = new Signal<unknown>(scheduler);
  }

  get finished(): boolean {
    return this.done.fired;
  }

  /** Called by the kernel at the process's start time. */
  start(): void {
    if (this.killed) return;
    this.gen = this.body();
    this.resume(undefined);
  }

  /** Stops the process for good; whatever it waits for will no longer resume it. */
  kill(): void {
    if (this.killed || this.finished) return;
    this.killed = true;
    this.gen?.return(undefined);
    this.done.trigger(undefined);
  }

  private resume(value: unknown): void {
    if (this.killed || !this.gen) return;
    const r = this.gen.next(value);
    if (r.done) {
      this.done.trigger(r.value);
      return;
    }
    const w = r.value;
    if (!(w instanceof Signal)) {
      throw new TypeError(`process '${this.name}' yielded something that is not a waitable`);
    }
    w.onFire((v) => this.resume(v));
  }
}
