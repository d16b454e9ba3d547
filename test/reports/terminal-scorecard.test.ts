// The terminal scorecard: the same facts as report.md's summary, within 100 columns, colored only
// when asked; and the one line of --quiet.
import { describe, expect, it } from 'vitest';
import { SCORECARD_WIDTH, renderQuietLine, renderTerminalScorecard } from '../../reports/terminal-scorecard.ts';
import { erroredRunSummary, failedRunSummary } from './fixture-summary.ts';

const plain = renderTerminalScorecard(failedRunSummary(), { color: false, runDir: 'runs/quickstart-2026' });
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('renderTerminalScorecard', () => {
  it('shows verdict, score, the run facts, thresholds, failed rules, messages and the run folder', () => {
    expect(plain.split('\n')[0]).toBe('gridtwin  quickstart  FAIL  score 62.5/100  exit 99');
    expect(plain).toMatch(/^ {2}seed +42$/m);
    expect(plain).toMatch(/^ {2}broker +embedded \(mqtt:\/\/127\.0\.0\.1:40123\)$/m);
    expect(plain).toContain(`run hash    ${'3fa2'.repeat(16)}`);
    expect(plain).toMatch(/^ {2}FAIL {2}dr_response_latency_p99 < 5 s +never$/m);
    expect(plain).toMatch(/^ {2}FAIL {2}breach_energy < 3000 MWs +3512 MWs$/m);
    expect(plain).toMatch(/^ {2}PASS {2}messages_lost <= 5 +2$/m);
    expect(plain).toContain('Conformance  1 rules passed, 1 failed, 1 not exercised (920 checks, 3 failed)');
    expect(plain).toMatch(/^ {2}FAIL {2}DSX-JWS-004 {2}The JWS signature verifies +in 3\/120 {2}out 0\/340 failed$/m);
    expect(plain).toContain('in 1,234 · out 5,678 · lost 2 · rejected 3');
    expect(plain).toContain('Warnings  1 (listed in report.md)');
    expect(plain).toContain('Run folder  runs/quickstart-2026');
  });

  it('has no escape codes without color, and every line fits 100 columns', () => {
    expect(plain).not.toContain('\x1b[');
    const long = { ...failedRunSummary() };
    long.thresholds = [{ ...long.thresholds[0], text: `dr_response_latency_p99 < 5 s ${'x'.repeat(120)}` }];
    long.conformance = { ...long.conformance, rules: [{ ...long.conformance.rules[0], title: 'y'.repeat(150) }] };
    for (const text of [plain, renderTerminalScorecard(long, { color: false })]) {
      for (const line of text.split('\n').filter((l) => !l.startsWith('  scenario') && !l.startsWith('Run folder'))) {
        expect([...line].length, line).toBeLessThanOrEqual(SCORECARD_WIDTH);
      }
    }
  });

  it('colors verdicts when asked, with the same text underneath', () => {
    const colored = renderTerminalScorecard(failedRunSummary(), { color: true, runDir: 'runs/quickstart-2026' });
    expect(colored).toContain('\x1b[31mFAIL\x1b[0m');
    expect(colored).toContain('\x1b[32mPASS\x1b[0m');
    expect(stripAnsi(colored)).toBe(plain);
  });

  it('shows the first line of an error', () => {
    const text = renderTerminalScorecard(erroredRunSummary(), { color: false });
    expect(text.split('\n')[0]).toContain('ERROR');
    expect(text).toContain('Error  CONNECTION: lost the connection to mqtt://127.0.0.1:1883: ECONNRESET\n');
    expect(text).not.toContain('second line');
  });
});

describe('renderQuietLine', () => {
  it('is verdict, score and run folder on one line', () => {
    expect(renderQuietLine(failedRunSummary(), 'runs/q')).toBe('FAIL  score 62.5/100  runs/q\n');
  });
});
