// Cloud→device messages (devices/{device_id}/messages/devicebound/…): portfolio management signals
// and schedule-signals. checkCloudToDevice is what a device runs on every payload it receives:
// size before decoding (OE-SIZE-002), UTF-8 JSON (OE-JSON-001), then each message of a batch on its
// own — a bad element is rejected alone. A message is acted on only if all its checks passed.
// encodeSignal / encodeScheduleSignal write the spec's shape for gridtwin's reference portfolio
// manager. Times are UNIX ms.
import type { Check, Parsing } from './check.ts';
import {
  entityProblem, field, has, isObj, MAX_AHEAD_MS, type Obj, type OeVariable, OE_VARIABLES, readVariable, show, timestampProblem, typeProblem,
  unknownVariable, Verdicts,
} from './c2d-fields.ts';
import { isValidZone, parseDateTime } from './iso8601.ts';
import { IntervalSchedule } from './schedule.ts';
import { readItems, readSchedule, type SignalPoint } from './signal-points.ts';

export { OE_DEFAULTS, OE_RANGES, OE_VARIABLES, type OeVariable } from './c2d-fields.ts';
export type { SignalPoint } from './signal-points.ts';

interface Addressed {
  /** UNIX ms: `timestamp`, or the lenient `generated_at`. */
  timestampMs: number;
  /** The receiving device's targeted entities, lower-cased, each once. */
  entities: string[];
  /** Targeted entities that are not this device's (ignored). */
  foreignEntities: string[];
}

export interface SignalMessage extends Addressed {
  kind: 'signal';
  /** Lower-cased. */
  type: string;
  points: SignalPoint[];
}

export interface ScheduleSignalMessage extends Addressed {
  kind: 'schedule-signal';
  /** The variables `type` sets (lenient `oe-multiply`: both multipliers). */
  variables: OeVariable[];
  schedule: IntervalSchedule<number>;
}

export type C2DMessage = SignalMessage | ScheduleSignalMessage;

export interface C2DResult {
  /** Position in the batch (0 for a single message). */
  index: number;
  accepted: boolean;
  /** Present when accepted. */
  message?: C2DMessage;
}

export interface C2DOptions {
  parsing: Parsing;
  /** max_command_size (O2). */
  maxBytes: number;
  /** UNIX ms at which the payload reached the device. */
  nowMs: number;
  /** IANA zone for offset-less datetimes (O7). */
  zone: string;
  /** The receiving device's entity codes (any case). */
  deviceEntities: ReadonlySet<string>;
}

const C2D_TOPICS = ['signals', 'schedule-signals'];
const D2C_TOPICS = ['readings', 'events', 'schedules'];

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Checks a cloud→device payload. Never throws on the payload (a bad `zone` option does). */
export function checkCloudToDevice(payload: Buffer, o: C2DOptions): { checks: Check[]; messages: C2DResult[] } {
  if (!isValidZone(o.zone)) throw new RangeError(`time zone ${JSON.stringify(o.zone)} is not an IANA zone name`);
  const checks: Check[] = [];
  const fail = (rule: string, detail: string) => {
    checks.push({ rule, ok: false, detail });
    return { checks, messages: [] };
  };
  if (payload.length > o.maxBytes) return fail('OE-SIZE-002', `${payload.length} bytes, more than the ${o.maxBytes} accepted (max_command_size); not parsed`);
  checks.push({ rule: 'OE-SIZE-002', ok: true });
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return fail('OE-JSON-001', 'not UTF-8: the payload has an invalid byte sequence');
  }
  if (text.charCodeAt(0) === 0xfeff) return fail('OE-JSON-001', 'starts with a byte-order mark (JSON text must not)');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return fail('OE-JSON-001', `not JSON: ${String((err as Error).message).slice(0, 160)}`);
  }
  if (Array.isArray(doc) && doc.length === 0) return fail('OE-JSON-001', 'an empty array: a batch holds at least one message');
  if (!Array.isArray(doc) && !isObj(doc)) return fail('OE-JSON-001', `${show(doc)}: not a JSON object or an array of objects`);
  const list: unknown[] = Array.isArray(doc) ? doc : [doc];
  const mine = new Set([...o.deviceEntities].map((e) => e.toLowerCase()));
  const messages = list.map((el, index): C2DResult => {
    const v = new Verdicts(checks, Array.isArray(doc) ? `element ${index}: ` : '');
    if (!isObj(el)) {
      v.record('OE-JSON-001', [`${show(el)}, not a JSON object`]);
      return { index, accepted: false };
    }
    v.record('OE-JSON-001', []);
    const message = checkMessage(el, v, o, mine);
    return !v.failed && message ? { index, accepted: true, message } : { index, accepted: false };
  });
  return { checks, messages };
}

function checkMessage(el: Obj, v: Verdicts, o: C2DOptions, mine: ReadonlySet<string>): C2DMessage | undefined {
  const topic = field(el, 'topic');
  if (typeof topic !== 'string' || !C2D_TOPICS.includes(topic)) {
    const why = typeof topic === 'string' && D2C_TOPICS.includes(topic) ? ', a device→cloud topic' : '';
    v.record('OE-MSG-001', [`topic ${show(topic)}${why}: a device receives "signals" or "schedule-signals"`]);
    return undefined;
  }
  v.record('OE-MSG-001', []);
  const signal = topic === 'signals';
  const body = signal ? 'items' : 'schedule';
  // Presence and container shapes (OE-SIG-001 / OE-SSIG-001).
  const missing: string[] = [];
  const lenientTime = o.parsing === 'lenient' && !has(el, 'timestamp') && has(el, 'generated_at');
  if (!has(el, 'timestamp') && !lenientTime) {
    const t = show(field(el, 'timestamp'));
    missing.push(has(el, 'generated_at') ? `timestamp is ${t} (generated_at is read only in lenient parsing)` : `timestamp is ${t}, not ms since the epoch`);
  }
  const entities = field(el, 'entities');
  if (!Array.isArray(entities) || entities.length === 0) {
    missing.push(`entities is ${show(entities)}, not a non-empty array${typeof entities === 'string' ? ` (wrap it: [${show(entities)}])` : ''}`);
  }
  if (!has(el, 'type')) missing.push(`type is ${show(field(el, 'type'))}, not a string`);
  const list = field(el, body);
  if (!Array.isArray(list) || list.length === 0) missing.push(`${body} is ${show(list)}, not a non-empty array`);
  // Envelope field types (OE-MSG-002/003) and addressing (OE-MSG-004), as far as present.
  const typed: string[] = [];
  if (Array.isArray(entities)) entities.forEach((e, i) => { const p = entityProblem(e, `entities[${i}]`); if (p) typed.push(p); });
  if (has(el, 'type')) { const p = typeProblem(field(el, 'type')); if (p) typed.push(p); }
  v.record('OE-MSG-002', typed);
  let timestampMs: number | undefined;
  if (lenientTime) {
    const g = field(el, 'generated_at');
    timestampMs = typeof g === 'string' ? parseDateTime(g, o.zone) : undefined;
    if (timestampMs === undefined) v.record('OE-MSG-003', [`generated_at ${show(g)} is not an ISO 8601 datetime (date and time)`]);
    else v.record('OE-MSG-003', timestampMs - o.nowMs > MAX_AHEAD_MS ? [`generated_at ${show(g)} is more than 1 day after receipt`] : []);
  } else if (has(el, 'timestamp')) {
    const t = field(el, 'timestamp');
    const p = timestampProblem(t, o.nowMs);
    v.record('OE-MSG-003', p ? [p] : []);
    if (!p) timestampMs = (t as number) === 0 ? 0 : (t as number);
  }
  const own = new Set<string>();
  const foreign = new Set<string>();
  if (Array.isArray(entities) && entities.length > 0) {
    for (const e of entities) {
      if (typeof e !== 'string' || entityProblem(e, '')) continue;
      const lower = e.toLowerCase();
      (mine.has(lower) ? own : foreign).add(lower);
    }
    const names = [...mine].slice(0, 5).join(', ') + (mine.size > 5 ? ', …' : '');
    v.record('OE-MSG-004', own.size > 0 ? [] : [`none of the ${entities.length} targeted entities is this device's (${names})`]);
  }
  const zone = o.zone;
  if (signal) {
    v.record('OE-SIG-001', missing);
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const r = readItems(list, o.parsing, zone);
    v.record('OE-SIG-002', r.shape);
    v.record('OE-SIG-003', r.order);
    v.record('OE-SIG-004', r.safe);
    v.record('OE-SIG-005', r.range);
    v.record('OE-SIG-006', r.known);
    if (v.failed || timestampMs === undefined) return undefined;
    const type = (field(el, 'type') as string).toLowerCase();
    return { kind: 'signal', timestampMs, entities: [...own], foreignEntities: [...foreign], type, points: r.points };
  }
  const typeValue = field(el, 'type');
  const variables = readVariable(typeof typeValue === 'string' ? typeValue.toLowerCase() : typeValue, o.parsing);
  if (has(el, 'type')) v.record('OE-SIG-006', variables ? [] : [`type (the variable set) ${unknownVariable(typeValue, o.parsing)}`]);
  const r = Array.isArray(list) && list.length > 0 ? readSchedule(list, variables ?? [], o.parsing, zone) : undefined;
  v.record('OE-SSIG-001', [...missing, ...(r?.shape ?? [])]);
  if (r) v.record('OE-SIG-005', r.range);
  if (v.failed || !r || !variables || timestampMs === undefined) return undefined;
  return {
    kind: 'schedule-signal', timestampMs, entities: [...own], foreignEntities: [...foreign], variables: [...variables],
    schedule: new IntervalSchedule(r.intervals, zone),
  };
}

/** A signal as the reference portfolio manager sends it; start_at in UTC with milliseconds. */
export function encodeSignal(s: { timestampMs: number; entities: string[]; type: string; points: SignalPoint[] }): string {
  return JSON.stringify({
    topic: 'signals',
    timestamp: s.timestampMs,
    entities: s.entities,
    type: s.type,
    items: s.points.map((p) => ({
      start_at: new Date(p.atMs).toISOString(),
      values: OE_VARIABLES.filter((name) => p.values[name] !== undefined).map((name) => ({ variable: name, value: p.values[name] })),
    })),
  });
}

/** A schedule-signal for one variable; spans and repeats are ISO 8601 text as they go on the wire. */
export function encodeScheduleSignal(s: {
  timestampMs: number;
  entities: string[];
  variable: OeVariable;
  schedule: { span: string | null; repeat: string | null; value: number }[];
}): string {
  return JSON.stringify({
    topic: 'schedule-signals',
    timestamp: s.timestampMs,
    entities: s.entities,
    type: s.variable,
    schedule: s.schedule.map((iv) => ({ span: iv.span, repeat: iv.repeat, value: iv.value })),
  });
}
