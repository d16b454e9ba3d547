// Test helpers for the composed site step (models/facility.ts): sites built by the engine's own
// SiteRegistry from an inline scenario, stepped window by window with the registry's input changes
// (the same path the engine takes, without the kernel and the worker pool).
import { parseScenarioText } from '../../../sim/scenario/load.ts';
import { SiteRegistry } from '../../../sim/engine/site-registry.ts';
import { stepSites } from '../../../models/facility.ts';
import type { SiteField, TableName } from '../../../models/site-state.ts';

export const MW = 1e6;
export const MWh = 3.6e9;
export const S = 1_000_000; // µs per second
export const MS = 1_000; // µs per millisecond

/** A registry for an inline scenario: `sites` is the YAML under `sites:` (indented by 2). */
export function sitesFrom(sites: string, extra = '', seed = 7): SiteRegistry {
  const text = `run:\n  duration: 1 h\n  window: 1 s\nsites:\n${sites}${extra}`;
  return new SiteRegistry(parseScenarioText(text, '/scenarios/facility.yaml').scenario, seed);
}

/** One window of one site as the site table reports it, with its span in seconds. */
export type WindowRow = Record<SiteField, number> & { t0: number; t1: number; span: number };

/**
 * Steps every site from t0 to t1 (µs) in windows of `windowUs`, applying the registry's pending
 * input changes; returns site `site`'s row of the site table after each window.
 */
export function run(reg: SiteRegistry, t0: number, t1: number, windowUs: number, site = 0): WindowRow[] {
  const out: WindowRow[] = [];
  const n = reg.sites.length;
  for (let a = t0; a < t1; a += windowUs) {
    const b = Math.min(t1, a + windowUs);
    stepSites(reg.arrays, 0, n, a, b - a, 1, b, reg.takeChanges(b));
    out.push({ ...reg.tables.site.row(site), t0: a, t1: b, span: (b - a) / S });
  }
  return out;
}

/**
 * Window outputs of the site table and what is accumulated from them window by window (run totals,
 * the time series' interval): they describe windows, so they differ with the window length.
 */
export const windowOutputs: readonly SiteField[] = [
  'itMean', 'coolingMean', 'poiMean', 'poiMax', 'poiMin', 'battMean', 'burnerMean', 'connectedMean', 'usefulMean', 'excessEnergy',
  'poiEnergy', 'coolingEnergy', 'burnerEnergy', 'poiPeak', 'poiLow', 'excessTotal', 'trackSq', 'trackWindows',
  'tsIt', 'tsPoi', 'tsBatt', 'tsCool', 'tsBurn', 'tsConn', 'tsPeak',
];

/** Copies of every table's bytes, except the site table's per-window outputs (zeroed). */
export function stateBytes(reg: SiteRegistry): Record<TableName, Uint8Array> {
  const out = {} as Record<TableName, Uint8Array>;
  for (const [name, t] of Object.entries(reg.tables) as [TableName, { bytes(): Uint8Array }][]) out[name] = new Uint8Array(t.bytes());
  const site = new Float64Array(out.site.buffer);
  const n = reg.sites.length;
  const fields = reg.tables.site.fields;
  for (const f of windowOutputs) {
    const k = fields.indexOf(f);
    site.fill(0, k * n, (k + 1) * n);
  }
  return out;
}

/** ∫ field dt over the rows (J for a power field). */
export const integral = (rows: readonly WindowRow[], field: SiteField) => rows.reduce((s, r) => s + r[field] * r.span, 0);

/** The rows whose window lies inside [from, to) seconds. */
export const between = (rows: readonly WindowRow[], from: number, to: number) => rows.filter((r) => r.t0 >= from * S && r.t1 <= to * S);
