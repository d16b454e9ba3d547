// The end of a run: collect every metric, evaluate the thresholds, grade the run (0–100), decide
// the verdict and exit code, and assemble the summary object every report writer reads.
import { createHash } from 'node:crypto';
import type { RunContext, TimelineRecord } from '../engine/run-context.ts';
import type { RunSettings } from '../engine/run-settings.ts';
import type { Distribution } from './histogram.ts';
import type { RuleResult } from './conformance-ledger.ts';
import type { GridSummary } from '../engine/grid-coupling.ts';
import type { SiteLedger } from '../engine/site-ledger.ts';
import { compare } from './threshold-parse.ts';
import { ExitCode, GridtwinError, InputError, exitCodeOf } from '../errors.ts';

export const SUMMARY_FORMAT = 1;
export const GRIDTWIN_VERSION = '0.1.0';

export interface ThresholdResult {
  text: string;
  metric: string;
  op: string;
  limit: number;
  /** SI value; "Infinity" when the measured event never happened, null when nothing was measured. */
  value: number | string | null;
  unit: string;
  passed: boolean;
}

export interface RunSummary {
  gridtwin: { version: string; summary_format: number };
  scenario: { name: string; path: string; sha256: string };
  run: {
    seed: number | string;
    mode: 'fast' | 'realtime';
    workers: number;
    broker: string;
    duration_s: number;
    simulated_s: number;
    window_s: number;
    wall_s: number;
    speedup: number;
    windows: number;
    /** Model steps the windows took (fewer than windows when a physics-only run batches them). */
    model_steps: number;
  };
  run_hash: string;
  verdict: 'pass' | 'fail' | 'error';
  score: number;
  exit_code: number;
  error?: { code: string; message: string };
  counts: Record<string, number>;
  /** SI values (s, J, W, counts); a value that never happened is the string "Infinity". */
  metrics: Record<string, number | string>;
  thresholds: ThresholdResult[];
  conformance: { rules: RuleResult[]; checked: number; failed: number; rules_passed: number; rules_failed: number; rules_not_exercised: number };
  probes: Record<string, { count: number; p50: number | string; p99: number | string; max: number | string; mean: number | string }>;
  events: TimelineRecord[];
  /** The grid frequency model's event report, when the scenario has one. */
  grid?: GridSummary;
  /** What each site did (the first 100 listed) and the fleet totals. */
  sites?: ReturnType<SiteLedger['summary']>;
  warnings: string[];
}

export interface RunOutcome {
  summary: RunSummary;
  exitCode: ExitCode;
  error?: unknown;
}

export interface ScoreInputs {
  ctx: RunContext;
  settings: RunSettings;
  error: unknown;
  profileMetrics: Record<string, number>;
  windowMetrics: Record<string, number>;
  lateness: Distribution;
  wallSeconds: number;
  brokerUrl: string;
  warnings: string[];
  timeseriesRows: number;
  modelSteps: number;
  grid?: GridSummary;
  sites?: ReturnType<SiteLedger['summary']>;
}

const jsonNumber = (v: number): number | string => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');

export function scoreRun(inp: ScoreInputs): RunOutcome {
  const { ctx, settings } = inp;
  const counters = ctx.counters.toJSON();
  const table = ctx.ledger.table();
  const totals = ctx.ledger.totals();
  const metrics: Record<string, number> = {
    ...ctx.probes.metrics(),
    ...inp.windowMetrics,
    ...inp.profileMetrics,
    conformance_failures: totals.failed,
    inbound_conformance_failures: ctx.ledger.totals('inbound').failed,
    rejected_inbound: ctx.counters.get('rejected_inbound'),
    messages_lost: ctx.counters.get('messages_lost'),
  };
  if (inp.lateness.count > 0) {
    metrics.lateness_p50 = inp.lateness.percentile(50);
    metrics.lateness_p99 = inp.lateness.percentile(99);
    metrics.lateness_max = inp.lateness.max();
  }
  const thresholds: ThresholdResult[] = ctx.loaded.thresholds.map((th) => {
    const value = metrics[th.metric.name];
    // A metric the run never produced (no target was ever set, say) fails its threshold: a
    // threshold is a claim about the run, and an unmeasured claim is not met.
    const passed = value !== undefined && !Number.isNaN(value) && compare(value, th.op, th.limit);
    return { text: th.text, metric: th.metric.name, op: th.op, limit: th.limit, value: value === undefined ? null : jsonNumber(value), unit: th.metric.unit, passed };
  });

  const exercised = table.filter((r) => r.status !== 'not_exercised');
  const rulesPassed = table.filter((r) => r.status === 'passed').length;
  const rulesFailed = table.filter((r) => r.status === 'failed').length;
  const score = grade(thresholds, exercised.length ? rulesPassed / exercised.length : 1, metrics);

  let exitCode: ExitCode = ExitCode.pass;
  let verdict: RunSummary['verdict'] = 'pass';
  if (inp.error) {
    exitCode = exitCodeOf(inp.error);
    verdict = 'error';
  } else if (thresholds.some((t) => !t.passed) || rulesFailed > 0) {
    exitCode = ExitCode.failed;
    verdict = 'fail';
  }
  const simulated = ctx.kernel.now / 1e6;
  const summary: RunSummary = {
    gridtwin: { version: GRIDTWIN_VERSION, summary_format: SUMMARY_FORMAT },
    scenario: { name: ctx.loaded.name, path: ctx.loaded.path, sha256: createHash('sha256').update(ctx.loaded.text).digest('hex') },
    run: {
      seed: settings.seed,
      mode: settings.scenario.run.mode,
      workers: settings.workers,
      broker: inp.brokerUrl,
      duration_s: settings.scenario.run.duration / 1e6,
      simulated_s: simulated,
      window_s: settings.scenario.run.window / 1e6,
      wall_s: round(inp.wallSeconds, 3),
      speedup: inp.wallSeconds > 0 ? round(simulated / inp.wallSeconds, 1) : 0,
      windows: Math.round(simulated / (settings.scenario.run.window / 1e6)),
      model_steps: inp.modelSteps,
    },
    run_hash: ctx.hash.digest(),
    verdict,
    score,
    exit_code: exitCode,
    ...(inp.error ? { error: describeError(inp.error) } : {}),
    counts: counters,
    metrics: Object.fromEntries(Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, jsonNumber(v)])),
    thresholds,
    conformance: {
      rules: table,
      checked: totals.checked,
      failed: totals.failed,
      rules_passed: rulesPassed,
      rules_failed: rulesFailed,
      rules_not_exercised: table.length - exercised.length,
    },
    probes: Object.fromEntries(
      ctx.probes.names().map((n) => {
        const s = ctx.probes.distribution(n).summary();
        return [n, { count: s.count, p50: jsonNumber(s.p50), p99: jsonNumber(s.p99), max: jsonNumber(s.max), mean: jsonNumber(s.mean) }];
      }),
    ),
    // Grid disturbances are recorded when the window is stepped: order everything by time (stable).
    events: [...ctx.events].sort((x, y) => x.t - y.t),
    ...(inp.grid ? { grid: inp.grid } : {}),
    ...(inp.sites ? { sites: inp.sites } : {}),
    warnings: inp.warnings,
  };
  return { summary, exitCode, error: inp.error };
}

/**
 * Score 0–100: 40 for thresholds (share passed), 40 for conformance (share of exercised rules that
 * passed), 20 for answering demand response (share of requests answered). A part with nothing to
 * judge gives its full points, so a scenario without thresholds is graded on the rest.
 */
function grade(thresholds: ThresholdResult[], conformanceShare: number, metrics: Record<string, number>): number {
  const th = thresholds.length ? thresholds.filter((t) => t.passed).length / thresholds.length : 1;
  const requested = ctx0(metrics.dr_requests);
  const answered = requested ? (requested - ctx0(metrics.dr_unanswered)) / requested : 1;
  return round(40 * th + 40 * conformanceShare + 20 * answered, 1);
}

function ctx0(v: number | undefined): number {
  return v === undefined || Number.isNaN(v) ? 0 : v;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof InputError) return { code: err.code, message: err.describe() };
  if (err instanceof GridtwinError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

