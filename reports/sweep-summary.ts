// The sweep's summary for the terminal: a line per point (values, seeds passed, score mean ± 95 %),
// the planner's answer with one parameter (the smallest value that passed in every seed, and what
// each seed needed), and where the files are.
import type { SweepParam } from '../sim/sweep/param-spec.ts';
import type { PointSummary } from '../sim/sweep/point-summary.ts';
import { describeRequirement, type SeedRequirement } from '../sim/sweep/seed-requirement.ts';
import { wilson } from '../sim/sweep/stats.ts';

const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : String(Number(v.toPrecision(4))));

export function renderSweepSummary(o: { out: string; params: SweepParam[]; points: PointSummary[]; answer?: PointSummary; requirement?: SeedRequirement }): string {
  const lines = ['', `${o.params.map((p) => p.path).join(' × ')}: ${o.points.length} points`];
  for (const pt of o.points) {
    const errors = pt.errors ? `, ${pt.errors} errors` : '';
    const w = wilson(pt.passed, pt.runs);
    const ci = w ? ` (pass rate 95 % CI ${Math.round(100 * w.lo)}–${Math.round(100 * w.hi)} %)` : '';
    lines.push(`  ${pt.values.map((v) => String(v)).join(', ').padEnd(24)} passed ${`${pt.passed}/${pt.runs}`.padEnd(6)}${ci}${errors}   score ${num(pt.score?.mean)} ± ${num(pt.score?.half)}`);
  }
  if (o.params.length === 1) {
    const w = o.answer ? wilson(o.answer.passed, o.answer.runs) : undefined;
    lines.push('', o.answer && w ? `Smallest ${o.params[0].path} that passed in every seed: ${o.answer.values[0]} (${o.answer.runs}/${o.answer.runs} seeds; pass rate ≥ ${Math.round(100 * w.lo)} % at 95 % confidence — more seeds narrow it)` : `No ${o.params[0].path} passed in every seed.`);
    if (o.requirement) lines.push(`  ${describeRequirement(o.requirement, o.params[0].values)}`);
  }
  lines.push('', `Sweep folder ${o.out}  (sweep.html, sweep.csv, sweep.json, points/, runs/)`);
  return `${lines.join('\n')}\n`;
}
