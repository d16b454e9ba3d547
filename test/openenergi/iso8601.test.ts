// ISO 8601 as the Open Energi messages use it: full datetimes (offset-less ones in a configured zone),
// positive durations, spans in three forms, and calendar arithmetic in the zone.
import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isValidZone, parseDateTime, parseDuration, parseSpan, plus } from '../../sim/bindings/openenergi/iso8601.ts';

const utc = (s: string) => Date.parse(s);
const LONDON = 'Europe/London';

describe('parseDateTime', () => {
  it('reads calendar, ordinal and ISO week dates, extended and basic, with Z, offsets or none', () => {
    expect(parseDateTime('2015-12-25T12:01:00Z', 'UTC')).toBe(utc('2015-12-25T12:01:00Z'));
    expect(parseDateTime('2015-12-25T16:00:00.00Z', LONDON)).toBe(utc('2015-12-25T16:00:00Z'));
    expect(parseDateTime('2016-W01-1T16:00:00', 'UTC')).toBe(utc('2016-01-04T16:00:00Z'));
    expect(parseDateTime('2016W011T160000', 'UTC')).toBe(utc('2016-01-04T16:00:00Z'));
    expect(parseDateTime('2016-366T00:00', 'UTC')).toBe(utc('2016-12-31T00:00:00Z'));
    expect(parseDateTime('20160101T100000Z', 'UTC')).toBe(utc('2016-01-01T10:00:00Z'));
    expect(parseDateTime('2016-01-01T10:00:00+05:30', LONDON)).toBe(utc('2016-01-01T04:30:00Z'));
    expect(parseDateTime('2016-01-01T10:00:00,5Z', 'UTC')).toBe(utc('2016-01-01T10:00:00.500Z'));
    expect(parseDateTime('2016-01-01T10', 'UTC')).toBe(utc('2016-01-01T10:00:00Z'));
  });

  it('reads an offset-less value in the given zone (London summer time is UTC+1)', () => {
    expect(parseDateTime('2016-07-01T12:00:00', LONDON)).toBe(utc('2016-07-01T11:00:00Z'));
    expect(parseDateTime('2016-01-01T12:00:00', LONDON)).toBe(utc('2016-01-01T12:00:00Z'));
    expect(parseDateTime('2016-07-01T12:00:00Z', LONDON)).toBe(utc('2016-07-01T12:00:00Z'));
    // A local time the clocks skip (01:30 on 27 March 2016) moves forward by the gap.
    expect(parseDateTime('2016-03-27T01:30:00', LONDON)).toBe(utc('2016-03-27T01:30:00Z'));
  });

  it('rejects dates without a time, times without a date, impossible dates and non-ISO text', () => {
    for (const s of ['2016-01-01', '2016', '2016-05', '10:00', 'T10:00', '2016-01-01 10:00:00', '2016-02-30T10:00',
      '2016-W53-1T10:00', '2015-366T00:00', '2016-01-01T25:00', '2016-01-01T23:59:60', '+002016-01-01T10:00',
      '2016-01-01T10:00:00Zjunk', '', 'now', '1451642400000', '2016-01-01T10:00:00' + ' '.repeat(100)]) {
      expect(parseDateTime(s, 'UTC'), s).toBeUndefined();
    }
    expect(parseDateTime(42 as unknown as string, 'UTC')).toBeUndefined();
    expect(parseDateTime('2016-01-01T10:00', 'Not/AZone')).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it('reads weeks, full forms and fractional time elements', () => {
    expect(parseDuration('P1W')?.toObject()).toEqual({ weeks: 1 });
    expect(parseDuration('P1Y2M3DT4H5M6.5S')?.toObject()).toMatchObject({ years: 1, months: 2, days: 3, hours: 4, minutes: 5 });
    expect(parseDuration('PT0.5S')?.toMillis()).toBe(500);
    expect(parseDuration('PT1,5S')?.toMillis()).toBe(1500);
    expect(parseDuration('PT1.5H')?.toMillis()).toBe(5_400_000);
  });

  it('rejects zero, negative, empty, fractional calendar elements, sub-millisecond and absurd lengths', () => {
    for (const s of ['P', 'PT', 'PT0S', 'P0D', '-P1D', 'P-1D', 'P1DT', 'p1d', 'P0.5D', 'P1.5Y', 'PT0.0001S', 'P99999999999Y', 'P1D ', '1D', 'P2H', ''])
      expect(parseDuration(s), s).toBeUndefined();
  });

  it('reads "P2H" (the spec example\'s time element without T) only when asked to be lenient', () => {
    expect(parseDuration('P2H', { lenientTime: true })?.toMillis()).toBe(7_200_000);
    expect(parseDuration('P30S', { lenientTime: true })?.toMillis()).toBe(30_000);
    expect(parseDuration('P30M', { lenientTime: true })?.toObject()).toEqual({ months: 30 });
    expect(parseDuration('P', { lenientTime: true })).toBeUndefined();
  });
});

describe('parseSpan', () => {
  it('reads start/duration, start/end and duration/end', () => {
    const a = parseSpan('2016-W01-1T16:00:00/PT2H', 'UTC')!;
    expect(a.startMs).toBe(utc('2016-01-04T16:00:00Z'));
    expect(a.duration.toMillis()).toBe(7_200_000);
    const b = parseSpan('2016-01-01T00:00Z/2016-01-02T06:00Z', 'UTC')!;
    expect([b.startMs, b.duration.toMillis()]).toEqual([utc('2016-01-01T00:00Z'), 30 * 3_600_000]);
    const c = parseSpan('P1D/2016-03-28T00:00', LONDON)!;
    expect(c.startMs).toBe(utc('2016-03-27T00:00Z')); // a calendar day back across the DST change
    expect(parseSpan('2016-W01-1T16:00:00/P2H', 'UTC', { lenientTime: true })?.duration.toMillis()).toBe(7_200_000);
  });

  it('rejects ends not after the start, abbreviated ends, recurrences and malformed parts', () => {
    for (const s of ['2016-01-02T00:00/2016-01-01T00:00', '2016-01-01T00:00/2016-01-01T00:00', '2016-01-01T00:00/12:00',
      'R5/2016-01-01T00:00/P1D', '2016-01-01T00:00', 'P1D/P1D', '2016-01-01/P1D', '2016-W01-1T16:00:00/P2H', '/', '', 'a/b/c'])
      expect(parseSpan(s, 'UTC'), s).toBeUndefined();
  });
});

describe('plus', () => {
  const d = (s: string) => Duration.fromISO(s);
  it('adds calendar days in the zone across a DST change, and exact hours', () => {
    const noon = utc('2016-03-26T12:00Z'); // 12:00 GMT, the day before clocks go forward
    expect(plus(noon, d('P1D'), LONDON)).toBe(utc('2016-03-27T11:00Z')); // 12:00 BST: 23 h later
    expect(plus(noon, d('PT24H'), LONDON)).toBe(noon + 86_400_000);
    expect(plus(noon, d('P1D'), 'UTC')).toBe(noon + 86_400_000);
  });

  it('multiplies each unit before adding, so monthly repeats do not drift at month ends', () => {
    const jan31 = utc('2016-01-31T12:00Z');
    expect(plus(jan31, d('P1M'), 'UTC')).toBe(utc('2016-02-29T12:00Z'));
    expect(plus(jan31, d('P1M'), 'UTC', 2)).toBe(utc('2016-03-31T12:00Z'));
    expect(plus(utc('2016-01-04T16:00Z'), d('P1W'), LONDON, 522)).toBe(utc('2026-01-05T16:00Z'));
    expect(plus(utc('2016-01-02T00:00Z'), d('P1D'), 'UTC', -1)).toBe(utc('2016-01-01T00:00Z'));
  });

  it('gives NaN beyond the representable range instead of throwing', () => {
    expect(plus(0, d('P1000Y'), LONDON, 1e6)).toBeNaN();
  });
});

describe('isValidZone', () => {
  it('accepts IANA names and UTC, rejects the rest', () => {
    for (const z of ['UTC', 'Europe/London', 'Etc/GMT+1']) expect(isValidZone(z), z).toBe(true);
    for (const z of ['', 'Foo/Bar', '+01:00', 42 as unknown as string]) expect(isValidZone(z), String(z)).toBe(false);
  });
});
