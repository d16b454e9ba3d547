// Table-driven run of the CloudEvents conformance data (cloudevents/conformance, format/json) against
// the generic validator: every valid case parses to its golden sample, every invalid case is rejected.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkBatch, checkCloudEvent, hasErrors, parseBatch, parseCloudEvent, type CloudEvent, type CloudEventOptions } from '../../sim/bindings/dsx-pm/cloudevent.ts';

const dataFile = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../../shared/reference/cloudevents-conformance/format/json/${name}`, import.meta.url), 'utf8')) as T;

interface Case { id: string; sampleId?: string; sampleExtensionAttributes?: boolean; event?: unknown; batch?: unknown }
const validEvents = dataFile<{ tests: Case[] }>('valid-events.json').tests;
const invalidEvents = dataFile<{ tests: Case[] }>('invalid-events.json').tests;
const validBatches = dataFile<{ tests: Case[] }>('valid-batches.json').tests;
const invalidBatches = dataFile<{ tests: Case[] }>('invalid-batches.json').tests;

// format/README.md "Sample extension attributes", as a parser that knows extension types would.
const sampleExtensions: CloudEventOptions['extensions'] = {
  extinteger: 'Integer', extboolean: 'Boolean', extstring: 'String', extbinary: 'Binary',
  exttimestamp: 'Timestamp', exturi: 'URI', exturiref: 'URI-reference',
};
const optionsFor = (c: Case): CloudEventOptions => ({ specversions: ['1.0'], ...(c.sampleExtensionAttributes ? { extensions: sampleExtensions } : {}) });

// The golden sample events of format/README.md, written in code as the README asks.
const minimal: CloudEvent = { specversion: '1.0', id: 'minimal', type: 'io.cloudevents.test', source: 'https://cloudevents.io', extensions: {} };
const at = (iso: string) => new Date(iso);
const goldenEvents: Record<string, CloudEvent> = {
  minimal,
  minimalWithTime: { ...minimal, id: 'minimalWithTime', time: at('2018-04-05T17:31:00Z') },
  minimalWithRelativeSource: { ...minimal, id: 'minimalWithRelativeSource', source: '#fragment' },
  allCore: { ...minimal, id: 'allCore', datacontenttype: 'text/plain', dataschema: 'https://cloudevents.io/dataschema', subject: 'tests', time: at('2018-04-05T17:31:00Z') },
  // The README gives this sample's id as "simpleData"; valid-events.json (the data the suite runs)
  // uses "simpleTextData", the sample's own name. We follow the data file.
  simpleTextData: { ...minimal, id: 'simpleTextData', datacontenttype: 'text/plain', data: 'Simple text' },
  allExtensionTypes: {
    ...minimal,
    id: 'allExtensionTypes',
    extensions: {
      extinteger: 10, extboolean: true, extstring: 'text', extbinary: new Uint8Array([77, 97]),
      exttimestamp: at('2023-03-31T15:12:00Z'), exturi: 'https://cloudevents.io', exturiref: '//authority/path',
    },
  },
};
const goldenBatches: Record<string, CloudEvent[]> = {
  empty: [],
  minimal: [minimal],
  minimal2: [minimal, minimal],
  minimalAndAllCore: [minimal, goldenEvents.allCore],
  minimalAndAllExtensionTypes: [minimal, goldenEvents.allExtensionTypes],
};

/** Timestamps compare as instants to the millisecond (format/README.md); Dates do exactly that. */
const asInstants = (e: CloudEvent) => JSON.parse(JSON.stringify(e, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v))) as unknown;

describe('CloudEvents conformance: valid events', () => {
  it('covers all 10 upstream cases', () => expect(validEvents).toHaveLength(10));

  it.each(validEvents.map((c) => [c.id, c] as const))('%s has no issues and equals its golden sample', (_id, c) => {
    expect(checkCloudEvent(c.event, optionsFor(c))).toEqual([]);
    const r = parseCloudEvent(c.event, optionsFor(c));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const golden = goldenEvents[c.sampleId as string];
    expect(golden, `golden sample ${c.sampleId}`).toBeDefined();
    expect(r.value).toEqual(golden);
    expect(asInstants(r.value)).toEqual(asInstants(golden));
  });
});

describe('CloudEvents conformance: invalid events', () => {
  it('covers all 25 upstream cases', () => expect(invalidEvents).toHaveLength(25));

  it.each(invalidEvents.map((c) => [c.id, c] as const))('%s is rejected', (_id, c) => {
    const issues = checkCloudEvent(c.event, optionsFor(c));
    expect(hasErrors(issues)).toBe(true);
    expect(parseCloudEvent(c.event, optionsFor(c)).ok).toBe(false);
  });

  // Each invalid case must fail for the reason it was written for, not by accident.
  const expectedPath: Record<string, string> = {
    invalidNoSpecVersion: 'specversion', invalidNoId: 'id', invalidNoType: 'type', invalidNoSource: 'source',
    invalidTimeGarbage: 'time', invalidTimeToMinute: 'time', invalidTimeOffsetX: 'time', invalidTimeOffsetOutOfRange: 'time',
    invalidTimeOffsetNonInteger: 'time', invalidTimeOffsetHourOnly: 'time', invalidEmptyId: 'id', invalidEmptyType: 'type',
    invalidEmptySource: 'source', invalidEmptySpecVersion: 'specversion', invalidUnknownSpecVersion: 'specversion',
    invalidNonRfc2046DataContentType: 'datacontenttype', invalidEmptyDataContentType: 'datacontenttype',
    invalidEmptyDataSchema: 'dataschema', invalidEmptySubject: 'subject', invalidNumericId: 'id', invalidObjectId: 'id',
    invalidCapitalizedExtension: 'MyExtension', invalidPunctuatedExtension: 'my.extension',
    invalidNonIntegerExtensionValue: 'my.extension', invalidBothDataAndDataBase64: 'data_base64',
  };
  it.each(invalidEvents.map((c) => [c.id, c] as const))('%s fails on the attribute it targets, and only there', (id, c) => {
    const paths = new Set(checkCloudEvent(c.event, optionsFor(c)).filter((i) => i.severity === 'error').map((i) => i.path));
    expect([...paths]).toEqual([expectedPath[id]]);
  });

  it('rejects a non-integer extension value even under a valid name', () => {
    const issues = checkCloudEvent({ specversion: '1.0', id: 'x', type: 't', source: '/s', myextension: 1.5 }, { specversions: ['1.0'] });
    expect(issues).toEqual([{ path: 'myextension', message: expect.stringMatching(/not an integer/), severity: 'error' }]);
  });
});

describe('CloudEvents conformance: batches', () => {
  it('covers all 5 valid and 3 invalid upstream batches', () => {
    expect(validBatches).toHaveLength(5);
    expect(invalidBatches).toHaveLength(3);
  });

  it.each(validBatches.map((c) => [c.id, c] as const))('%s parses to its golden batch', (_id, c) => {
    expect(checkBatch(c.batch, optionsFor(c))).toEqual([]);
    const r = parseBatch(c.batch, optionsFor(c));
    expect(r.ok && r.value).toEqual(goldenBatches[c.sampleId as string]);
  });

  const expectedBatchPaths: Record<string, string[]> = {
    invalidBatchMixedSpecVersions: ['[1].specversion', ''],
    invalidBatchContainingInvalidCloudEvent: ['[0].id'],
    invalidBatchContainingNonObject: ['[0]'],
  };
  it.each(invalidBatches.map((c) => [c.id, c] as const))('%s is rejected at the offending element', (id, c) => {
    const issues = checkBatch(c.batch, optionsFor(c));
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.path)).toEqual(expectedBatchPaths[id]);
    expect(parseBatch(c.batch, optionsFor(c)).ok).toBe(false);
  });

  it('rejects a batch that is not an array', () => {
    expect(checkBatch(minimal, { specversions: ['1.0'] })).toEqual([{ path: '', message: expect.stringMatching(/JSON array/), severity: 'error' }]);
  });
});
