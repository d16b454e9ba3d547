// A message one of gridtwin's simulated roles wants to publish. Bindings create them inside kernel
// events (which never await); the engine encodes (e.g. signs) and publishes them when it flushes.
import type { QoS } from '../transports/mqtt-connection.ts';
import type { Micros } from '../time.ts';

export interface OutboundMessage {
  /** Key of the publishing connection (one per simulated role), e.g. 'dsx-pm/poweragent'. */
  client: string;
  topic: string;
  qos: QoS;
  retain: boolean;
  /** Simulation time the message was created at. */
  simTime: Micros;
  /** Short label for logs and reports, e.g. the CloudEvents type. */
  label: string;
  /** Deterministic content for the run hash (no signatures, no wall-clock values). */
  hashContent: string;
  /** Produces the wire bytes; may be async (JWS signing). */
  encode: () => Promise<Buffer> | Buffer;
  /** Filled in once encoded. */
  payload?: Buffer;
}

/** Messages created since the last flush, in creation order. */
export class Outbox {
  private queue: OutboundMessage[] = [];
  created = 0;

  push(msg: OutboundMessage): void {
    this.created++;
    this.queue.push(msg);
  }

  take(): OutboundMessage[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  get size(): number {
    return this.queue.length;
  }
}

/** Identity of a message on the wire: topic plus exact payload. */
export function wireKey(topic: string, payload: Buffer | string): string {
  return `${topic}\n${typeof payload === 'string' ? payload : payload.toString('latin1')}`;
}
