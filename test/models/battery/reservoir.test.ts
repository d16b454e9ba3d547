// Battery reservoir (models/battery.ts): the energy equation with efficiencies and self-discharge,
// power and C-rate limits, the inverter lag and its exact energy, and the SoC window stopping the
// battery exactly at its bounds within a step.
import { describe, expect, it } from 'vitest';
import { BatteryMode, advanceBattery, batterySoc, powerLimits } from '../../../models/battery.ts';
import { selfDischargePerSecond } from '../../../models/battery-validate.ts';
import { MW, MWh, drive, one } from './helpers.ts';

const setpoint = (p: object = {}) => one({ energyCap: 10 * MWh, dischargeMax: 10 * MW, mode: BatteryMode.setpoint, invTau: 0, soc: 0.5, ...p });

describe('energy equation', () => {
  it('discharging removes P·Δt/η_d and charging stores η_c·P·Δt', () => {
    const a = setpoint({ etaCharge: 0.9, etaDischarge: 0.8 });
    a.setpoint[0] = 5 * MW;
    drive(a, 100, 1);
    expect(a.energy[0]).toBeCloseTo(5 * MWh - (5 * MW * 100) / 0.8, 3);
    expect(a.dischargedEnergy[0]).toBeCloseTo(5 * MW * 100, 3);
    a.setpoint[0] = -4 * MW;
    drive(a, 50, 0.5);
    expect(a.energy[0]).toBeCloseTo(5 * MWh - (5 * MW * 100) / 0.8 + 0.9 * 4 * MW * 50, 3);
    expect(a.chargedEnergy[0]).toBeCloseTo(4 * MW * 50, 3);
  });

  it('self-discharge is the exact factor (1 − σ)^Δt, whatever the step split', () => {
    const sigma = selfDischargePerSecond(0.01); // 1 % a day
    const coarse = setpoint({ selfDischarge: sigma, mode: BatteryMode.idle, socMin: 0 });
    const fine = setpoint({ selfDischarge: sigma, mode: BatteryMode.idle, socMin: 0 });
    drive(coarse, 86_400, 1);
    drive(fine, 86_400, 0.25);
    expect(coarse.energy[0] / (5 * MWh)).toBeCloseTo(0.99, 10);
    expect(fine.energy[0] / coarse.energy[0]).toBeCloseTo(1, 10);
  });

  it('a battery self-discharging at socMin charges just enough to hold it there', () => {
    const sigma = 1e-6;
    const a = setpoint({ selfDischarge: sigma, mode: BatteryMode.idle, soc: 0.1 });
    drive(a, 100, 1);
    expect(a.energy[0]).toBe(0.1 * 10 * MWh);
    // Charging power = the loss per second / η_c.
    expect(a.power[0]).toBeCloseTo((-(1 - (1 - sigma)) * MWh) / 0.95, 3);
  });
});

describe('power limits', () => {
  it('discharge and charge limits bind separately', () => {
    const a = setpoint({ chargeMax: 3 * MW });
    a.setpoint[0] = 50 * MW;
    expect(advanceBattery(a, 0, 1)).toBe(10 * MW);
    a.setpoint[0] = -50 * MW;
    expect(advanceBattery(a, 0, 1)).toBe(-3 * MW);
  });

  it('the C-rate limits power to C·E_nom / 1 h', () => {
    const a = setpoint({ cRate: 0.5, dischargeMax: 100 * MW }); // 10 MWh at 0.5C: 5 MW
    expect(powerLimits(a, 0)).toEqual({ charge: 5 * MW, discharge: 5 * MW });
    a.setpoint[0] = 100 * MW;
    expect(advanceBattery(a, 0, 1)).toBeCloseTo(5 * MW, 6);
    a.setpoint[0] = -100 * MW;
    expect(advanceBattery(a, 0, 1)).toBeCloseTo(-5 * MW, 6);
  });
});

describe('inverter lag', () => {
  it('follows P += (P_cmd − P)·(1 − e^(−dt/τ)): exact at every step end for any step length', () => {
    for (const dt of [0.001, 0.01, 0.05]) {
      const a = setpoint({ invTau: 0.1 });
      a.setpoint[0] = 8 * MW;
      for (const s of drive(a, 1, dt)) expect(s.power).toBeCloseTo(8 * MW * (1 - Math.exp(-s.t / 0.1)), 3);
    }
  });

  it('integrates the lagged power exactly: energy out = P·(t − τ·(1 − e^(−t/τ)))', () => {
    const a = setpoint({ invTau: 0.2, etaDischarge: 1 });
    a.setpoint[0] = 6 * MW;
    drive(a, 1, 0.1);
    expect(a.dischargedEnergy[0]).toBeCloseTo(6 * MW * (1 - 0.2 * (1 - Math.exp(-5))), 3);
  });

  it('splits a step that crosses zero: the charging part is weighted by η_c, the discharging part by 1/η_d', () => {
    const tau = 0.5;
    const a = setpoint({ invTau: tau, etaCharge: 0.9, etaDischarge: 0.8 });
    a.power[0] = 10 * MW; // discharging at +10 MW
    const e0 = a.energy[0];
    const out0 = a.dischargedEnergy[0];
    a.setpoint[0] = -10 * MW;
    advanceBattery(a, 0, 1); // one step from +10 to −10 MW: crosses zero at τ·ln 2
    const tz = tau * Math.log(2);
    const dis = -10 * MW * tz + tau * 10 * MW; // ∫₀^tz P dt
    const total = -10 * MW * 1 + 20 * MW * tau * (1 - Math.exp(-1 / tau));
    const ch = dis - total;
    expect(a.dischargedEnergy[0] - out0).toBeCloseTo(dis, 2);
    expect(a.chargedEnergy[0]).toBeCloseTo(ch, 2);
    expect(a.energy[0] - e0).toBeCloseTo(0.9 * ch - dis / 0.8, 2);
  });
});

describe('SoC window', () => {
  it('stops exactly at socMax within a step: the step power is cut to what fits', () => {
    const a = setpoint({ soc: 0.9 - (0.3 * 10 * MW * 0.95) / (10 * MWh), invTau: 0 }); // room for 0.3 s at 10 MW
    a.setpoint[0] = -10 * MW;
    const mean = advanceBattery(a, 0, 1);
    expect(mean).toBeCloseTo(-3 * MW, 3);
    expect(a.energy[0]).toBe(0.9 * 10 * MWh);
    expect(a.socLimited[0]).toBe(1);
    expect(advanceBattery(a, 0, 1)).toBe(0); // full: nothing more goes in
    expect(batterySoc(a, 0)).toBe(0.9);
  });

  it('stops exactly at socMin with a lagging inverter and holds there with zero power', () => {
    const a = setpoint({ soc: 0.105, invTau: 0.3 }); // ≈ 17 s of 10 MW above socMin
    a.setpoint[0] = 10 * MW;
    const s = drive(a, 60, 0.1);
    const floor = (0.1 * 10 * MWh) / (10 * MWh); // the SoC of energy = socMin·E_nom, to the last bit
    const hit = s.findIndex((x) => x.soc === floor);
    expect(hit).toBeGreaterThan(0);
    for (const x of s.slice(0, hit)) expect(x.soc).toBeGreaterThan(floor);
    for (const x of s.slice(hit + 1)) {
      expect(x.soc).toBe(floor);
      expect(x.power).toBe(0);
    }
  });

  it('a battery without energy capacity does nothing', () => {
    const a = one({});
    expect(advanceBattery(a, 0, 1)).toBe(0);
    expect(batterySoc(a, 0)).toBeNaN();
  });
});
