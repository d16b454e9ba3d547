// traffic.ndjson: every message in and out, one JSON object per line, streamed to disk so a long
// run's traffic never has to fit in memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { isUtf8 } from 'node:buffer';

/** Records are written in chunks of about this many characters (or at the end of an event-loop turn). */
const CHUNK_CHARS = 256 * 1024;

export interface TrafficRecord {
  /** Simulation time in seconds. */
  sim_time: number;
  wall_time: string;
  direction: 'out' | 'in';
  client?: string;
  topic: string;
  qos: number;
  retain: boolean;
  /** 'ok' (outbound, self-check passed), 'accepted', 'rejected', 'failed' (outbound, self-check failed), 'lost'. */
  verdict: string;
  /** Failed conformance rules, with what was wrong. */
  failures?: Array<{ rule: string; detail: string }>;
  payload: string;
}

export class TrafficLog {
  private readonly stream: WriteStream | undefined;
  written = 0;
  /** Lines not handed to the stream yet: a burst of records costs one stream write, not one each. */
  private pending = '';
  private scheduled = false;

  constructor(path: string | undefined) {
    this.stream = path ? createWriteStream(path, { flags: 'w' }) : undefined;
  }

  write(rec: TrafficRecord): void {
    this.written++;
    if (!this.stream) return;
    this.pending += `${JSON.stringify(rec)}\n`;
    if (this.pending.length >= CHUNK_CHARS) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (!this.stream || this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    // Backpressure is absorbed by the stream's buffer; close() waits for it to drain.
    this.stream.write(chunk);
  }

  async close(): Promise<void> {
    if (!this.stream) return;
    this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** What the observer saw of a message, as the log records it. */
export interface SeenMessage {
  topic: string;
  payload: Buffer;
  qos: number;
  retain: boolean;
  simTime: number;
  wallMs: number;
}

/** The traffic record of an observed message with the verdict gridtwin reached on it. */
export function observedRecord(
  msg: SeenMessage,
  direction: 'in' | 'out',
  verdict: string,
  extra: { client?: string; failures?: Array<{ rule: string; detail: string }> } = {},
): TrafficRecord {
  return {
    sim_time: msg.simTime / 1e6,
    wall_time: isoOf(msg.wallMs),
    direction,
    ...(extra.client ? { client: extra.client } : {}),
    topic: msg.topic,
    qos: msg.qos,
    retain: msg.retain,
    verdict,
    ...(extra.failures?.length ? { failures: extra.failures } : {}),
    payload: payloadText(msg.payload),
  };
}

/** Payload as text for the log: UTF-8 when it is, base64 (prefixed) when it is not. */
export function payloadText(payload: Buffer): string {
  return isUtf8(payload) ? payload.toString('utf8') : `base64:${payload.toString('base64')}`;
}

/** ISO time of a wall-clock ms; a burst of messages observed in the same millisecond shares one. */
let lastMs = NaN;
let lastIso = '';
function isoOf(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
