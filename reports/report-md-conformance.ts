// The conformance part of report.md: one row per exercised rule with its counts by direction,
// the first failures of every failed rule (sim time, direction, topic, detail) and the list of
// rules the run never exercised — a rule that was never checked is not a rule that passed.
import type { RunSummary } from '../sim/scoring/scorecard.ts';
import { formatNumber, formatSimTime } from './format-values.ts';
import { cell, code, table } from './markdown.ts';

type Conformance = RunSummary['conformance'];

export function conformanceSection(c: Conformance): string {
  const out = [
    '## Conformance',
    '',
    `${c.rules_passed} rules passed, ${c.rules_failed} failed, ${c.rules_not_exercised} not exercised; ` +
      `${formatNumber(c.checked)} checks, ${formatNumber(c.failed)} failed. Inbound = sent by the system under test, ` +
      'outbound = published by gridtwin and self-checked.',
  ];
  const exercised = c.rules.filter((r) => r.status !== 'not_exercised');
  if (exercised.length > 0) {
    out.push(
      '',
      table(
        ['rule', 'status', 'inbound checked', 'inbound failed', 'outbound checked', 'outbound failed', 'title'],
        exercised.map((r) => [
          code(r.id),
          r.status === 'failed' ? '**failed**' : 'passed',
          formatNumber(r.inbound.checked),
          formatNumber(r.inbound.failed),
          formatNumber(r.outbound.checked),
          formatNumber(r.outbound.failed),
          cell(r.title),
        ]),
        ['l', 'l', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
  }
  const failed = c.rules.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    out.push('', '### Failed rules');
    for (const r of failed) {
      out.push('', `#### ${r.id} — ${r.title}`, '', `Cites: ${r.cites}`, '');
      out.push(
        r.examples.length
          ? table(
              ['sim time', 'direction', 'topic', 'detail'],
              r.examples.map((e) => [formatSimTime(e.simTimeUs / 1e6), e.direction, code(e.topic), cell(e.messageId ? `${e.detail} (id ${e.messageId})` : e.detail)]),
              ['r', 'l', 'l', 'l'],
            )
          : '_No examples were kept._',
      );
    }
  }
  const idle = c.rules.filter((r) => r.status === 'not_exercised');
  if (idle.length > 0) {
    out.push('', '### Not exercised', '', ...idle.map((r) => `- ${code(r.id)} — ${r.title}`));
  }
  return out.join('\n');
}
