// The composed site step (models/facility.ts) and time: an input change inside a window acts from
// exactly its time, and the result does not depend on how the run is cut into windows as long as
// the internal step divides the window — with every model of a site switched on.
import { describe, expect, it } from 'vitest';
import type { SiteRegistry } from '../../../sim/engine/site-registry.ts';
import { MS, MW, S, integral, run, sitesFrom, stateBytes, type WindowRow } from './helpers.ts';

/** A site with every model on: smoothing, failures, cooling, battery (peak shave + DC low), POI burner, protection. */
const BUSY = `  dc1:
    auxiliary_load: 7 MW
    ai_load:
      rated_power: 100 MW
      period: 1.3 s
      duty: 0.7
      power_floor: 50%
      ramp_up: 150 MW/s
      ramp_down: 120 MW/s
      failures: { mtbf: 4 s, recovery: 1.5 s }
    cooling: {}
    battery:
      energy: 0.05 MWh
      power: 20 MW
      poi_ceiling: 95 MW
      recharge_power: 4 MW
      frequency_response: { preset: dynamic_containment_low, capacity: 5 MW }
    poi:
      ramp_limit: 600 MW/min
      burner: 30 MW
    protection:
      dips_to_transfer: 2
      window: 5 s
      reconnect_time: 3 s
`;

/** Input changes at odd times, on and off the 10 ms internal grid, touching every model. */
function busyChanges(reg: SiteRegistry): void {
  reg.setInput('dc1', 'gpuCap', 60 * MW, 2_340_000);
  reg.setInput('dc1', 'constraint', 70 * MW, 2_340_000);
  reg.setInput('dc1', 'frequency', 49.6, 3_300_000);
  reg.setInput('dc1', 'voltage', 0.3, 4_000_000);
  reg.setInput('dc1', 'voltage', 1, 4_050_000);
  reg.setInput('dc1', 'capIgnoredShare', 0.3, 5_005_000);
  reg.setInput('dc1', 'voltage', 0.25, 5_500_000);
  reg.setInput('dc1', 'voltage', 1, 5_540_000);
  reg.setInput('dc1', 'frequency', 50, 6_100_000);
  reg.setInput('dc1', 'running', 0, 7_770_000);
  reg.setInput('dc1', 'reconnect', 1, 8_000_000);
  reg.setInput('dc1', 'running', 1, 9_120_000);
  reg.setInput('dc1', 'gpuCap', Infinity, 11_000_000);
}

function runBusy(windowUs: number, end = 13 * S) {
  const reg = sitesFrom(BUSY);
  busyChanges(reg);
  const rows = run(reg, 0, end, windowUs);
  return { reg, rows };
}

const energies = (rows: WindowRow[]) => ({
  it: integral(rows, 'itMean'),
  cooling: integral(rows, 'coolingMean'),
  poi: integral(rows, 'poiMean'),
  battery: integral(rows, 'battMean'),
  burner: integral(rows, 'burnerMean'),
  connected: integral(rows, 'connectedMean'),
  excess: rows.reduce((s, r) => s + r.excessEnergy, 0),
});

describe('an input change inside a window', () => {
  it('acts from exactly its time: a GPU cap at 1.3055 s gives 100 MW·0.3055 s + 30 MW·0.6945 s', () => {
    const reg = sitesFrom(`  dc1:\n    auxiliary_load: 5 MW\n    ai_load:\n      rated_power: 100 MW\n      duty: 1\n`);
    reg.setInput('dc1', 'gpuCap', 30 * MW, 1_305_500);
    const rows = run(reg, 0, 2 * S, 1 * S);
    expect(rows[0].itMean).toBe(100 * MW); // the job starts at once and runs at compute power
    expect(rows[1].itMean).toBeCloseTo(100 * MW * 0.3055 + 30 * MW * 0.6945, 3);
    expect(rows[1].poiMean).toBeCloseTo(rows[1].itMean + 5 * MW, 3);
    expect(rows[1].poiMax).toBe(105 * MW);
    expect(rows[1].poiMin).toBe(35 * MW);
  });

  it('gives the same state of every table and the same energies as splitting the window at its time', () => {
    const at = 2_345_500;
    const setUp = () => {
      const reg = sitesFrom(BUSY);
      reg.setInput('dc1', 'gpuCap', 40 * MW, at);
      reg.setInput('dc1', 'constraint', 60 * MW, at);
      reg.setInput('dc1', 'voltage', 0.3, at);
      reg.setInput('dc1', 'frequency', 49.4, at);
      return reg;
    };
    const whole = setUp();
    run(whole, 0, 2 * S, 1 * S);
    const [w] = run(whole, 2 * S, 3 * S, 1 * S);
    const split = setUp();
    run(split, 0, 2 * S, 1 * S);
    const [first] = run(split, 2 * S, at, 1 * S);
    const [second] = run(split, at, 3 * S, 1 * S);
    expect(stateBytes(split)).toEqual(stateBytes(whole));
    const parts = [first, second];
    for (const f of ['itMean', 'coolingMean', 'poiMean', 'battMean', 'burnerMean', 'connectedMean'] as const) {
      expect(integral(parts, f), f).toBeCloseTo(w[f] * 1, 6);
    }
    expect(first.excessEnergy + second.excessEnergy).toBeCloseTo(w.excessEnergy, 3);
    expect(Math.max(first.poiMax, second.poiMax)).toBe(w.poiMax);
    expect(Math.min(first.poiMin, second.poiMin)).toBe(w.poiMin);
    // The change did something in the second part only (a cap below the load, a constraint below the POI).
    expect(first.excessEnergy).toBe(0);
    expect(second.excessEnergy).toBeGreaterThan(0);
    expect(second.itMean).toBeLessThan(first.itMean);
  });
});

describe('window length', () => {
  it('state and energies are identical for windows of 10 ms, 250 ms, 500 ms, 1 s and 13 s (10 ms internal step)', () => {
    const ref = runBusy(1 * S);
    const refE = energies(ref.rows);
    for (const w of [10 * MS, 250 * MS, 500 * MS, 13 * S]) {
      const other = runBusy(w);
      expect(stateBytes(other.reg), `window ${w} µs`).toEqual(stateBytes(ref.reg));
      const e = energies(other.rows);
      for (const k of Object.keys(refE) as (keyof typeof refE)[]) {
        expect(e[k] / refE[k], `${k}, window ${w} µs`).toBeCloseTo(1, 10);
      }
      expect(Math.max(...other.rows.map((r) => r.poiMax))).toBe(Math.max(...ref.rows.map((r) => r.poiMax)));
      expect(Math.min(...other.rows.map((r) => r.poiMin))).toBe(Math.min(...ref.rows.map((r) => r.poiMin)));
    }
  });

  it('the busy run really exercised every model (so the comparison means something)', () => {
    const reg = sitesFrom(BUSY);
    busyChanges(reg);
    const rows = run(reg, 0, 5 * S, 1 * S);
    // 49.6 Hz since 3.3 s: DC low asks for 5 % + 95 % × (0.2 / 0.3) of its 5 MW, reached by 4.3 s.
    expect(reg.arrays.battery.frPower[0]).toBeCloseTo(5 * MW * (0.05 + (0.95 * 0.2) / 0.3), 3);
    rows.push(...run(reg, 5 * S, 13 * S, 1 * S));
    const a = reg.arrays;
    const e = energies(rows);
    expect(a.load.failCount[0]).toBeGreaterThan(0); // a seeded failure happened
    expect(a.protection.transfers[0]).toBe(1); // the second dip transferred the site
    expect(a.protection.connectedShare[0]).toBe(1); // and the reconnect brought it back
    expect(e.excess).toBeGreaterThan(0);
    expect(e.battery).not.toBe(0);
    expect(e.burner).toBeGreaterThan(0);
    expect(e.cooling).toBeGreaterThan(0);
    expect(a.battery.frPower[0]).toBe(0); // back at 50 Hz since 6.1 s
  });
});
