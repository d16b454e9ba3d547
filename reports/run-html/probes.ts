// The "Probes" section of report.html: each probe's distribution (count, p50, p99, max, mean — the
// summary keeps these, not the samples) as a table and as a range bar per probe: the bar spans 0 …
// max, with ticks at p50, mean and p99, so a long tail reads at a glance. A value that never
// happened ("never": a request never answered) fills the bar in red.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { escapeHtml } from '../html/page.ts';
import { formatNumber, formatValue, meaningOf, unitOf } from '../format-values.ts';

type Probe = RunSummary['probes'][string];

export function probesSection(s: RunSummary): string {
  const names = Object.keys(s.probes).sort();
  if (names.length === 0) return '<section id="probes"><h2>Probes</h2><p class="muted">No probe samples were taken in this run.</p></section>';
  const rows = names
    .map((n) => {
      const p = s.probes[n];
      const unit = unitOf(n);
      const cells = [p.p50, p.p99, p.max, p.mean].map((v) => `<td class="num">${escapeHtml(formatValue(v, unit))}</td>`).join('');
      return `<tr><td><code>${escapeHtml(n)}</code><div class="muted small">${escapeHtml(meaningOf(`${n}_p50`).replace(/^median /, ''))}</div></td><td class="num">${formatNumber(p.count)}</td>${cells}<td class="bar-cell">${rangeBar(p, unit)}</td></tr>`;
    })
    .join('\n');
  return `<section id="probes"><h2>Probes</h2>
<p class="muted legend-inline">What the control plane achieved, measured on every occasion. The bar spans 0 to the maximum (filled to p99):<i style="background:#1f77b4"></i>p50<i style="background:#2ca02c"></i>mean<i style="background:#d62728"></i>p99</p>
<table class="wide"><thead><tr><th>probe</th><th>count</th><th>p50</th><th>p99</th><th>max</th><th>mean</th><th>distribution</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));

function rangeBar(p: Probe, unit: string): string {
  const max = num(p.max);
  if (p.count === 0 || Number.isNaN(max)) return '';
  if (max === Infinity) return `<div class="range never" title="at least one never happened"><span>never</span></div>`;
  const scale = max > 0 ? max : 1;
  const at = (v: number | string) => {
    const x = num(v);
    return Number.isFinite(x) ? Math.max(0, Math.min(100, (x / scale) * 100)) : 100;
  };
  const tick = (v: number | string, cls: string, label: string) =>
    `<i class="tick ${cls}" style="left:${at(v).toFixed(2)}%" title="${escapeHtml(`${label} ${formatValue(v, unit)}`)}"></i>`;
  return `<div class="range" title="${escapeHtml(`max ${formatValue(max, unit)}`)}"><b style="width:${at(p.p99).toFixed(2)}%"></b>${tick(p.p50, 'p50', 'p50')}${tick(p.mean, 'mean', 'mean')}${tick(p.p99, 'p99', 'p99')}<span class="max">${escapeHtml(formatValue(max, unit))}</span></div>`;
}
