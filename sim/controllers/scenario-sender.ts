// How a built-in counterpart that sends what the scenario's timeline says (the Powernaut reference
// flexibility platform, the Open Energi reference portfolio manager) gets its messages onto the
// broker: in fast mode they wait for the engine's flush barrier (`settle`), so the run stays
// deterministic; in real time they go out at once, one after another. Either way through its own
// MQTT connection, exactly as a live counterpart would.
import type { MqttConnection, QoS } from '../transports/mqtt-connection.ts';
import { wireKey } from '../engine/outbound.ts';

export interface Outgoing {
  topic: string;
  payload: string;
}

export class ScenarioSender {
  conn: MqttConnection | undefined;
  private queue: Outgoing[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  sent = 0;

  constructor(
    private readonly qos: QoS,
    /** Fast mode: hold messages until the barrier settles. */
    private readonly batched: boolean,
    /** Where a failed real-time publish is reported (the run goes on). */
    private readonly warn: (message: string) => void,
  ) {}

  /** Called inside a kernel event: never awaits. */
  send(m: Outgoing): void {
    if (this.batched) this.queue.push(m);
    else this.chain = this.chain.then(() => this.publish(m)).catch((err) => this.warn((err as Error).message));
  }

  /** Publishes what the barrier's window queued; returns their wire keys. */
  async settle(): Promise<string[]> {
    const q = this.queue;
    this.queue = [];
    const keys: string[] = [];
    for (const m of q) keys.push(await this.publish(m));
    return keys;
  }

  private async publish(m: Outgoing): Promise<string> {
    this.sent++;
    await this.conn!.publish(m.topic, m.payload, { qos: this.qos });
    return wireKey(m.topic, m.payload);
  }

  async close(): Promise<void> {
    await this.chain;
    await this.conn?.end();
  }
}
