// The device's retrying client (message format 2.0.0, "Failure Modes": the OE SDK's RetryingClient
// "will retry and the error will not be visible to the end application"; "message may be buffered
// in the event of retriable exceptions"). A pure state machine over a PriorityBuffer: the caller
// passes simulation time (µs), whether the link is up, and the outcome of each publish. One batch
// is in flight at a time, so messages leave in buffer order: highest priority first, oldest first.
//   retriable failure (link down, server busy): the batch goes back in front and the next attempt
//     waits a linear back-off, step × consecutive failures, capped (2 s, 4 s, 6 s … 60 s, 60 s);
//   non-retriable failure (over 256 KB, bad key): the batch is dropped and counted by reason;
//   success: counted as sent, the back-off starts again from one step.
import type { Micros } from '../../time.ts';
import type { D2CMessage } from './d2c-codec.ts';
import { MAX_D2C_BYTES } from './d2c-checks.ts';
import { PriorityBuffer } from './priority-buffer.ts';

/** Priority levels of the buffer (0 = sent first, evicted last). */
export const PRIORITY = {
  /** FFR readings (power, availability-ffr-*, response-ffr-*) and switch-ffr-* events: the data Open Energi aggregates. */
  ffr: 0,
  /** Alerts: WARN / ERROR events. */
  alert: 1,
  /** Other readings (process variables) and schedules. */
  other: 2,
  /** DEBUG / INFO events other than switch requests. */
  debug: 3,
} as const;
export const PRIORITY_LEVELS = 4;

/** The buffer priority of a device→cloud message (types compared case-insensitively, as the spec's types are). */
export function priorityOf(msg: D2CMessage): number {
  const type = msg.type.toLowerCase();
  switch (msg.topic) {
    case 'readings':
      return type === 'power' || type.startsWith('availability-ffr-') || type.startsWith('response-ffr-') ? PRIORITY.ffr : PRIORITY.other;
    case 'events':
      if (type.startsWith('switch-ffr-')) return PRIORITY.ffr;
      return msg.level >= 2 ? PRIORITY.alert : PRIORITY.debug;
    case 'schedules':
      return PRIORITY.other;
  }
}

/**
 * Buffer capacity for 24 h of messages at `messagesPerHour`. The spec: "Integrators should take
 * care to size the device appropriately so that it can store 24H of FFR data." Pass the device's
 * FFR rate — its power, availability and response series at the sampling cadence (report-on-change
 * sends at most one per sample each; a fluctuating load sends nearly every one) plus its switch
 * events — and a 24 h outage then loses no FFR data: lower priorities are evicted first, and only
 * FFR data older than a day is pushed out by newer FFR data. E.g. 5 series sampled every 4 s:
 * capacityFor24h(5 × 900) = 108,000 messages (~15 MB at ~140 bytes each).
 */
export function capacityFor24h(messagesPerHour: number): number {
  if (!(messagesPerHour >= 0) || !Number.isFinite(messagesPerHour)) throw new RangeError(`capacityFor24h: a non-negative rate is needed, got ${messagesPerHour}`);
  return Math.max(1, Math.ceil(messagesPerHour * 24));
}

export interface RetryingSenderOptions<T> {
  /** Messages the buffer holds (see capacityFor24h). */
  capacity: number;
  /** Most messages in one batch (default 100). */
  batchMax?: number;
  /** Most bytes in one batch as `sizeOf` counts them (default 262,144: include the array's framing in sizeOf / maxBytes). */
  maxBytes?: number;
  /** Bytes one message adds to a batch. */
  sizeOf: (t: T) => number;
  /** Back-off step, µs (default 2 s). */
  stepUs?: Micros;
  /** Longest back-off, µs (default 60 s). */
  maxUs?: Micros;
}

export interface SenderCounters {
  /** Messages published successfully. */
  sent: number;
  /** Messages put back in the buffer after a retriable failure (once per failure). */
  retried: number;
  /** Back-off periods started (failed attempts, whether a publish failed or the link was down). */
  backoffs: number;
  /** Messages evicted from the full buffer, per priority. */
  evicted: number[];
  /** Messages dropped after a non-retriable failure, per reason. */
  dropped: Record<string, number>;
}

interface Entry<T> {
  item: T;
  priority: number;
}

export class RetryingSender<T> {
  private readonly buffer: PriorityBuffer<Entry<T>>;
  private readonly batchMax: number;
  private readonly maxBytes: number;
  private readonly sizeOf: (t: T) => number;
  private readonly stepUs: Micros;
  private readonly maxUs: Micros;
  private inFlight: Entry<T>[] | undefined;
  /** Consecutive failed attempts (0 after a success). */
  failures = 0;
  /** No attempt before this simulation time, µs. */
  nextAttemptUs: Micros = 0;
  private readonly counts: Omit<SenderCounters, 'evicted'> = { sent: 0, retried: 0, backoffs: 0, dropped: Object.create(null) as Record<string, number> };

  constructor(o: RetryingSenderOptions<T>) {
    this.buffer = new PriorityBuffer<Entry<T>>(o.capacity, PRIORITY_LEVELS);
    this.batchMax = o.batchMax ?? 100;
    this.maxBytes = o.maxBytes ?? MAX_D2C_BYTES;
    this.sizeOf = o.sizeOf;
    this.stepUs = o.stepUs ?? 2_000_000;
    this.maxUs = o.maxUs ?? 60_000_000;
    if (!(this.batchMax >= 1) || !(this.stepUs >= 0) || !(this.maxUs >= 0)) throw new RangeError('RetryingSender: batchMax ≥ 1, stepUs ≥ 0 and maxUs ≥ 0 needed');
  }

  /** Messages waiting (not counting a batch in flight). */
  get size(): number {
    return this.buffer.size;
  }

  get counters(): Readonly<SenderCounters> {
    return { ...this.counts, evicted: [...this.buffer.evicted] };
  }

  /** Buffers `msg`; returns the message evicted to make room (maybe `msg` itself), if any. */
  enqueue(msg: T, priority: number, _nowUs: Micros): T | undefined {
    return this.buffer.push({ item: msg, priority }, priority)?.item;
  }

  /**
   * The batch to publish now, or undefined: nothing queued, a batch still in flight, or backing
   * off. A poll while disconnected with something queued is a failed attempt (it backs off).
   */
  poll(nowUs: Micros, connected: boolean): T[] | undefined {
    if (this.inFlight || this.buffer.size === 0 || nowUs < this.nextAttemptUs) return undefined;
    if (!connected) {
      this.backOff(nowUs);
      return undefined;
    }
    this.inFlight = this.buffer.take(this.batchMax, this.maxBytes, (e) => this.sizeOf(e.item));
    return this.inFlight.map((e) => e.item);
  }

  private backOff(nowUs: Micros): void {
    this.failures++;
    this.counts.backoffs++;
    this.nextAttemptUs = nowUs + Math.min(this.stepUs * this.failures, this.maxUs);
  }

  private settle(batch: readonly T[], what: string): Entry<T>[] {
    const f = this.inFlight;
    if (!f || f.length !== batch.length || f.some((e, k) => e.item !== batch[k])) throw new RangeError(`RetryingSender.${what}: the batch is not the one in flight`);
    this.inFlight = undefined;
    return f;
  }

  /** The in-flight batch was published. */
  succeeded(): void {
    if (this.inFlight) this.counts.sent += this.inFlight.length;
    this.inFlight = undefined;
    this.failures = 0;
    this.nextAttemptUs = 0;
  }

  /**
   * The in-flight `batch` failed at `nowUs`. Retriable: back in front of the buffer (in its order;
   * anything that no longer fits is evicted and counted) and a back-off. Not retriable: dropped and
   * counted under `reason`; no back-off (the link is fine, the message is not).
   */
  failed(batch: readonly T[], nowUs: Micros, retriable: boolean, reason = retriable ? 'retriable' : 'rejected'): void {
    const f = this.settle(batch, 'failed');
    if (!retriable) {
      this.counts.dropped[reason] = (this.counts.dropped[reason] ?? 0) + f.length;
      return;
    }
    this.counts.retried += f.length;
    this.buffer.unshift(f, (e) => e.priority);
    this.backOff(nowUs);
  }
}
