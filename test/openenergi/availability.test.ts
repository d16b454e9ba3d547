// Availability as the spec's "Example Availability Calculations" compute it: a two-stage and a
// variable-speed 10 kW load, and a battery's response at 49.5 Hz (low) and 50.5 Hz (high).
import { describe, expect, it } from 'vitest';
import { batteryAvailability, batteryResponseAt, frequencyTracking, twoStage, variableSpeed } from '../../sim/bindings/openenergi/availability.ts';
import { toKw100W } from '../../sim/bindings/openenergi/d2c-codec.ts';
import { makeBatteryTable, type BatteryParams } from '../../models/battery-fields.ts';
import { effectiveFrequency } from '../../models/effective-frequency.ts';

const kw = (a: { lowW: number; highW: number }) => ({ low: toKw100W(a.lowW), high: toKw100W(a.highW) });

describe('two-stage load (spec: 10 kW on/off)', () => {
  it('on: low 10 kW, high 0; off: low 0, high 10 kW', () => {
    expect(kw(twoStage(true, 10_000))).toEqual({ low: 10, high: 0 });
    expect(kw(twoStage(false, 10_000))).toEqual({ low: 0, high: 10 });
  });
  it('never declares a negative amount', () => {
    expect(twoStage(true, -5)).toEqual({ lowW: 0, highW: 0 });
  });
});

describe('variable-speed load (spec: max 10 kW)', () => {
  it('low = power − 0, high = 10 kW − power', () => {
    expect(kw(variableSpeed(4_000, 0, 10_000))).toEqual({ low: 4, high: 6 });
    expect(kw(variableSpeed(10_000, 0, 10_000))).toEqual({ low: 10, high: 0 });
    expect(kw(variableSpeed(0, 0, 10_000))).toEqual({ low: 0, high: 10 });
  });
  it('counts only down to a minimum and up to a maximum, never negative', () => {
    expect(kw(variableSpeed(4_000, 3_000, 10_000))).toEqual({ low: 1, high: 6 });
    expect(variableSpeed(2_000, 3_000, 10_000).lowW).toBe(0);
    expect(variableSpeed(12_000, 0, 10_000).highW).toBe(0);
  });
  it('limits each side to what its ramp reaches within 2 s', () => {
    expect(variableSpeed(8_000, 0, 10_000, { rampDownWps: 1_500, rampUpWps: 250 })).toEqual({ lowW: 3_000, highW: 500 });
    expect(variableSpeed(8_000, 0, 10_000, { rampDownWps: 1_500, withinS: 4 }).lowW).toBe(6_000);
    expect(variableSpeed(8_000, 0, 10_000, { rampDownWps: 0 }).lowW).toBe(0);
  });
});

describe('frequency-tracking load', () => {
  it('low is the response at 49.5 Hz, high the response at 50.5 Hz, as amounts', () => {
    const asked: number[] = [];
    const linear = (f: number) => (asked.push(f), (50 - f) * 20_000); // + below 50 Hz: consumption decreases
    expect(frequencyTracking(linear, 50)).toEqual({ lowW: 10_000, highW: 10_000 });
    expect(asked).toEqual([49.5, 50.5]);
    expect(frequencyTracking((f) => (60 - f) * 1000, 60)).toEqual({ lowW: 500, highW: 500 });
  });
  it('a response in the wrong direction offers nothing', () => {
    expect(frequencyTracking((f) => (f - 50) * 1000, 50)).toEqual({ lowW: 0, highW: 0 });
  });
});

describe('battery at 49.5 / 50.5 Hz', () => {
  const MWh = 3.6e9;
  // A Dynamic-Containment-like curve: Δf (Hz) → share of 1 MW, + discharge.
  const curve = [[-0.5, 1], [-0.2, 0.05], [-0.015, 0], [0.015, 0], [0.2, -0.05], [0.5, -1]] as const;
  const battery = (p: BatteryParams = {}) => makeBatteryTable({ energyCap: 2 * MWh, dischargeMax: 2e6, frCapacity: 1e6, frNominal: 50, frCurve: curve, ...p }).arrays;

  it('delivers the contracted 1 MW both ways at mid SoC: low 1000 kW, high 1000 kW', () => {
    expect(kw(batteryAvailability(battery(), 0))).toEqual({ low: 1000, high: 1000 });
    const r = batteryResponseAt(battery(), 0);
    expect(r(49.5)).toBeCloseTo(1e6, 6); // discharge = consumption decrease: +
    expect(r(50.5)).toBeCloseTo(-1e6, 6); // charge = consumption increase: −
    expect(r(49.8)).toBeCloseTo(0.05e6, 6);
    expect(r(49.65)).toBeCloseTo(0.525e6, 6);
    expect(r(50)).toBe(0);
  });

  it('follows a curve that asks for less', () => {
    const a = battery({ frCurve: [[-0.5, 0.6], [0, 0], [0.5, -0.3]] });
    expect(kw(batteryAvailability(a, 0))).toEqual({ low: 600, high: 300 });
  });

  it('an empty battery cannot discharge, a full one cannot charge', () => {
    expect(kw(batteryAvailability(battery({ soc: 0.1 }), 0))).toEqual({ low: 0, high: 1000 });
    expect(kw(batteryAvailability(battery({ soc: 0.9 }), 0))).toEqual({ low: 1000, high: 0 });
    expect(kw(batteryAvailability(battery({ soc: 0.05 }), 0))).toEqual({ low: 0, high: 1000 });
  });

  it('declares only what the stored energy sustains for 30 minutes (or just the ends with sustainS 0)', () => {
    // 0.1 × 2 MWh above socMin, η_d 0.95, over 1800 s: 380 kW.
    expect(kw(batteryAvailability(battery({ soc: 0.2 }), 0))).toEqual({ low: 380, high: 1000 });
    expect(kw(batteryAvailability(battery({ soc: 0.2 }), 0, { sustainS: 0 }))).toEqual({ low: 1000, high: 1000 });
    // Room below socMax: 0.05 × 2 MWh / (η_c 0.95 × 1800 s) = 210.5 kW.
    expect(kw(batteryAvailability(battery({ soc: 0.85 }), 0))).toEqual({ low: 1000, high: 210.5 });
  });

  it('is limited by the power limits and the C-rate', () => {
    expect(kw(batteryAvailability(battery({ dischargeMax: 400e3, chargeMax: 700e3 }), 0))).toEqual({ low: 400, high: 700 });
    expect(kw(batteryAvailability(battery({ cRate: 0.25 }), 0))).toEqual({ low: 500, high: 500 });
  });

  it('counts only what the response ramp reaches within 2 s after the detection lag', () => {
    expect(kw(batteryAvailability(battery({ frRamp: 0.25 }), 0))).toEqual({ low: 500, high: 500 });
    expect(kw(batteryAvailability(battery({ frRamp: 0.25, frLag: 1 }), 0))).toEqual({ low: 250, high: 250 });
    expect(kw(batteryAvailability(battery({ frLag: 2 }), 0))).toEqual({ low: 0, high: 0 });
    expect(kw(batteryAvailability(battery({ frLag: 0.5 }), 0))).toEqual({ low: 1000, high: 1000 });
  });

  it('respects the deadband and offers nothing without a contract', () => {
    expect(kw(batteryAvailability(battery({ frDeadband: 0.6 }), 0))).toEqual({ low: 0, high: 0 });
    expect(kw(batteryAvailability(battery({ frCapacity: 0 }), 0))).toEqual({ low: 0, high: 0 });
    expect(Object.is(batteryResponseAt(battery({ frCapacity: 0 }), 0)(49.5), 0)).toBe(true);
  });

  it('takes Open Energi signals through the effective frequency the caller applies', () => {
    const r = batteryResponseAt(battery(), 0);
    // oe-multiply-low 0.5: 49.5 Hz acts like 49.75 Hz.
    const low = frequencyTracking((f) => r(effectiveFrequency(f, 50, 0, 1, 0.5)), 50);
    expect(toKw100W(low.lowW)).toBe(toKw100W(r(49.75)));
    expect(toKw100W(low.highW)).toBe(1000);
  });
});
