// POI mode (models/battery-poi.ts): peak shaving under a ceiling, recharging that never pushes the
// POI above min(ceiling, constraint), POI ramp limiting both ways with anti-windup, restoring a
// target SoC, and the inverter lag's transient against the ramp line.
import { describe, expect, it } from 'vitest';
import { BatteryMode, type BatteryParams } from '../../../models/battery.ts';
import { MW, MWh, drive, one } from './helpers.ts';

const poi = (p: BatteryParams) => one({ mode: BatteryMode.poi, invTau: 0, restorePower: 0, ...p });

describe('peak shaving', () => {
  it('holds the POI at the ceiling while energy lasts, then lets the load through', () => {
    // 120 MW against a 100 MW ceiling: 20 MW for as long as 0.2 MWh (SoC 0.6 → 0.1 of 0.4 MWh, η_d = 1) lasts: 36 s.
    const a = poi({ energyCap: 0.4 * MWh, dischargeMax: 30 * MW, soc: 0.6, poiCeiling: 100 * MW, etaDischarge: 1 });
    a.load[0] = 120 * MW;
    const s = drive(a, 60, 1);
    for (let k = 0; k < 36; k++) expect(120 * MW - s[k].mean, `second ${k}`).toBeCloseTo(100 * MW, 0);
    for (let k = 36; k < 60; k++) expect(s[k].mean, `second ${k}`).toBe(0);
    expect(a.energy[0]).toBe(a.socMin[0] * a.energyCap[0]);
  });

  it('discharge is limited by the power rating: the rest goes through', () => {
    const a = poi({ energyCap: 1 * MWh, dischargeMax: 30 * MW, poiCeiling: 100 * MW });
    a.load[0] = 150 * MW;
    drive(a, 1, 1);
    expect(a.powerMean[0]).toBe(30 * MW);
    expect(a.poi[0]).toBe(120 * MW);
  });

  it('recharging never pushes the POI above min(ceiling, constraint)', () => {
    const a = poi({ energyCap: 1 * MWh, dischargeMax: 40 * MW, soc: 0.3, poiCeiling: 110 * MW, restorePower: 40 * MW, constraint: 50 * MW });
    a.load[0] = 20 * MW;
    drive(a, 5, 0.5);
    expect(a.powerMean[0]).toBe(-30 * MW); // up to the constraint, not the 40 MW restore power
    a.constraint[0] = Infinity;
    a.poiCeiling[0] = 45 * MW;
    drive(a, 5, 0.5);
    expect(a.poi[0]).toBe(45 * MW); // now the ceiling binds
    a.constraint[0] = 10 * MW; // a constraint below the load stops charging; it does not make the battery discharge
    drive(a, 1, 0.5);
    expect(a.powerMean[0]).toBe(0);
  });

  it('recharges to socTarget and stops exactly there', () => {
    const a = poi({ energyCap: 1 * MWh, dischargeMax: 40 * MW, soc: 0.3, socTarget: 0.5, restorePower: 10 * MW, etaCharge: 1 });
    a.load[0] = 20 * MW;
    const s = drive(a, 100, 1); // 0.2 MWh at 10 MW = 72 s
    expect(s[71].mean).toBeCloseTo(-10 * MW, 3);
    expect(s[72].mean).toBe(0);
    expect(a.energy[0]).toBeCloseTo(0.5 * MWh, 3);
  });
});

describe('POI ramp limiting', () => {
  it('after a load drop the POI ramps down at the limit while the battery absorbs the gap', () => {
    // 100 → 20 MW at t = 0, limit 1 MW/s: the POI falls 1 MW per second for 80 s; the battery takes
    // ½·80 MW·80 s = 3,200 MJ at its terminals and peaks at 79 MW (the first step's line is at 99 MW).
    const a = poi({ energyCap: 10 * MWh, dischargeMax: 100 * MW, soc: 0.2, poiRamp: 1 * MW });
    a.load[0] = 100 * MW;
    drive(a, 5, 1);
    expect(a.poi[0]).toBe(100 * MW);
    a.load[0] = 20 * MW;
    const s = drive(a, 100, 1);
    for (let k = 0; k < 80; k++) expect(a.load[0] - s[k].mean).toBeCloseTo(99 * MW - k * MW, 0);
    expect(s[85].mean).toBe(0);
    expect(a.peakCharge[0]).toBeCloseTo(79 * MW, 0);
    expect(a.chargedEnergy[0]).toBeCloseTo((79 * 80 * MW) / 2, -3);
  });

  it('after a load rise the POI ramps up at the limit while the battery discharges', () => {
    const a = poi({ energyCap: 10 * MWh, dischargeMax: 100 * MW, soc: 0.8, poiRamp: 2 * MW });
    a.load[0] = 20 * MW;
    drive(a, 1, 1);
    a.load[0] = 100 * MW;
    const s = drive(a, 50, 1);
    for (let k = 0; k < 40; k++) expect(a.load[0] - s[k].mean).toBeCloseTo(22 * MW + 2 * k * MW, 0);
    expect(s[45].mean).toBe(0);
  });

  it('a saturated battery lets the POI fall as far as it must, then the ramp restarts from there (anti-windup)', () => {
    const a = poi({ energyCap: 10 * MWh, dischargeMax: 30 * MW, soc: 0.2, poiRamp: 1 * MW });
    a.load[0] = 100 * MW;
    drive(a, 1, 1);
    a.load[0] = 20 * MW;
    const s = drive(a, 40, 1);
    // 30 MW is all the battery can take: POI 50 MW, then down 1 MW/s from there (not from 99 MW).
    expect(a.load[0] - s[0].mean).toBe(50 * MW);
    expect(a.load[0] - s[1].mean).toBe(49 * MW);
    expect(a.load[0] - s[29].mean).toBe(21 * MW);
    expect(s[31].mean).toBe(0);
  });

  it('a SoC bound ends the ramp: the POI drops to the load when the battery is full', () => {
    const a = poi({ energyCap: 0.05 * MWh, dischargeMax: 100 * MW, soc: 0.1, poiRamp: 1 * MW, etaCharge: 1 });
    a.load[0] = 100 * MW;
    drive(a, 1, 1);
    a.load[0] = 20 * MW;
    const s = drive(a, 100, 0.1); // room 0.04 MWh = 144 MJ: gone after ≈ 2 s of ≈ 79 MW
    const full = s.findIndex((x) => x.energy === a.socMax[0] * a.energyCap[0]);
    expect(full).toBeGreaterThan(0);
    expect(s[full + 1].mean).toBe(0);
    expect(a.poi[0]).toBe(20 * MW);
  });

  it('with an inverter lag the POI leaves the line for a few τ after a load step, then tracks it', () => {
    const tau = 0.05;
    const a = poi({ energyCap: 10 * MWh, dischargeMax: 100 * MW, soc: 0.2, poiRamp: 1 * MW, invTau: tau });
    a.load[0] = 100 * MW;
    drive(a, 1, 0.01);
    a.load[0] = 20 * MW;
    const s = drive(a, 10, 0.01);
    const line = (t: number) => 100 * MW - 1 * MW * t;
    const gap = s.map((x) => line(x.t) - (a.load[0] - x.mean));
    expect(gap[0]).toBeGreaterThan(0.8 * 80 * MW); // the first 10 ms: the converter has barely moved
    // Energy let through below the line in the first second ≈ ΔP·τ (79.9 MW × 50 ms ≈ 4 MJ) …
    const through = gap.slice(0, 100).reduce((e, g) => e + g * 0.01, 0);
    expect(Math.abs(through / (79.9 * MW * tau) - 1)).toBeLessThan(0.02);
    // … then the POI tracks the line within rate·τ (a ramp through a first-order lag trails it by τ).
    for (const g of gap.slice(Math.round((10 * tau) / 0.01))) expect(Math.abs(g)).toBeLessThanOrEqual(1 * MW * tau * 1.001);
  });
});
