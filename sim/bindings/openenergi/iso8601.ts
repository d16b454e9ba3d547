// ISO 8601 as the Open Energi spec uses it: datetimes (`start_at`, `created_at`, `generated_at`),
// durations (`repeat`) and intervals (`span`), read with luxon. Pure: the zone is passed in, the clock
// is never read. Times are UNIX milliseconds.
//
// luxon alone is too forgiving for a conformance check, and in two ways not deterministic: "10:00"
// and the end of "2016-01-01T00:00/12:00" are read as *today*. So the shape is checked here first
// (docs/spec-decisions.md, O7/O8) and luxon only does the calendar work.
import { DateTime, Duration, IANAZone, Info } from 'luxon';

/** A full date (calendar, ordinal or ISO week; extended or basic, 4-digit year), `T`, then a time. */
const DATE_THEN_TIME = /^\d{4}(?:-\d{2}-\d{2}|\d{4}|-W\d{2}-\d|W\d{3}|-\d{3}|\d{3})T\d{2}/;

/** ISO 8601 duration. Fractions only on time elements (a fraction of a calendar month or day has
 * no agreed meaning); weeks may be combined with other elements (ISO 8601-1:2019). */
const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Lenient only: "P2H" (the spec's schedule-signal example) for "PT2H". H and S exist only as time
 * elements, so the reading is unambiguous; "P30M" stays 30 months. */
const TIME_WITHOUT_T = /^P(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?S)?$/;

/** Longest accepted duration: arithmetic stays far inside luxon's range. */
const MAX_DURATION_MS = 10_000 * 365.2425 * 86_400_000;

/** luxon checks a zone by building an Intl formatter (~0.2 ms); zones come from configuration, so
 * the answers are remembered (a few entries). */
const zoneValidity = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone.length === 0) return false;
  let ok = zoneValidity.get(zone);
  if (ok === undefined) {
    ok = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 256) zoneValidity.set(zone, ok);
  }
  return ok;
}

/** True when every unit of `d` has a fixed length in `zone` (days and weeks do only where the
 * offset never changes), so occurrences can be computed with plain multiplication. */
export function fixedMillis(d: Duration, zone: string): number | undefined {
  const universal = Info.normalizeZone(zone)?.isUniversal ?? false;
  const { years = 0, quarters = 0, months = 0, weeks = 0, days = 0 } = d.toObject();
  if (years || quarters || months) return undefined;
  if ((weeks || days) && !universal) return undefined;
  return d.toMillis();
}

/**
 * A full ISO 8601 datetime → UNIX ms. An offset-less value is read in `zone` (IANA name); a local
 * time that does not exist (clocks going forward) moves forward by the gap, a repeated one (clocks
 * going back) is resolved as luxon does. A date without a time, a time without a date, week 53 of a
 * 52-week year, 25:00 etc. are rejected (undefined).
 */
export function parseDateTime(s: string, zone: string): number | undefined {
  if (typeof s !== 'string' || s.length > 64 || !DATE_THEN_TIME.test(s) || !isValidZone(zone)) return undefined;
  const dt = DateTime.fromISO(s, { zone });
  return dt.isValid ? dt.toMillis() : undefined;
}

/**
 * A positive ISO 8601 duration (PnW, PnYnMnDTnHnMnS, fractional time elements with "." or ",").
 * Zero, negative, sub-millisecond and > 10 000-year durations are rejected. `lenientTime` also takes
 * "P2H"/"P30S" (time elements without the T designator).
 */
export function parseDuration(s: string, opts: { lenientTime?: boolean } = {}): Duration | undefined {
  if (typeof s !== 'string' || s.length > 64) return undefined;
  let text = s;
  if (opts.lenientTime && TIME_WITHOUT_T.test(s) && s.length > 1) text = `PT${s.slice(1)}`;
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const d = Duration.fromISO(text.replace(/,/g, '.'));
  if (!d.isValid) return undefined;
  const approxMs = d.reconfigure({ conversionAccuracy: 'longterm' }).toMillis();
  if (!(approxMs >= 1) || approxMs > MAX_DURATION_MS) return undefined;
  // The time elements must add up to whole milliseconds (simulation events are µs, spec times ms).
  const timeMs = Duration.fromObject({ hours: d.hours, minutes: d.minutes, seconds: d.seconds, milliseconds: d.milliseconds }).toMillis();
  return Number.isInteger(timeMs) ? d : undefined;
}

/**
 * `ms` plus `times` × `d`, in calendar arithmetic in `zone`: each unit is multiplied first, so a
 * monthly repeat from 31 January gives 29 February, 31 March (no drift), and P1D across a DST change
 * is a calendar day (23 or 25 h) while PT24H is 24 h. NaN when the result is outside luxon's range.
 */
export function plus(ms: number, d: Duration, zone: string, times = 1): number {
  const fixed = fixedMillis(d, zone);
  if (fixed !== undefined) return ms + fixed * times;
  const dt = DateTime.fromMillis(ms, { zone }).plus(times === 1 ? d : d.mapUnits((x) => x * times));
  return dt.isValid ? dt.toMillis() : Number.NaN;
}

export interface Span {
  /** UNIX ms. */
  startMs: number;
  /** Added to each occurrence's start (calendar arithmetic in the zone) to get its end. */
  duration: Duration;
}

/**
 * An ISO 8601 interval: `start/duration`, `start/end` (end after start) or `duration/end`. The
 * recurring form `Rn/…` is not a span (the spec has a separate `repeat`), and an abbreviated end
 * ("…/12:00") is rejected. For `start/end` the duration is the exact elapsed time.
 */
export function parseSpan(s: string, zone: string, opts: { lenientTime?: boolean } = {}): Span | undefined {
  if (typeof s !== 'string' || s.length > 160) return undefined;
  const parts = s.split('/');
  if (parts.length !== 2) return undefined;
  const [a, b] = parts;
  if (a.startsWith('P')) {
    const duration = parseDuration(a, opts);
    const endMs = parseDateTime(b, zone);
    if (!duration || endMs === undefined) return undefined;
    const startMs = plus(endMs, duration, zone, -1);
    return Number.isFinite(startMs) ? { startMs, duration } : undefined;
  }
  const startMs = parseDateTime(a, zone);
  if (startMs === undefined) return undefined;
  if (b.startsWith('P')) {
    const duration = parseDuration(b, opts);
    return duration ? { startMs, duration } : undefined;
  }
  const endMs = parseDateTime(b, zone);
  if (endMs === undefined || endMs <= startMs) return undefined;
  return { startMs, duration: Duration.fromMillis(endMs - startMs) };
}
