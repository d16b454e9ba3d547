// The top of report.html: scenario, verdict and score first (what a reader opens the report for),
// cards with the thresholds, conformance, messages and run time, the section links, then the run's
// facts — the same facts, in the same words, as report.md and the terminal scorecard
// (reports/scorecard-model.ts), and the error and warnings if there are any.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { escapeHtml } from '../html/page.ts';
import { formatNumber } from '../format-values.ts';
import { VERDICT_LABEL, buildScorecard } from '../scorecard-model.ts';

const SECTIONS: Array<[string, string]> = [
  ['run', 'Run'],
  ['timeline', 'Timeline'],
  ['plots', 'Plots'],
  ['messages', 'Messages'],
  ['thresholds', 'Thresholds'],
  ['conformance', 'Conformance'],
  ['probes', 'Probes'],
  ['details', 'Sites & metrics'],
];

export function headerSection(s: RunSummary): string {
  const card = buildScorecard(s);
  const v = escapeHtml(card.verdict);
  const th = card.thresholds;
  const thPassed = th.filter((t) => t.passed).length;
  const c = s.conformance;
  const count = (key: string) => formatNumber(s.counts[key] ?? 0);
  const cards = [
    cardHtml('Thresholds', th.length ? `${thPassed} / ${th.length}` : '–', th.length ? 'held' : 'none set', th.length > 0 && thPassed < th.length),
    cardHtml(
      'Conformance rules',
      `${c.rules_passed} <small>passed</small> · ${c.rules_failed} <small>failed</small>`,
      `${c.rules_not_exercised} not exercised · ${formatNumber(c.checked)} checks`,
      c.rules_failed > 0,
      true,
    ),
    cardHtml('Messages', `${count('messages_in')} <small>in</small> · ${count('messages_out')} <small>out</small>`, `lost ${count('messages_lost')} · rejected ${count('rejected_inbound')}`, (s.counts.messages_lost ?? 0) + (s.counts.rejected_inbound ?? 0) > 0, true),
    cardHtml('Simulated', escapeHtml(clock(s.run.simulated_s)), escapeHtml(`${formatNumber(s.run.wall_s)} s wall · ${s.run.speedup > 0 ? `${formatNumber(s.run.speedup)}× real time` : s.run.mode}`), false),
  ].join('');
  const facts = card.facts
    .map(([k, val]) => `<tr><th>${escapeHtml(k)}</th><td>${k === 'run hash' ? `<code class="hash">${escapeHtml(val)}</code>` : escapeHtml(val)}</td></tr>`)
    .join('');
  const error = s.error
    ? `<div class="alert alert-fail"><b>The run ended with an error</b> (<code>${escapeHtml(s.error.code)}</code>, exit code ${s.exit_code}):<pre>${escapeHtml(s.error.message)}</pre></div>`
    : '';
  const failedRules = card.conformance.failedRules.length
    ? `<div class="alert alert-fail"><b>Failed rules:</b> ${card.conformance.failedRules.map((r) => `<code>${escapeHtml(r.id)}</code>`).join(' ')} — see <a href="#conformance">Conformance</a>.</div>`
    : '';
  const warnings = s.warnings.length
    ? `<div class="alert alert-warn"><b>${s.warnings.length} warning${s.warnings.length > 1 ? 's' : ''}</b><ul>${s.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>`
    : '';
  return `<header class="run-head verdict-${v}">
<div class="title"><div class="kicker">gridtwin run report</div><h1>${escapeHtml(card.scenario)}</h1><div class="muted">${escapeHtml(s.scenario.path)}</div></div>
<div class="verdict"><span class="badge ${v}">${VERDICT_LABEL[card.verdict] ?? v}</span><div class="score">${formatNumber(card.score)}<small> / 100</small></div><div class="muted">score · exit code ${s.exit_code}</div></div>
</header>
<div class="cards">${cards}</div>
${error}${failedRules}${warnings}
<nav class="toc">${SECTIONS.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('')}</nav>
<section id="run"><h2>Run</h2><table class="facts"><tbody>${facts}<tr><th>messages</th><td>${escapeHtml(card.messages)}</td></tr><tr><th>conformance</th><td>${escapeHtml(card.conformance.line)}</td></tr></tbody></table></section>`;
}

function cardHtml(label: string, value: string, sub: string, bad: boolean, valueIsHtml = false): string {
  return `<div class="card${bad ? ' bad' : ''}"><div class="label">${escapeHtml(label)}</div><div class="value">${valueIsHtml ? value : escapeHtml(value)}</div><div class="sub">${escapeHtml(sub)}</div></div>`;
}

/** Seconds as h:mm:ss (or m:ss under an hour). */
export function clock(seconds: number): string {
  const t = Math.round(seconds);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  const mmss = `${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}
