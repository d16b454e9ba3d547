// Every DSX envelope rule passes on a good event and fails, alone, on an event crafted to break it.
import { describe, expect, it } from 'vitest';
import { checkDsxEnvelope, parseEnvelopePayload, type Check, type EnvelopeCheckContext } from '../../sim/bindings/dsx-pm/envelope-checks.ts';
import { buildEnvelope, encodeEnvelope, type DsxEnvelope } from '../../sim/bindings/dsx-pm/envelope.ts';
import { formatTraceparent, newTrace } from '../../sim/bindings/dsx-pm/traceparent.ts';
import { RandomStream } from '../../sim/random/streams.ts';
import { Epoch } from '../../sim/time.ts';

const rng = new RandomStream(42, 'isv/acme-energy');
const epoch = new Epoch(Date.UTC(2026, 0, 15, 12, 0, 0));
const JWS = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.e30.c2ln';

function goodEvent(): DsxEnvelope {
  return buildEnvelope({
    id: rng.uuid4(),
    role: 'isv',
    identifier: 'acme-energy',
    type: 'grid.loadtarget.set.v1',
    time: epoch.iso(1_500_000),
    subject: 'loadtarget',
    traceparent: formatTraceparent(newTrace(rng)),
    tracestate: 'acme=1',
    correlationid: rng.uuid4(),
    data: JWS,
  });
}

const ctx = (over: Partial<EnvelopeCheckContext> = {}): EnvelopeCheckContext => ({
  expectedType: 'grid.loadtarget.set.v1',
  topicRole: 'isv',
  topicIdentifier: 'acme-energy',
  specversion: '1.0.2',
  seenIds: new Set(),
  ...over,
});

const ALL_RULES = ['DSX-ENV-001', 'DSX-ENV-002', 'DSX-ENV-003', 'DSX-ENV-004', 'DSX-ENV-005', 'DSX-ENV-006', 'DSX-ENV-007', 'DSX-ENV-008', 'DSX-ENV-009', 'DSX-ENV-010', 'DSX-TRACE-001'];
const failed = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => c.rule);
const rules = (checks: Check[]) => checks.map((c) => c.rule).sort();

describe('checkDsxEnvelope on a good event', () => {
  it('evaluates every rule once and passes them all', () => {
    const checks = checkDsxEnvelope(goodEvent(), ctx());
    expect(rules(checks)).toEqual(ALL_RULES);
    expect(failed(checks)).toEqual([]);
  });

  it('does not evaluate DSX-ENV-008 when there is no correlationid (null counts as absent)', () => {
    const { correlationid: _c, ...noCorr } = goodEvent();
    void _c;
    expect(rules(checkDsxEnvelope(noCorr, ctx()))).not.toContain('DSX-ENV-008');
    expect(rules(checkDsxEnvelope({ ...noCorr, correlationid: null }, ctx()))).not.toContain('DSX-ENV-008');
  });
});

type Mutation = (e: Record<string, unknown>) => Record<string, unknown>;
const set = (k: string, v: unknown): Mutation => (e) => ({ ...e, [k]: v });
const drop = (k: string): Mutation => (e) => Object.fromEntries(Object.entries(e).filter(([key]) => key !== k));

describe('each rule fails alone on an event crafted to break it', () => {
  const cases: Array<[string, string, Mutation, Partial<EnvelopeCheckContext>?]> = [
    ['DSX-ENV-002', 'subject missing', drop('subject')],
    ['DSX-ENV-002', 'datacontenttype empty', set('datacontenttype', '')],
    ['DSX-ENV-002', 'type is a number', set('type', 7)],
    ['DSX-ENV-003', 'specversion "1.0" under the 1.0.2 profile', set('specversion', '1.0')],
    ['DSX-ENV-003', 'specversion "1.0.2" under the 1.0 profile', (e) => e, { specversion: '1.0' }],
    ['DSX-ENV-004', 'a version-1 UUID', set('id', 'c232ab00-9414-11ec-b3c8-9f6bdeced846')],
    ['DSX-ENV-004', 'a non-UUID id', set('id', 'event-1')],
    ['DSX-ENV-005', 'source not in //grid/v1 form', set('source', 'https://acme.example/isv')],
    ['DSX-ENV-005', 'source with an unknown role', set('source', '//grid/v1/admin/acme-energy')],
    ['DSX-ENV-005', 'source role differing from the topic', set('source', '//grid/v1/poweragent/acme-energy')],
    ['DSX-ENV-005', 'source identifier differing from the topic', set('source', '//grid/v1/isv/other-isv')],
    ['DSX-ENV-006', 'a non-UTC offset', set('time', '2026-01-15T13:00:01.500+01:00')],
    ['DSX-ENV-006', '+00:00 where the profile requires Z', set('time', '2026-01-15T12:00:01.500+00:00')],
    ['DSX-ENV-006', 'lower-case t and z', set('time', '2026-01-15t12:00:01.500z')],
    ['DSX-ENV-006', 'no seconds', set('time', '2026-01-15T12:00Z')],
    ['DSX-ENV-006', 'not a time', set('time', 'yesterday')],
    ['DSX-ENV-007', 'the envelope media type', set('datacontenttype', 'application/cloudevents+json')],
    ['DSX-ENV-007', 'a charset parameter', set('datacontenttype', 'application/json; charset=utf-8')],
    ['DSX-ENV-008', 'a non-UUID correlationid', set('correlationid', 'corr-1')],
    ['DSX-ENV-008', 'a numeric correlationid', set('correlationid', 12)],
    ['DSX-ENV-009', 'a type from another channel', set('type', 'grid.powerstate.status.v1')],
    ['DSX-TRACE-001', 'an all-zero trace id', set('traceparent', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)],
    ['DSX-TRACE-001', 'upper-case traceparent', set('traceparent', '00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01')],
    ['DSX-TRACE-001', 'an invalid tracestate', set('tracestate', 'Acme=1')],
  ];
  it.each(cases)('%s fails for %s', (rule, _name, mutate, over) => {
    const checks = checkDsxEnvelope(mutate(goodEvent() as unknown as Record<string, unknown>), ctx(over));
    expect(failed(checks)).toEqual([rule]);
    expect(checks.find((c) => !c.ok)?.detail).toBeTruthy();
  });

  it('accepts +00:00 when the profile allows any UTC notation, and any offset under "any"', () => {
    const e = { ...goodEvent(), time: '2026-01-15T12:00:01.500+00:00' };
    expect(failed(checkDsxEnvelope(e, ctx({ timeZone: 'utc' })))).toEqual([]);
    expect(failed(checkDsxEnvelope({ ...e, time: '2026-01-15T13:00:01+01:00' }, ctx({ timeZone: 'any' })))).toEqual([]);
  });

  it.each([['an array', []], ['null', null], ['a string', 'event'], ['a number', 1]])('DSX-ENV-001 alone for %s', (_n, value) => {
    expect(checkDsxEnvelope(value, ctx())).toEqual([{ rule: 'DSX-ENV-001', ok: false, detail: expect.any(String) }]);
  });

  it('skips rules that need a missing attribute instead of failing them too', () => {
    const { id: _i, traceparent: _t, ...rest } = goodEvent();
    void [_i, _t];
    const checks = checkDsxEnvelope(rest, ctx());
    expect(failed(checks)).toEqual(['DSX-ENV-002']);
    expect(checks.find((c) => c.rule === 'DSX-ENV-002')?.detail).toBe('id missing; traceparent missing');
    expect(rules(checks)).not.toContain('DSX-ENV-004');
    expect(rules(checks)).not.toContain('DSX-ENV-010');
    expect(rules(checks)).not.toContain('DSX-TRACE-001');
  });
});

describe('DSX-ENV-010 replay detection', () => {
  it('fails the second event with the same source and id when ids are kept in a Set', () => {
    const c = ctx();
    const e = goodEvent();
    expect(failed(checkDsxEnvelope(e, c))).toEqual([]);
    expect(failed(checkDsxEnvelope({ ...e }, c))).toEqual(['DSX-ENV-010']);
    expect(failed(checkDsxEnvelope({ ...e, id: rng.uuid4() }, c))).toEqual([]);
  });

  it('with a Map, passes an identical redelivery but fails a different event reusing the id', () => {
    const c = ctx({ seenIds: new Map() });
    const e = goodEvent();
    checkDsxEnvelope(e, c);
    const again = checkDsxEnvelope(JSON.parse(JSON.stringify(e)), c).find((x) => x.rule === 'DSX-ENV-010');
    expect(again).toEqual({ rule: 'DSX-ENV-010', ok: true, detail: 'identical redelivery' });
    expect(failed(checkDsxEnvelope({ ...e, data: 'eyJhIjoxfQ.e30.c2ln' }, c))).toEqual(['DSX-ENV-010']);
  });

  it('keeps ids from different sources apart', () => {
    const c = ctx({ topicIdentifier: 'acme-energy' });
    const e = goodEvent();
    checkDsxEnvelope(e, c);
    const other = { ...e, source: '//grid/v1/isv/other' };
    expect(failed(checkDsxEnvelope(other, { ...c, topicIdentifier: 'other' }))).toEqual([]);
  });
});

describe('parseEnvelopePayload', () => {
  it('returns the object for a UTF-8 JSON event', () => {
    const e = goodEvent();
    expect(parseEnvelopePayload(encodeEnvelope(e))).toEqual({ ok: true, obj: e });
  });

  const bad: Array<[string, Uint8Array, RegExp]> = [
    ['an empty payload', new Uint8Array(0), /empty/],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), /not valid UTF-8/],
    ['a byte order mark', Buffer.from('\ufeff{}'), /byte order mark/],
    ['not JSON', Buffer.from('{"id": '), /not JSON/],
    ['a batch array', Buffer.from('[{"specversion":"1.0.2"}]'), /array.*one event per message/],
    ['a JSON string', Buffer.from('"event"'), /JSON string, not an object/],
    ['JSON null', Buffer.from('null'), /JSON null, not an object/],
  ];
  it.each(bad)('fails DSX-ENV-001 for %s', (_name, bytes, detail) => {
    const r = parseEnvelopePayload(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rule).toBe('DSX-ENV-001');
      expect(r.detail).toMatch(detail);
    }
  });
});
