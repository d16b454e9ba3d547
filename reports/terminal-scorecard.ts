// The scorecard printed at the end of `gridtwin run`: the summary section of report.md, compact
// enough to read at 100 columns. Colors (verdicts only) are the caller's decision: on for a
// terminal without NO_COLOR, off for pipes and logs, so the plain text stays greppable.
import type { RunSummary } from '../sim/scoring/scorecard.ts';
import { formatNumber } from './format-values.ts';
import { VERDICT_LABEL, buildScorecard, failedOfChecked } from './scorecard-model.ts';

export const SCORECARD_WIDTH = 100;

export interface ScorecardOptions {
  color: boolean;
  /** The run folder, shown last so the user knows where report.md is. */
  runDir?: string;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };
type Style = keyof typeof ANSI;

export function renderTerminalScorecard(s: RunSummary, opts: ScorecardOptions): string {
  const paint = (style: Style, text: string) => (opts.color ? `${ANSI[style]}${text}${ANSI.reset}` : text);
  const verdictStyle: Style = s.verdict === 'pass' ? 'green' : s.verdict === 'fail' ? 'red' : 'yellow';
  const pf = (passed: boolean) => (passed ? paint('green', 'PASS') : paint('red', 'FAIL'));
  const card = buildScorecard(s);

  const lines = [
    `${paint('bold', `gridtwin  ${card.scenario}`)}  ${paint(verdictStyle, paint('bold', VERDICT_LABEL[card.verdict]))}` +
      `  score ${formatNumber(card.score)}/100  exit ${card.exitCode}`,
  ];
  for (const [label, value] of card.facts) {
    // Paths and the hash stay whole (users copy them); descriptive values are clipped.
    const whole = label === 'run hash' || label === 'scenario';
    lines.push(`  ${paint('dim', label.padEnd(11))} ${whole ? value : clip(value, SCORECARD_WIDTH - 14)}`);
  }
  lines.push(`  ${paint('dim', 'messages'.padEnd(11))} ${card.messages}`);

  const textWidth = Math.min(60, Math.max(0, ...card.thresholds.map((t) => t.text.length)));
  lines.push('', `${paint('bold', 'Thresholds'.padEnd(textWidth + 10))}${card.thresholds.length ? paint('dim', 'measured') : ''}`);
  if (card.thresholds.length === 0) lines.push('  (none set in the scenario)');
  for (const t of card.thresholds) {
    lines.push(`  ${pf(t.passed)}  ${clip(t.text, textWidth).padEnd(textWidth)}  ${clip(t.measured, SCORECARD_WIDTH - textWidth - 10)}`);
  }

  lines.push('', `${paint('bold', 'Conformance')}  ${card.conformance.line}`);
  for (const r of card.conformance.failedRules) {
    const counts = `in ${failedOfChecked(r.inbound)}  out ${failedOfChecked(r.outbound)} failed`;
    const head = `  ${pf(false)}  ${r.id}  `;
    // "  FAIL  " + id + "  " before the title, "  " + counts after it (ANSI codes take no columns).
    const room = SCORECARD_WIDTH - (10 + r.id.length) - 2 - counts.length;
    lines.push(`${head}${clip(r.title, room).padEnd(Math.max(0, room))}  ${counts}`);
  }

  if (card.error) lines.push('', `${paint('red', 'Error')}  ${clip(card.error, SCORECARD_WIDTH - 7)}`);
  if (card.warnings > 0) lines.push('', `${paint('yellow', 'Warnings')}  ${card.warnings} (listed in report.md)`);
  if (opts.runDir) lines.push('', `${paint('dim', 'Run folder')}  ${opts.runDir}  (report.html, report.md, junit.xml, summary.json, timeseries.csv, traffic.ndjson)`);
  return `${lines.join('\n')}\n`;
}

/** The one line `gridtwin run --quiet` prints: verdict, score, run folder. */
export function renderQuietLine(s: RunSummary, runDir: string): string {
  return `${VERDICT_LABEL[s.verdict]}  score ${formatNumber(s.score)}/100  ${runDir}\n`;
}

/** Cuts `text` to `width` characters, marking the cut with an ellipsis. */
function clip(text: string, width: number): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  if (width <= 1) return oneLine.slice(0, Math.max(0, width));
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}
