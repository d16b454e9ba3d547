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
 * per message: it fails if any item of a batch fails it (the detail names the first). Runs on every
 * message of a fleet, so the rules are module-level functions, not closures made per message.
 */
export function checkTelemetry(payload: Buffer, opts: TelemetryCheckOptions): { checks: Check[]; items: ParsedItem[] } {
  const checks: Check[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    checks.push({ rule: 'PN-DATA-001', ok: false, detail: `not JSON: ${(err as Error).message}` });
    return { checks, items: [] };
  }
  const list = (Array.isArray(doc) ? doc : [doc]) as Array<Record<string, unknown>>;
  if (list.length === 0 || !list.every(isObj)) {
    checks.push({ rule: 'PN-DATA-001', ok: false, detail: list.length === 0 ? 'an empty array' : 'not an object or an array of objects' });
    return { checks, items: [] };
  }
  checks.push({ rule: 'PN-DATA-001', ok: true });
  checks.push(firstFailure('PN-DATA-002', list, badValue, opts));
  checks.push(firstFailure('PN-DATA-003', list, badSoc, opts));
  checks.push(firstFailure('PN-DATA-004', list, badTime, opts));
  checks.push(firstFailure('PN-DATA-005', list, badAge, opts));
  const items: ParsedItem[] = new Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const o = list[k];
    const item: ParsedItem = { value: o.value as number };
    if (typeof o.soc === 'number') item.soc = o.soc;
    if (typeof o.time === 'number') item.time = o.time;
    items[k] = item;
  }
  return { checks, items };
}

export interface TelemetryCheckOptions {
  nowMs: number;
  needsSoc: boolean;
}

type ItemRule = (o: Record<string, unknown>, opts: TelemetryCheckOptions) => string | undefined;

function isObj(x: unknown): boolean {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function firstFailure(rule: string, list: Array<Record<string, unknown>>, bad: ItemRule, opts: TelemetryCheckOptions): Check {
  for (let k = 0; k < list.length; k++) {
    const why = bad(list[k], opts);
    if (why) return { rule, ok: false, detail: list.length > 1 ? `item ${k}: ${why}` : why };
  }
  return { rule, ok: true };
}

function badValue(o: Record<string, unknown>): string | undefined {
  return !('value' in o) ? 'no value' : isInt(o.value) ? undefined : `value ${JSON.stringify(o.value)} is not an integer (W)`;
}

function badSoc(o: Record<string, unknown>, opts: TelemetryCheckOptions): string | undefined {
  if (!('soc' in o)) return opts.needsSoc ? 'no soc for a resource with storage' : undefined;
  return isInt(o.soc) && (o.soc as number) >= 0 ? undefined : `soc ${JSON.stringify(o.soc)} is not a non-negative integer (Wh)`;
}

function badTime(o: Record<string, unknown>): string | undefined {
  if (!('time' in o)) return undefined;
  if (!isInt(o.time) || (o.time as number) <= 0) return `time ${JSON.stringify(o.time)} is not an integer UNIX timestamp`;
  return (o.time as number) > 1e11 ? `time ${o.time} looks like milliseconds; the spec wants UNIX seconds` : undefined;
}

function badAge(o: Record<string, unknown>, opts: TelemetryCheckOptions): string | undefined {
  if (!isInt(o.time) || (o.time as number) > 1e11) return undefined; // no (valid) time: the broker's time is used
  const age = opts.nowMs - (o.time as number) * 1000;
  if (age > MAX_AGE_MS) return `time is ${(age / 1000).toFixed(1)} s old (more than 1 minute)`;
  if (-age > FUTURE_TOLERANCE_MS) return `time is ${(-age / 1000).toFixed(1)} s in the future`;
  return undefined;
}
