// Conformance rules for a received DSX envelope (Power Management 1.7.0, "CloudEvents Message
// Format"; AsyncAPI BaseCloudEvent). Each rule yields one Check, passed or failed, so the report can
// count passes as well as failures; a rule whose input is missing is skipped, not double-reported
// (an absent `id` fails DSX-ENV-002 only, never DSX-ENV-004 too). The JWS in `data` is checked
// separately (jws.ts), and the envelope schema by the AsyncAPI validator.
import { createHash } from 'node:crypto';
import { parseRfc3339 } from './rfc3339.ts';
import { parseSource, type DsxRole } from './source.ts';
import { parseTraceparent, parseTracestate } from './traceparent.ts';

export interface Check {
  rule: string;
  ok: boolean;
  detail?: string;
}

/**
 * How strictly `time` must be UTC (DSX-ENV-006): 'Z' (default) requires the `Z` designator; 'utc'
 * also accepts `+00:00`; 'any' accepts any offset. ISO 8601 ∩ RFC 3339 holds in every mode.
 */
export type TimeZoneRule = 'Z' | 'utc' | 'any';

export interface EnvelopeCheckContext {
  /** Event type of the channel the message arrived on, e.g. `grid.loadtarget.set.v1`. */
  expectedType: string;
  /** Role and identifier taken from the topic. */
  topicRole: DsxRole;
  topicIdentifier: string;
  /** The profile's specversion ("1.0.2" or "1.0"). */
  specversion: string;
  /**
   * Events seen so far, per source + id (DSX-ENV-010). With a Set, any repeat fails. With a Map the
   * value is a digest of the event, and a repeat with identical content passes as a redelivery
   * (CloudEvents: "If a duplicate event is re-sent ... it MAY have the same id"; MQTT QoS 1 resends).
   */
  seenIds: Set<string> | Map<string, string>;
  timeZone?: TimeZoneRule;
}

export const REQUIRED_ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'subject', 'traceparent'] as const;

/** RFC 9562 version 4, variant 10xx; hex is case-insensitive on input (RFC 9562 §4). */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const show = (v: string) => JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
const check = (rule: string, ok: boolean, detail?: string): Check => (detail === undefined ? { rule, ok } : { rule, ok, detail });
/** A check whose failure detail is only built when it fails (this runs on every message). */
const verdict = (rule: string, ok: boolean, why: () => string): Check => (ok ? { rule, ok } : { rule, ok, detail: why() });

export function checkDsxEnvelope(obj: unknown, ctx: EnvelopeCheckContext): Check[] {
  if (!isObject(obj)) return [check('DSX-ENV-001', false, `payload is a JSON ${jsonType(obj)}, not an object`)];
  const out: Check[] = [check('DSX-ENV-001', true)];

  // DSX-ENV-002: the attributes later rules read. `usable` holds those that passed.
  const usable: Partial<Record<(typeof REQUIRED_ATTRIBUTES)[number], string>> = {};
  const missing: string[] = [];
  for (const name of REQUIRED_ATTRIBUTES) {
    const v = obj[name];
    if (typeof v === 'string' && v.length > 0) usable[name] = v;
    else missing.push(v === undefined ? `${name} missing` : v === '' ? `${name} empty` : `${name} is ${jsonType(v)}, not a string`);
  }
  out.push(check('DSX-ENV-002', missing.length === 0, missing.length ? missing.join('; ') : undefined));

  const { specversion, id, source, type, time, datacontenttype, traceparent } = usable;
  if (specversion !== undefined) {
    const ok = specversion === ctx.specversion;
    out.push(verdict('DSX-ENV-003', ok, () => `specversion ${show(specversion)}; the profile expects ${show(ctx.specversion)}`));
  }
  if (id !== undefined) out.push(verdict('DSX-ENV-004', UUID_V4.test(id), () => `id ${show(id)} is not a UUIDv4`));
  if (source !== undefined) out.push(sourceCheck(source, ctx));
  if (time !== undefined) out.push(timeCheck(time, ctx.timeZone ?? 'Z'));
  if (datacontenttype !== undefined) {
    const ok = datacontenttype === 'application/json';
    out.push(verdict('DSX-ENV-007', ok, () => `datacontenttype ${show(datacontenttype)}; expected "application/json"`));
  }
  const corr = obj.correlationid;
  if (corr !== undefined && corr !== null) {
    const ok = typeof corr === 'string' && UUID_V4.test(corr);
    out.push(
      verdict('DSX-ENV-008', ok, () =>
        typeof corr === 'string' ? `correlationid ${show(corr)} is not a UUIDv4` : `correlationid is ${jsonType(corr)}, not a string`,
      ),
    );
  }
  if (type !== undefined) {
    const ok = type === ctx.expectedType;
    out.push(verdict('DSX-ENV-009', ok, () => `type ${show(type)} on a ${ctx.expectedType} channel`));
  }
  if (source !== undefined && id !== undefined) out.push(replayCheck(source, id, obj, ctx.seenIds));
  if (traceparent !== undefined) out.push(traceCheck(traceparent, obj.tracestate));
  return out;
}

function sourceCheck(source: string, ctx: EnvelopeCheckContext): Check {
  const parsed = parseSource(source);
  if (!parsed) return check('DSX-ENV-005', false, `source ${show(source)} does not match //grid/v1/(isv|poweragent|infra)/<identifier>`);
  const wrong: string[] = [];
  if (parsed.role !== ctx.topicRole) wrong.push(`role ${parsed.role} but the topic is a ${ctx.topicRole} topic`);
  if (parsed.identifier !== ctx.topicIdentifier) wrong.push(`identifier ${show(parsed.identifier)} but the topic names ${show(ctx.topicIdentifier)}`);
  return check('DSX-ENV-005', wrong.length === 0, wrong.length ? `source ${wrong.join('; ')}` : undefined);
}

function timeCheck(time: string, zone: TimeZoneRule): Check {
  const r = parseRfc3339(time);
  if (!r.ok) return check('DSX-ENV-006', false, `time ${show(time)}: ${r.reason}`);
  // RFC 3339 allows 't' and 'z'; ISO 8601, which DSX also names, does not.
  if (!r.value.upperCase) return check('DSX-ENV-006', false, `time ${show(time)} uses lower-case t/z; ISO 8601 requires T and Z`);
  const { offset } = r.value;
  const ok = zone === 'any' || offset === 'Z' || (zone === 'utc' && offset === '+00:00');
  return verdict('DSX-ENV-006', ok, () => `time ${show(time)} has offset ${offset}; the profile requires UTC${zone === 'Z' ? ' written as Z' : ''}`);
}

function replayCheck(source: string, id: string, obj: Record<string, unknown>, seen: Set<string> | Map<string, string>): Check {
  // Length-prefixed so no (source, id) pair can collide with another by where the split falls.
  const key = `${source.length}:${source}${id}`;
  if (seen instanceof Map) {
    const digest = createHash('sha256').update(JSON.stringify(obj)).digest('base64url');
    const before = seen.get(key);
    if (before === undefined) {
      seen.set(key, digest);
      return check('DSX-ENV-010', true);
    }
    if (before === digest) return check('DSX-ENV-010', true, 'identical redelivery');
    return check('DSX-ENV-010', false, `id ${show(id)} from ${show(source)} was already used for a different event`);
  }
  if (seen.has(key)) return check('DSX-ENV-010', false, `id ${show(id)} from ${show(source)} was seen before`);
  seen.add(key);
  return check('DSX-ENV-010', true);
}

/** traceparent per W3C; a tracestate, when present, must parse too (W3C §3.3) — reported under the same rule. */
function traceCheck(traceparent: string, tracestate: unknown): Check {
  const tp = parseTraceparent(traceparent);
  if (!tp.ok) return check('DSX-TRACE-001', false, `traceparent ${show(traceparent)}: ${tp.reason}`);
  if (tracestate === undefined || tracestate === null) return check('DSX-TRACE-001', true);
  if (typeof tracestate !== 'string') return check('DSX-TRACE-001', false, `tracestate is ${jsonType(tracestate)}, not a string`);
  const ts = parseTracestate(tracestate);
  return ts.ok ? check('DSX-TRACE-001', true) : check('DSX-TRACE-001', false, `tracestate: ${ts.reason}`);
}

export type ParsedPayload = { ok: true; obj: Record<string, unknown> } | { ok: false; rule: 'DSX-ENV-001'; detail: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** MQTT payload bytes → the event object, or why it is not one event in JSON (DSX-ENV-001). */
export function parseEnvelopePayload(bytes: Uint8Array): ParsedPayload {
  const fail = (detail: string): ParsedPayload => ({ ok: false, rule: 'DSX-ENV-001', detail });
  if (bytes.byteLength === 0) return fail('payload is empty');
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return fail('payload is not valid UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) return fail('payload starts with a byte order mark (RFC 8259 §8.1: senders MUST NOT add one)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return fail(`payload is not JSON: ${(err as Error).message.slice(0, 120)}`);
  }
  if (Array.isArray(value)) return fail('payload is a JSON array (a CloudEvents batch); DSX carries one event per message');
  if (!isObject(value)) return fail(`payload is a JSON ${jsonType(value)}, not an object`);
  return { ok: true, obj: value };
}
