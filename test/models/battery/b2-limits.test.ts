// Reference case B2 (../shared/reference-cases.md, model definition): the energy-reservoir battery
// never leaves its SoC or power limits, under hostile command sequences in every mode, and a full
// cycle returns RTE = η_c·η_d exactly.
import { describe, expect, it } from 'vitest';
import { BATTERY_FR_MAX_STEP_S, BatteryMode, advanceBattery, powerLimits, type BatteryParams } from '../../../models/battery.ts';
import { dynamicContainmentHigh, dynamicContainmentLow } from '../../../models/response-curves.ts';
import { MW, MWh, one, rng } from './helpers.ts';

/** Random battery parameters from a seeded stream: ratings, efficiencies, window, lag, C-rate, modes. */
function hostileBattery(r: () => number): BatteryParams {
  const energyCap = (0.02 + 2 * r()) * MWh; // minutes of full power: the bounds are reached often
  const dischargeMax = (1 + 200 * r()) * MW;
  const socMin = 0.3 * r();
  const socMax = 0.7 + 0.3 * r();
  const p: BatteryParams = {
    energyCap,
    dischargeMax,
    chargeMax: dischargeMax * (0.3 + 1.2 * r()),
    cRate: r() < 0.5 ? Infinity : 0.25 + 4 * r(),
    etaCharge: 0.7 + 0.3 * r(),
    etaDischarge: 0.7 + 0.3 * r(),
    selfDischarge: r() < 0.5 ? 0 : 1e-5 * r(),
    socMin,
    socMax,
    soc: socMin + (socMax - socMin) * r(),
    invTau: r() < 0.3 ? 0 : 0.5 * r(),
    mode: Math.floor(3 * r()),
    poiCeiling: r() < 0.3 ? Infinity : 200 * MW * r(),
    poiRamp: r() < 0.3 ? Infinity : 10 * MW * r(),
    socTarget: socMin + (socMax - socMin) * r(),
    restorePower: 50 * MW * r(),
  };
  if (r() < 0.5) {
    const c = dynamicContainmentLow('dc', 1, 50);
    const curve = [...c.curve, ...dynamicContainmentHigh('dc', 1, 50).curve];
    Object.assign(p, { frCapacity: 0.5 * dischargeMax * r(), frLag: 0.6 * r(), frRamp: 1 + 5 * r(), frCurve: curve, frHold: r() < 0.3 ? 30 : 0 });
  }
  return p;
}

describe('B2: never leaves its SoC or power limits', () => {
  it('over 300 seeded hostile sequences (random parameters, modes, steps, setpoints, loads, frequency)', () => {
    const violations: string[] = [];
    let atMin = 0;
    let atMax = 0;
    let steps = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const a = one(hostileBattery(r));
      const eMin = a.socMin[0] * a.energyCap[0];
      const eMax = a.socMax[0] * a.energyCap[0];
      const { charge, discharge } = powerLimits(a, 0);
      const maxDt = a.frCapacity[0] > 0 ? BATTERY_FR_MAX_STEP_S : 1;
      const e0 = a.energy[0];
      for (let k = 0; k < 1500; k++) {
        // Hostile inputs: commands far beyond the ratings (now and then infinite), loads jumping
        // around ceilings and constraints, frequency swinging across both DC curves, steps of any
        // length up to the maximum.
        // Mostly charging in the first half, mostly discharging in the second.
        if (r() < 0.2) a.setpoint[0] = (r() - (k < 750 ? 0.8 : 0.2)) * 6 * discharge * (r() < 0.05 ? Infinity : 1);
        if (r() < 0.2) a.load[0] = 300 * MW * r();
        if (r() < 0.05) a.constraint[0] = r() < 0.5 ? Infinity : 150 * MW * r();
        if (r() < 0.1) a.frequency[0] = 49 + 2 * r();
        const dt = r() < 0.1 ? maxDt : maxDt * r() + 1e-6;
        const mean = advanceBattery(a, 0, dt);
        steps++;
        const e = a.energy[0];
        if (e === eMin) atMin++;
        if (e === eMax) atMax++;
        if (!(e >= eMin && e <= eMax)) violations.push(`seed ${seed} step ${k}: energy ${e} outside [${eMin}, ${eMax}]`);
        for (const p of [mean, a.power[0]])
          if (!(p <= discharge * (1 + 1e-12) && -p <= charge * (1 + 1e-12))) violations.push(`seed ${seed} step ${k}: power ${p} outside [${-charge}, ${discharge}]`);
      }
      if (a.selfDischarge[0] === 0) {
        // Without self-discharge, stored change = η_c·in − out/η_d, to rounding.
        const expected = a.etaCharge[0] * a.chargedEnergy[0] - a.dischargedEnergy[0] / a.etaDischarge[0];
        if (!(Math.abs(a.energy[0] - e0 - expected) <= 1e-9 * a.energyCap[0])) violations.push(`seed ${seed}: energy balance off by ${a.energy[0] - e0 - expected} J`);
      }
    }
    expect(violations).toEqual([]);
    // The sequences really drove the batteries onto both bounds, not just around the middle.
    expect(atMin).toBeGreaterThan(0.02 * steps);
    expect(atMax).toBeGreaterThan(0.02 * steps);
  });
});

/** Charges from socMin to socMax and discharges back, with a lagging inverter and uneven steps. */
function fullCycle(etaC: number, etaD: number, seed: number) {
  const r = rng(seed);
  const a = one({ energyCap: 2 * MWh, dischargeMax: 10 * MW, etaCharge: etaC, etaDischarge: etaD, soc: 0.1, invTau: 0.2, mode: BatteryMode.setpoint });
  const eMin = a.energy[0];
  a.setpoint[0] = -10 * MW;
  while (a.energy[0] < a.socMax[0] * a.energyCap[0]) advanceBattery(a, 0, 0.05 + r());
  advanceBattery(a, 0, 1); // at the bound the power goes to exactly 0 before turning around
  a.setpoint[0] = 10 * MW;
  while (a.energy[0] > eMin) advanceBattery(a, 0, 0.05 + r());
  return { charged: a.chargedEnergy[0], discharged: a.dischargedEnergy[0], end: a.energy[0], eMin };
}

describe('B2: round-trip efficiency of a full cycle', () => {
  for (const [etaC, etaD] of [
    [0.9, 0.85],
    [0.95, 0.95],
    [1, 0.8],
  ]) {
    it(`η_c = ${etaC}, η_d = ${etaD}: discharged/charged = ${etaC * etaD} exactly, back at socMin`, () => {
      const c = fullCycle(etaC, etaD, 7);
      expect(c.discharged / c.charged).toBeCloseTo(etaC * etaD, 12);
      expect(c.charged).toBeCloseTo((0.8 * 2 * MWh) / etaC, 0);
      expect(c.end).toBe(c.eMin);
    });
  }
});
