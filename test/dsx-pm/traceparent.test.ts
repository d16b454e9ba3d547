// W3C Trace Context Level 1 traceparent/tracestate rules, as accept/reject tables, plus the
// deterministic trace ids gridtwin derives from seeded streams.
import { describe, expect, it } from 'vitest';
import { childOf, formatTraceparent, formatTracestate, newTrace, parseTraceparent, parseTracestate, type TraceContext } from '../../sim/bindings/dsx-pm/traceparent.ts';
import { RandomStream } from '../../sim/random/streams.ts';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const P = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  const accepted: Array<[string, string, Partial<TraceContext>]> = [
    ['the spec example, sampled', `00-${T}-${P}-01`, { version: '00', traceId: T, parentId: P, flags: '01', sampled: true }],
    ['not sampled', `00-${T}-${P}-00`, { flags: '00', sampled: false }],
    ['unknown flag bits in version 00', `00-${T}-${P}-09`, { flags: '09', sampled: true }],
    ['a future version of exactly 55 characters', `cc-${T}-${P}-01`, { version: 'cc', traceId: T }],
    ['a future version with extra fields after a dash', `cc-${T}-${P}-01-what-the-future-will-be-like`, { version: 'cc', parentId: P, flags: '01' }],
    ['version 01 with one extra field', `01-${T}-${P}-00-ab`, { version: '01', sampled: false }],
  ];
  it.each(accepted)('accepts %s', (_name, header, expected) => {
    const r = parseTraceparent(header);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject(expected);
  });

  const rejected: Array<[string, string]> = [
    ['version ff', `ff-${T}-${P}-01`],
    ['upper-case hex in the trace-id', `00-${T.toUpperCase()}-${P}-01`],
    ['upper-case hex in the parent-id', `00-${T}-${P.toUpperCase()}-01`],
    ['upper-case version', `0A-${T}-${P}-01`],
    ['upper-case flags', `00-${T}-${P}-0A`],
    ['all-zero trace-id', `00-${'0'.repeat(32)}-${P}-01`],
    ['all-zero parent-id', `00-${T}-${'0'.repeat(16)}-01`],
    ['extra fields in version 00', `00-${T}-${P}-01-what-the-future-will-be-like`],
    ['a trailing character in version 00', `00-${T}-${P}-01.`],
    ['a future version followed by something other than a dash', `cc-${T}-${P}-01.what-the-future-will-be-like`],
    ['a future version shorter than 55 characters', `cc-${T}-${P}-1`],
    ['version too short', `0-${T}-${P}-01`],
    ['version too long', `000-${T}-${P}-01`],
    ['non-hex version', `.0-${T}-${P}-01`],
    ['trace-id too short', `00-${T.slice(1)}-${P}-01`],
    ['trace-id too long', `00-${T}0-${P}-01`],
    ['non-hex trace-id', `00-${T.slice(0, 31)}.-${P}-01`],
    ['parent-id too short', `00-${T}-${P.slice(1)}-01`],
    ['parent-id too long', `00-${T}-${P}0-01`],
    ['non-hex parent-id', `00-${T}-.${P.slice(1)}-01`],
    ['flags too short', `00-${T}-${P}-1`],
    ['flags too long', `00-${T}-${P}-001`],
    ['non-hex flags', `00-${T}-${P}-0.`],
    ['wrong separators', `00_${T}_${P}_01`],
    ['surrounding whitespace (no OWS trimming in an attribute)', ` 00-${T}-${P}-01`],
    ['empty string', ''],
  ];
  it.each(rejected)('rejects %s', (_name, header) => {
    const r = parseTraceparent(header);
    expect(r.ok).toBe(false);
  });

  it('rejects non-strings without throwing', () => {
    expect(parseTraceparent(42 as unknown as string).ok).toBe(false);
  });
});

describe('newTrace and childOf', () => {
  it('draws trace and parent ids from the seeded stream: same seed, same ids', () => {
    const a = newTrace(new RandomStream(7, 'site/dc1/agent'));
    const b = newTrace(new RandomStream(7, 'site/dc1/agent'));
    const c = newTrace(new RandomStream(8, 'site/dc1/agent'));
    expect(a).toEqual(b);
    expect(a.traceId).not.toBe(c.traceId);
    expect(parseTraceparent(formatTraceparent(a))).toEqual({ ok: true, value: a });
    expect(a).toMatchObject({ version: '00', flags: '01', sampled: true });
  });

  it('redraws an all-zero id instead of emitting an invalid header', () => {
    const draws = ['00'.repeat(16), 'ab'.repeat(16), '00'.repeat(8), 'cd'.repeat(8)];
    const tc = newTrace({ hex: () => draws.shift() as string });
    expect(tc.traceId).toBe('ab'.repeat(16));
    expect(tc.parentId).toBe('cd'.repeat(8));
  });

  it('keeps the trace id and flags, and takes a new parent id', () => {
    const rng = new RandomStream(1, 'x');
    const root = newTrace(rng);
    const child = childOf(root, rng);
    expect(child.traceId).toBe(root.traceId);
    expect(child.parentId).not.toBe(root.parentId);
    expect(child.flags).toBe(root.flags);
    const unsampled = childOf({ ...root, flags: '00', sampled: false }, rng);
    expect(unsampled).toMatchObject({ flags: '00', sampled: false });
  });

  it('answers a future-version parent in version 00 with undefined flag bits cleared', () => {
    const r = parseTraceparent(`cc-${T}-${P}-ff-extra`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const child = childOf(r.value, new RandomStream(1, 'y'));
    expect(formatTraceparent(child)).toMatch(new RegExp(`^00-${T}-[0-9a-f]{16}-01$`));
  });
});

describe('parseTracestate', () => {
  const accepted: Array<[string, string, number]> = [
    ['the spec example', 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', 2],
    ['a multi-tenant key', 'fw529a3039@dt=MTIzNDU2', 1],
    ['a multi-tenant key whose tenant starts with a digit', '1tenant@vendor=x', 1],
    ['keys with _ - * /', 'a_b-c*d/e=1', 1],
    ['whitespace around members and empty members', ' rojo=1 ,\t, congo=2\t', 2],
    ['a value with inner spaces and punctuation', 'k=a b!~', 1],
    ['an empty string (no members)', '', 0],
    ['exactly 32 members', Array.from({ length: 32 }, (_, i) => `k${i}=v`).join(','), 32],
  ];
  it.each(accepted)('accepts %s', (_name, value, count) => {
    const r = parseTracestate(value);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.members).toHaveLength(count);
  });

  const rejected: Array<[string, string]> = [
    ['33 members', Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')],
    ['an upper-case key', 'Rojo=1'],
    ['a key starting with a digit (simple key)', '1rojo=1'],
    ['a key with illegal characters', 'ro.jo=1'],
    ['a member without "="', 'rojo'],
    ['an empty value', 'rojo='],
    ['a value containing "="', 'rojo=a=b'],
    ['a value with a control character', 'rojo=a\u0001b'],
    ['a value longer than 256 characters', `rojo=${'x'.repeat(257)}`],
    ['a system-id longer than 14 characters', `t@${'s'.repeat(15)}=1`],
    ['duplicate keys', 'rojo=1,congo=2,rojo=3'],
    ['an empty key', '=1'],
  ];
  it.each(rejected)('rejects %s', (_name, value) => {
    expect(parseTracestate(value).ok).toBe(false);
  });

  it('formats members back into the same list', () => {
    const r = parseTracestate('rojo=00f067aa0ba902b7, congo=t61rcWkgMzE');
    expect(r.ok && formatTracestate(r.members)).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
  });
});
