// GB Dynamic Containment (models/response-curves.ts, models/response-services.ts): reference case
// R1 — curve values within 0.01 MW, and full response ≈ 1 s after a step (±0.1 s).
import { describe, expect, it } from 'vitest';
import { dynamicContainmentHigh, dynamicContainmentLow } from '../../../models/response-curves.ts';
import { serviceRequest } from '../../../models/response-services.ts';
import { GridFrequency } from '../../../models/grid-frequency.ts';
import { runGridSchedule } from '../../../models/grid-schedule.ts';
import { driveService, firstTimeAt } from './service-driver.ts';

const MW = 1e6;
const contract = 50 * MW;
const dcLow = dynamicContainmentLow('dc-low', contract);

/** Steady-state output (MW) the curve asks for at frequency f. */
const curveMW = (f: number) => (serviceRequest(dcLow.curve, dcLow.deadband ?? 0, f - 50) * contract) / MW;

describe('R1: DC low, 50 MW contract — curve values', () => {
  it('49.90 Hz → 1.15 MW (0.085/0.185 of the 5 % knee)', () => expect(Math.abs(curveMW(49.9) - 1.15)).toBeLessThan(0.01));
  it('49.65 Hz → 26.25 MW (5 % + half of the remaining 95 %)', () => expect(Math.abs(curveMW(49.65) - 26.25)).toBeLessThan(0.01));
  it('49.5 Hz and below → 50 MW', () => {
    for (const f of [49.5, 49.4, 48.8, 47]) expect(Math.abs(curveMW(f) - 50)).toBeLessThan(0.01);
  });
  it('nothing inside the deadband (49.985–50 Hz) or above 50 Hz', () => {
    for (const f of [49.99, 49.985, 50, 50.3]) expect(curveMW(f)).toBe(0);
  });
  it('DC high mirrors it: 50.10 Hz → −1.15 MW, 50.35 → −26.25 MW, ≥ 50.5 → −50 MW', () => {
    const hi = dynamicContainmentHigh('dc-high', contract);
    const mw = (f: number) => (serviceRequest(hi.curve, 0, f - 50) * contract) / MW;
    expect(Math.abs(mw(50.1) + 1.15)).toBeLessThan(0.01);
    expect(Math.abs(mw(50.35) + 26.25)).toBeLessThan(0.01);
    expect(Math.abs(mw(50.6) + 50)).toBeLessThan(0.01);
  });
});

describe('R1: DC low — timing of a step to 49.5 Hz', () => {
  const samples = driveService(dcLow, 50, 50, () => 49.5, 3, 0.01);
  const at = (t: number) => samples.find((s) => Math.abs(s.t - t) < 1e-9)!.power;

  it('reaches full output (50 MW) by ≈ 1 s (±0.1 s): 0.5 s detection lag + 0.5 s ramp at 2 pu/s', () => {
    const tFull = firstTimeAt(samples, contract);
    expect(Math.abs(tFull - 1)).toBeLessThan(0.1);
    expect(at(3)).toBe(contract);
  });

  it('does nothing during the detection lag, then ramps at 2 capacity/s', () => {
    expect(at(0.49)).toBe(0);
    expect(Math.abs(at(0.75) - 0.5 * contract)).toBeLessThan(0.02 * contract); // half way, ±10 ms of ramp
  });

  it('stays inside the performance-monitoring envelope (lag 0.2–0.55 s, ramp 2–4 pu/s)', () => {
    // Slowest allowed: starts at 0.55 s at 2 pu/s; fastest: starts at 0.2 s at 4 pu/s.
    const slow = (t: number) => contract * Math.min(1, Math.max(0, 2 * (t - 0.55)));
    const fast = (t: number) => contract * Math.min(1, Math.max(0, 4 * (t - 0.2)));
    for (const s of samples) {
      expect(s.power).toBeGreaterThanOrEqual(slow(s.t) - 1e-6);
      expect(s.power).toBeLessThanOrEqual(fast(s.t) + 1e-6);
    }
  });

  it('follows the frequency back down through the curve as it recovers', () => {
    // 49.5 Hz for 2 s, then 49.65 Hz: the output falls to 26.25 MW at ≤ 2 pu/s, 0.5 s late.
    const s = driveService(dcLow, 50, 50, (t) => (t < 2 ? 49.5 : 49.65), 4, 0.01);
    expect(s.find((x) => Math.abs(x.t - 2.49) < 1e-9)!.power).toBe(contract);
    expect(Math.abs(s[s.length - 1].power / MW - 26.25)).toBeLessThan(0.01);
  });
});

describe('R1 inside the grid model', () => {
  it('a 100 MW DC low contract injects its curve output with the same lag, and it slows the fall', () => {
    const base = { f0: 50, demand: 29_000 * MW, kineticEnergy: 210e9, damping: 0 };
    const withDc = new GridFrequency({ ...base, services: [dynamicContainmentLow('dc', 100 * MW)] });
    const without = new GridFrequency(base);
    const loss = [{ at: 0, kind: 'generation-loss' as const, power: 1000 * MW }];
    runGridSchedule(withDc, { until: 5, step: 0.01, disturbances: loss });
    runGridSchedule(without, { until: 5, step: 0.01, disturbances: loss });
    // At 5 s, f(4.5 s) ≈ 49.46 Hz: DC asks for 100 % and has had time to ramp to it.
    expect(withDc.serviceOutputs()[0]).toEqual({ id: 'dc', power: 100 * MW });
    expect(withDc.frequency).toBeGreaterThan(without.frequency + 0.01);
  });
});
