// The "Thresholds" section of report.html: each claim the scenario makes about the run, what was
// measured, and whether it held. A threshold whose metric was never measured fails (see
// sim/scoring/scorecard.ts): an unmeasured claim is not met.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { escapeHtml } from '../html/page.ts';
import { formatValue, meaningOf } from '../format-values.ts';

export function thresholdsSection(s: RunSummary): string {
  if (s.thresholds.length === 0) {
    return '<section id="thresholds"><h2>Thresholds</h2><p class="muted">The scenario sets no thresholds.</p></section>';
  }
  const passed = s.thresholds.filter((t) => t.passed).length;
  const rows = s.thresholds
    .map(
      (t) =>
        `<tr class="${t.passed ? 'passed' : 'failed'}"><td><span class="pill ${t.passed ? 'passed' : 'failed'}">${t.passed ? 'PASS' : 'FAIL'}</span></td><td class="th"><code>${escapeHtml(t.text)}</code></td>` +
        `<td class="num">${escapeHtml(formatValue(t.value, t.unit))}</td><td class="num">${escapeHtml(t.op)} ${escapeHtml(formatValue(t.limit, t.unit))}</td><td class="muted">${escapeHtml(meaningOf(t.metric))}</td></tr>`,
    )
    .join('\n');
  return `<section id="thresholds"><h2>Thresholds</h2>
<p>${passed} of ${s.thresholds.length} thresholds held.</p>
<table class="wide"><thead><tr><th>result</th><th>threshold</th><th>measured</th><th>limit</th><th>metric</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}
