// IntervalSchedule: first interval in array order that covers an instant wins, span null is the
// default, repeats go forward from the span's start in calendar arithmetic of the zone.
import { describe, expect, it } from 'vitest';
import { parseDuration, parseSpan } from '../../sim/bindings/openenergi/iso8601.ts';
import { IntervalSchedule, type ScheduleInterval } from '../../sim/bindings/openenergi/schedule.ts';

const utc = (s: string) => Date.parse(s);

function build<V>(zone: string, rows: [span: string | null, repeat: string | null, value: V][]): IntervalSchedule<V> {
  const intervals: ScheduleInterval<V>[] = rows.map(([span, repeat, value]) => ({
    span: span === null ? null : parseSpan(span, zone)!,
    repeat: repeat === null ? null : parseDuration(repeat)!,
    value,
  }));
  for (const iv of intervals) expect(iv.span === undefined || iv.repeat === undefined).toBe(false);
  return new IntervalSchedule(intervals, zone);
}

/** The spec's schedule-signal example (with PT2H): oe-add −0.5 on weekdays 16:00–18:00, else 0. */
const weekdays = (zone: string) =>
  build(zone, [
    ...[1, 2, 3, 4, 5].map((d): [string, string, number] => [`2016-W01-${d}T16:00:00/PT2H`, 'P1W', -0.5]),
    [null, null, 0],
  ]);

describe('IntervalSchedule with the spec\'s weekday peak example', () => {
  const s = weekdays('UTC');

  it('is −0.5 on a Monday at 17:00 and 0 on a Saturday at 17:00', () => {
    expect(s.valueAt(utc('2016-01-04T17:00Z'))).toEqual({ value: -0.5, index: 0 });
    expect(s.valueAt(utc('2016-01-08T17:00Z'))).toEqual({ value: -0.5, index: 4 });
    expect(s.valueAt(utc('2016-01-09T17:00Z'))).toEqual({ value: 0, index: 5 });
  });

  it('is half-open: 16:00 is in, 18:00 and 15:59:59.999 are out', () => {
    expect(s.valueAt(utc('2016-01-05T16:00Z'))?.value).toBe(-0.5);
    expect(s.valueAt(utc('2016-01-05T18:00Z'))?.value).toBe(0);
    expect(s.valueAt(utc('2016-01-05T15:59:59.999Z'))?.value).toBe(0);
  });

  it('does not repeat backwards before its first start', () => {
    expect(s.valueAt(utc('2015-12-28T17:00Z'))).toEqual({ value: 0, index: 5 });
  });

  it('names the next boundary: the first start, the end of a peak, the next day, across the weekend', () => {
    expect(s.nextBoundaryAfter(utc('2015-06-01T00:00Z'))).toBe(utc('2016-01-04T16:00Z'));
    expect(s.nextBoundaryAfter(utc('2016-01-04T16:00Z'))).toBe(utc('2016-01-04T18:00Z'));
    expect(s.nextBoundaryAfter(utc('2016-01-04T18:00Z'))).toBe(utc('2016-01-05T16:00Z'));
    expect(s.nextBoundaryAfter(utc('2016-01-08T18:00Z'))).toBe(utc('2016-01-11T16:00Z'));
  });

  it('still holds ten years on (2026)', () => {
    expect(s.valueAt(utc('2026-07-15T17:00Z'))?.value).toBe(-0.5); // a Wednesday
    expect(s.valueAt(utc('2026-07-18T17:00Z'))?.value).toBe(0); // a Saturday
    expect(s.nextBoundaryAfter(utc('2026-07-17T18:30Z'))).toBe(utc('2026-07-20T16:00Z'));
  });
});

describe('IntervalSchedule in Europe/London', () => {
  const s = weekdays('Europe/London');

  it('keeps 16:00 local time across DST: 16:00 GMT in winter, 15:00 UTC in summer', () => {
    expect(s.valueAt(utc('2016-03-25T16:30Z'))?.value).toBe(-0.5); // Friday before the change
    expect(s.valueAt(utc('2016-03-28T15:30Z'))?.value).toBe(-0.5); // Monday after: 16:30 BST
    expect(s.valueAt(utc('2016-03-28T17:30Z'))?.value).toBe(0); // 18:30 BST
    expect(weekdays('UTC').valueAt(utc('2016-03-28T15:30Z'))?.value).toBe(0);
    expect(s.nextBoundaryAfter(utc('2016-03-25T18:00Z'))).toBe(utc('2016-03-28T15:00Z'));
    expect(s.nextBoundaryAfter(utc('2016-10-28T17:00Z'))).toBe(utc('2016-10-31T16:00Z')); // back to GMT
    expect(s.valueAt(utc('2026-07-15T15:30Z'))?.value).toBe(-0.5);
    expect(s.nextBoundaryAfter(utc('2026-07-15T15:30Z'))).toBe(utc('2026-07-15T17:00Z'));
  });

  it('treats P1D as a calendar day: a daily 00:00–06:00 window follows local midnight', () => {
    const night = build('Europe/London', [['2016-03-20T00:00:00/PT6H', 'P1D', 1]]);
    expect(night.valueAt(utc('2016-03-26T05:30Z'))?.value).toBe(1); // GMT
    expect(night.valueAt(utc('2016-03-28T05:30Z'))).toBeUndefined(); // 06:30 BST
    expect(night.valueAt(utc('2016-03-27T23:30Z'))?.value).toBe(1); // 00:30 BST on the 28th
    expect(night.nextBoundaryAfter(utc('2016-03-27T06:00Z'))).toBe(utc('2016-03-27T23:00Z'));
  });
});

describe('IntervalSchedule edge cases', () => {
  it('the earlier interval wins where intervals overlap; none covering gives undefined', () => {
    const s = build('UTC', [['2016-01-01T00:00Z/PT1H', null, 'a'], ['2016-01-01T00:30Z/PT1H', null, 'b']]);
    expect(s.valueAt(utc('2016-01-01T00:45Z'))).toEqual({ value: 'a', index: 0 });
    expect(s.valueAt(utc('2016-01-01T01:15Z'))).toEqual({ value: 'b', index: 1 });
    expect(s.valueAt(utc('2016-01-01T02:00Z'))).toBeUndefined();
    expect(s.nextBoundaryAfter(utc('2016-01-01T00:00Z'))).toBe(utc('2016-01-01T00:30Z'));
    expect(s.nextBoundaryAfter(utc('2016-01-01T01:30Z'))).toBeUndefined();
  });

  it('a default-only schedule has a value always and no boundaries', () => {
    const s = build('UTC', [[null, null, 7]]);
    expect(s.valueAt(0)).toEqual({ value: 7, index: 0 });
    expect(s.nextBoundaryAfter(0)).toBeUndefined();
  });

  it('handles repeats shorter than the span (overlapping occurrences), fixed and calendar', () => {
    const fixed = build('UTC', [['2016-01-01T00:00Z/PT3H', 'PT1H', 1]]);
    expect(fixed.valueAt(utc('2016-01-01T10:59Z'))?.value).toBe(1);
    expect(fixed.nextBoundaryAfter(utc('2016-01-01T10:30Z'))).toBe(utc('2016-01-01T11:00Z'));
    const cal = build('Europe/London', [['2016-01-01T12:00/P2D', 'P1D', 1]]);
    expect(cal.valueAt(utc('2016-01-01T11:59Z'))).toBeUndefined();
    expect(cal.valueAt(utc('2020-06-01T03:00Z'))?.value).toBe(1);
    expect(cal.nextBoundaryAfter(utc('2016-01-02T18:00Z'))).toBe(utc('2016-01-03T12:00Z'));
  });

  it('repeats monthly from the 31st on the last day of shorter months, without drift', () => {
    const s = build('UTC', [['2016-01-31T00:00Z/P1D', 'P1M', 1]]);
    expect(s.valueAt(utc('2016-02-29T12:00Z'))?.value).toBe(1);
    expect(s.valueAt(utc('2016-03-31T12:00Z'))?.value).toBe(1);
    expect(s.valueAt(utc('2016-03-29T12:00Z'))).toBeUndefined();
    expect(s.nextBoundaryAfter(utc('2016-04-01T00:00Z'))).toBe(utc('2016-04-30T00:00Z'));
    expect(s.valueAt(utc('2116-01-31T06:00Z'))?.value).toBe(1);
  });

  it('jumps to the right occurrence instead of walking them: a millisecond repeat over 10 years, daily over a century', () => {
    // Walking occurrences would take ~3e11 steps here; the test would time out.
    const fast = build('UTC', [['2016-01-01T00:00Z/PT0.001S', 'PT0.002S', 1]]);
    const t = utc('2026-01-01T00:00:00.001Z');
    expect(fast.valueAt(t)).toBeUndefined();
    expect(fast.valueAt(t + 1)?.value).toBe(1);
    expect(fast.nextBoundaryAfter(t)).toBe(t + 1);
    const daily = build('Europe/London', [['2016-01-01T09:00/PT1H', 'P1D', 1]]);
    for (let i = 0; i < 90; i++) { // July–September: British Summer Time
      const day = utc('2116-07-01T00:00Z') + i * 86_400_000;
      expect(daily.valueAt(day + 8.5 * 3_600_000)?.value).toBe(1); // 09:30 BST
      expect(daily.nextBoundaryAfter(day)).toBe(day + 8 * 3_600_000);
    }
  });
});
