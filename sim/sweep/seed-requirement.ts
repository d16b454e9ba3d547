// The planner's "how sure": with one swept quantity and common random numbers (seed k is the same
// future at every value), each seed has its own requirement — the smallest value from which that
// seed passed at every larger value too. Their spread over seeds is the uncertainty of the sizing
// answer in the parameter's own unit (mean with a Student-t 95 % interval), next to the pass share.
import { siOf } from '../../reports/sweep-csv.ts';
import { fromSI } from '../scenario/units.ts';
import type { ParamValue } from './param-spec.ts';
import type { RunRecord } from './runner.ts';
import { meanCi, type MeanCi } from './stats.ts';

export interface SeedRequirement {
  /** Per seed index: the value it needs, or undefined when even the largest value failed. */
  perSeed: Array<ParamValue | undefined>;
  /** Mean and 95 % interval (SI) over the seeds that held somewhere. */
  ci?: MeanCi;
  /** Seeds that failed at every value (left out of `ci`: their need lies beyond the swept range). */
  beyond: number;
}

/** Undefined unless there is exactly one parameter and all its values are numbers or quantities. */
export function requirementBySeed(records: RunRecord[]): SeedRequirement | undefined {
  if (records.length === 0 || records.some((r) => r.values.length !== 1 || siOf(r.values[0]) === undefined)) return undefined;
  const bySeed = new Map<number, RunRecord[]>();
  for (const r of records) bySeed.set(r.seedIndex, [...(bySeed.get(r.seedIndex) ?? []), r]);
  const perSeed: Array<ParamValue | undefined> = [];
  for (const [seedIndex, rs] of [...bySeed.entries()].sort((a, b) => a[0] - b[0])) {
    // Walk down from the largest value while the seed passes; a pass below a failure does not count
    // (the answer must hold for every larger size, not by luck at one).
    const sorted = [...rs].sort((a, b) => siOf(b.values[0])! - siOf(a.values[0])!);
    let need: ParamValue | undefined;
    for (const r of sorted) {
      if (r.result.verdict !== 'pass') break;
      need = r.values[0];
    }
    perSeed[seedIndex] = need;
  }
  const held = perSeed.filter((v): v is ParamValue => v !== undefined);
  return { perSeed, ci: meanCi(held.map((v) => siOf(v)!)), beyond: perSeed.length - held.length };
}

/** The unit the values were written in when they share one ('' for plain numbers or mixed units). */
export function sharedUnit(values: ParamValue[]): string {
  const units = new Set(values.map((v) => (typeof v === 'string' ? v.replace(/^[-+0-9.eE]+\s*/, '') : '')));
  return units.size === 1 ? [...units][0] : '';
}

/**
 * One line for the terminal and sweep.html, e.g. "per seed: 120 MWh in 7 seeds, 160 MWh in 1;
 * mean 125 MWh, 95 % CI 114–136 MWh". In the values' shared unit, else SI.
 */
export function describeRequirement(req: SeedRequirement, values: ParamValue[]): string {
  const unit = sharedUnit(values);
  const show = (si: number) => {
    const x = unit ? fromSI(si, unit) : si;
    return `${Number(x.toPrecision(4))}${unit ? ` ${unit}` : ''}`;
  };
  const counts = new Map<string, { si: number; n: number }>();
  for (const v of req.perSeed) {
    if (v === undefined) continue;
    const c = counts.get(String(v)) ?? { si: siOf(v)!, n: 0 };
    c.n++;
    counts.set(String(v), c);
  }
  const parts = [...counts.entries()].sort((a, b) => a[1].si - b[1].si).map(([v, c]) => `${v} in ${c.n} seed${c.n === 1 ? '' : 's'}`);
  if (req.beyond) parts.push(`more than the largest value in ${req.beyond} seed${req.beyond === 1 ? '' : 's'}`);
  const ci = req.ci && req.ci.n > 1 ? `; mean ${show(req.ci.mean)}, 95 % CI ${show(req.ci.mean - req.ci.half)} to ${show(req.ci.mean + req.ci.half)} (over the ${req.ci.n} seeds that held)` : '';
  return `needed per seed: ${parts.join(', ')}${ci}`;
}
