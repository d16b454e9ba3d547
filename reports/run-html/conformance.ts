// The "Conformance" section of report.html: one row per rule id — passed, failed (with counts by
// direction and the first failing examples, expandable) or not exercised (a rule never checked is
// not a rule that passed). Example details and topics come from the system under test and may be
// hostile: everything is escaped.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import type { RuleResult } from '../../sim/scoring/conformance-ledger.ts';
import { escapeHtml } from '../html/page.ts';
import { formatNumber, formatSimTime } from '../format-values.ts';

const STATUS_LABEL: Record<RuleResult['status'], string> = { passed: 'passed', failed: 'failed', not_exercised: 'not exercised' };

export function conformanceSection(c: RunSummary['conformance']): string {
  if (c.rules.length === 0) {
    return '<section id="conformance"><h2>Conformance</h2><p class="muted">This run has no protocol profile: no conformance rules apply.</p></section>';
  }
  const failed = c.rules.filter((r) => r.status === 'failed');
  const jump = failed.length
    ? `<p>Failed: ${failed.map((r) => `<a href="#${ruleAnchor(r.id)}"><code>${escapeHtml(r.id)}</code></a>`).join(' ')}</p>`
    : '';
  const rows = c.rules.map(ruleRows).join('\n');
  return `<section id="conformance"><h2>Conformance</h2>
<p>${c.rules_passed} rules passed, <span class="${c.rules_failed ? 'fail' : ''}">${c.rules_failed} failed</span>, ${c.rules_not_exercised} not exercised;
${formatNumber(c.checked)} checks, ${formatNumber(c.failed)} failed. <span class="muted">Inbound = sent by the system under test; outbound = published by gridtwin and self-checked.</span></p>
${jump}
<table class="wide rules"><thead><tr><th>rule</th><th>status</th><th>in checked</th><th>in failed</th><th>out checked</th><th>out failed</th><th>what it checks</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
}

function ruleRows(r: RuleResult): string {
  const num = (n: number, bad = false) => `<td class="num${bad && n > 0 ? ' fail' : ''}">${formatNumber(n)}</td>`;
  const main = `<tr id="${ruleAnchor(r.id)}" class="rule ${escapeHtml(r.status)}"><td class="id"><code>${escapeHtml(r.id)}</code></td><td><span class="pill ${escapeHtml(r.status)}">${escapeHtml(STATUS_LABEL[r.status] ?? r.status)}</span></td>${num(r.inbound.checked)}${num(r.inbound.failed, true)}${num(r.outbound.checked)}${num(r.outbound.failed, true)}<td title="${escapeHtml(r.cites)}">${escapeHtml(r.title)}</td></tr>`;
  if (r.status !== 'failed') return main;
  const examples = r.examples.length
    ? `<table class="examples"><thead><tr><th>sim time</th><th>direction</th><th>topic</th><th>what was wrong</th><th>message id</th></tr></thead><tbody>${r.examples
        .map(
          (e) =>
            `<tr><td class="num">${formatSimTime(e.simTimeUs / 1e6)}</td><td>${escapeHtml(e.direction)}</td><td><code>${escapeHtml(e.topic)}</code></td><td>${escapeHtml(e.detail)}</td><td>${e.messageId ? `<code>${escapeHtml(e.messageId)}</code>` : ''}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No examples were kept.</p>';
  return `${main}
<tr class="rule-detail"><td></td><td colspan="6"><details><summary>${r.examples.length === 1 ? 'The first failing example' : `The first ${r.examples.length} failing examples`} of ${escapeHtml(r.id)}</summary>${examples}<p class="cites"><b>Cites:</b> ${escapeHtml(r.cites)}</p></details></td></tr>`;
}

/** An element id for a rule: letters, digits and dashes (rule ids are, but examples come from outside). */
export function ruleAnchor(id: string): string {
  return `rule-${id.replace(/[^A-Za-z0-9-]/g, '_')}`;
}
