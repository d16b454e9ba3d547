// NATS JetStream as gridtwin's streaming bus for WDPC (the spec's "Kafka-class" bus): one stream
// per message family, subjects that mirror the facility → rack → node → component hierarchy
// (wdpc.<family>.<facility>.<rack>.<node>.<component>), JetStream-acknowledged publishes with a
// message id for de-duplication, and durable pull consumers that resume where they stopped or
// replay from a stream sequence or a time. Uses the official nats.js client.
import { AckPolicy, connect, DeliverPolicy, headers as natsHeaders, nanos, StorageType, type JetStreamClient, type JetStreamManager, type NatsConnection, type PubAck } from 'nats';
import { ExitCode, GridtwinError } from '../errors.ts';

export interface NatsBusOptions {
  url: string;
  name?: string;
  user?: string;
  pass?: string;
  token?: string;
  /** Connect timeout, ms (default 5000). */
  timeoutMs?: number;
}

export interface StreamOptions {
  /** Stream names are `${prefix}_${FAMILY}` (default WDPC). */
  prefix?: string;
  /** Messages older than this are discarded, ms (default 1 h). */
  maxAgeMs?: number;
  storage?: 'file' | 'memory';
  /** De-duplication window for message ids, ms (default 2 min). */
  duplicateWindowMs?: number;
}

export interface ReceivedMessage {
  subject: string;
  seq: number;
  data: Uint8Array;
  /** Stream timestamp, UNIX ms. */
  timeMs: number;
}

export type ConsumerStart = { from: 'new' } | { from: 'all' } | { from: 'sequence'; seq: number } | { from: 'time'; atMs: number };

/**
 * A hierarchy id as one subject token: NATS tokens cannot hold '.', '*', '>' or whitespace, so
 * those (and '%') are percent-encoded — `rack 1.a` becomes `rack%201%2Ea` (docs/spec-decisions.md W9).
 */
export function subjectToken(id: string): string {
  if (id.length === 0) throw new Error('an empty id cannot be a subject token');
  return id.replace(/[%.*>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** wdpc.<family>.<id>… for a place in the hierarchy (each id escaped). */
export function wdpcSubject(family: string, ...ids: string[]): string {
  return ['wdpc', subjectToken(family), ...ids.map(subjectToken)].join('.');
}

export const streamName = (family: string, prefix = 'WDPC') => `${prefix}_${family.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}`;

function connectionError(err: unknown, url: string): GridtwinError {
  const msg = (err as Error).message ?? String(err);
  const code = (err as { code?: string }).code ?? '';
  const why = /AUTHORIZATION|Authorization/.test(msg) || code === 'AUTHORIZATION_VIOLATION' ? 'the server refused the credentials' : /TLS|certificate/i.test(msg) ? 'the TLS handshake failed' : 'nothing answered (is nats-server running with -js?)';
  return new GridtwinError('NATS_CONNECT', `cannot connect to NATS at ${url}: ${why} (${msg})`, ExitCode.connection, { cause: err });
}

export class NatsBus {
  private constructor(
    readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
  ) {}

  static async connect(o: NatsBusOptions): Promise<NatsBus> {
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: o.url, name: o.name ?? 'gridtwin', timeout: o.timeoutMs ?? 5000, ...(o.user !== undefined ? { user: o.user, pass: o.pass } : {}), ...(o.token !== undefined ? { token: o.token } : {}) });
    } catch (err) {
      throw connectionError(err, o.url);
    }
    try {
      const jsm = await nc.jetstreamManager({ timeout: o.timeoutMs ?? 5000 });
      return new NatsBus(nc, jsm, nc.jetstream());
    } catch (err) {
      await nc.close();
      throw new GridtwinError('NATS_NO_JETSTREAM', `NATS at ${o.url} has no JetStream (${(err as Error).message}): start nats-server with -js`, ExitCode.connection, { cause: err });
    }
  }

  /** Creates (or updates to this configuration) one stream per family. Idempotent. */
  async ensureStreams(families: readonly string[], o: StreamOptions = {}): Promise<string[]> {
    const names: string[] = [];
    for (const family of families) {
      const name = streamName(family, o.prefix);
      const cfg = {
        name,
        subjects: [`wdpc.${subjectToken(family)}.>`],
        max_age: nanos(o.maxAgeMs ?? 3_600_000),
        storage: o.storage === 'memory' ? StorageType.Memory : StorageType.File,
        duplicate_window: nanos(o.duplicateWindowMs ?? 120_000),
      };
      const exists = await this.jsm.streams.info(name).then(
        () => true,
        () => false,
      );
      if (exists) await this.jsm.streams.update(name, cfg);
      else await this.jsm.streams.add(cfg);
      names.push(name);
    }
    return names;
  }

  /** One acknowledged publish. `msgId` de-duplicates within the stream's window. */
  publish(subject: string, data: Uint8Array, o: { msgId?: string; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<PubAck> {
    const h = o.headers ? natsHeaders() : undefined;
    if (h) for (const [k, v] of Object.entries(o.headers!)) h.set(k, v);
    return this.js.publish(subject, data, { ...(o.msgId !== undefined ? { msgID: o.msgId } : {}), ...(h ? { headers: h } : {}), timeout: o.timeoutMs ?? 5000 });
  }

  /**
   * A publish into the stream without waiting for its JetStream ack (a core NATS publish on the
   * stream's subject: the server still stores it, and de-duplicates by `msgId`). For high-rate
   * telemetry, where one request/reply per message costs more than the message (bench/README.md,
   * wdpc-bus); `flush()` waits until the server has everything sent so far.
   */
  publishUnacked(subject: string, data: Uint8Array, msgId?: string): void {
    if (msgId === undefined) return this.nc.publish(subject, data);
    const h = natsHeaders();
    h.set('Nats-Msg-Id', msgId);
    this.nc.publish(subject, data, { headers: h });
  }

  flush(): Promise<void> {
    return this.nc.flush();
  }

  /** Many publishes in flight at once, acknowledgements awaited together (order kept per subject). */
  publishMany(list: ReadonlyArray<{ subject: string; data: Uint8Array; msgId?: string }>, timeoutMs = 5000): Promise<PubAck[]> {
    return Promise.all(list.map((m) => this.publish(m.subject, m.data, { ...(m.msgId !== undefined ? { msgId: m.msgId } : {}), timeoutMs })));
  }

  /** A durable pull consumer (created if missing; an existing one keeps its position). */
  async durable(stream: string, name: string, o: { filter?: string; start?: ConsumerStart } = {}): Promise<void> {
    const exists = await this.jsm.consumers.info(stream, name).then(
      () => true,
      () => false,
    );
    if (exists) return;
    const s = o.start ?? { from: 'all' };
    await this.jsm.consumers.add(stream, {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      ...(o.filter ? { filter_subject: o.filter } : {}),
      ...(s.from === 'new'
        ? { deliver_policy: DeliverPolicy.New }
        : s.from === 'all'
          ? { deliver_policy: DeliverPolicy.All }
          : s.from === 'sequence'
            ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: s.seq }
            : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(s.atMs).toISOString() }),
    });
  }

  /** Up to `max` messages from a durable consumer, each acknowledged; waits at most `expiresMs` (≥ 1000: the client's floor). */
  async fetch(stream: string, durable: string, max: number, expiresMs = 1000): Promise<ReceivedMessage[]> {
    const c = await this.js.consumers.get(stream, durable);
    const out: ReceivedMessage[] = [];
    const iter = await c.fetch({ max_messages: max, expires: Math.max(1000, expiresMs) });
    for await (const m of iter) {
      out.push({ subject: m.subject, seq: m.seq, data: m.data, timeMs: Math.floor(m.info.timestampNanos / 1e6) });
      m.ack();
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain();
  }
}
