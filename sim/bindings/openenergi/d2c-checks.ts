// Conformance checks on a device→cloud payload (message format 2.0.0: "Serialization",
// "Validation", "Message Types"). They run on gridtwin's own messages and on anybody else's device
// traffic, so any input — deep nesting, huge batches, "__proto__" keys, strings for numbers, 1e400,
// seconds for milliseconds — gives failed checks with a detail saying what to fix, never a throw.
// Each rule is judged once per payload, over the elements it applies to: it fails if any element
// fails it (the detail names the first and counts the rest) and is left out when none applies
// (the report shows it "not exercised").
import type { Check } from './check.ts';
import type { D2CMessage, OeInterval } from './d2c-codec.ts';
import { parseDateTime, parseDuration, parseSpan } from './iso8601.ts';

/** The bus rejects a device→cloud message over 256 KB ("Failure Modes"). */
export const MAX_D2C_BYTES = 262_144;
/** A `timestamp` more than this ahead of the receipt fails OE-MSG-003 (gridtwin's allowance). */
export const MAX_FUTURE_MS = 86_400_000;
/** Integers below this are taken for UNIX seconds (1e11 ms is March 1973; 1e11 s the year 5138). */
const SECONDS_BELOW = 1e11;

export function isKwType(type: string): boolean {
  const t = type.toLowerCase();
  return t === 'power' || t.startsWith('availability-ffr-') || t.startsWith('response-ffr-');
}

/** Availability and response readings are amounts: never negative. */
export function isAmountType(type: string): boolean {
  const t = type.toLowerCase();
  return t.startsWith('availability-ffr-') || t.startsWith('response-ffr-');
}

type Obj = Record<string, unknown>;
/** A member the element itself has (never one inherited from Object.prototype, e.g. "toString"). */
const own = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
const has = (o: Obj, k: string): boolean => Object.hasOwn(o, k);
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A short, safe description of any JSON value (no recursion: nesting can be 100k deep). */
function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}
const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** What one rule made of one element: a failure text, undefined (passed) or null (not applicable). */
type Verdict = string | undefined | null;

interface Ctx {
  nowMs: number;
  zone: string;
  entities: ReadonlySet<string>;
  /** Entity codes lower-cased: entities are case-insensitive. */
  lower: ReadonlySet<string>;
  /** ISO 8601 parse results by text: a hostile batch repeating one span costs one parse. */
  memo: Map<string, boolean>;
}

const TOPICS = ['readings', 'events', 'schedules'];

function topicRule(o: Obj): Verdict {
  if (!has(o, 'topic')) return 'no topic (readings, events or schedules)';
  const t = own(o, 'topic');
  if (typeof t !== 'string') return `topic is ${kind(t)}, not a string`;
  if (TOPICS.includes(t)) return undefined;
  if (TOPICS.includes(t.toLowerCase())) return `topic ${show(t)} must be lower case`;
  if (t === 'signals' || t === 'schedule-signals') return `topic ${show(t)} is a cloud→device topic; a device sends readings, events or schedules`;
  return `topic ${show(t)} is not readings, events or schedules`;
}

function codeRule(o: Obj, field: string, max: number): string | undefined {
  if (!has(o, field)) return `no ${field}`;
  const v = own(o, field);
  if (typeof v !== 'string') return `${field} is ${kind(v)}, not a string`;
  const n = [...v].length;
  if (n === 0) return `${field} is empty`;
  return n > max ? `${field} ${show(v)} has ${n} characters (at most ${max})` : undefined;
}

const nameRule = (o: Obj): Verdict => codeRule(o, 'entity', 10) ?? codeRule(o, 'type', 64);

/** Only readings and events carry a timestamp (the schedule table has none). */
function timestampRule(o: Obj, c: Ctx): Verdict {
  const t = own(o, 'topic');
  if (t !== 'readings' && t !== 'events') return null;
  if (!has(o, 'timestamp')) return 'no timestamp (integer ms since the epoch)';
  const v = own(o, 'timestamp');
  if (typeof v !== 'number') return `timestamp is ${kind(v)}${typeof v === 'string' ? ` (${show(v)})` : ''}; it must be a JSON integer of ms since the epoch`;
  if (!Number.isSafeInteger(v)) return `timestamp ${v} is not an integer of ms since the epoch`;
  if (v <= 0) return `timestamp ${v} is not after the epoch`;
  if (v < SECONDS_BELOW) return `timestamp ${v} looks like UNIX seconds; the spec wants milliseconds (${v * 1000})`;
  const ahead = v - c.nowMs;
  if (ahead > MAX_FUTURE_MS) return `timestamp ${v} is ${(ahead / 3_600_000).toFixed(1)} h ahead of its receipt (at most 24 h; clocks must be NTP-synchronised)`;
  return undefined;
}

/** Whether the timestamp has the right type (a wrong type is dropped at ingestion; a late or early one is stored). */
const timestampTyped = (o: Obj): boolean => Number.isSafeInteger(own(o, 'timestamp'));

function entityRule(o: Obj, c: Ctx): Verdict {
  const e = own(o, 'entity');
  if (typeof e !== 'string' || codeRule(o, 'entity', 10) !== undefined) return null; // OE-MSG-002's failure
  if (c.entities.has(e) || c.lower.has(e.toLowerCase())) return undefined;
  const list = [...c.entities].slice(0, 6).join(', ');
  return `entity ${show(e)} is not one of the publishing device's entities (${list || 'none'})`;
}

function memoParse(c: Ctx, key: string, parse: () => boolean): boolean {
  let ok = c.memo.get(key);
  if (ok === undefined) {
    ok = parse();
    c.memo.set(key, ok);
  }
  return ok;
}

/** `created_at`: null, absent or an ISO 8601 datetime (readings and events share the field). */
function createdAtProblem(o: Obj, c: Ctx): string | undefined {
  const v = own(o, 'created_at');
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return `created_at is ${kind(v)}; it must be an ISO 8601 datetime string or null`;
  const ok = memoParse(c, `t:${v}`, () => parseDateTime(v, c.zone) !== undefined);
  return ok ? undefined : `created_at ${show(v)} is not an ISO 8601 datetime (e.g. 2016-12-25T12:00:00.000Z)`;
}

function readingRule(o: Obj, c: Ctx): Verdict {
  if (own(o, 'topic') !== 'readings') return null;
  if (!has(o, 'value')) return 'no value';
  const v = own(o, 'value');
  if (typeof v !== 'number') return `value is ${kind(v)}${typeof v === 'string' ? ` (${show(v)})` : ''}; a reading's value is a JSON number`;
  if (!Number.isFinite(v)) return 'value is not a finite number (a literal such as 1e400 overflows)';
  return createdAtProblem(o, c);
}

function kwRule(o: Obj): Verdict {
  const type = own(o, 'type');
  const v = own(o, 'value');
  if (own(o, 'topic') !== 'readings' || typeof type !== 'string' || !isKwType(type) || typeof v !== 'number' || !Number.isFinite(v)) return null;
  // 1e-6 of a tenth absorbs the binary noise of a value such as 0.30000000000000004.
  if (Math.abs(v * 10 - Math.round(v * 10)) > 1e-6) return `${type} ${v} is not kW rounded to the nearest 100 W (a multiple of 0.1)`;
  if (v < 0 && isAmountType(type)) return `${type} ${v} is negative; availability and response are amounts (≥ 0)`;
  return undefined;
}

function eventRule(o: Obj, c: Ctx): Verdict {
  if (own(o, 'topic') !== 'events') return null;
  if (!has(o, 'level')) return 'no level (0 DEBUG, 1 INFO, 2 WARN, 3 ERROR)';
  const l = own(o, 'level');
  if (typeof l !== 'number' || !Number.isInteger(l) || l < 0 || l > 3) return `level ${show(l)} is not an integer 0–3 (0 DEBUG, 1 INFO, 2 WARN, 3 ERROR)`;
  const v = own(o, 'value');
  if (v !== undefined && v !== null && typeof v !== 'string') return `value is ${kind(v)}; an event's value is a string or null${typeof v === 'number' ? ` ("${v}", not ${v})` : ''}`;
  return createdAtProblem(o, c);
}

function switchRule(o: Obj): Verdict {
  const type = own(o, 'type');
  if (own(o, 'topic') !== 'events' || typeof type !== 'string') return null;
  const t = type.toLowerCase();
  if (t !== 'switch-ffr-start' && t !== 'switch-ffr-end') return null;
  const l = own(o, 'level');
  if (l !== 1) return `${t} has level ${show(l)}; switch requests are level 1 (INFO)`;
  const v = own(o, 'value');
  if (t === 'switch-ffr-start' && v !== '1' && v !== '-1') return `switch-ffr-start value ${show(v)} must be the string "1" (high) or "-1" (low)`;
  if (t === 'switch-ffr-end' && v !== undefined && v !== null) return `switch-ffr-end has value ${show(v)}; it is sent with no value`;
  return undefined;
}

function intervalProblem(iv: unknown, k: number, c: Ctx): string | undefined {
  const at = `schedule[${k}]`;
  if (!isObj(iv)) return `${at} is ${kind(iv)}, not an interval {span, repeat, value}`;
  const span = own(iv, 'span');
  const repeat = own(iv, 'repeat');
  if (span !== undefined && span !== null) {
    if (typeof span !== 'string') return `${at}.span is ${kind(span)}; it is an ISO 8601 interval string or null`;
    if (!memoParse(c, `s:${span}`, () => parseSpan(span, c.zone) !== undefined)) return `${at}.span ${show(span)} is not an ISO 8601 interval (start/duration, e.g. 2016-W01-1T00:00:00/P1D)`;
  }
  if (repeat !== undefined && repeat !== null) {
    if (typeof repeat !== 'string') return `${at}.repeat is ${kind(repeat)}; it is an ISO 8601 duration string or null`;
    const ok = memoParse(c, `d:${repeat}`, () => {
      const d = parseDuration(repeat);
      return d !== undefined && d.toMillis() > 0;
    });
    if (!ok) return `${at}.repeat ${show(repeat)} is not a positive ISO 8601 duration (e.g. P1W)`;
    if (span === undefined || span === null) return `${at} has a repeat but no span: there is nothing to repeat`;
  }
  if (!has(iv, 'value')) return `${at} has no value (null is allowed; absent is not)`;
  return undefined;
}

function scheduleRule(o: Obj, c: Ctx): Verdict {
  if (own(o, 'topic') !== 'schedules') return null;
  if (!has(o, 'schedule')) return 'no schedule (an array of intervals)';
  const s = own(o, 'schedule');
  if (!Array.isArray(s)) return `schedule is ${kind(s)}, not an array of intervals`;
  if (s.length === 0) return 'schedule is empty; it needs at least one interval';
  for (let k = 0; k < s.length; k++) {
    const why = intervalProblem(s[k], k, c);
    if (why) return why;
  }
  return undefined;
}

const RULES: ReadonlyArray<[string, (o: Obj, c: Ctx) => Verdict]> = [
  ['OE-MSG-001', topicRule],
  ['OE-MSG-002', nameRule],
  ['OE-MSG-003', timestampRule],
  ['OE-MSG-004', entityRule],
  ['OE-READ-001', readingRule],
  ['OE-READ-002', kwRule],
  ['OE-EVT-001', eventRule],
  ['OE-EVT-002', switchRule],
  ['OE-SCH-001', scheduleRule],
];
/** Failing these means the ingest drops the element ("Validation": not JSON, a mandatory field missing or null, a wrong type). */
const DROPPING = new Set(['OE-MSG-001', 'OE-MSG-002', 'OE-READ-001', 'OE-EVT-001', 'OE-SCH-001']);

function toMessage(o: Obj): D2CMessage {
  const head = { entity: own(o, 'entity') as string, type: own(o, 'type') as string };
  const topic = own(o, 'topic');
  if (topic === 'readings') {
    const createdAt = own(o, 'created_at');
    return { topic, ...head, timestampMs: own(o, 'timestamp') as number, value: own(o, 'value') as number, ...(typeof createdAt === 'string' ? { createdAt } : {}) };
  }
  if (topic === 'events') {
    const value = own(o, 'value') as string | null | undefined;
    return { topic, ...head, timestampMs: own(o, 'timestamp') as number, level: own(o, 'level') as 0 | 1 | 2 | 3, ...(value !== undefined ? { value } : {}) };
  }
  const schedule = (own(o, 'schedule') as Obj[]).map((iv): OeInterval => ({ span: (own(iv, 'span') as string | undefined) ?? null, repeat: (own(iv, 'repeat') as string | undefined) ?? null, value: own(iv, 'value') }));
  return { topic: 'schedules', ...head, schedule };
}

function decodeUtf8(payload: Uint8Array): string | Error {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch (err) {
    return err as Error;
  }
}

/**
 * Checks a device→cloud payload received at `nowMs` (UNIX ms) from the device owning
 * `deviceEntities`. `items` are the elements the ingest would store: the well-typed ones, whatever
 * their business-rule checks (the spec stores those "for later remediation": a foreign entity,
 * availability too high, a bad timestamp of the right type); elements failing a type rule are left
 * out. Offset-less datetimes and spans are read in `zone` (IANA).
 */
export function checkDeviceToCloud(payload: Buffer, o: { nowMs: number; zone: string; deviceEntities: ReadonlySet<string> }): { checks: Check[]; items: D2CMessage[] } {
  const checks: Check[] = [];
  // The bus rejects it unread ("Failure Modes"), so nothing further is judged.
  if (payload.length > MAX_D2C_BYTES) {
    checks.push({ rule: 'OE-SIZE-001', ok: false, detail: `${payload.length} bytes; the bus rejects a message over ${MAX_D2C_BYTES} bytes (256 KB): send smaller batches` });
    return { checks, items: [] };
  }
  checks.push({ rule: 'OE-SIZE-001', ok: true });
  const text = decodeUtf8(payload);
  let doc: unknown;
  try {
    if (text instanceof Error) throw new Error(`not UTF-8 (${text.message})`);
    doc = JSON.parse(text);
  } catch (err) {
    checks.push({ rule: 'OE-JSON-001', ok: false, detail: `not JSON: ${(err as Error).message}` });
    return { checks, items: [] };
  }
  const list: unknown[] = Array.isArray(doc) ? doc : [doc];
  const bad = list.findIndex((x) => !isObj(x));
  if (list.length === 0 || bad >= 0) {
    const why = list.length === 0 ? 'an empty array (a batch holds at least one message)' : Array.isArray(doc) ? `batch element ${bad} is ${kind(list[bad])}, not a message object` : `${kind(doc)}, not a message object or an array of them`;
    checks.push({ rule: 'OE-JSON-001', ok: false, detail: why });
    return { checks, items: [] };
  }
  checks.push({ rule: 'OE-JSON-001', ok: true });
  const elements = list as Obj[];
  const c: Ctx = { nowMs: o.nowMs, zone: o.zone, entities: o.deviceEntities, lower: new Set([...o.deviceEntities].map((e) => e.toLowerCase())), memo: new Map() };
  const stored = elements.map(() => true);
  for (const [rule, judge] of RULES) {
    let applied = 0;
    let failed = 0;
    let first = '';
    for (let k = 0; k < elements.length; k++) {
      const v = judge(elements[k], c);
      if (v === null) continue;
      applied++;
      if (v === undefined) continue;
      if (failed++ === 0) first = elements.length > 1 ? `item ${k}: ${v}` : v;
      if (DROPPING.has(rule)) stored[k] = false;
    }
    if (rule === 'OE-MSG-003') for (let k = 0; k < elements.length; k++) if (stored[k] && own(elements[k], 'topic') !== 'schedules' && !timestampTyped(elements[k])) stored[k] = false;
    if (applied === 0) continue;
    checks.push(failed === 0 ? { rule, ok: true } : { rule, ok: false, detail: failed > 1 ? `${first} (and ${failed - 1} more)` : first });
  }
  return { checks, items: elements.filter((_, k) => stored[k]).map(toMessage) };
}
