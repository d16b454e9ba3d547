// Where two runs part ways. When the run hashes differ, the earliest simulation time at which they
// differ is found by walking both traffic logs and both time series in step (streamed: a 24 h run's
// files are not held in memory).
//
// What counts as a difference: the run hash (sim/scoring/run-hash.ts) covers every message's
// content without its signature, every inbound verdict and every window's model state. So a
// message is compared on sim_time, direction, client, topic, QoS, retain, verdict and payload — with
// the JWS signature segment of compact JWS strings removed (ECDSA signatures are randomised: two
// identical runs sign the same content differently) — and never on wall_time. A time-series row is
// compared column by column (the CSV holds rounded window values; equal rows can hide sub-rounding
// differences, which then show in the traffic or nowhere).
import { openLines } from '../read-lines.ts';

export interface MessageDivergence {
  kind: 'message';
  /** Simulation time (s) of the first differing message: the earlier of the two. */
  t_s: number;
  index: number;
  a?: Record<string, unknown>;
  b?: Record<string, unknown>;
  /** Fields that differ (after normalisation). */
  fields: string[];
}

export interface RowDivergence {
  kind: 'timeseries';
  t_s: number;
  /** Columns whose values differ in that row, with both values. */
  columns: Array<{ name: string; a?: string; b?: string }>;
  /** Set when the files do not even share their header. */
  headerDiffers?: boolean;
}

export type Divergence = MessageDivergence | RowDivergence;

// A compact JWS: the protected header is base64url JSON, so it starts with "eyJ" (`{"`); plain dotted
// strings such as "1.0.2" are left alone.
const JWS = /^(eyJ[A-Za-z0-9_-]*)\.([A-Za-z0-9_-]*)\.[A-Za-z0-9_-]+$/;

/** A traffic record as compared: no wall clock, no signatures. */
export function normaliseMessage(rec: Record<string, unknown>): Record<string, unknown> {
  const { wall_time: _wall, ...rest } = rec;
  if (typeof rest.payload === 'string') rest.payload = stripSignatures(rest.payload);
  return rest;
}

function stripSignatures(payload: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return payload;
  }
  return strip(value);
}

function strip(v: unknown): unknown {
  if (typeof v === 'string') {
    const m = JWS.exec(v);
    return m ? `${m[1]}.${m[2]}.<signature>` : v;
  }
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
  return v;
}

/** `key`, or `key.member` for each differing member when both are objects (one level: enough to say "payload.id"). */
function differing(key: string, x: unknown, y: unknown): string[] {
  if (JSON.stringify(x) === JSON.stringify(y)) return [];
  if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
    const ox = x as Record<string, unknown>;
    const oy = y as Record<string, unknown>;
    return [...new Set([...Object.keys(ox), ...Object.keys(oy)])].filter((m) => JSON.stringify(ox[m]) !== JSON.stringify(oy[m])).map((m) => `${key}.${m}`);
  }
  return [key];
}

async function* records(path: string | undefined): AsyncGenerator<Record<string, unknown>> {
  const lines = path ? await openLines(path) : undefined;
  if (!lines) return;
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as Record<string, unknown>;
    } catch {
      yield { unreadable_line: line.slice(0, 200) };
    }
  }
}

export async function firstMessageDivergence(pathA?: string, pathB?: string): Promise<MessageDivergence | undefined> {
  const ia = records(pathA);
  const ib = records(pathB);
  for (let index = 0; ; index++) {
    const [ra, rb] = await Promise.all([ia.next(), ib.next()]);
    if (ra.done && rb.done) return undefined;
    const a = ra.done ? undefined : normaliseMessage(ra.value);
    const b = rb.done ? undefined : normaliseMessage(rb.value);
    const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])];
    const fields = a && b ? keys.flatMap((k) => differing(k, a[k], b[k])) : keys;
    if (fields.length > 0) {
      await Promise.all([ia.return(undefined), ib.return(undefined)]);
      const ta = Number(a?.sim_time ?? Infinity);
      const tb = Number(b?.sim_time ?? Infinity);
      return { kind: 'message', t_s: Math.min(ta, tb), index, a, b, fields };
    }
  }
}

async function* rows(path: string | undefined): AsyncGenerator<string[]> {
  const lines = path ? await openLines(path) : undefined;
  if (!lines) return;
  for await (const line of lines) if (line) yield line.split(',');
}

export async function firstRowDivergence(pathA?: string, pathB?: string): Promise<RowDivergence | undefined> {
  const ia = rows(pathA);
  const ib = rows(pathB);
  const [ha, hb] = await Promise.all([ia.next(), ib.next()]);
  if (ha.done || hb.done) return undefined; // nothing to compare on one side
  const headA = ha.value;
  const headB = hb.value;
  const shared = headA.filter((c) => c !== 'time_s' && headB.includes(c));
  const headerDiffers = headA.join() !== headB.join();
  const time = headA.indexOf('time_s');
  for (;;) {
    const [ra, rb] = await Promise.all([ia.next(), ib.next()]);
    if (ra.done && rb.done) return headerDiffers ? { kind: 'timeseries', t_s: 0, columns: [], headerDiffers } : undefined;
    const a = ra.done ? undefined : ra.value;
    const b = rb.done ? undefined : rb.value;
    const t = Number((a ?? b)![time]);
    const columns = shared
      .map((name) => ({ name, a: a?.[headA.indexOf(name)], b: b?.[headB.indexOf(name)] }))
      .filter((c) => c.a !== c.b);
    if (columns.length > 0 || !a || !b) {
      await Promise.all([ia.return(undefined), ib.return(undefined)]);
      return { kind: 'timeseries', t_s: t, columns, headerDiffers: headerDiffers || undefined };
    }
  }
}

/** The earlier of the first differing message and the first differing time-series row. */
export async function firstDivergence(a: { trafficPath?: string; timeseriesPath?: string }, b: { trafficPath?: string; timeseriesPath?: string }): Promise<{ first?: Divergence; message?: MessageDivergence; row?: RowDivergence }> {
  const [message, row] = await Promise.all([firstMessageDivergence(a.trafficPath, b.trafficPath), firstRowDivergence(a.timeseriesPath, b.timeseriesPath)]);
  const first = message && row ? (row.t_s < message.t_s ? row : message) : (message ?? row);
  return { first, message, row };
}
