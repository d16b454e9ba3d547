// A schedule as the Open Energi spec defines it (schedules and schedule-signals): an ordered list of
// intervals, each a span (start + duration) that may repeat, or the default (span null). At an
// instant, the first interval in array order that covers it decides ("the preceding value in the
// schedule array will take priority"). Pure; times are UNIX ms; calendar units are in the zone.
//
// Occurrence k of a repeating interval starts at start + k × repeat (each unit multiplied, see
// iso8601.plus) and lasts the span's duration from its own start, half-open [start, end); repeats go
// forward only (docs/spec-decisions.md, O8). Repeats run for years, so an occurrence is never found
// by walking them: fixed-length repeats are a division, calendar ones an estimate from the mean
// length corrected by a galloping search (a handful of luxon calls).
import type { Duration } from 'luxon';
import { fixedMillis, plus } from './iso8601.ts';

export interface ScheduleInterval<V> {
  /** null = always (the default interval). */
  span: { startMs: number; duration: Duration } | null;
  /** null = one occurrence only. Ignored without a span. */
  repeat: Duration | null;
  value: V;
}

interface Compiled {
  startMs: number;
  duration: Duration;
  /** Fixed length of the span's duration in ms, when it has one in the zone. */
  durationMs?: number;
  repeat: Duration | null;
  repeatMs?: number;
  /** Mean repeat length (for the first guess of calendar repeats). */
  meanRepeatMs: number;
}

/** floor(a / b) for integers, exact where the float quotient would round across an integer. */
function floorDiv(a: number, b: number): number {
  let k = Math.floor(a / b);
  if (k * b > a) k--;
  else if ((k + 1) * b <= a) k++;
  return k;
}

/** Not ≤ t, counting NaN (beyond luxon's range) as "later than everything". */
const after = (x: number, t: number): boolean => !(x <= t);

/**
 * The largest k ≥ 0 with f(k) ≤ t, for a non-decreasing f with f(0) ≤ t, starting from a guess:
 * gallop away from the guess until the answer is bracketed, then bisect. O(log |error of guess|).
 */
function lastAtOrBefore(f: (k: number) => number, t: number, guess: number): number {
  const g = Math.max(0, Math.floor(guess));
  let lo: number;
  let hi: number;
  if (!after(f(g), t)) {
    lo = g;
    let step = 1;
    hi = g + step;
    while (!after(f(hi), t)) {
      lo = hi;
      step *= 2;
      hi = g + step;
    }
  } else {
    hi = g;
    let step = 1;
    lo = Math.max(0, g - step);
    while (lo > 0 && after(f(lo), t)) {
      hi = lo;
      step *= 2;
      lo = Math.max(0, g - step);
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (after(f(mid), t)) hi = mid;
    else lo = mid;
  }
  return lo;
}

export class IntervalSchedule<V> {
  private readonly compiled: (Compiled | null)[];

  constructor(
    readonly intervals: readonly ScheduleInterval<V>[],
    readonly zone: string,
  ) {
    this.compiled = intervals.map((iv) => {
      if (!iv.span) return null;
      const repeat = iv.repeat;
      return {
        startMs: iv.span.startMs,
        duration: iv.span.duration,
        durationMs: fixedMillis(iv.span.duration, zone),
        repeat,
        repeatMs: repeat ? fixedMillis(repeat, zone) : undefined,
        meanRepeatMs: repeat ? repeat.reconfigure({ conversionAccuracy: 'longterm' }).toMillis() : 0,
      };
    });
  }

  private startOf(c: Compiled, k: number): number {
    if (k === 0) return c.startMs;
    if (c.repeatMs !== undefined) return c.startMs + k * c.repeatMs;
    return plus(c.startMs, c.repeat!, this.zone, k);
  }

  private endOf(c: Compiled, k: number): number {
    const s = this.startOf(c, k);
    return c.durationMs !== undefined ? s + c.durationMs : plus(s, c.duration, this.zone);
  }

  /** Index of the last occurrence starting at or before t (t ≥ the first start). */
  private lastStartAtOrBefore(c: Compiled, t: number): number {
    if (!c.repeat) return 0;
    if (c.repeatMs !== undefined) return floorDiv(t - c.startMs, c.repeatMs);
    return lastAtOrBefore((k) => this.startOf(c, k), t, (t - c.startMs) / c.meanRepeatMs);
  }

  /** The value at UNIX ms `ms`, and which interval gave it; undefined when no interval covers it. */
  valueAt(ms: number): { value: V; index: number } | undefined {
    for (let i = 0; i < this.intervals.length; i++) {
      const c = this.compiled[i];
      if (c === null) return { value: this.intervals[i].value, index: i };
      if (ms < c.startMs) continue;
      // Ends are non-decreasing in k, so if the latest occurrence to start has ended, all have —
      // this also covers occurrences that overlap (repeat shorter than the duration).
      const k = this.lastStartAtOrBefore(c, ms);
      if (ms < this.endOf(c, k)) return { value: this.intervals[i].value, index: i };
    }
    return undefined;
  }

  /** The earliest instant after `ms` at which some interval starts or ends (UNIX ms); undefined if
   * none ever will. Shadowed intervals count too: the caller just re-evaluates valueAt there. */
  nextBoundaryAfter(ms: number): number | undefined {
    let best = Number.POSITIVE_INFINITY;
    for (const c of this.compiled) {
      if (c === null) continue;
      const nextStart = ms < c.startMs ? c.startMs : c.repeat ? this.startOf(c, this.lastStartAtOrBefore(c, ms) + 1) : Number.NaN;
      if (nextStart < best) best = nextStart;
      let nextEnd: number;
      const firstEnd = this.endOf(c, 0);
      if (after(firstEnd, ms)) nextEnd = firstEnd;
      else if (!c.repeat) nextEnd = Number.NaN;
      else if (c.repeatMs !== undefined && c.durationMs !== undefined) {
        nextEnd = this.endOf(c, floorDiv(ms - firstEnd, c.repeatMs) + 1);
      } else {
        nextEnd = this.endOf(c, lastAtOrBefore((k) => this.endOf(c, k), ms, (ms - firstEnd) / c.meanRepeatMs) + 1);
      }
      if (nextEnd < best) best = nextEnd;
    }
    return Number.isFinite(best) ? best : undefined;
  }
}
