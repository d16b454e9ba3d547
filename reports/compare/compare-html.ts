// The comparison as a self-contained HTML page (reports/html/page.ts): both runs side by side, the
// changed metrics coloured better/worse where the direction is known, the rules and thresholds that
// changed, the first divergence, and combined plots with A and B of the same column on one chart.
import { escapeHtml as e, plotDiv, renderHtmlPage } from '../html/page.ts';
import type { PlotSpec } from '../html/plot-spec.ts';
import type { Columns } from '../html/downsample.ts';
import type { Comparison } from './index.ts';
import { describe } from './compare-text.ts';
import { fmt, fmtDelta } from './format.ts';

const CSS = `.better { color: #1a7f37; } .worse { color: #c62828; } tr.changed td { background: #fff8e1; } .hash { font-family: monospace; }`;

function runTable(c: Comparison): string {
  const row = (k: string, f: (s: Comparison['a']) => string) => `<tr><th>${e(k)}</th><td>${f(c.a)}</td><td>${f(c.b)}</td></tr>`;
  return `<table><tr><th></th><th>A</th><th>B</th></tr>
${row('run folder', (s) => e(s.dir))}
${row('scenario', (s) => `${e(s.scenario.name)} <span class="muted">sha256 ${e(s.scenario.sha256.slice(0, 12))}…</span>`)}
${row('seed · mode', (s) => `${e(s.seed)} · ${e(s.mode)}`)}
${row('simulated', (s) => `${e(s.simulated_s)} s`)}
${row('verdict · score', (s) => `<span class="badge ${e(s.verdict)}">${e(s.verdict.toUpperCase())}</span> ${e(s.score)}/100 (exit ${e(s.exit_code)})`)}
${row('run hash', (s) => `<span class="hash">${e(s.run_hash)}</span>`)}
${row('gridtwin', (s) => e(s.version))}
</table>`;
}

function metricTable(c: Comparison): string {
  if (!c.changedMetrics.length) return '<p>No metric changed.</p>';
  const rows = c.changedMetrics.map((r) => {
    const cls = r.verdict === 'b' ? 'better' : r.verdict === 'a' ? 'worse' : '';
    const word = r.verdict === 'b' ? 'B better' : r.verdict === 'a' ? 'B worse' : '';
    return `<tr><td>${e(r.name)}</td><td>${e(r.unit)}</td><td class="num">${e(fmt(r.a))}</td><td class="num">${e(fmt(r.b))}</td><td class="num ${cls}">${e(fmtDelta(r.delta, r.relative))}</td><td class="${cls}">${e(word)}</td></tr>`;
  });
  return `<table><tr><th>metric</th><th>unit</th><th>A</th><th>B</th><th>B − A</th><th></th></tr>${rows.join('')}</table>
<p class="muted">${c.metrics.length - c.changedMetrics.length} further metrics are equal.</p>`;
}

function ruleTable(c: Comparison): string {
  const s = (x: Comparison['rules'][number]['a']) => (x ? `<span class="${x.status === 'failed' ? 'fail' : x.status === 'passed' ? 'pass' : 'muted'}">${e(x.status)}</span> ${e(x.failed)}/${e(x.checked)}` : '<span class="muted">absent</span>');
  const rows = c.rules.map((r) => `<tr class="${r.changed ? 'changed' : ''}"><td>${e(r.id)}</td><td>${s(r.a)}</td><td>${s(r.b)}</td><td>${e(r.title)}</td></tr>`);
  return `<p>${c.changedRules.length} of ${c.rules.length} rules changed (highlighted). Counts are failed/checked.</p>
<table><tr><th>rule</th><th>A</th><th>B</th><th>what it checks</th></tr>${rows.join('')}</table>`;
}

function thresholdTable(c: Comparison): string {
  if (!c.thresholds.length) return '<p>No thresholds.</p>';
  const s = (x: Comparison['thresholds'][number]['a']) => (x ? `<span class="${x.passed ? 'pass' : 'fail'}">${x.passed ? 'pass' : 'FAIL'}</span> ${e(x.value)}` : '<span class="muted">absent</span>');
  return `<table><tr><th>threshold</th><th>A</th><th>B</th></tr>${c.thresholds.map((t) => `<tr class="${t.changed ? 'changed' : ''}"><td>${e(t.text)}</td><td>${s(t.a)}</td><td>${s(t.b)}</td></tr>`).join('')}</table>`;
}

function divergenceBlock(c: Comparison): string {
  if (c.identical) return '<p class="pass">The runs are identical (same run hash).</p>';
  const d = c.divergence?.first;
  if (!d) return '<p>The run hashes differ, but timeseries.csv and traffic.ndjson agree: the difference is below their resolution.</p>';
  let detail = '';
  if (d.kind === 'message') detail = `<details open><summary>the two messages</summary><pre>A: ${e(JSON.stringify(d.a ?? null, null, 1))}</pre><pre>B: ${e(JSON.stringify(d.b ?? null, null, 1))}</pre></details>`;
  else if (d.columns.length) detail = `<table><tr><th>column</th><th>A</th><th>B</th></tr>${d.columns.slice(0, 40).map((x) => `<tr><td>${e(x.name)}</td><td class="num">${e(x.a ?? '—')}</td><td class="num">${e(x.b ?? '—')}</td></tr>`).join('')}</table>`;
  return `<p>First divergence at <b>${e(fmt(d.t_s))} s</b>: ${e(describe(d))}.</p>${detail}`;
}

export function renderComparisonHtml(c: Comparison, columns: string[], data: Columns | undefined): string {
  const plots: PlotSpec[] = data
    ? columns.map((col, k) => ({
        id: `col-${k}`,
        title: col,
        xLabel: 'simulated time',
        yLabel: col,
        xs: data.xs,
        xDuration: true,
        syncKey: 'compare',
        markers: c.divergence?.first ? [{ x: c.divergence.first.t_s, label: 'first divergence' }] : undefined,
        series: [
          { label: `A ${c.a.label}`, values: data.ys[2 * k], color: '#1f77b4' },
          { label: `B ${c.b.label}`, values: data.ys[2 * k + 1], color: '#d62728' },
        ],
      }))
    : [];
  const body = `<h1>gridtwin comparison: ${e(c.a.label)} vs ${e(c.b.label)}</h1>
${c.sameScenario ? '' : '<p class="fail">The scenarios differ: the differences include what the scenario change did.</p>'}
<h2>Runs</h2>${runTable(c)}
<h2>First divergence</h2>${divergenceBlock(c)}
<h2>Metrics that changed</h2>${metricTable(c)}
<h2>Thresholds</h2>${thresholdTable(c)}
<h2>Conformance rules</h2>${ruleTable(c)}
<h2>Time series</h2>${plots.length ? `<p class="muted">A in blue, B in red; drag to zoom (the charts zoom together), double-click to reset.</p>${plots.map((p) => plotDiv(p.id)).join('\n')}` : '<p>No time series shared by both runs.</p>'}`;
  return renderHtmlPage({ title: `gridtwin compare ${c.a.label} vs ${c.b.label}`, bodyHtml: body, plots, css: CSS });
}
