// Display rules shared by every human-readable writer (report.md, the terminal scorecard), so a
// value reads the same everywhere: metrics in their catalogue unit, "never" for something that
// never happened, counts grouped with their reasons.
import { findMetric } from '../sim/scoring/metric-catalogue.ts';
import { formatQuantity } from '../sim/scenario/units.ts';

/** A summary value: SI number, or the strings "Infinity"/"NaN" that JSON cannot hold as numbers. */
export type SummaryValue = number | string | null | undefined;

/**
 * `value` (SI) in `unit`: "4.2 s", "3500 MWs", "12" for counts. Infinity means the thing never
 * happened (a request never answered, a target never reached) and reads "never".
 */
export function formatValue(value: SummaryValue, unit: string): string {
  if (value === null || value === undefined) return 'not measured';
  const n = typeof value === 'number' ? value : Number(value);
  if (n === Infinity) return 'never';
  if (n === -Infinity) return '-Infinity';
  if (Number.isNaN(n)) return typeof value === 'string' && value !== 'NaN' ? value : 'n/a';
  if (unit === '' || unit === 'count') return formatNumber(n);
  if (unit === '%') return `${Number((n * 100).toPrecision(4))} %`;
  try {
    return formatQuantity(n, unit);
  } catch {
    // A unit mathjs does not know (a profile's own metric): show the number as it is.
    return `${formatNumber(n)} ${unit}`;
  }
}

/** Integers with thousands separators; other numbers to 4 significant digits. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return String(Number(n.toPrecision(4)));
}

/** The catalogue unit of a metric or of a probe (`dr_response_latency` → unit of `_p50`); '' if unknown. */
export function unitOf(name: string): string {
  return (findMetric(name) ?? findMetric(`${name}_p50`))?.unit ?? '';
}

export function meaningOf(name: string): string {
  return findMetric(name)?.description ?? '';
}

/** Simulation time for event lists: "125.2 s" (millisecond resolution, trailing zeros dropped). */
export function formatSimTime(seconds: number): string {
  return `${Number(seconds.toFixed(3))} s`;
}

export interface CountGroup {
  name: string;
  total: number;
  /** `name{reason}` counters, by reason, in name order. */
  reasons: Array<[string, number]>;
}

/**
 * Groups `messages_lost`, `messages_lost{publish_failed}`, … into one entry per counter with its
 * reasons. The total is the plain counter when there is one, else the sum of its reasons.
 */
export function groupCounts(counts: Record<string, number>): CountGroup[] {
  const groups = new Map<string, { plain?: number; reasons: Array<[string, number]> }>();
  for (const [key, n] of Object.entries(counts)) {
    const m = /^([^{]+)\{(.*)\}$/.exec(key);
    const name = m ? m[1] : key;
    const g = groups.get(name) ?? { reasons: [] };
    if (m) g.reasons.push([m[2], n]);
    else g.plain = n;
    groups.set(name, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, g]) => ({
      name,
      total: g.plain ?? g.reasons.reduce((s, [, n]) => s + n, 0),
      reasons: g.reasons.sort(([a], [b]) => a.localeCompare(b)),
    }));
}
