// How a built-in counterpart that listens (the reference ISV, the reference WDPC consumer) receives
// messages through its own MQTT connection and stays deterministic. In real time each message is
// handled on arrival, one after another. In fast mode messages wait in the inbox until the engine's
// flush barrier calls `settle` with the wire keys it published; the inbox waits until every one
// of them has arrived, then hands the window's messages to the handler in a canonical order — by
// topic, then arrival (one publisher per topic keeps its order) — and returns the wire keys of
// whatever the handler published in answer.
import type { MqttConnection, QoS } from '../transports/mqtt-connection.ts';
import { wireKey } from '../engine/outbound.ts';

export interface Received {
  topic: string;
  payload: Buffer;
}

/** Handles one message; returns the wire keys of what it published. */
export type Handler = (m: Received) => Promise<string[]>;

export class BarrierInbox {
  private inbox: Received[] = [];
  private readonly arrived = new Map<string, number>();
  private wake: (() => void) | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    /** Who is listening, for warnings. */
    private readonly name: string,
    /** Fast mode: hold messages for the barrier. */
    private readonly batched: boolean,
    private readonly handler: Handler,
    private readonly warn: (message: string) => void,
  ) {}

  /** Starts receiving on `conn` and subscribes to `filters`. */
  async listen(conn: MqttConnection, filters: string[], qos: QoS): Promise<void> {
    conn.onMessage((topic, payload) => {
      if (!this.batched) {
        this.chain = this.chain.then(() => this.handler({ topic, payload })).catch((err) => this.warn(`${this.name}: ${(err as Error).message}`));
        return;
      }
      this.inbox.push({ topic, payload });
      const k = wireKey(topic, payload);
      this.arrived.set(k, (this.arrived.get(k) ?? 0) + 1);
      this.wake?.();
    });
    await conn.subscribe(filters, { qos });
  }

  /** The barrier: waits for `expected` (at most 10 s), handles the window's messages in order. */
  async settle(expected: string[]): Promise<string[]> {
    const deadline = performance.now() + 10_000;
    for (const k of expected) {
      while (!this.arrived.get(k)) {
        if (performance.now() > deadline) {
          this.warn(`${this.name}: a message it subscribes to did not arrive within 10 s`);
          break;
        }
        await new Promise<void>((r) => {
          this.wake = r;
          setTimeout(r, 50);
        });
      }
      const n = this.arrived.get(k) ?? 0;
      if (n <= 1) this.arrived.delete(k);
      else this.arrived.set(k, n - 1);
    }
    const batch = this.inbox.map((m, i) => ({ m, i })).sort((a, b) => (a.m.topic < b.m.topic ? -1 : a.m.topic > b.m.topic ? 1 : a.i - b.i));
    this.inbox = [];
    const published: string[] = [];
    for (const { m } of batch) published.push(...(await this.handler(m)));
    return published;
  }

  /** Real time: the messages still being handled. */
  drain(): Promise<unknown> {
    return this.chain;
  }
}
