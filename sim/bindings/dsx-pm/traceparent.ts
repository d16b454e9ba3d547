// W3C Trace Context Level 1 (REC 2020-02-06) for the CloudEvents distributed-tracing extension that
// DSX requires: parse and validate `traceparent` (§3.2) and `tracestate` (§3.3), start a trace and
// derive a child span from seeded streams, so trace ids are as deterministic as everything else.
// Attribute values are checked as-is: unlike HTTP headers, a CloudEvents attribute has no OWS to trim.
import type { RandomStream } from '../../random/streams.ts';

export interface TraceContext {
  /** Two lower-case hex digits; '00' for everything gridtwin emits. */
  version: string;
  /** 32 lower-case hex digits, not all zero. */
  traceId: string;
  /** 16 lower-case hex digits, not all zero. */
  parentId: string;
  /** Two lower-case hex digits. */
  flags: string;
  /** Bit 0 of flags. */
  sampled: boolean;
}

export type TraceparentResult = { ok: true; value: TraceContext } | { ok: false; reason: string };

/** Only the hex source of a stream is needed; ids come from seeded streams, never Math.random. */
export type HexSource = Pick<RandomStream, 'hex'>;

const HEX = /^[0-9a-f]+$/;
const isHex = (s: string, n: number) => s.length === n && HEX.test(s);
const allZero = (s: string) => /^0+$/.test(s);
const V00_LENGTH = 55;

const fail = (reason: string): TraceparentResult => ({ ok: false, reason });

/**
 * Parses a traceparent. Version 00 must be exactly `00-<32>-<16>-<2>`. Version ff is invalid. Higher
 * versions are parsed by the §3.2.4 rules: at least 55 characters, the four known fields at their
 * fixed positions, and after the flags either the end or a '-' (the rest belongs to that version).
 */
export function parseTraceparent(s: string): TraceparentResult {
  if (typeof s !== 'string') return fail('traceparent is not a string');
  const version = s.slice(0, 2);
  if (!isHex(version, 2)) return fail('version must be 2 lower-case hex digits');
  if (version === 'ff') return fail('version ff is forbidden');
  if (s[2] !== '-') return fail('version must be followed by "-"');
  if (version === '00' && s.length !== V00_LENGTH) return fail(`version 00 is exactly ${V00_LENGTH} characters, got ${s.length}`);
  if (s.length < V00_LENGTH) return fail(`shorter than ${V00_LENGTH} characters`);
  const traceId = s.slice(3, 35);
  const parentId = s.slice(36, 52);
  const flags = s.slice(53, 55);
  if (!isHex(traceId, 32) || s[35] !== '-') return fail('trace-id must be 32 lower-case hex digits followed by "-"');
  if (allZero(traceId)) return fail('trace-id must not be all zeros');
  if (!isHex(parentId, 16) || s[52] !== '-') return fail('parent-id must be 16 lower-case hex digits followed by "-"');
  if (allZero(parentId)) return fail('parent-id must not be all zeros');
  if (!isHex(flags, 2)) return fail('trace-flags must be 2 lower-case hex digits');
  if (s.length > V00_LENGTH && s[V00_LENGTH] !== '-') return fail('trace-flags must be followed by the end or "-"');
  return { ok: true, value: { version, traceId, parentId, flags, sampled: (parseInt(flags, 16) & 1) === 1 } };
}

export function formatTraceparent(tc: Pick<TraceContext, 'version' | 'traceId' | 'parentId' | 'flags'>): string {
  return `${tc.version}-${tc.traceId}-${tc.parentId}-${tc.flags}`;
}

/** `n` random bytes as hex, redrawn in the (2^-64 or rarer) case of all zeros, which is invalid. */
function nonZeroHex(rng: HexSource, bytes: number): string {
  for (;;) {
    const h = rng.hex(bytes);
    if (!allZero(h)) return h;
  }
}

function context(traceId: string, parentId: string, flags: string): TraceContext {
  return { version: '00', traceId, parentId, flags, sampled: (parseInt(flags, 16) & 1) === 1 };
}

/** A new trace (version 00, sampled) with ids drawn from `rng`. */
export function newTrace(rng: HexSource): TraceContext {
  return context(nonZeroHex(rng, 16), nonZeroHex(rng, 8), '01');
}

/**
 * The context for a span caused by `parent`: same trace id, a new parent id, same sampled flag.
 * We emit version 00 whatever the parent's version, and clear flag bits that version 00 does not
 * define ("Vendors MUST set those to zero", §3.2.2.5.2); for the flags a version 00 sender can
 * legally send (00, 01) the flags are unchanged.
 */
export function childOf(parent: TraceContext, rng: HexSource): TraceContext {
  const flags = (parseInt(parent.flags, 16) & 1).toString(16).padStart(2, '0');
  return context(parent.traceId, nonZeroHex(rng, 8), flags);
}

export interface TracestateMember {
  key: string;
  value: string;
}
export type TracestateResult = { ok: true; members: TracestateMember[] } | { ok: false; reason: string };

const MAX_MEMBERS = 32;
// §3.3.1.3: simple-key = lcalpha 0*255(...); multi-tenant-key = tenant-id "@" system-id.
const SIMPLE_KEY = /^[a-z][a-z0-9_\-*/]{0,255}$/;
const MULTI_TENANT_KEY = /^[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13}$/;
// value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E.
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * Parses a tracestate list: comma-separated `key=value` members, optional whitespace around each,
 * empty members allowed and ignored, at most 32 members, keys unique.
 */
export function parseTracestate(s: string): TracestateResult {
  if (typeof s !== 'string') return { ok: false, reason: 'tracestate is not a string' };
  const members: TracestateMember[] = [];
  const keys = new Set<string>();
  for (const raw of s.split(',')) {
    const member = raw.replace(/^[ \t]+|[ \t]+$/g, '');
    if (member === '') continue;
    const eq = member.indexOf('=');
    if (eq < 0) return { ok: false, reason: `list-member ${JSON.stringify(member.slice(0, 40))} has no "="` };
    const key = member.slice(0, eq);
    const value = member.slice(eq + 1);
    if (!SIMPLE_KEY.test(key) && !MULTI_TENANT_KEY.test(key)) return { ok: false, reason: `invalid key ${JSON.stringify(key.slice(0, 40))}` };
    if (!VALUE.test(value)) return { ok: false, reason: `invalid value for key ${key}` };
    if (keys.has(key)) return { ok: false, reason: `duplicate key ${key}` };
    keys.add(key);
    members.push({ key, value });
  }
  if (members.length > MAX_MEMBERS) return { ok: false, reason: `${members.length} list-members; at most ${MAX_MEMBERS} are allowed` };
  return { ok: true, members };
}

export function formatTracestate(members: readonly TracestateMember[]): string {
  return members.map((m) => `${m.key}=${m.value}`).join(',');
}
