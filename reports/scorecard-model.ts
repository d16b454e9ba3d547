// The summary section of a run, as data: what the terminal scorecard prints and what report.md
// puts under "Summary". Both writers render this one model, so they cannot disagree.
import type { RunSummary } from '../sim/scoring/scorecard.ts';
import type { DirectionCounts } from '../sim/scoring/conformance-ledger.ts';
import { formatNumber, formatValue } from './format-values.ts';

export interface ScorecardThreshold {
  text: string;
  measured: string;
  passed: boolean;
}

export interface ScorecardRule {
  id: string;
  title: string;
  inbound: DirectionCounts;
  outbound: DirectionCounts;
}

export interface Scorecard {
  scenario: string;
  verdict: RunSummary['verdict'];
  score: number;
  exitCode: number;
  /** Label → value lines: scenario, seed, mode, workers, broker, simulated, wall time, run hash. */
  facts: Array<[string, string]>;
  thresholds: ScorecardThreshold[];
  conformance: { line: string; failedRules: ScorecardRule[] };
  /** "in 1,234 · out 5,678 · lost 0 · rejected 3". */
  messages: string;
  /** First line of the error, if the run ended in one. */
  error?: string;
  warnings: number;
}

export const VERDICT_LABEL: Record<RunSummary['verdict'], string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR' };

export function buildScorecard(s: RunSummary): Scorecard {
  const r = s.run;
  const simulated =
    r.simulated_s < r.duration_s ? `${formatNumber(r.simulated_s)} s of ${formatNumber(r.duration_s)} s (stopped early)` : `${formatNumber(r.simulated_s)} s`;
  const facts: Array<[string, string]> = [
    ['scenario', `${s.scenario.name} (${s.scenario.path})`],
    ['seed', String(r.seed)],
    ['mode', r.mode],
    ['workers', String(r.workers)],
    ['broker', r.broker],
    ['simulated', `${simulated}, window ${formatNumber(r.window_s)} s`],
    ['wall time', `${formatNumber(r.wall_s)} s (${r.speedup > 0 ? `${formatNumber(r.speedup)}× real time` : 'speed-up n/a'})`],
    ['run hash', s.run_hash],
  ];
  if (s.sites) {
    const f = s.sites.fleet;
    facts.push(['sites', `${formatNumber(f.sites)} · POI ${formatNumber(f.poi_energy_mwh)} MWh · peak ${formatNumber(f.poi_peak_mw)} MW · useful work ${(f.useful_share * 100).toFixed(1)} %`]);
  }
  if (s.grid) facts.push(['grid', gridLine(s.grid)]);
  const c = s.conformance;
  const count = (key: string) => formatNumber(s.counts[key] ?? 0);
  return {
    scenario: s.scenario.name,
    verdict: s.verdict,
    score: s.score,
    exitCode: s.exit_code,
    facts,
    thresholds: s.thresholds.map((t) => ({ text: t.text, measured: formatValue(t.value, t.unit), passed: t.passed })),
    conformance: {
      line:
        `${c.rules_passed} rules passed, ${c.rules_failed} failed, ${c.rules_not_exercised} not exercised ` +
        `(${formatNumber(c.checked)} checks, ${formatNumber(c.failed)} failed)`,
      failedRules: c.rules
        .filter((rule) => rule.status === 'failed')
        .map((rule) => ({ id: rule.id, title: rule.title, inbound: rule.inbound, outbound: rule.outbound })),
    },
    messages: `in ${count('messages_in')} · out ${count('messages_out')} · lost ${count('messages_lost')} · rejected ${count('rejected_inbound')}`,
    ...(s.error ? { error: `${s.error.code}: ${s.error.message.split('\n')[0]}` } : {}),
    warnings: s.warnings.length,
  };
}

/** "3/120" — failed of checked, for one direction of a rule. */
export function failedOfChecked(d: DirectionCounts): string {
  return `${formatNumber(d.failed)}/${formatNumber(d.checked)}`;
}

/** One line for the grid model's event report: nadir, RoCoF, arrest, time below, LFDD. */
export function gridLine(g: NonNullable<RunSummary['grid']>): string {
  const hz = (f: number) => `${f.toFixed(3)} Hz`;
  const at = (t: number) => `${formatNumber(Math.round(t * 100) / 100)} s`;
  const parts = [`nadir ${hz(g.nadir.f_hz)} at ${at(g.nadir.t_s)}`];
  if (g.initial_rocof_hz_per_s !== null) parts.push(`initial RoCoF ${g.initial_rocof_hz_per_s.toFixed(4)} Hz/s`);
  if (g.first_arrest) parts.push(`first arrest ${hz(g.first_arrest.f_hz)} at ${at(g.first_arrest.t_s)}`);
  parts.push(`${formatNumber(Math.round(g.time_below.seconds * 100) / 100)} s below ${g.time_below.threshold_hz} Hz`);
  parts.push(`LFDD stages ${g.lfdd_stages_tripped}`);
  return parts.join(' · ');
}
