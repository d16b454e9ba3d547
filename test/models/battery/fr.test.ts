// Frequency response of the battery (models/battery-fr.ts): detection lag through the history ring,
// deadband and curve, latch, and its priority over the base modes (reserved power).
import { describe, expect, it } from 'vitest';
import { BatteryMode, frParamsFromService, type BatteryParams } from '../../../models/battery.ts';
import { ercotFastFrequencyResponse, frequencyContainmentReserve } from '../../../models/response-curves.ts';
import { MW, MWh, drive, one } from './helpers.ts';

/** A battery with a symmetric FCR-like curve: full ±capacity at ∓0.2 Hz, no lag or ramp, instant converter. */
const fcr = (capacity: number, p: BatteryParams = {}) =>
  one({ energyCap: 100 * MWh, dischargeMax: 100 * MW, invTau: 0, ...frParamsFromService(frequencyContainmentReserve('fcr', capacity), 50, { frRamp: Infinity }), ...p });

/** Time (s after `at`) the battery first delivers power after the frequency steps to `f` at `at`. */
function firstResponse(lag: number, at: number, dt: number): number {
  const a = fcr(10 * MW, { frLag: lag });
  const s = drive(a, at + 2 * lag + 0.5, dt, (t0) => (a.frequency[0] = t0 < at - 1e-9 ? 50 : 49.8));
  return s.find((x) => x.power !== 0)!.t - at;
}

describe('detection lag', () => {
  it('a change is never acted on before the lag, and at most lag/12 plus one step after', () => {
    for (const at of [1, 1.013, 1.0271, 2.5]) {
      const dt = 0.001;
      const delay = firstResponse(0.5, at, dt);
      expect(delay, `change at ${at} s`).toBeGreaterThan(0.5);
      expect(delay, `change at ${at} s`).toBeLessThanOrEqual(0.5 + 0.5 / 12 + 2 * dt + 1e-9);
    }
  });

  it('a change on the sample grid is acted on by the first step starting exactly `lag` later', () => {
    expect(firstResponse(0.5, 1, 0.01)).toBeCloseTo(0.51, 9); // the step [1.50, 1.51]
  });

  it('works with steps longer than the sample spacing (lag 10 ms, steps of 20 ms)', () => {
    expect(firstResponse(0.01, 1, 0.02)).toBeCloseTo(0.04, 9); // step [1.02, 1.04]: first start ≥ 1.01
  });

  it('no lag: the step in which the frequency changes already responds', () => {
    expect(firstResponse(0, 1, 0.01)).toBeCloseTo(0.01, 9);
  });
});

describe('curve, deadband and latch', () => {
  it('FCR: nothing within ±10 mHz, then linear to full at ±200 mHz, both ways', () => {
    const at = (f: number) => {
      const a = fcr(10 * MW);
      a.frequency[0] = f;
      drive(a, 0.1, 0.01);
      return a.power[0] / MW;
    };
    expect(at(49.991)).toBe(0);
    expect(at(50.01)).toBe(0);
    expect(at(49.9)).toBeCloseTo(5, 9);
    expect(at(50.1)).toBeCloseTo(-5, 9);
    expect(at(49.5)).toBeCloseTo(10, 9);
  });

  it('the latch holds the response after the frequency recovers, then re-arms for a second event', () => {
    const a = one({ energyCap: 100 * MWh, dischargeMax: 100 * MW, invTau: 0, ...frParamsFromService(ercotFastFrequencyResponse('ffr', 50 * MW), 60, { frHold: 10 }) });
    const f = (t: number) => (t < 1 ? 60 : t < 2 ? 59.8 : t < 30 ? 60 : t < 31 ? 59.8 : 60);
    const s = drive(a, 35, 0.01, (t0) => (a.frequency[0] = f(t0)));
    const p = (t: number) => s[Math.round(t / 0.01) - 1].power / MW;
    expect(p(5)).toBe(50); // frequency back at 60 Hz at 2 s, held
    expect(p(12)).toBe(0); // released after 10 s
    expect(p(31)).toBe(50); // second event
  });

  it('frParamsFromService scales the capacity by the delivered share', () => {
    const p = frParamsFromService(ercotFastFrequencyResponse('ffr', 50 * MW, 60, { deliveredShare: 0.8 }), 60);
    expect(p.frCapacity).toBe(40 * MW);
    expect(p.frHold).toBe(15 * 60);
  });
});

describe('priority: frequency response keeps its power reserved', () => {
  it('a setpoint gets the limits less the contract, so the full response adds on top either way', () => {
    const a = fcr(40 * MW, { mode: BatteryMode.setpoint });
    a.setpoint[0] = 90 * MW;
    a.frequency[0] = 50;
    drive(a, 1, 0.01);
    expect(a.power[0]).toBe(60 * MW); // 90 MW asked, 100 − 40 available to the base
    a.frequency[0] = 49.5;
    drive(a, 1, 0.01);
    expect(a.power[0]).toBe(100 * MW); // + 40 MW response
    a.frequency[0] = 50.5;
    drive(a, 1, 0.01);
    expect(a.power[0]).toBe(20 * MW); // − 40 MW response
  });

  it('on top of peak shaving: the reserve makes the ceiling slip until the response is called', () => {
    const a = fcr(30 * MW, { mode: BatteryMode.poi, poiCeiling: 100 * MW, restorePower: 0 });
    a.load[0] = 200 * MW;
    a.frequency[0] = 50;
    drive(a, 1, 0.01);
    expect(a.poi[0]).toBe(130 * MW); // base limited to 70 MW
    a.frequency[0] = 49.5;
    drive(a, 1, 0.01);
    expect(a.frPower[0]).toBe(30 * MW);
    expect(a.poi[0]).toBe(100 * MW);
  });

  it('a charging response is not undone by the POI controller: it is exempt from the ramp limit', () => {
    const a = fcr(30 * MW, { mode: BatteryMode.poi, poiRamp: 0.1 * MW, soc: 0.5, restorePower: 0 });
    a.load[0] = 50 * MW;
    a.frequency[0] = 50;
    drive(a, 1, 0.01);
    a.frequency[0] = 50.5; // full charging response: the POI jumps by 30 MW at once
    drive(a, 0.02, 0.01);
    expect(a.power[0]).toBe(-30 * MW);
    expect(a.poi[0]).toBe(80 * MW);
  });
});
