// The comparison for the terminal: both runs, whether they are identical, what changed (metrics,
// rules, thresholds) and the first divergence. Unchanged rows are counted, not listed.
import type { Comparison } from './index.ts';
import type { Divergence } from './divergence.ts';
import { fmt, fmtDelta } from './format.ts';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function renderComparisonText(c: Comparison): string {
  const out: string[] = [];
  const run = (name: string, s: Comparison['a']) =>
    `${name}  ${s.dir}\n   ${s.scenario.name} · seed ${s.seed} · ${s.mode} · ${s.simulated_s} s · ${s.verdict.toUpperCase()} ${s.score}/100 · hash ${s.run_hash.slice(0, 16)}…`;
  out.push(run('A', c.a), run('B', c.b), '');
  if (!c.sameScenario) out.push(`The scenarios differ (sha256 ${c.a.scenario.sha256.slice(0, 12)}… vs ${c.b.scenario.sha256.slice(0, 12)}…): differences below include what the scenario change did.`);
  if (c.identical) {
    out.push('The runs are identical: same run hash (same scenario, seed and inbound messages, every window the same).');
    return `${out.join('\n')}\n`;
  }
  out.push(`The run hashes differ${c.sameScenario && c.sameSeed ? ' although scenario and seed are the same: the inbound messages (the control plane) differed' : ''}.`);
  const first = c.divergence?.first;
  out.push('', first ? `First divergence at ${fmt(first.t_s)} s: ${describe(first)}` : 'First divergence: not found in timeseries.csv / traffic.ndjson (the difference is below their resolution).');

  out.push('', `Metrics: ${c.changedMetrics.length} changed of ${c.metrics.length}`);
  if (c.changedMetrics.length) {
    const w = Math.max(...c.changedMetrics.map((r) => r.name.length), 6);
    out.push(`  ${pad('metric', w)}  ${pad('A', 12)}  ${pad('B', 12)}  B − A`);
    for (const r of c.changedMetrics) {
      const mark = r.verdict === 'b' ? '  better' : r.verdict === 'a' ? '  worse' : '';
      out.push(`  ${pad(r.name, w)}  ${pad(fmt(r.a) + (r.unit ? ` ${r.unit}` : ''), 12)}  ${pad(fmt(r.b) + (r.unit ? ` ${r.unit}` : ''), 12)}  ${fmtDelta(r.delta, r.relative)}${mark}`);
    }
  }
  out.push('', `Conformance rules: ${c.changedRules.length} changed of ${c.rules.length}`);
  for (const r of c.changedRules) {
    const s = (x: typeof r.a) => (x ? `${x.status} (${x.failed}/${x.checked} failed)` : 'not in this run');
    out.push(`  ${r.id}  A ${s(r.a)}  →  B ${s(r.b)}`);
  }
  const flipped = c.thresholds.filter((t) => t.changed);
  out.push('', `Thresholds: ${flipped.length} changed verdict of ${c.thresholds.length}`);
  for (const t of flipped) {
    const s = (x: typeof t.a) => (x ? `${x.passed ? 'pass' : 'FAIL'} (${x.value})` : 'absent');
    out.push(`  ${t.text}  A ${s(t.a)}  →  B ${s(t.b)}`);
  }
  return `${out.join('\n')}\n`;
}

export function describe(d: Divergence): string {
  if (d.kind === 'message') {
    const m = d.a ?? d.b!;
    if (!d.a || !d.b) return `message #${d.index + 1} exists only in ${d.a ? 'A' : 'B'} (${m.direction} ${m.topic})`;
    return `message #${d.index + 1} (${m.direction} ${m.topic}) differs in ${d.fields.join(', ')}`;
  }
  if (d.headerDiffers && d.columns.length === 0) return 'timeseries.csv has different columns';
  if (d.columns.length === 0) return 'one time series ends here';
  const cols = d.columns.slice(0, 4).map((c) => `${c.name} ${c.a ?? '—'} → ${c.b ?? '—'}`);
  return `time-series row differs: ${cols.join(', ')}${d.columns.length > 4 ? ` and ${d.columns.length - 4} more columns` : ''}`;
}
