// The discrete-event core: a synchronous loop over an event heap ordered by (time, priority,
// sequence). It never awaits — the engine around it decides when simulated time may advance (fast
// or real-time clock, worker stepping, the broker flush barrier) and then asks the kernel to run.
import { EventQueue, type QueuedEvent } from './event-queue.ts';
import { Signal, allOf, anyOf, type Scheduler, type Waitable } from './waitables.ts';
import { Process, type ProcessBody } from './process.ts';
import { assertMicros, type Micros } from '../time.ts';

/** Lower runs first among events at the same time. */
export const Priority = {
  /** Commands from the control plane take effect before anything else at their instant. */
  inbound: 10,
  /** Scenario timeline events (disturbances, requests). */
  timeline: 20,
  normal: 50,
  /** Bookkeeping that must observe everything else that happened at the same instant. */
  late: 90,
} as const;

/** What `schedule` returns: pass it to `cancel` to withdraw the event. */
export type EventHandle = Readonly<QueuedEvent>;

export class Kernel implements Scheduler {
  private readonly queue = new EventQueue();
  private seq = 0;
  private _now: Micros = 0;
  /** Events executed so far (cancelled ones excluded). */
  processed = 0;

  get now(): Micros {
    return this._now;
  }

  /** Schedules `run` at absolute time `time` (integer µs, not in the past). */
  schedule(time: Micros, run: () => void, priority: number = Priority.normal): EventHandle {
    // Hot path (millions of calls per second): one comparison chain, one allocation.
    if (!(time >= this._now) || !Number.isSafeInteger(time)) {
      if (time < this._now) {
        throw new RangeError(`cannot schedule at ${time} µs: the kernel is already at ${this._now} µs`);
      }
      assertMicros(time, 'event time');
    }
    const ev: QueuedEvent = { time, priority, seq: this.seq++, run, cancelled: false };
    this.queue.push(ev);
    return ev;
  }

  /** Withdraws a scheduled event; it stays in the heap and is skipped (lazy deletion). */
  cancel(handle: EventHandle): void {
    (handle as QueuedEvent).cancelled = true;
  }

  /** Schedules `run` after `delay` µs. */
  after(delay: Micros, run: () => void, priority: number = Priority.normal): EventHandle {
    return this.schedule(this._now + delay, run, priority);
  }

  soon(fn: () => void): void {
    this.schedule(this._now, fn, Priority.normal);
  }

  /** A waitable that fires `delay` µs from now. */
  timeout<T = void>(delay: Micros, value?: T): Signal<T> {
    const s = new Signal<T>(this);
    this.after(delay, () => s.trigger(value as T));
    return s;
  }

  signal<T = void>(): Signal<T> {
    return new Signal<T>(this);
  }

  allOf(inputs: Waitable<any>[]): Signal<unknown[]> {
    return allOf(this, inputs);
  }

  anyOf(inputs: Waitable<any>[]): Signal<{ index: number; value: unknown }> {
    return anyOf(this, inputs);
  }

  /** Starts a generator process at the current time; it runs until its first `yield`. */
  process(body: ProcessBody, name = 'process'): Process {
    const p = new Process(this, body, name);
    this.soon(() => p.start());
    return p;
  }

  /** Time of the next live event, or undefined when nothing is pending. */
  peekTime(): Micros | undefined {
    for (;;) {
      const top = this.queue.peek();
      if (!top) return undefined;
      if (!top.cancelled) return top.time;
      this.queue.pop();
    }
  }

  /** Executes the next live event; false when the heap is empty. */
  step(): boolean {
    for (;;) {
      const ev = this.queue.pop();
      if (!ev) return false;
      if (ev.cancelled) continue;
      this._now = ev.time;
      this.processed++;
      ev.run();
      return true;
    }
  }

  /**
   * Executes every event strictly before `limit`, then sets the clock to `limit`.
   * Returns the number of events executed.
   */
  runUntil(limit: Micros): number {
    const start = this.processed;
    for (;;) {
      const top = this.queue.peek();
      if (!top || top.time >= limit) break;
      this.step();
    }
    this.advanceTo(limit);
    return this.processed - start;
  }

  /** Executes every event at exactly the current next-event time, including ones they schedule for it. */
  runBatch(): Micros | undefined {
    const t = this.peekTime();
    if (t === undefined) return undefined;
    while (this.peekTime() === t) this.step();
    return t;
  }

  /** Moves the clock forward without executing anything; refuses to skip pending events. */
  advanceTo(t: Micros): void {
    assertMicros(t, 'time');
    if (t < this._now) throw new RangeError(`time cannot go back from ${this._now} to ${t} µs`);
    const next = this.peekTime();
    if (next !== undefined && next < t) {
      throw new RangeError(`advancing to ${t} µs would skip an event at ${next} µs`);
    }
    this._now = t;
  }

  get pending(): number {
    return this.queue.size;
  }
}
