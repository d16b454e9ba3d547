// The CloudEvents type-system checks and the RFC 3339 parser beyond what the conformance data covers.
import { describe, expect, it } from 'vitest';
import { absoluteUriProblem, base64Problem, integerProblem, isJsonMediaType, mediaTypeProblem, stringProblem, uriReferenceProblem } from '../../sim/bindings/dsx-pm/ce-types.ts';
import { parseRfc3339 } from '../../sim/bindings/dsx-pm/rfc3339.ts';

describe('parseRfc3339', () => {
  it.each([
    ['2018-04-05T17:31:00Z', Date.UTC(2018, 3, 5, 17, 31)],
    ['2018-04-05T18:31:00+01:00', Date.UTC(2018, 3, 5, 17, 31)],
    ['2018-04-05T16:31:00-01:00', Date.UTC(2018, 3, 5, 17, 31)],
    ['2018-04-05T17:31:00.123456789Z', Date.UTC(2018, 3, 5, 17, 31, 0, 123)],
    ['2018-04-05T17:31:00.29Z', Date.UTC(2018, 3, 5, 17, 31, 0, 290)],
    ['2018-04-05t17:31:00z', Date.UTC(2018, 3, 5, 17, 31)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['2016-12-31T23:59:60Z', Date.UTC(2017, 0, 1)],
  ])('parses %s to the right instant', (s, ms) => {
    expect(parseRfc3339(s)).toMatchObject({ ok: true, value: { epochMs: ms } });
  });

  it('keeps years below 100 as written (Date.UTC alone would map them to 19xx)', () => {
    const r = parseRfc3339('0050-01-01T00:00:00Z');
    expect(r.ok && new Date(r.value.epochMs).toISOString()).toBe('0050-01-01T00:00:00.000Z');
  });

  it.each([
    '2018-04-05T18:31Z', '2018-04-05T18:31:00', '2018-04-05T18:31:00+05', '2018-04-05T18:31:00+0500', '2018-04-05T18:31:00+24:00',
    '2018-04-05T18:31:00+01:60', '2018-13-05T18:31:00Z', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2018-04-31T00:00:00Z',
    '2018-04-05T24:00:00Z', '2018-04-05T23:60:00Z', '2018-04-05T23:59:61Z', '2018-04-05 18:31:00Z', '2018-04-05T18:31:00,5Z', '2018-04-05T18:31:00.Z',
  ])('rejects %s', (s) => {
    expect(parseRfc3339(s).ok).toBe(false);
  });

  it('marks lower-case designators, which ISO 8601 does not allow', () => {
    const r = parseRfc3339('2018-04-05t17:31:00Z');
    expect(r.ok && r.value.upperCase).toBe(false);
  });
});

describe('CloudEvents type checks', () => {
  it('String rejects control characters, noncharacters and unpaired surrogates, and allows paired ones', () => {
    expect(stringProblem('plain ascii / ünïcödé 😀')).toBeUndefined();
    for (const bad of ['a\nb', 'a\u0000', 'a\u007f', 'a\u0085', '\ufdd0', '\uffff', '\udead', '\ud800x', '\ud83f\udffe']) {
      expect(stringProblem(bad), JSON.stringify(bad)).toBeDefined();
    }
  });

  it('Integer is a whole number in the signed 32-bit range', () => {
    expect(integerProblem(-2_147_483_648)).toBeUndefined();
    expect(integerProblem(2_147_483_647)).toBeUndefined();
    expect(integerProblem(2_147_483_648)).toMatch(/range/);
    expect(integerProblem(1.5)).toMatch(/not an integer/);
  });

  it('URI-reference accepts the spec examples and rejects free text', () => {
    for (const ok of ['https://github.com/cloudevents', 'mailto:cncf-wg-serverless@lists.cncf.io', 'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66', '/cloudevents/spec/pull/123', '1-555-123-4567', '#fragment', '//grid/v1/isv/acme-energy', 'http://[::1]:8080/x?y#z']) {
      expect(uriReferenceProblem(ok), ok).toBeUndefined();
    }
    for (const bad of ['has space', 'a%zz', 'http://a/b c', '1a:b/c', '<x>']) expect(uriReferenceProblem(bad), bad).toBeDefined();
  });

  it('URI needs a scheme; a fragment is flagged separately', () => {
    expect(absoluteUriProblem('https://cloudevents.io/dataschema')).toEqual({});
    expect(absoluteUriProblem('https://x/schema.json#/defs/a')).toEqual({ fragment: true });
    expect(absoluteUriProblem('/relative').error).toBeDefined();
  });

  it('media types follow RFC 2046 and JSON-ness follows the +json rule', () => {
    for (const ok of ['application/json', 'text/plain; charset=utf-8', 'application/vnd.apache.thrift.binary', 'text/plain;format="a b"']) expect(mediaTypeProblem(ok), ok).toBeUndefined();
    for (const bad of ['xyz', 'application/', '/json', 'text/plain; charset', 'a b/c']) expect(mediaTypeProblem(bad), bad).toBeDefined();
    expect(isJsonMediaType('application/cloudevents+json; charset=utf-8')).toBe(true);
    expect(isJsonMediaType('text/json')).toBe(true);
    expect(isJsonMediaType('text/plain')).toBe(false);
  });

  it('Binary is padded RFC 4648 base64', () => {
    expect(base64Problem('TWE=')).toBeUndefined();
    expect(base64Problem('')).toBeUndefined();
    expect(base64Problem('TWE')).toBeDefined();
    expect(base64Problem('TW-_')).toBeDefined();
  });
});
