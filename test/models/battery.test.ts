// Battery (models/battery.ts): an energy reservoir with efficiencies and power/SoC limits, used for
// peak shaving at the POI. Reference cases B1 and B2 in ../shared/reference-cases.md.
import { describe, expect, it } from 'vitest';
import { stateOfCharge, stepBattery } from '../../models/battery.ts';
import { BatteryMode } from '../../models/site-state.ts';
import { MW, MWh, S, battery, makeSites, run } from './site-table.ts';

describe('limits (B2)', () => {
  it('never leaves its SoC window or its power limit under an erratic load', () => {
    const cap = 1 * MWh;
    const t = makeSites(battery(cap, 10 * MW, 0.5, { poiCeiling: 50 * MW, rechargePower: 15 * MW }));
    const a = t.arrays;
    let x = 987654321;
    let maxPower = 0;
    let minSoc = 1;
    let maxSoc = 0;
    for (let k = 0; k < 20_000; k++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const load = 20 * MW + (x / 2147483648) * 50 * MW; // 20–70 MW around a 50 MW ceiling
      a.constraint[0] = k % 7 === 0 ? 30 * MW : Infinity;
      // First half mostly below the ceiling (charges to full), second half above (drains to empty).
      const p = stepBattery(a, 0, load + (k < 10_000 ? -15 * MW : 15 * MW), 0.5);
      maxPower = Math.max(maxPower, Math.abs(p));
      minSoc = Math.min(minSoc, stateOfCharge(a, 0));
      maxSoc = Math.max(maxSoc, stateOfCharge(a, 0));
    }
    expect(maxPower).toBe(10 * MW); // reached, never exceeded
    // Driven into both SoC limits, never past them.
    expect(minSoc).toBeCloseTo(0.1, 12);
    expect(maxSoc).toBeCloseTo(0.9, 12);
    expect(minSoc).toBeGreaterThanOrEqual(0.1 - 1e-12);
    expect(maxSoc).toBeLessThanOrEqual(0.9 + 1e-12);
  });

  it('an idle-mode battery or a site without one does nothing', () => {
    const t = makeSites(battery(1 * MWh, 10 * MW, 0.5, { battMode: BatteryMode.idle, poiCeiling: 10 * MW }), { poiCeiling: 10 * MW });
    expect(stepBattery(t.arrays, 0, 50 * MW, 1)).toBe(0);
    expect(stepBattery(t.arrays, 1, 50 * MW, 1)).toBe(0);
    expect(stateOfCharge(t.arrays, 0)).toBe(0.5);
    expect(stateOfCharge(t.arrays, 1)).toBeNaN();
  });
});

/** Charges from soc_min to soc_max, then discharges back; returns energy in from and out to the grid. */
function fullCycle(etaC: number, etaD: number): { charged: number; discharged: number; endSoc: number } {
  const cap = 2 * MWh;
  const t = makeSites(battery(cap, 10 * MW, 0.1, { etaCharge: etaC, etaDischarge: etaD, poiCeiling: 100 * MW, rechargePower: 10 * MW }));
  const a = t.arrays;
  const dt = 1;
  let charged = 0;
  let discharged = 0;
  for (let k = 0; k < 5000 && stateOfCharge(a, 0) < 0.9; k++) charged -= stepBattery(a, 0, 0, dt) * dt;
  expect(stateOfCharge(a, 0)).toBeCloseTo(0.9, 12);
  for (let k = 0; k < 5000 && stateOfCharge(a, 0) > 0.1; k++) discharged += stepBattery(a, 0, 150 * MW, dt) * dt;
  return { charged, discharged, endSoc: stateOfCharge(a, 0) };
}

describe('round-trip efficiency', () => {
  it('B2: a full cycle returns η_c·η_d of the energy put in (0.9 × 0.85 = 0.765)', () => {
    const { charged, discharged, endSoc } = fullCycle(0.9, 0.85);
    expect(charged).toBeCloseTo((0.8 * 2 * MWh) / 0.9, 0);
    expect(discharged / charged).toBeCloseTo(0.765, 12);
    expect(endSoc).toBeCloseTo(0.1, 12);
  });

  it('B1: Hornsdale with η_c = η_d = √0.79 gives RTE 0.79 and the SoC balance closes', () => {
    const eta = Math.sqrt(0.79);
    const { charged, discharged, endSoc } = fullCycle(eta, eta);
    expect(discharged / charged).toBeCloseTo(0.79, 12);
    expect(endSoc).toBeCloseTo(0.1, 12);
  });
});

describe('peak shaving', () => {
  it('holds the POI at the ceiling while energy lasts, then lets it through', () => {
    // Constant 120 MW against a 100 MW ceiling: 20 MW for as long as 0.2 MWh (soc 0.6 → 0.1 of 0.4 MWh,
    // η_d = 1) lasts: 720 MJ / 20 MW = 36 s.
    const t = makeSites({ duty: 1, ratedPower: 120 * MW, ...battery(0.4 * MWh, 30 * MW, 0.6, { poiCeiling: 100 * MW, etaDischarge: 1 }) });
    const a = t.arrays;
    const poiMax: number[] = [];
    run(t, 0, 60 * S, 1 * S, [], () => poiMax.push(a.poiMax[0]));
    for (let k = 0; k < 36; k++) expect(poiMax[k], `window ${k}`).toBeCloseTo(100 * MW, 0);
    for (let k = 37; k < 60; k++) expect(poiMax[k], `window ${k}`).toBe(120 * MW);
    expect(stateOfCharge(a, 0)).toBeCloseTo(0.1, 12);
  });

  it('discharge power is limited by the power rating: the rest goes through', () => {
    const t = makeSites({ duty: 1, ratedPower: 150 * MW, ...battery(1 * MWh, 30 * MW, 0.6, { poiCeiling: 100 * MW }) });
    run(t, 0, 1 * S, 1 * S);
    expect(t.arrays.battMean[0]).toBeCloseTo(30 * MW, 0);
    expect(t.arrays.poiMean[0]).toBeCloseTo(120 * MW, 0);
  });

  it('recharging never pushes the POI above min(ceiling, constraint)', () => {
    // Square wave 100/20 MW, ceiling 110 MW (never exceeded), constraint 50 MW, recharge 40 MW:
    // in the low phase the battery may charge only 30 MW (up to the constraint), not 40 MW.
    const t = makeSites(battery(1 * MWh, 40 * MW, 0.3, { poiCeiling: 110 * MW, rechargePower: 40 * MW, constraint: 50 * MW }));
    const a = t.arrays;
    let charging = 0;
    run(t, 0, 10 * S, 0.01 * S, [], () => {
      if (a.battPowerOut[0] < 0) {
        charging++;
        expect(a.poiMax[0]).toBeLessThanOrEqual(50 * MW + 1e-6);
        expect(a.battPowerOut[0]).toBeCloseTo(-30 * MW, 0);
      }
    });
    expect(charging).toBe(5 * 40); // every 10 ms window of the five 0.4 s low phases

    // Without the constraint the recharge power is the limit, and the ceiling is never crossed.
    a.constraint[0] = Infinity;
    a.poiCeiling[0] = 50 * MW;
    let worst = 0;
    charging = 0;
    run(t, 10 * S, 20 * S, 0.01 * S, [], () => {
      if (a.battPowerOut[0] < 0) {
        charging++;
        worst = Math.max(worst, a.poiMax[0]);
      }
    });
    expect(charging).toBe(5 * 40);
    expect(worst).toBeCloseTo(50 * MW, 0);
    expect(worst).toBeLessThanOrEqual(50 * MW + 1e-6);
  });
});
