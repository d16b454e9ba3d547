// Reading from a durable pull consumer (nats-durables.ts) with explicit acknowledgements: `fetch`
// for a batch, `fetchPending` for exactly what is waiting now (returns at once when nothing is),
// `consume` for a running reader whose handler's success acks and whose failure naks (the server
// redelivers, up to the consumer's maxDeliver). Acks are flushed before a batch is returned or a
// reader has stopped, so the durable's position is on the server when the caller moves on.

import type { Consumer, JsMsg } from 'nats';
import type { NatsLink } from './nats-connection.ts';
import { apiFailure } from './nats-failure.ts';

export interface BusMessage {
  subject: string;
  /** Stream sequence. */
  seq: number;
  /** 1 on first delivery. */
  deliveryCount: number;
  /** When the stream stored it, UNIX ms. */
  timeMs: number;
  data: Uint8Array;
  /** All headers (first value of each), including Nats-Msg-Id and the Wdpc-* envelope headers. */
  headers: Record<string, string>;
  msgId?: string;
  /** Messages still waiting for this consumer after this one. */
  pending: number;
  ack(): void;
  /** Ask for redelivery (after delayMs). */
  nak(delayMs?: number): void;
  /** Never deliver it again. */
  term(): void;
}

export interface ReadOptions {
  /** Acknowledge every message of the batch before returning it (default true). */
  autoAck?: boolean;
}

/** Up to `max` messages (default 100); waits at most expiresMs (≥ 1000, the client's floor) for them. */
export async function fetchMessages(link: NatsLink, stream: string, durable: string, o: ReadOptions & { max?: number; expiresMs?: number } = {}): Promise<BusMessage[]> {
  const c = await consumer(link, stream, durable);
  return read(link, c, o.max ?? 100, o.expiresMs ?? 1000, o.autoAck ?? true);
}

/**
 * The messages not yet delivered to the consumer right now (at most `max`), without waiting for
 * new ones; returns at once when there are none. Nak'ed or expired deliveries come back through
 * fetchMessages / consumeDurable, not here.
 */
export async function fetchPending(link: NatsLink, stream: string, durable: string, o: ReadOptions & { max?: number } = {}): Promise<BusMessage[]> {
  const c = await consumer(link, stream, durable);
  const info = await c.info().catch((err: unknown) => Promise.reject(apiFailure(link.url, `reading consumer ${durable}`, err)));
  const n = Math.min(info.num_pending, o.max ?? Number.MAX_SAFE_INTEGER);
  return n > 0 ? read(link, c, n, Math.max(1000, link.timeoutMs), o.autoAck ?? true) : [];
}

export interface ConsumeOptions {
  /** Messages asked for per pull (default 100). */
  batch?: number;
  /** How long one pull waits for messages, ms (default and minimum 1000): also the longest stop() waits. */
  pollMs?: number;
  /** Redelivery delay after a handler failure, ms (default 1000). */
  retryDelayMs?: number;
  /** Handler failures (counted; the message is nak'ed). Without it, a failure is rethrown as an uncaught error. */
  onError?: (err: unknown, m: BusMessage) => void;
}

export interface RunningConsumer {
  /** Stops pulling after the current pull, whose messages are all handled and acked first; flushes the acks. */
  stop(): Promise<void>;
  readonly stats: { delivered: number; acked: number; handlerErrors: number; pullErrors: number };
}

/**
 * Runs `handler` on each message in order; acks after it returns (or its promise resolves). A loop
 * of bounded pulls rather than nats.js's consume(): stopping that drops messages already delivered
 * to the client, which the server then holds back until ack_wait — a resumed reader would see a gap.
 */
export async function consumeDurable(
  link: NatsLink,
  stream: string,
  durable: string,
  handler: (m: BusMessage) => void | Promise<void>,
  o: ConsumeOptions = {},
): Promise<RunningConsumer> {
  const c = await consumer(link, stream, durable);
  const stats = { delivered: 0, acked: 0, handlerErrors: 0, pullErrors: 0 };
  const batch = o.batch ?? 100;
  const pollMs = Math.max(1000, o.pollMs ?? 1000);
  let stopping = false;
  const handle = async (raw: JsMsg) => {
    stats.delivered++;
    const m = toBusMessage(raw);
    try {
      await handler(m);
      raw.ack();
      stats.acked++;
    } catch (err) {
      stats.handlerErrors++;
      raw.nak(o.retryDelayMs ?? 1000);
      if (o.onError) o.onError(err, m);
      else
        setImmediate(() => {
          throw err;
        });
    }
  };
  // A pull lives on the server that received it: after a loss (or a server that forgot it) no
  // end-of-pull ever arrives, so the pull in progress is abandoned on loss and after a deadline.
  let abandon: (() => void) | undefined;
  const offLost = link.onLost(() => abandon?.());
  const loop = (async () => {
    while (!stopping && !link.nc.isClosed()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        if (!link.connected) throw new Error('not connected');
        const iter = await c.fetch({ max_messages: batch, expires: pollMs });
        abandon = () => iter.stop(new Error('pull abandoned'));
        timer = setTimeout(() => abandon?.(), pollMs + link.timeoutMs);
        for await (const raw of iter) await handle(raw);
      } catch {
        // A pull that failed (connection lost, server restarting): count it, pause, pull again.
        stats.pullErrors++;
        await new Promise((r) => setTimeout(r, Math.min(pollMs, 100)));
      } finally {
        clearTimeout(timer);
        abandon = undefined;
      }
    }
    offLost();
  })();
  let stopped: Promise<void> | undefined;
  return {
    stats,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        await loop;
        if (!link.nc.isClosed()) await link.nc.flush().catch(() => undefined);
      })();
      return stopped;
    },
  };
}

async function consumer(link: NatsLink, stream: string, durable: string): Promise<Consumer> {
  try {
    return await link.js.consumers.get(stream, durable);
  } catch (err) {
    throw apiFailure(link.url, `opening consumer ${durable} of stream ${stream} (create it with ensureDurable)`, err);
  }
}

async function read(link: NatsLink, c: Consumer, max: number, expiresMs: number, autoAck: boolean): Promise<BusMessage[]> {
  const out: BusMessage[] = [];
  const iter = await c.fetch({ max_messages: max, expires: Math.max(1000, expiresMs) });
  for await (const raw of iter) {
    out.push(toBusMessage(raw));
    if (autoAck) raw.ack();
  }
  if (autoAck && out.length > 0) await link.nc.flush();
  return out;
}

function toBusMessage(raw: JsMsg): BusMessage {
  const headers: Record<string, string> = {};
  if (raw.headers) for (const [k, v] of raw.headers) headers[k] = v[0] ?? '';
  return {
    subject: raw.subject,
    seq: raw.seq,
    deliveryCount: raw.info.deliveryCount,
    timeMs: Math.floor(raw.info.timestampNanos / 1e6),
    data: raw.data,
    headers,
    ...(headers['Nats-Msg-Id'] !== undefined ? { msgId: headers['Nats-Msg-Id'] } : {}),
    pending: raw.info.pending,
    ack: () => raw.ack(),
    nak: (delayMs?: number) => raw.nak(delayMs),
    term: () => raw.term(),
  };
}
