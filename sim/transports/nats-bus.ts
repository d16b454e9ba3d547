// NATS JetStream as gridtwin's streaming bus for WDPC (the spec's "Kafka-class" bus), in one
// object: a connection (nats-connection.ts), one stream per message family (nats-streams.ts),
// acknowledged and de-duplicated publishes (nats-publish.ts), durable pull consumers that resume
// or replay (nats-durables.ts, nats-consumers.ts), on the subjects of nats-subjects.ts. Callers
// that need only one part can use those modules directly with a NatsLink.

import type { NatsConnection, PubAck } from 'nats';
import { connectNats, type NatsConnectOptions, type NatsLink } from './nats-connection.ts';
import { consumeDurable, fetchMessages, fetchPending, type BusMessage, type ConsumeOptions, type ReadOptions, type RunningConsumer } from './nats-consumers.ts';
import { deleteDurable, ensureDurable, type DurableOptions, type DurableState } from './nats-durables.ts';
import { NatsPublisher, type OutboundMessage, type PublishStats, type WdpcPublishOptions } from './nats-publish.ts';
import { ensureStreams, type StreamLimits, type StreamResult } from './nats-streams.ts';

export { streamName, subjectToken, wdpcFilter, wdpcSubject, hierarchySubject, parseWdpcSubject } from './nats-subjects.ts';
export { WDPC_FAMILIES } from './nats-streams.ts';
export type { BusMessage } from './nats-consumers.ts';
export type { ConsumerStart } from './nats-durables.ts';

export type NatsBusOptions = Omit<NatsConnectOptions, 'servers'> & { url: string | string[] };

export class NatsBus {
  private readonly publisher: NatsPublisher;

  private constructor(readonly link: NatsLink) {
    this.publisher = new NatsPublisher(link);
  }

  static async connect(o: NatsBusOptions): Promise<NatsBus> {
    const { url, ...rest } = o;
    return new NatsBus(await connectNats({ ...rest, servers: url }));
  }

  /** The underlying nats.js connection (e.g. for a core subscription). */
  get nc(): NatsConnection {
    return this.link.nc;
  }

  get stats(): PublishStats & { losses: number; restores: number } {
    return { ...this.publisher.stats, ...this.link.stats };
  }

  /** One stream per family, created or updated to `limits`; the stream names in family order. */
  async ensureStreams(families: readonly string[], limits: StreamLimits = {}): Promise<string[]> {
    return (await this.ensureStreamsDetailed(families, limits)).map((r) => r.stream);
  }

  ensureStreamsDetailed(families: readonly string[], limits: StreamLimits = {}): Promise<StreamResult[]> {
    return ensureStreams(this.link, families, limits);
  }

  publish(subject: string, data: Uint8Array, o: WdpcPublishOptions = {}): Promise<PubAck> {
    return this.publisher.publish(subject, data, o);
  }

  publishMany(list: readonly OutboundMessage[], o: { maxInFlight?: number; timeoutMs?: number } = {}): Promise<PubAck[]> {
    return this.publisher.publishMany(list, o);
  }

  /** Core publish into the stream, no ack awaited; a string is the message id. False when not sent. */
  publishUnacked(subject: string, data: Uint8Array, o?: string | Omit<WdpcPublishOptions, 'timeoutMs' | 'expectStream'>): boolean {
    return this.publisher.publishUnacked(subject, data, typeof o === 'string' ? { msgId: o } : o);
  }

  flush(): Promise<void> {
    return this.publisher.flush();
  }

  durable(stream: string, name: string, o: DurableOptions = {}): Promise<DurableState> {
    return ensureDurable(this.link, stream, name, o);
  }

  deleteDurable(stream: string, name: string): Promise<boolean> {
    return deleteDurable(this.link, stream, name);
  }

  fetch(stream: string, durable: string, o: ReadOptions & { max?: number; expiresMs?: number } = {}): Promise<BusMessage[]> {
    return fetchMessages(this.link, stream, durable, o);
  }

  fetchPending(stream: string, durable: string, o: ReadOptions & { max?: number } = {}): Promise<BusMessage[]> {
    return fetchPending(this.link, stream, durable, o);
  }

  consume(stream: string, durable: string, handler: (m: BusMessage) => void | Promise<void>, o: ConsumeOptions = {}): Promise<RunningConsumer> {
    return consumeDurable(this.link, stream, durable, handler, o);
  }

  /** Drains (flushing everything sent) unless `force`. */
  close(force = false): Promise<void> {
    return this.link.close(force);
  }
}
