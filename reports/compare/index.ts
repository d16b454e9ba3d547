// `gridtwin compare RUN_A RUN_B`: what changed between two runs — the scenario, the verdicts, every
// metric and rule, and, when the run hashes differ, where the runs part ways. The result is plain
// data; compare-text.ts and compare-html.ts render it.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { firstDivergence, type Divergence, type MessageDivergence, type RowDivergence } from './divergence.ts';
import { changedRows, diffMetrics, type MetricRow } from './metric-diff.ts';
import { diffRules, diffThresholds, type RuleRow, type ThresholdRow } from './rule-diff.ts';
import type { RunFolder } from './run-folder.ts';

export interface RunSide {
  dir: string;
  label: string;
  scenario: RunSummary['scenario'];
  seed: RunSummary['run']['seed'];
  mode: RunSummary['run']['mode'];
  simulated_s: number;
  run_hash: string;
  verdict: RunSummary['verdict'];
  score: number;
  exit_code: number;
  version: string;
}

export interface Comparison {
  a: RunSide;
  b: RunSide;
  identical: boolean;
  sameScenario: boolean;
  sameSeed: boolean;
  metrics: MetricRow[];
  changedMetrics: MetricRow[];
  rules: RuleRow[];
  changedRules: RuleRow[];
  thresholds: ThresholdRow[];
  divergence?: { first?: Divergence; message?: MessageDivergence; row?: RowDivergence };
}

const side = (r: RunFolder): RunSide => ({
  dir: r.dir,
  label: r.label,
  scenario: r.summary.scenario,
  seed: r.summary.run.seed,
  mode: r.summary.run.mode,
  simulated_s: r.summary.run.simulated_s,
  run_hash: r.summary.run_hash,
  verdict: r.summary.verdict,
  score: r.summary.score,
  exit_code: r.summary.exit_code,
  version: r.summary.gridtwin.version,
});

export async function compareRuns(a: RunFolder, b: RunFolder): Promise<Comparison> {
  const metrics = diffMetrics(a.summary, b.summary);
  const rules = diffRules(a.summary, b.summary);
  const identical = a.summary.run_hash === b.summary.run_hash;
  return {
    a: side(a),
    b: side(b),
    identical,
    sameScenario: a.summary.scenario.sha256 === b.summary.scenario.sha256,
    sameSeed: String(a.summary.run.seed) === String(b.summary.run.seed),
    metrics,
    changedMetrics: changedRows(metrics),
    rules,
    changedRules: rules.filter((r) => r.changed),
    thresholds: diffThresholds(a.summary, b.summary),
    divergence: identical ? undefined : await firstDivergence(a, b),
  };
}
