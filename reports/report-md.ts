// report.md: the run for a human reader. The summary section renders the same model as the
// terminal scorecard; the sections after it hold everything else in the summary object —
// every metric, every counter with its reasons, the conformance table with first failures,
// probes, the timeline, warnings and the error.
import type { RunSummary } from '../sim/scoring/scorecard.ts';
import { formatNumber, formatSimTime, formatValue, groupCounts, meaningOf, unitOf } from './format-values.ts';
import { block, cell, code, table } from './markdown.ts';
import { conformanceSection } from './report-md-conformance.ts';
import { VERDICT_LABEL, buildScorecard } from './scorecard-model.ts';
import { metricCatalogue } from '../sim/scoring/metric-catalogue.ts';

export function renderReportMd(s: RunSummary): string {
  const sections = [
    summarySection(s),
    metricsSection(s),
    countsSection(s),
    conformanceSection(s.conformance),
    probesSection(s),
    timelineSection(s),
    warningsSection(s),
    errorSection(s),
  ].filter((x) => x !== '');
  return `${sections.join('\n\n')}\n`;
}

function summarySection(s: RunSummary): string {
  const card = buildScorecard(s);
  const out = [
    `# gridtwin run: ${cell(card.scenario)}`,
    '',
    `**${VERDICT_LABEL[card.verdict]}** · score **${formatNumber(card.score)} / 100** · exit code ${card.exitCode}`,
    '',
    '## Summary',
    '',
    table(
      ['run', ''],
      [
        ...card.facts.map(([k, v]) => [cell(k), k === 'run hash' ? code(v) : cell(v)]),
        ['messages', cell(card.messages)],
        ['conformance', cell(card.conformance.line)],
        ...(card.conformance.failedRules.length
          ? [['failed rules', card.conformance.failedRules.map((r) => code(r.id)).join(', ')]]
          : []),
        ...(card.warnings ? [['warnings', String(card.warnings)]] : []),
        ...(card.error ? [['error', cell(card.error)]] : []),
      ],
    ),
    '',
    '### Thresholds',
    '',
    card.thresholds.length
      ? table(
          ['threshold', 'measured', 'result'],
          card.thresholds.map((t) => [code(t.text), cell(t.measured), t.passed ? 'PASS' : '**FAIL**']),
          ['l', 'r', 'l'],
        )
      : '_The scenario sets no thresholds._',
  ];
  return out.join('\n');
}

/** Every metric of the catalogue (unmeasured ones say so), then any other metric the run produced. */
function metricsSection(s: RunSummary): string {
  const names = [...new Set([...metricCatalogue.map((m) => m.name), ...Object.keys(s.metrics).sort()])];
  const rows = names.map((n) => [code(n), cell(formatValue(s.metrics[n], unitOf(n))), cell(meaningOf(n))]);
  return [
    '## Metrics',
    '',
    'Each value is in the unit of the metric catalogue (`gridtwin schema --metrics`). "never" means the ' +
      'measured thing never happened (a request never answered, a target never reached); "not measured" ' +
      'means the run produced no sample (nothing of that kind happened, or it does not apply to this mode).',
    '',
    table(['metric', 'value', 'meaning'], rows, ['l', 'r', 'l']),
  ].join('\n');
}

function countsSection(s: RunSummary): string {
  const groups = groupCounts(s.counts);
  if (groups.length === 0) return '## Messages\n\n_No messages were counted._';
  const rows = groups.map((g) => [
    code(g.name),
    formatNumber(g.total),
    g.reasons.length ? g.reasons.map(([reason, n]) => `${code(reason)}: ${formatNumber(n)}`).join('<br>') : '',
  ]);
  return [
    '## Messages',
    '',
    'Every message in and out, and every one lost or rejected, with its reason.',
    '',
    table(['counter', 'total', 'by reason'], rows, ['l', 'r', 'l']),
  ].join('\n');
}

function probesSection(s: RunSummary): string {
  const names = Object.keys(s.probes).sort();
  if (names.length === 0) return '## Probes\n\n_No probe samples were taken._';
  const rows = names.map((n) => {
    const p = s.probes[n];
    const unit = unitOf(n);
    return [code(n), formatNumber(p.count), ...[p.p50, p.p99, p.max, p.mean].map((v) => cell(formatValue(v, unit)))];
  });
  return ['## Probes', '', table(['probe', 'count', 'p50', 'p99', 'max', 'mean'], rows, ['l', 'r', 'r', 'r', 'r', 'r'])].join('\n');
}

function timelineSection(s: RunSummary): string {
  if (s.events.length === 0) return '## Timeline\n\n_Nothing happened on the timeline._';
  const rows = s.events.map((e) => [formatSimTime(e.t), e.kind, cell(e.what), cell(e.detail ?? '')]);
  return ['## Timeline', '', table(['sim time', 'kind', 'event', 'detail'], rows, ['r', 'l', 'l', 'l'])].join('\n');
}

function warningsSection(s: RunSummary): string {
  if (s.warnings.length === 0) return '';
  return ['## Warnings', '', ...s.warnings.map((w) => `- ${w.replace(/\r?\n/g, ' ')}`)].join('\n');
}

function errorSection(s: RunSummary): string {
  if (!s.error) return '';
  return ['## Error', '', `The run ended with an error (${code(s.error.code)}, exit code ${s.exit_code}):`, '', block(s.error.message)].join('\n');
}
