// What happens to each publish on an MQTT connection: sent now, held back (the broker is lost, or
// too many QoS 1/2 messages already await their acknowledgement), or rejected with a reason.
// Nothing leaves this pipeline without settling its promise and being counted (DESIGN.md rule 6).

import type { IClientPublishOptions } from 'mqtt';
import type { QoS } from './mqtt-options.ts';

export interface PublishRequest {
  topic: string;
  payload: Buffer | string;
  qos: QoS;
  retain: boolean;
  properties?: IClientPublishOptions['properties'];
  resolve: () => void;
  reject: (err: Error) => void;
}

/** What the pipeline needs from the connection that owns it. */
export interface PublishPort {
  /** Hands the message to mqtt.js; `done` runs on PUBACK/PUBCOMP (QoS 1/2) or after the write (QoS 0). */
  send(req: PublishRequest, done: (err?: Error) => void): void;
  /** Builds the error a rejected publish carries (a ConnectionError with the broker URL). */
  failure(req: PublishRequest, reason: string, cause?: unknown): Error;
  /** The socket's write buffer is over its high-water mark (the broker is not keeping up). */
  congested?(): boolean;
  /** Calls `then` once when the socket's write buffer has drained. */
  whenDrained?(then: () => void): void;
}

export interface PublishCounters {
  /** Acknowledged (QoS 1/2) or written (QoS 0). */
  published: number;
  /** Rejected, each with a reason on its promise. */
  failed: number;
  /** Held back at some point because the broker was lost (they are sent or rejected later). */
  queued: number;
}

interface InFlight {
  req: PublishRequest;
  settled: boolean;
}

export class PublishPipeline {
  readonly counters: PublishCounters = { published: 0, failed: 0, queued: 0 };
  private readonly backlog = new Fifo<PublishRequest>();
  private readonly inFlight = new Set<InFlight>();
  private acked = 0; // QoS 1/2 entries of inFlight: the ones that use up the broker's receive window
  private up = false;
  private pumping = false;
  private waitingForDrain = false;
  private window: number;

  constructor(
    private readonly port: PublishPort,
    private readonly offlineQueueLimit: number,
    maxInflight: number,
  ) {
    this.window = maxInflight;
  }

  get backlogSize(): number {
    return this.backlog.length;
  }

  get inFlightSize(): number {
    return this.inFlight.size;
  }

  /** The connection is usable (again); `window` bounds unacknowledged QoS 1/2 publishes. */
  resume(window: number): void {
    this.up = true;
    this.waitingForDrain = false; // a new socket: the old one's 'drain' will never come
    this.window = Math.max(1, window);
    this.pump();
  }

  /**
   * The broker is gone. A QoS 0 write that had not completed cannot be known to have arrived, so
   * it fails now. QoS 1/2 messages stay with mqtt.js, which resends them after a reconnect —
   * unless there will be none, and then they fail too, together with everything held back.
   */
  suspend(willReconnect: boolean, reason: string, cause?: unknown): void {
    this.up = false;
    for (const entry of [...this.inFlight]) {
      if (entry.req.qos === 0 || !willReconnect) this.finish(entry, this.port.failure(entry.req, reason, cause));
    }
    if (!willReconnect) this.rejectBacklog(reason, cause);
  }

  submit(req: PublishRequest): void {
    if (this.up) {
      this.backlog.push(req);
      this.pump();
      return;
    }
    if (this.backlog.length >= this.offlineQueueLimit) {
      this.reject(req, `the broker is unreachable and ${this.backlog.length} messages are already held back (offlineQueueLimit)`);
      return;
    }
    this.counters.queued++;
    this.backlog.push(req);
  }

  /** Rejects a request that never entered the pipeline (bad topic, ended connection), counting it. */
  refuse(req: PublishRequest, err: Error): void {
    this.counters.failed++;
    req.reject(err);
  }

  /** Fails every held-back message, e.g. when the connection is being ended. */
  rejectBacklog(reason: string, cause?: unknown): void {
    for (const req of this.backlog.drain()) this.reject(req, reason, cause);
  }

  /** Fails everything still pending: held back and awaiting an acknowledgement. */
  rejectAll(reason: string, cause?: unknown): void {
    this.up = false;
    this.rejectBacklog(reason, cause);
    for (const entry of [...this.inFlight]) this.finish(entry, this.port.failure(entry.req, reason, cause));
  }

  /** Sends from the front of the backlog while the receive window allows; order is kept. */
  private pump(): void {
    // A QoS 0 write completes synchronously and calls back into pump(); the outer loop carries on
    // instead, so a long backlog cannot grow the stack.
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.up && this.backlog.length > 0) {
        const next = this.backlog.peek() as PublishRequest;
        if (next.qos > 0 && this.acked >= this.window) return;
        // A congested socket: wait for one 'drain' here rather than hand every message to mqtt.js,
        // which would park one drain listener per message (O(n²) to remove them all).
        if (this.port.congested?.()) {
          if (!this.waitingForDrain && this.port.whenDrained) {
            this.waitingForDrain = true;
            this.port.whenDrained(() => {
              this.waitingForDrain = false;
              this.pump();
            });
          }
          return;
        }
        this.backlog.shift();
        const entry: InFlight = { req: next, settled: false };
        this.inFlight.add(entry);
        if (next.qos > 0) this.acked++;
        this.port.send(next, (err) => {
          this.finish(entry, err ? this.port.failure(next, err.message, err) : undefined);
          this.pump();
        });
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Settles an in-flight entry exactly once: a late callback after a forced failure is ignored. */
  private finish(entry: InFlight, err: Error | undefined): void {
    if (entry.settled) return;
    entry.settled = true;
    this.inFlight.delete(entry);
    if (entry.req.qos > 0) this.acked--;
    if (err) {
      this.counters.failed++;
      entry.req.reject(err);
    } else {
      this.counters.published++;
      entry.req.resolve();
    }
  }

  private reject(req: PublishRequest, reason: string, cause?: unknown): void {
    this.counters.failed++;
    req.reject(this.port.failure(req, reason, cause));
  }
}

/** A FIFO with O(1) shift: Array.prototype.shift is O(n), which makes a 100k backlog quadratic. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined as T; // let it be collected
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Removes and returns everything, oldest first. */
  drain(): T[] {
    const all = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return all;
  }
}
