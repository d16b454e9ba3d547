// sweep.html: each metric against each swept parameter — the mean over seeds with its 95 %
// confidence interval as a band, one series per combination of the other parameters — the table
// of points (seeds passed, score), the planner's answer when there is one, and every run with a
// link to its own report. Self-contained (reports/html/page.ts).
import { relative } from 'node:path';
import { escapeHtml as e, plotDiv, renderHtmlPage } from './html/page.ts';
import type { PlotSpec, PlotSeries } from './html/plot-spec.ts';
import { siOf } from './sweep-csv.ts';
import { findMetric } from '../sim/scoring/metric-catalogue.ts';
import { fromSI } from '../sim/scenario/units.ts';
import { describeRequirement, type SeedRequirement } from '../sim/sweep/seed-requirement.ts';
import { wilson } from '../sim/sweep/stats.ts';
import type { SweepParam } from '../sim/sweep/param-spec.ts';
import type { PointSummary } from '../sim/sweep/point-summary.ts';
import type { RunRecord } from '../sim/sweep/runner.ts';

const MAX_SERIES = 8;
const passCi = (pt: PointSummary) => {
  const w = wilson(pt.passed, pt.runs);
  return w ? `95 % CI ${Math.round(100 * w.lo)}–${Math.round(100 * w.hi)} %` : '–';
};
const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : String(Number(v.toPrecision(5))));

/** The x axis of a parameter: its numbers in the unit it was written in when all values share one, else SI, else positions (an enum). */
function axisOf(p: SweepParam): { x: (v: unknown) => number; label: string } {
  const units = new Set(p.values.map((v) => (typeof v === 'string' ? v.replace(/^[-+0-9.eE]+\s*/, '') : '')));
  const [unit] = units;
  if (units.size === 1 && p.values.every((v) => typeof v === 'number' || /^[-+0-9.eE]+\s*\S/.test(String(v)))) {
    return { x: (v) => parseFloat(String(v)), label: unit ? `${p.path} (${unit})` : p.path };
  }
  if (p.values.every((v) => siOf(v) !== undefined)) return { x: (v) => siOf(v)!, label: `${p.path} (SI)` };
  return { x: (v) => p.values.indexOf(v as never), label: `${p.path} (${p.values.join(' | ')})` };
}

/** A metric's mean ± half in its display unit (summary.json holds SI). */
function display(metric: string): { unit: string; f: (v: number) => number } {
  const unit = findMetric(metric)?.unit ?? '';
  return { unit, f: (v) => (unit && unit !== '%' ? fromSI(v, unit) : unit === '%' ? 100 * v : v) };
}

function plotsFor(params: SweepParam[], points: PointSummary[], metrics: string[]): PlotSpec[] {
  const plots: PlotSpec[] = [];
  params.forEach((p, k) => {
    const axis = axisOf(p);
    const xOf = (pt: PointSummary) => axis.x(pt.values[k]);
    const xs = [...new Set(points.map(xOf))].sort((a, b) => a - b);
    const others = (pt: PointSummary) => pt.values.filter((_, j) => j !== k).join(', ');
    const groups = [...new Set(points.map(others))].slice(0, MAX_SERIES);
    const at = (g: string, x: number) => points.find((pt) => others(pt) === g && xOf(pt) === x);
    // The planner's first question: how often did it pass? Wilson 95 % interval of the share.
    plots.push({
      id: `p${k}-passed`, title: `share of seeds passed against ${p.path}`, xLabel: axis.label, yLabel: 'passed (%)', xs, height: 260,
      series: groups.map((g) => {
        const w = (x: number) => { const pt = at(g, x); return pt ? wilson(pt.passed, pt.runs) : undefined; };
        return { label: g || 'passed', style: 'points' as const, values: xs.map((x) => (w(x) ? 100 * w(x)!.share : null)), band: { lo: xs.map((x) => (w(x) ? 100 * w(x)!.lo : null)), hi: xs.map((x) => (w(x) ? 100 * w(x)!.hi : null)) } };
      }),
    });
    for (const m of ['score', ...metrics]) {
      const d = m === 'score' ? { unit: '', f: (v: number) => v } : display(m);
      const ci = (g: string, x: number) => (m === 'score' ? at(g, x)?.score : at(g, x)?.metrics[m]);
      const means = groups.flatMap((g) => xs.map((x) => ci(g, x)?.mean)).filter((v): v is number => v !== undefined && Number.isFinite(v));
      if (means.length === 0 || means.every((v) => v === means[0])) continue; // flat: nothing to see
      const series: PlotSeries[] = groups.map((g) => ({
        label: g || m,
        style: 'points' as const,
        values: xs.map((x) => (ci(g, x) ? d.f(ci(g, x)!.mean) : null)),
        band: { lo: xs.map((x) => (ci(g, x) ? d.f(ci(g, x)!.mean - ci(g, x)!.half) : null)), hi: xs.map((x) => (ci(g, x) ? d.f(ci(g, x)!.mean + ci(g, x)!.half) : null)) },
      }));
      plots.push({ id: `p${k}-${m}`, title: `${m} against ${p.path}`, xLabel: axis.label, yLabel: d.unit ? `${m} (${d.unit})` : m, xs, series, height: 260 });
    }
  });
  return plots;
}

export function renderSweepHtml(o: { out: string; scenario: string; params: SweepParam[]; seeds: number; points: PointSummary[]; records: RunRecord[]; metrics: string[]; answer?: PointSummary; requirement?: SeedRequirement }): string {
  const plots = plotsFor(o.params, o.points, o.metrics);
  const pointRows = o.points
    .map((pt) => `<tr><td>${pt.values.map((v) => e(v)).join('</td><td>')}</td><td class="num">${pt.passed}/${pt.runs} (${passCi(pt)})</td><td class="num">${pt.failed}</td><td class="num">${pt.errors}</td><td class="num">${num(pt.score?.mean)} ± ${num(pt.score?.half)}</td></tr>`)
    .join('');
  const runRows = o.records
    .map((r) => `<tr><td class="num">${r.index}</td><td>${r.values.map((v) => e(v)).join(', ')}</td><td class="num">${r.seed}</td><td class="${r.result.verdict === 'pass' ? 'pass' : 'fail'}">${e(r.result.verdict)}</td><td class="num">${r.result.score}</td><td>${e(r.result.error ?? '')}</td><td><a href="${e(relative(o.out, r.dir))}/report.html">report</a></td></tr>`)
    .join('');
  const answer = o.answer
    ? `<p class="pass">Smallest ${e(o.params[0].path)} at which all ${o.answer.runs} seeds passed: <b>${e(o.answer.values[0])}</b>.</p>`
    : o.params.length === 1
      ? '<p class="fail">No value of the parameter passed in every seed.</p>'
      : '';
  const requirement = o.requirement ? `<p>${e(describeRequirement(o.requirement, o.params[0].values))}</p>` : '';
  const body = `<h1>gridtwin sweep: ${e(o.scenario)}</h1>
<p>${o.records.length} runs: ${o.points.length} points × ${o.seeds} seeds (seed k is the same at every point). Bands are 95 % confidence intervals of the mean over seeds (Student's t).</p>
${answer}${requirement}
<h2>Points</h2><table><tr>${o.params.map((p) => `<th>${e(p.path)}</th>`).join('')}<th>passed (share of seeds, Wilson 95 % interval)</th><th>failed</th><th>errors</th><th>score (mean ± 95 %)</th></tr>${pointRows}</table>
<h2>Metrics against parameters</h2>${plots.map((p) => plotDiv(p.id)).join('\n')}
<h2>Runs</h2><details><summary>${o.records.length} runs</summary><table><tr><th>run</th><th>values</th><th>seed</th><th>verdict</th><th>score</th><th>error</th><th></th></tr>${runRows}</table></details>`;
  return renderHtmlPage({ title: `gridtwin sweep ${o.scenario}`, bodyHtml: body, plots });
}
