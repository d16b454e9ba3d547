// Powernaut telemetry on the wire: `{"value": W, "soc": Wh, "time": UNIX s}`, integers only, one
// object per message or a JSON array of them when a device sends a backlog. The checks here run on
// every data message in either direction (gridtwin's own devices and anybody else's).
import type { Micros } from '../../time.ts';

export interface Reading {
  /** The 4 s slot the reading closes (simulation time). */
  slot: Micros;
  /** W, consumption positive. */
  value: number;
  /** Wh (resources with storage). */
  soc?: number;
  /** UNIX seconds of the measurement. */
  time?: number;
}

export interface Check {
  rule: string;
  ok: boolean;
  detail?: string;
}

const member = (r: Reading): string =>
  `{"value":${Math.round(r.value)}${r.soc !== undefined ? `,"soc":${Math.round(r.soc)}` : ''}${r.time !== undefined ? `,"time":${r.time}` : ''}}`;

/** One reading as an object, several as an array (oldest first). */
export function encodeReadings(readings: Reading[]): string {
  return readings.length === 1 ? member(readings[0]) : `[${readings.map(member).join(',')}]`;
}

/** Largest accepted time ahead of the broker clock (P3). */
export const FUTURE_TOLERANCE_MS = 5_000;
/** The spec's limit on the age of `time`. */
export const MAX_AGE_MS = 60_000;

export interface ParsedItem {
  value: number;
  soc?: number;
  time?: number;
}

/**
 * Checks a data payload received at `nowMs` (UNIX ms, the broker's view). Each rule is judged once
 * per message: it fails if any item of a batch fails it (the detail names the first).
 */
export function checkTelemetry(payload: Buffer, opts: { nowMs: number; needsSoc: boolean }): { checks: Check[]; items: ParsedItem[] } {
  const checks: Check[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    checks.push({ rule: 'PN-DATA-001', ok: false, detail: `not JSON: ${(err as Error).message}` });
    return { checks, items: [] };
  }
  const list = Array.isArray(doc) ? doc : [doc];
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (list.length === 0 || !list.every(isObj)) {
    checks.push({ rule: 'PN-DATA-001', ok: false, detail: list.length === 0 ? 'an empty array' : 'not an object or an array of objects' });
    return { checks, items: [] };
  }
  checks.push({ rule: 'PN-DATA-001', ok: true });
  const first = (rule: string, bad: (o: Record<string, unknown>) => string | undefined): void => {
    for (const [k, o] of list.entries()) {
      const why = bad(o);
      if (why) {
        checks.push({ rule, ok: false, detail: list.length > 1 ? `item ${k}: ${why}` : why });
        return;
      }
    }
    checks.push({ rule, ok: true });
  };
  const int = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v);
  first('PN-DATA-002', (o) => (!('value' in o) ? 'no value' : int(o.value) ? undefined : `value ${JSON.stringify(o.value)} is not an integer (W)`));
  first('PN-DATA-003', (o) => {
    if (!('soc' in o)) return opts.needsSoc ? 'no soc for a resource with storage' : undefined;
    return int(o.soc) && (o.soc as number) >= 0 ? undefined : `soc ${JSON.stringify(o.soc)} is not a non-negative integer (Wh)`;
  });
  first('PN-DATA-004', (o) => {
    if (!('time' in o)) return undefined;
    if (!int(o.time) || (o.time as number) <= 0) return `time ${JSON.stringify(o.time)} is not an integer UNIX timestamp`;
    return (o.time as number) > 1e11 ? `time ${o.time} looks like milliseconds; the spec wants UNIX seconds` : undefined;
  });
  first('PN-DATA-005', (o) => {
    if (!int(o.time) || (o.time as number) > 1e11) return undefined; // no (valid) time: the broker's time is used
    const age = opts.nowMs - (o.time as number) * 1000;
    if (age > MAX_AGE_MS) return `time is ${(age / 1000).toFixed(1)} s old (more than 1 minute)`;
    if (-age > FUTURE_TOLERANCE_MS) return `time is ${(-age / 1000).toFixed(1)} s in the future`;
    return undefined;
  });
  const items = list.map((o) => ({
    value: o.value as number,
    ...(typeof o.soc === 'number' ? { soc: o.soc } : {}),
    ...(typeof o.time === 'number' ? { time: o.time } : {}),
  }));
  return { checks, items };
}
