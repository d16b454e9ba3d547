// Per point of a sweep: how many seeds passed, and each metric's mean with its 95 % interval — the
// table behind the terminal summary and sweep.html, and the planner's answer: the first point (in
// the order the values were given) at which every seed passed.
import { siOf } from '../../reports/sweep-csv.ts';
import type { ParamValue } from './param-spec.ts';
import type { RunRecord } from './runner.ts';
import { meanCi, type MeanCi } from './stats.ts';

export interface PointSummary {
  point: number;
  values: ParamValue[];
  runs: number;
  passed: number;
  failed: number;
  errors: number;
  metrics: Record<string, MeanCi | undefined>;
  score?: MeanCi;
}

export function summarisePoints(records: RunRecord[], metrics: string[]): PointSummary[] {
  const byPoint = new Map<number, RunRecord[]>();
  for (const r of records) byPoint.set(r.point, [...(byPoint.get(r.point) ?? []), r]);
  return [...byPoint.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([point, rs]) => ({
      point,
      values: rs[0].values,
      runs: rs.length,
      passed: rs.filter((r) => r.result.verdict === 'pass').length,
      failed: rs.filter((r) => r.result.verdict === 'fail').length,
      errors: rs.filter((r) => r.result.verdict === 'error').length,
      score: meanCi(rs.filter((r) => r.result.verdict !== 'error').map((r) => r.result.score)),
      metrics: Object.fromEntries(metrics.map((m) => [m, meanCi(rs.map((r) => siOf(r.result.metrics[m]) ?? NaN))])),
    }));
}

/**
 * With one swept parameter: the point with the smallest value (SI) at which every seed passed —
 * "the smallest battery that held". Undefined when none did, or with several parameters.
 */
export function smallestAllPass(points: PointSummary[]): PointSummary | undefined {
  if (points.length === 0 || points[0].values.length !== 1) return undefined;
  const ok = points.filter((p) => p.runs > 0 && p.passed === p.runs);
  return ok.sort((a, b) => (siOf(a.values[0]) ?? 0) - (siOf(b.values[0]) ?? 0))[0];
}
