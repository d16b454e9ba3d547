// report.md's summary and the terminal scorecard are two renderings of one model
// (reports/scorecard-model.ts); this reads both back as text and checks that a reader of either
// sees the same verdict, score, exit code, thresholds (text, measured value, result), rule counts,
// failed rules and message counts — so a change to one writer cannot quietly drift from the other.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { renderReportMd } from '../../reports/report-md.ts';
import { renderTerminalScorecard } from '../../reports/terminal-scorecard.ts';
import { erroredRunSummary, failedRunSummary } from './fixture-summary.ts';

interface Seen {
  verdict: string;
  score: string;
  exit: string;
  thresholds: Array<[string, string, string]>;
  conformance: string;
  failedRules: string[];
  messages: string;
}

function fromMarkdown(md: string): Seen {
  const summary = md.split('\n## Metrics')[0];
  const head = /^\*\*(PASS|FAIL|ERROR)\*\* · score \*\*([\d.]+) \/ 100\*\* · exit code (\d+)$/m.exec(summary)!;
  const row = (label: string) => new RegExp(`^\\| ${label} \\| (.+) \\|$`, 'm').exec(summary)?.[1] ?? '';
  const unescape = (s: string) => s.replace(/\\\|/g, '|');
  return {
    verdict: head[1],
    score: head[2],
    exit: head[3],
    thresholds: [...summary.matchAll(/^\| `(.+)` \| (.+) \| (PASS|\*\*FAIL\*\*) \|$/gm)].map((m) => [unescape(m[1]), m[2], m[3].replace(/\*/g, '')]),
    conformance: row('conformance'),
    failedRules: [...row('failed rules').matchAll(/`([^`]+)`/g)].map((m) => m[1]),
    messages: row('messages'),
  };
}

function fromTerminal(text: string): Seen {
  const lines = text.split('\n');
  const head = /^gridtwin {2}.+ {2}(PASS|FAIL|ERROR) {2}score ([\d.]+)\/100 {2}exit (\d+)$/.exec(lines[0])!;
  const th = lines.findIndex((l) => l.startsWith('Thresholds'));
  const conf = lines.findIndex((l) => l.startsWith('Conformance'));
  return {
    verdict: head[1],
    score: head[2],
    exit: head[3],
    thresholds: lines
      .slice(th + 1, conf)
      .map((l) => /^ {2}(PASS|FAIL) {2}(.+?) {2,}(.+)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [m[2], m[3], m[1]]),
    conformance: lines[conf].replace(/^Conformance {2}/, ''),
    failedRules: lines
      .slice(conf + 1)
      .map((l) => /^ {2}FAIL {2}(\S+) {2}/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined),
    messages: /^ {2}messages +(.+)$/m.exec(text)![1],
  };
}

function passingRunSummary(): RunSummary {
  const s = failedRunSummary();
  return {
    ...s,
    verdict: 'pass',
    score: 100,
    exit_code: 0,
    thresholds: s.thresholds.map((t) => ({ ...t, text: `${t.text} | ok`, passed: true })),
    conformance: { ...s.conformance, rules: s.conformance.rules.filter((r) => r.status !== 'failed'), rules_failed: 0, failed: 0 },
  };
}

describe('report.md and the terminal scorecard', () => {
  for (const [name, make] of [
    ['a failed run', failedRunSummary],
    ['a run that ended in an error', erroredRunSummary],
    ['a passing run', passingRunSummary],
  ] as const) {
    it(`show the same verdict, score, thresholds and rule counts for ${name}`, () => {
      const s = make();
      const md = fromMarkdown(renderReportMd(s));
      const term = fromTerminal(renderTerminalScorecard(s, { color: false }));
      expect(term).toEqual(md);
      // And both agree with the summary itself.
      expect(md.verdict).toBe(s.verdict.toUpperCase());
      expect(Number(md.score)).toBe(s.score);
      expect(md.thresholds.map(([text, , result]) => [text, result === 'PASS'])).toEqual(s.thresholds.map((t) => [t.text, t.passed]));
      expect(md.failedRules).toEqual(s.conformance.rules.filter((r) => r.status === 'failed').map((r) => r.id));
      expect(md.conformance).toContain(`${s.conformance.rules_passed} rules passed, ${s.conformance.rules_failed} failed, ${s.conformance.rules_not_exercised} not exercised`);
    });
  }

  it('names every file of the run folder in the terminal', () => {
    const text = renderTerminalScorecard(failedRunSummary(), { color: false, runDir: 'runs/q' });
    for (const f of ['report.html', 'report.md', 'junit.xml', 'summary.json', 'timeseries.csv', 'traffic.ndjson']) expect(text).toContain(f);
  });
});
