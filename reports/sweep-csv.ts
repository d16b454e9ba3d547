// sweep.csv: one row per run — index, each swept parameter as given and in SI, the seed, verdict,
// exit code, score, every metric any run reported (SI, as in summary.json), the error message of a
// failed run, and its run folder. Spreadsheet- and pandas-friendly: one header, RFC 4180 quoting.
import { relative } from 'node:path';
import { siValueOf } from '../sim/scenario/units.ts';
import type { SweepParam } from '../sim/sweep/param-spec.ts';
import type { RunRecord } from '../sim/sweep/runner.ts';

const quote = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function metricNames(records: RunRecord[]): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r.result.metrics)))].sort();
}

export function siOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return siValueOf(v);
  return undefined;
}

export function renderSweepCsv(out: string, params: SweepParam[], records: RunRecord[]): string {
  const metrics = metricNames(records);
  const head = ['run', ...params.flatMap((p) => [p.path, `${p.path}_si`]), 'seed', 'verdict', 'exit_code', 'score', ...metrics, 'wall_s', 'error', 'run_folder'];
  const rows = records.map((r) => [
    r.index,
    ...r.values.flatMap((v) => [v, siOf(v) ?? '']),
    r.seed,
    r.result.verdict,
    r.result.exit_code,
    r.result.score,
    ...metrics.map((m) => r.result.metrics[m] ?? ''),
    r.result.wall_s,
    r.result.error ?? '',
    relative(out, r.dir),
  ]);
  return `${[head, ...rows].map((row) => row.map(quote).join(',')).join('\n')}\n`;
}
