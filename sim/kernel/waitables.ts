// Things a kernel process can wait for. A waitable fires once, with a value; callbacks registered
// before it fires run as kernel events (so resumption order follows the event heap, never the order
// in which JavaScript happened to call things), callbacks registered after it fired run at `now`.
import type { Micros } from '../time.ts';

/** What a waitable needs from the kernel: the ability to run a callback at the current time. */
export interface Scheduler {
  readonly now: Micros;
  /** Runs `fn` as an event at the current time, after events already queued for it. */
  soon(fn: () => void): void;
}

export class Signal<T = void> {
  private callbacks: Array<(value: T) => void> = [];
  private _fired = false;
  private _value: T | undefined;

  constructor(protected readonly scheduler: Scheduler) {}

  get fired(): boolean {
    return this._fired;
  }

  get value(): T | undefined {
    return this._value;
  }

  /** Fires the signal; waiting processes resume as events at the current simulation time. */
  trigger(value: T): void {
    if (this._fired) throw new Error('a signal fires once; create a new one for the next occurrence');
    this._fired = true;
    this._value = value;
    const cbs = this.callbacks;
    this.callbacks = [];
    for (const cb of cbs) this.scheduler.soon(() => cb(value));
  }

  onFire(cb: (value: T) => void): void {
    if (this._fired) {
      const v = this._value as T;
      this.scheduler.soon(() => cb(v));
    } else {
      this.callbacks.push(cb);
    }
  }
}

export type Waitable<T = unknown> = Signal<T>;

/** Fires when every input has fired; value is the inputs' values in input order. */
export function allOf(scheduler: Scheduler, inputs: Waitable<any>[]): Signal<unknown[]> {
  const out = new Signal<unknown[]>(scheduler);
  const values = new Array<unknown>(inputs.length);
  let remaining = inputs.length;
  if (remaining === 0) {
    out.trigger([]);
    return out;
  }
  inputs.forEach((w, i) =>
    w.onFire((v) => {
      values[i] = v;
      if (--remaining === 0) out.trigger(values);
    }),
  );
  return out;
}

/** Fires when the first input fires; value says which one and what it carried. */
export function anyOf(
  scheduler: Scheduler,
  inputs: Waitable<any>[],
): Signal<{ index: number; value: unknown }> {
  if (inputs.length === 0) throw new Error('anyOf needs at least one input');
  const out = new Signal<{ index: number; value: unknown }>(scheduler);
  inputs.forEach((w, index) =>
    w.onFire((value) => {
      if (!out.fired) out.trigger({ index, value });
    }),
  );
  return out;
}
