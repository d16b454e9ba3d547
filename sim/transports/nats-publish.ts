// Publishing WDPC messages into JetStream. `publish` resolves on the stream's acknowledgement (the
// message is stored, or recognised as a duplicate of its message id); `publishMany` keeps up to
// maxInFlight of those in flight and awaits the acks together; `publishUnacked` is a core publish
// the stream still stores, for rates where a round trip per message costs more than the message.
// Nothing fails silently: every message is counted as acked, duplicate, failed or refused, and a
// publish while the server is away fails at once instead of waiting in nats.js's reconnect buffer.

import { headers as natsHeaders, type JetStreamPublishOptions, type MsgHdrs, type PubAck } from 'nats';
import { ConnectionError, InputError } from '../errors.ts';
import type { NatsLink } from './nats-connection.ts';
import { describePublishFailure } from './nats-failure.ts';
import { isPublishableSubject } from './nats-subjects.ts';

/** Headers gridtwin sets from the WDPC envelope (W9); `Nats-Msg-Id` carries the message id. */
export const WDPC_HEADERS = { keyId: 'Wdpc-Key-Id', sequence: 'Wdpc-Seq', source: 'Wdpc-Source' } as const;

export interface WdpcPublishOptions {
  /** The envelope's message_id: JetStream stores it once per duplicate window (`Nats-Msg-Id`). */
  msgId?: string;
  /** Envelope integrity fields, copied into headers so a consumer can route or drop without decoding. */
  keyId?: string;
  sequence?: bigint | number | string;
  source?: string;
  /** Further headers (names: printable ASCII without ':'; values: no CR/LF). */
  headers?: Record<string, string>;
  /** Refuse the publish unless this stream takes it (JetStream checks, error 10060). */
  expectStream?: string;
  /** Wait for the acknowledgement at most this long, ms (default: the connection's timeout). */
  timeoutMs?: number;
}

export interface OutboundMessage extends WdpcPublishOptions {
  subject: string;
  data: Uint8Array;
}

export interface PublishStats {
  /** Acknowledged as newly stored. */
  acked: number;
  /** Acknowledged as a duplicate of an earlier message id (not stored again). */
  duplicates: number;
  /** Sent but no acknowledgement (timeout, refused by the server, connection lost). */
  failed: number;
  /** Not sent: bad subject or header, or the connection was down or closed. */
  refused: number;
  /** publishUnacked calls handed to the socket. */
  unacked: number;
}

export class NatsPublisher {
  private readonly counts: PublishStats = { acked: 0, duplicates: 0, failed: 0, refused: 0, unacked: 0 };

  constructor(private readonly link: NatsLink) {}

  get stats(): PublishStats {
    return { ...this.counts };
  }

  /** Resolves with the stream's ack ({stream, seq, duplicate}); rejects with InputError or ConnectionError. */
  async publish(subject: string, data: Uint8Array, o: WdpcPublishOptions = {}): Promise<PubAck> {
    const timeoutMs = o.timeoutMs ?? this.link.timeoutMs;
    const opts = this.prepare(subject, o, timeoutMs);
    try {
      const ack = await this.link.js.publish(subject, data, opts);
      if (ack.duplicate) this.counts.duplicates++;
      else this.counts.acked++;
      return ack;
    } catch (err) {
      this.counts.failed++;
      throw new ConnectionError(this.link.url, `publish to '${subject}' on ${this.link.url} failed: ${describePublishFailure(err, subject, timeoutMs)}`, { cause: err });
    }
  }

  /**
   * Many publishes pipelined (at most maxInFlight unacknowledged, default 1024), acks awaited
   * together. Resolves with the acks in input order once all are in; if any failed, rejects after
   * all have settled with a ConnectionError counting them and carrying the first reason (every
   * failure is in stats). Per-subject order is the input order.
   */
  async publishMany(list: readonly OutboundMessage[], o: { maxInFlight?: number; timeoutMs?: number } = {}): Promise<PubAck[]> {
    const window = o.maxInFlight ?? 1024;
    if (!Number.isInteger(window) || window < 1) throw new InputError(`maxInFlight must be a positive integer, not ${window}`);
    const results: PromiseSettledResult<PubAck>[] = new Array(list.length);
    let next = 0;
    const lane = async () => {
      while (next < list.length) {
        const i = next++;
        const m = list[i];
        results[i] = await this.publish(m.subject, m.data, { ...m, timeoutMs: m.timeoutMs ?? o.timeoutMs }).then(
          (value) => ({ status: 'fulfilled', value }) as const,
          (reason: unknown) => ({ status: 'rejected', reason }) as const,
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, list.length) }, lane));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length === 0) return results.map((r) => (r as PromiseFulfilledResult<PubAck>).value);
    const first = failures[0].reason as Error;
    if (failures.every((f) => f.reason instanceof InputError)) {
      throw new InputError(`${failures.length} of ${list.length} messages were refused; first: ${first.message}`);
    }
    throw new ConnectionError(this.link.url, `${failures.length} of ${list.length} publishes on ${this.link.url} failed; first: ${first.message}`, { cause: first });
  }

  /**
   * A core publish on the stream's subject, not waiting for the JetStream ack (the server still
   * stores it and de-duplicates by msgId). Returns false — and counts it refused — when the
   * connection is down or closed; `flush()` waits until the server has everything sent so far.
   */
  publishUnacked(subject: string, data: Uint8Array, o: Omit<WdpcPublishOptions, 'timeoutMs' | 'expectStream'> = {}): boolean {
    const h = this.headersFor(subject, o);
    if (!this.link.connected) {
      this.counts.refused++;
      return false;
    }
    this.link.nc.publish(subject, data, h ? { headers: h } : undefined);
    this.counts.unacked++;
    return true;
  }

  flush(): Promise<void> {
    return this.link.nc.flush();
  }

  private prepare(subject: string, o: WdpcPublishOptions, timeoutMs: number): Partial<JetStreamPublishOptions> {
    const h = this.headersFor(subject, o);
    if (!this.link.connected) {
      this.counts.refused++;
      const why = this.link.nc.isClosed() ? 'the connection has been closed' : 'the connection is down (reconnecting); not sent';
      throw new ConnectionError(this.link.url, `publish to '${subject}' on ${this.link.url} failed: ${why}`);
    }
    return {
      timeout: timeoutMs,
      ...(o.expectStream !== undefined ? { expect: { streamName: o.expectStream } } : {}),
      ...(h ? { headers: h } : {}),
    };
  }

  /** Validates subject and headers (InputError, counted as refused) and builds the header map. */
  private headersFor(subject: string, o: Omit<WdpcPublishOptions, 'timeoutMs' | 'expectStream'>): MsgHdrs | undefined {
    try {
      if (!isPublishableSubject(subject)) throw new InputError(`'${subject}' is not a subject a message can be published on (empty token, wildcard or whitespace)`);
      const pairs: [string, string][] = Object.entries(o.headers ?? {});
      if (o.keyId !== undefined) pairs.push([WDPC_HEADERS.keyId, o.keyId]);
      if (o.sequence !== undefined) pairs.push([WDPC_HEADERS.sequence, String(o.sequence)]);
      if (o.source !== undefined) pairs.push([WDPC_HEADERS.source, o.source]);
      if (pairs.length === 0 && o.msgId === undefined) return undefined;
      const h = natsHeaders();
      for (const [k, v] of pairs) {
        if (!/^[\x21-\x39\x3B-\x7E]+$/.test(k)) throw new InputError(`'${k}' is not a header name (printable ASCII without ':' or space)`);
        if (/[\r\n\0]/.test(v)) throw new InputError(`header ${k}: the value contains CR, LF or NUL`);
        h.set(k, v);
      }
      if (o.msgId !== undefined) {
        if (o.msgId.length === 0 || /[\r\n\0]/.test(o.msgId)) throw new InputError(`'${o.msgId}' cannot be a message id (empty, or CR/LF/NUL)`);
        h.set('Nats-Msg-Id', o.msgId);
      }
      return h;
    } catch (err) {
      this.counts.refused++;
      throw err;
    }
  }
}
