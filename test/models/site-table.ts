// Test helper: a site table filled directly (SI units, no scenario), with unlimited caps, ramps and
// constraint and no battery unless a test says otherwise.
import { SoaTable } from '../../sim/workers/soa.ts';
import { BatteryMode, siteFields, type InputChange, type SiteField, type SiteInput } from '../../models/site-state.ts';
import { stepSites } from '../../models/facility.ts';

export type SiteParams = Partial<Record<SiteField, number>>;

export const MW = 1e6;
export const MWh = 3.6e9;
export const S = 1_000_000; // µs per second

export const defaults: SiteParams = {
  ratedPower: 100 * MW,
  idleFraction: 0.2,
  periodUs: 2 * S,
  duty: 0.8,
  floorFraction: 0,
  rampUp: Infinity,
  rampDown: Infinity,
  stepUs: 10_000,
  auxLoad: 0,
  running: 1,
  gpuCap: Infinity,
  capIgnoredFraction: 0,
  enforcedCap: Infinity,
  constraint: Infinity,
  poiCeiling: Infinity,
  etaCharge: 1,
  etaDischarge: 1,
  socMin: 0,
  socMax: 1,
};

/** A battery's parameters; `soc` is the initial state of charge. */
export function battery(energyJ: number, powerW: number, soc: number, extra: SiteParams = {}): SiteParams {
  return {
    battEnergyCap: energyJ,
    battPower: powerW,
    battEnergy: soc * energyJ,
    battMode: BatteryMode.peakShave,
    rechargePower: 0.1 * powerW,
    etaCharge: 0.95,
    etaDischarge: 0.95,
    socMin: 0.1,
    socMax: 0.9,
    ...extra,
  };
}

export function makeSites(...sites: SiteParams[]): SoaTable<SiteField> {
  const t = new SoaTable(siteFields, sites.length);
  sites.forEach((p, i) => {
    const all = { ...defaults, ...p };
    for (const [k, v] of Object.entries(all)) t.arrays[k as SiteField][i] = v;
    // Start at the compute-phase level (as the engine does), unless a test sets itPower.
    if (p.itPower === undefined) t.arrays.itPower[i] = all.running ? all.ratedPower! : all.idleFraction! * all.ratedPower!;
  });
  return t;
}

export function change(timeUs: number, field: SiteInput, value: number, site = 0): InputChange {
  return { timeUs, site, field, value };
}

/** Steps every site through [t0, t1) in windows of `windowUs`, applying `changes` in their windows. */
export function run(t: SoaTable<SiteField>, t0: number, t1: number, windowUs: number, changes: InputChange[] = [], each?: () => void): void {
  for (let a = t0; a < t1; a += windowUs) {
    const b = Math.min(t1, a + windowUs);
    stepSites(t.arrays, 0, t.n, a, b, changes.filter((c) => c.timeUs >= a && c.timeUs < b));
    each?.();
  }
}
