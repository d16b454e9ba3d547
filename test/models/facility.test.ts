// The site step (models/facility.ts): input changes land at their exact time inside a window, the
// result does not depend on the window length, and the energy above a constraint is integrated.
import { describe, expect, it } from 'vitest';
import type { InputChange, SiteField } from '../../models/site-state.ts';
import type { SoaTable } from '../../sim/workers/soa.ts';
import { MW, MWh, S, battery, change, makeSites, run } from './site-table.ts';

/** A site with everything switched on: floor, finite ramps, auxiliaries and a peak-shaving battery. */
const busySite = () =>
  makeSites({
    floorFraction: 0.5,
    rampUp: 150 * MW,
    rampDown: 120 * MW,
    auxLoad: 7 * MW,
    periodUs: 1.3 * S,
    duty: 0.7,
    ...battery(0.05 * MWh, 20 * MW, 0.5, { poiCeiling: 95 * MW, rechargePower: 4 * MW }),
  });

const busyChanges: InputChange[] = [
  change(2_340_000, 'gpuCap', 60 * MW),
  change(2_340_000, 'constraint', 70 * MW),
  change(5_005_000, 'capIgnoredFraction', 0.3),
  change(7_770_000, 'running', 0),
  change(9_120_000, 'running', 1),
  change(11_000_000, 'gpuCap', Infinity),
];

const stateFields: SiteField[] = ['itPower', 'battEnergy', 'battPowerOut', 'poiEnd'];

/** Runs `busySite` for `t1` µs in windows of `windowUs`; returns the table and energy totals (J). */
function runBusy(t1: number, windowUs: number) {
  const t = busySite();
  const a = t.arrays;
  const totals = { it: 0, poi: 0, batt: 0, excess: 0, poiMax: -Infinity };
  let from = 0;
  run(t, 0, t1, windowUs, busyChanges, () => {
    const span = (Math.min(t1, from + windowUs) - from) / S;
    totals.it += a.itMean[0] * span;
    totals.poi += a.poiMean[0] * span;
    totals.batt += a.battMean[0] * span;
    totals.excess += a.excessEnergy[0];
    totals.poiMax = Math.max(totals.poiMax, a.poiMax[0]);
    from += windowUs;
  });
  return { t, totals };
}

const state = (t: SoaTable<SiteField>) => stateFields.map((f) => t.arrays[f][0]);

describe('input changes inside a window', () => {
  it('a change at t (off the internal grid) acts from exactly t: energy = 100 MW·t + 30 MW·(1 s − t)', () => {
    const t = makeSites({});
    run(t, 0, 1 * S, 1 * S, [change(305_500, 'gpuCap', 30 * MW)]);
    expect(t.arrays.itMean[0]).toBeCloseTo(100 * MW * 0.3055 + 30 * MW * 0.6945, 0);
  });

  it('gives the same state and energy as splitting the window at t', () => {
    const whole = busySite();
    const split = busySite();
    const ch = [change(2_345_500, 'gpuCap', 40 * MW), change(2_345_500, 'constraint', 60 * MW)];
    run(whole, 2 * S, 3 * S, 1 * S, ch);
    const wholeEnergy = whole.arrays.itMean[0] * 1;
    const wholeExcess = whole.arrays.excessEnergy[0];
    run(split, 2 * S, 2_345_500, 1 * S, []);
    const first = { it: split.arrays.itMean[0] * 0.3455, excess: split.arrays.excessEnergy[0] };
    run(split, 2_345_500, 3 * S, 1 * S, ch);
    expect(state(whole)).toEqual(state(split));
    expect(wholeEnergy).toBeCloseTo(first.it + split.arrays.itMean[0] * 0.6545, 0);
    expect(wholeExcess).toBeCloseTo(first.excess + split.arrays.excessEnergy[0], 0);
    expect(wholeExcess).toBeGreaterThan(0);
  });
});

describe('window length', () => {
  it('results are identical whatever the window length when the internal step divides it', () => {
    const end = 13 * S;
    const ref = runBusy(end, 1 * S);
    for (const w of [0.25 * S, 0.5 * S, 13 * S, 0.01 * S]) {
      const other = runBusy(end, w);
      expect(state(other.t), `window ${w} µs`).toEqual(state(ref.t));
      expect(other.totals.poiMax).toBe(ref.totals.poiMax);
      for (const k of ['it', 'poi', 'batt', 'excess'] as const) {
        expect(other.totals[k] / ref.totals[k], `${k}, window ${w} µs`).toBeCloseTo(1, 12);
      }
    }
    // The scenario exercised the battery and the constraint, so the comparison means something.
    expect(ref.totals.excess).toBeGreaterThan(0);
    expect(ref.totals.batt).not.toBe(0);
  });
});

describe('excess energy above a constraint', () => {
  it('square wave 100/20 MW over a 50 MW constraint: 50 MW × 1.6 s = 80 MJ per period', () => {
    const t = makeSites({ constraint: 50 * MW });
    let sum = 0;
    run(t, 0, 10 * S, 1 * S, [], () => (sum += t.arrays.excessEnergy[0]));
    expect(sum).toBeCloseTo(5 * 80e6, 0);
  });

  it('counts auxiliary load and ends when the constraint is lifted mid-window', () => {
    // 110 MW (with 10 MW auxiliaries) over 50 MW for 1.25 s, then no constraint.
    const t = makeSites({ auxLoad: 10 * MW, constraint: 50 * MW });
    run(t, 0, 2 * S, 2 * S, [change(1_250_000, 'constraint', Infinity)]);
    expect(t.arrays.excessEnergy[0]).toBeCloseTo(60 * MW * 1.25, 0);
  });

  it('a linear ramp over the constraint integrates to the triangle area (within one step)', () => {
    // Job start: 20 → 100 MW at 10 MW/s, constraint 60 MW: over it from 5 s to 9 s, then flat 100.
    const t = makeSites({ duty: 1, running: 0, rampUp: 10 * MW, constraint: 60 * MW });
    run(t, 0, 1 * S, 1 * S, [change(1 * S - 1, 'running', 1)]);
    let sum = 0;
    run(t, 1 * S, 11 * S, 1 * S, [], () => (sum += t.arrays.excessEnergy[0]));
    // Triangle ½·40 MW·4 s = 80 MJ, then 40 MW × 2 s (9–11 s) = 80 MJ. Each 10 ms sub-step holds the
    // power it ramped to, which over-counts a rising ramp by ½·rate·step·time = 0.2 MJ at most.
    expect(sum).toBeGreaterThanOrEqual(160e6 - 1);
    expect(sum - 160e6).toBeLessThanOrEqual(0.2e6 + 100); // + 40 J: the job starts 1 µs before 1 s
  });
});
