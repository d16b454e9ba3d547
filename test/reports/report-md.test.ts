// report.md from a hand-made summary: every section is there, with units, "never" for Infinity,
// PASS/FAIL per threshold, conformance counts and first failures, not-exercised rules, counters
// with their reasons.
import { describe, expect, it } from 'vitest';
import { renderReportMd } from '../../reports/report-md.ts';
import { metricCatalogue } from '../../sim/scoring/metric-catalogue.ts';
import { erroredRunSummary, failedRunSummary } from './fixture-summary.ts';

const md = renderReportMd(failedRunSummary());

/** The text of one `## ` section (up to the next `## `). */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const next = text.indexOf('\n## ', start + 1);
  return text.slice(start, next < 0 ? undefined : next);
}

describe('renderReportMd', () => {
  it('has the sections in order', () => {
    const titles = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual(['Summary', 'Metrics', 'Messages', 'Conformance', 'Probes', 'Timeline', 'Warnings']);
  });

  it('starts with verdict, score and exit code, and a header with the run facts', () => {
    expect(md.startsWith('# gridtwin run: quickstart\n\n**FAIL** · score **62.5 / 100** · exit code 99\n')).toBe(true);
    const summary = section(md, 'Summary');
    for (const row of [
      '| scenario | quickstart (/work/scenarios/quickstart.yaml) |',
      '| seed | 42 |',
      '| mode | fast |',
      '| workers | 2 |',
      '| broker | embedded (mqtt://127.0.0.1:40123) |',
      `| run hash | \`${'3fa2'.repeat(16)}\` |`,
      '| wall time | 4.2 s (142.9× real time) |',
      '| messages | in 1,234 · out 5,678 · lost 2 · rejected 3 |',
      '| failed rules | `DSX-JWS-004` |',
    ]) {
      expect(summary).toContain(row);
    }
  });

  it('shows each threshold with its measured value in the metric unit and PASS/FAIL', () => {
    const summary = section(md, 'Summary');
    expect(summary).toContain('| `dr_response_latency_p99 < 5 s` | never | **FAIL** |');
    expect(summary).toContain('| `breach_energy < 3000 MWs` | 3512 MWs | **FAIL** |');
    expect(summary).toContain('| `conformance_failures == 0` | 3 | **FAIL** |');
    expect(summary).toContain('| `messages_lost <= 5` | 2 | PASS |');
  });

  it('lists every catalogue metric with its unit; Infinity reads "never", missing ones "not measured"', () => {
    const metrics = section(md, 'Metrics');
    expect(metrics).toContain('| `dr_response_latency_p99` | never |');
    expect(metrics).toContain('| `dr_response_latency_p50` | 0.42 s |');
    expect(metrics).toContain('| `tracking_error_rms` | 3.25 MW |');
    expect(metrics).toContain('| `lateness_p99` | not measured |');
    expect(metrics).not.toContain('Infinity');
    for (const m of metricCatalogue) expect(metrics).toContain(`| \`${m.name}\` |`);
  });

  it('groups counters with their reasons', () => {
    const counts = section(md, 'Messages');
    expect(counts).toContain('| `messages_lost` | 2 | `no_round_trip`: 1<br>`publish_failed`: 1 |');
    expect(counts).toContain('| `rejected_inbound` | 3 | `DSX-ENV-010`: 1<br>`DSX-JWS-004`: 2 |');
    expect(counts).toContain('| `messages_in` | 1,234 |  |');
  });

  it('has the conformance table by rule id, first failures with sim time and topic, and the rules not exercised', () => {
    const c = section(md, 'Conformance');
    expect(c).toContain('1 rules passed, 1 failed, 1 not exercised; 920 checks, 3 failed');
    expect(c).toContain('| `DSX-JWS-004` | **failed** | 120 | 3 | 340 | 0 | The JWS signature verifies |');
    expect(c).toContain('| `DSX-ENV-001` | passed | 120 | 0 | 340 | 0 |');
    expect(c).toContain('#### DSX-JWS-004 — The JWS signature verifies');
    expect(c).toContain('Cites: RFC 7515 §5.2');
    // The pipe in the detail is escaped so the table survives.
    expect(c).toContain('| 125.25 s | inbound | `grid/v1/isv/isv-1/loadtarget` | signature \\| does not verify (id m-1) |');
    expect(c).toContain('| 130 s | inbound |');
    expect(c).toContain('### Not exercised\n\n- `DSX-BEH-004` — An enforcement refers to a breach_id that was alerted');
    expect(c).not.toMatch(/\| `DSX-BEH-004` \|/);
  });

  it('has probes with count and percentiles in their unit, and the timeline', () => {
    expect(section(md, 'Probes')).toContain('| `dr_response_latency` | 2 | 0.42 s | never | never | never |');
    expect(section(md, 'Probes')).toContain('| `time_to_target` | 1 | 23.8 s | 23.8 s | 23.8 s | 23.8 s |');
    const timeline = section(md, 'Timeline');
    expect(timeline).toContain('| 120 s | scenario | demand_response dr-1 | dc1: -30 MW for 240 s |');
    expect(timeline).toContain('| 120.42 s | control-plane | grid.loadtarget.set.v1 |  |');
  });

  it('lists warnings', () => {
    expect(section(md, 'Warnings')).toContain('- the reference ISV answered dr-2 after its deadline');
  });

  it('ends with the full error when the run had one, and says it stopped early', () => {
    const text = renderReportMd(erroredRunSummary());
    expect(text).toContain('**ERROR** · score **62.5 / 100** · exit code 3');
    expect(text).toContain('| simulated | 212 s of 600 s (stopped early), window 1 s |');
    expect(text).toContain('| error | CONNECTION: lost the connection to mqtt://127.0.0.1:1883: ECONNRESET |');
    const err = section(text, 'Error');
    expect(err).toContain('(`CONNECTION`, exit code 3)');
    expect(err).toContain('```\nlost the connection to mqtt://127.0.0.1:1883: ECONNRESET\nsecond line\n```');
  });

  it('says so when there is nothing to show', () => {
    const s = failedRunSummary();
    const empty = renderReportMd({ ...s, thresholds: [], counts: {}, probes: {}, events: [], warnings: [] });
    expect(empty).toContain('_The scenario sets no thresholds._');
    expect(empty).toContain('_No messages were counted._');
    expect(empty).toContain('_No probe samples were taken._');
    expect(empty).toContain('_Nothing happened on the timeline._');
    expect(empty).not.toContain('## Warnings');
  });
});
