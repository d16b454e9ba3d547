// Metric-by-metric differences between two runs: the score, the summary's metrics (SI, with the
// catalogue's unit for display), message counts, the probes' p50/p99, the grid event report and
// the fleet totals — whatever either run has. A value one run lacks shows as missing, not as 0.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { findMetric } from '../../sim/scoring/metric-catalogue.ts';
import { betterDirection, type Better } from './metric-direction.ts';

export interface MetricRow {
  /** Where it comes from and its name, e.g. "metrics.breach_energy", "probes.time_to_target.p99". */
  name: string;
  unit: string;
  a?: number;
  b?: number;
  /** b − a (undefined when either is missing or not finite). */
  delta?: number;
  /** (b − a) / |a|. */
  relative?: number;
  better?: Better;
  /** 'b' when B is better, 'a' when A is, 'same', or undefined when there is no known direction. */
  verdict?: 'a' | 'b' | 'same';
}

const num = (v: unknown): number | undefined => {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (v === 'NaN') return NaN;
  return undefined;
};

/** Flattens the numeric values a summary carries into name → (value, unit). */
export function flattenSummary(s: RunSummary): Map<string, { value: number; unit: string }> {
  const out = new Map<string, { value: number; unit: string }>();
  const put = (name: string, v: unknown, unit = '') => {
    const n = num(v);
    if (n !== undefined) out.set(name, { value: n, unit });
  };
  put('score', s.score);
  for (const [k, v] of Object.entries(s.counts ?? {})) put(`counts.${k}`, v);
  for (const [k, v] of Object.entries(s.metrics ?? {})) put(`metrics.${k}`, v, siUnit(k));
  for (const [k, p] of Object.entries(s.probes ?? {})) {
    put(`probes.${k}.count`, p.count);
    put(`probes.${k}.p50`, p.p50, 's');
    put(`probes.${k}.p99`, p.p99, 's');
  }
  const g = s.grid;
  if (g) {
    put('grid.initial_rocof', g.initial_rocof_hz_per_s, 'Hz/s');
    put('grid.nadir', g.nadir?.f_hz, 'Hz');
    put('grid.zenith', g.zenith?.f_hz, 'Hz');
    put('grid.time_below', g.time_below?.seconds, 's');
    put('grid.lfdd_stages_tripped', g.lfdd_stages_tripped);
  }
  const fleet = s.sites?.fleet as Record<string, unknown> | undefined;
  if (fleet) {
    for (const [k, v] of Object.entries(fleet)) put(`sites.fleet.${k}`, v, unitFromSuffix(k));
  }
  return out;
}

/** summary.json metrics are SI: J, W, s, Hz, Hz/s, fractions, counts. */
function siUnit(metric: string): string {
  const d = findMetric(metric)?.dimension;
  return d === 'energy' ? 'J' : d === 'power' ? 'W' : d === 'time' ? 's' : d === 'frequency' ? 'Hz' : d === 'rocof' ? 'Hz/s' : '';
}

function unitFromSuffix(key: string): string {
  const m = /_(mwh|mw|s|hz)$/.exec(key);
  return m ? { mwh: 'MWh', mw: 'MW', s: 's', hz: 'Hz' }[m[1]]! : '';
}

function directionOf(name: string): Better | undefined {
  if (name === 'score') return 'higher';
  if (name.startsWith('metrics.')) return betterDirection(name.slice('metrics.'.length));
  if (name === 'grid.nadir') return 'higher';
  if (name === 'grid.time_below' || name === 'grid.lfdd_stages_tripped') return 'lower';
  if (name === 'counts.messages_lost' || name === 'counts.rejected_inbound') return 'lower';
  return undefined;
}

export function diffMetrics(a: RunSummary, b: RunSummary): MetricRow[] {
  const fa = flattenSummary(a);
  const fb = flattenSummary(b);
  const names = [...new Set([...fa.keys(), ...fb.keys()])];
  return names.map((name) => {
    const va = fa.get(name)?.value;
    const vb = fb.get(name)?.value;
    const row: MetricRow = { name, unit: fa.get(name)?.unit ?? fb.get(name)?.unit ?? '', a: va, b: vb, better: directionOf(name) };
    if (va !== undefined && vb !== undefined) {
      if (Number.isFinite(va) && Number.isFinite(vb)) {
        row.delta = vb - va;
        if (va !== 0) row.relative = (vb - va) / Math.abs(va);
      }
      if (row.better) row.verdict = va === vb ? 'same' : (vb < va) === (row.better === 'lower') ? 'b' : 'a';
    }
    return row;
  });
}

/** Rows whose values differ (or exist in one run only). */
export function changedRows(rows: MetricRow[]): MetricRow[] {
  return rows.filter((r) => !(r.a !== undefined && r.b !== undefined && (r.a === r.b || (Number.isNaN(r.a) && Number.isNaN(r.b)))));
}
