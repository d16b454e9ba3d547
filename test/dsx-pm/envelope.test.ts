// The envelope gridtwin emits: attribute order, profile specversion, and that it passes both the DSX
// rules and a stock CloudEvents validator.
import { describe, expect, it } from 'vitest';
import { checkCloudEvent } from '../../sim/bindings/dsx-pm/cloudevent.ts';
import { checkDsxEnvelope } from '../../sim/bindings/dsx-pm/envelope-checks.ts';
import { buildEnvelope, encodeEnvelope, type EnvelopeAttrs } from '../../sim/bindings/dsx-pm/envelope.ts';
import { formatTraceparent, newTrace } from '../../sim/bindings/dsx-pm/traceparent.ts';
import { RandomStream } from '../../sim/random/streams.ts';
import { Epoch } from '../../sim/time.ts';

const rng = new RandomStream('env', 'poweragent/dps-prod');
const epoch = new Epoch(Date.UTC(2026, 2, 1));
const base = (): EnvelopeAttrs => ({
  id: rng.uuid4(),
  role: 'poweragent',
  identifier: 'dps-prod',
  type: 'grid.powerstate.status.v1',
  time: epoch.iso(2_000_123),
  subject: 'powerstate',
  traceparent: formatTraceparent(newTrace(rng)),
  data: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsifQ.e30.c2ln',
});

describe('buildEnvelope', () => {
  it('emits the attributes in a fixed order, specversion 1.0.2 by default, source from role and identifier', () => {
    const e = buildEnvelope({ ...base(), tracestate: 'dps=1', correlationid: rng.uuid4() });
    expect(Object.keys(e)).toEqual(['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'subject', 'traceparent', 'tracestate', 'correlationid', 'data']);
    expect(e).toMatchObject({ specversion: '1.0.2', source: '//grid/v1/poweragent/dps-prod', datacontenttype: 'application/json', time: '2026-03-01T00:00:02.000Z' });
  });

  it('leaves out optional attributes that are not given', () => {
    expect(Object.keys(buildEnvelope(base()))).toEqual(['specversion', 'id', 'source', 'type', 'time', 'datacontenttype', 'subject', 'traceparent', 'data']);
    expect(encodeEnvelope(buildEnvelope(base())).toString()).not.toMatch(/tracestate|correlationid|null/);
  });

  it('passes the DSX rules and a stock CloudEvents validator for its profile specversion', () => {
    const e = buildEnvelope(base());
    const dsx = checkDsxEnvelope(e, { expectedType: e.type, topicRole: 'poweragent', topicIdentifier: 'dps-prod', specversion: '1.0.2', seenIds: new Set() });
    expect(dsx.every((c) => c.ok)).toBe(true);
    expect(checkCloudEvent(e, { specversions: ['1.0.2'] })).toEqual([]);
    // A stock 1.0 consumer rejects "1.0.2"; the "1.0" profile option exists for such counterparts.
    expect(checkCloudEvent(e, { specversions: ['1.0'] }).map((i) => i.path)).toEqual(['specversion']);
    expect(checkCloudEvent(buildEnvelope({ ...base(), specversion: '1.0' }), { specversions: ['1.0'] })).toEqual([]);
  });

  it.each([
    ['a non-UTC time', { time: '2026-03-01T01:00:00+01:00' }],
    ['a time without seconds', { time: '2026-03-01T00:00Z' }],
    ['an invalid traceparent', { traceparent: '00-abc-def-01' }],
    ['an invalid tracestate', { tracestate: 'A=1' }],
    ['an identifier with a slash', { identifier: 'dps/prod' }],
  ])('throws on %s, which would be a gridtwin bug', (_n, over) => {
    expect(() => buildEnvelope({ ...base(), ...over })).toThrow(RangeError);
  });
});
