// Observers and trackers of the grid model (models/grid-trackers.ts, models/grid-frequency.ts):
// initial RoCoF, first arrest, time below a threshold, nadir/zenith, window RoCoF, the external
// (data-center) load input, and the explicit, hashable state.
import { describe, expect, it } from 'vitest';
import { GridFrequency, type GridParams } from '../../../models/grid-frequency.ts';
import { runGridSchedule } from '../../../models/grid-schedule.ts';

const MW = 1e6;
const Ek = 210e9;
const base: GridParams = { f0: 50, demand: 29_000 * MW, kineticEnergy: Ek, damping: 0 };
const loss = (at: number, power: number) => ({ at, kind: 'generation-loss' as const, power });
/** Pure-inertia energy-exact frequency after a 1,000 MW loss at t = 0. */
const f1 = (t: number) => 50 * Math.sqrt(1 - t / 210);

describe('trackers', () => {
  it('initial RoCoF is the mean over exactly 2 s after the first disturbance, even off the step grid', () => {
    const m = new GridFrequency(base);
    // Disturbance at 0.123 s: the window ends at 2.123 s, between 10 ms steps.
    runGridSchedule(m, { until: 5, step: 0.01, disturbances: [loss(0.123, 1000 * MW)] });
    const r = m.report();
    expect(r.disturbanceAt).toBeCloseTo(0.123, 12);
    expect(Math.abs(r.initialRocof! - (f1(2) - 50) / 2)).toBeLessThan(1e-9);
  });

  it('time below a threshold counts the interpolated crossing: below 48.8 Hz from 9.959 s to 10 s', () => {
    const m = new GridFrequency({ ...base, belowThreshold: 48.8 });
    runGridSchedule(m, { until: 10, step: 0.01, disturbances: [loss(0, 1000 * MW)] });
    const crossing = 210 * (1 - (48.8 / 50) ** 2);
    expect(Math.abs(m.report().below.seconds - (10 - crossing))).toBeLessThan(1e-6);
  });

  it('first arrest: a turn caused by a discrete event is the boundary point; the nadir is the lowest point', () => {
    const m = new GridFrequency(base);
    // Loss at 0, a larger load loss at 1 s turns frequency at once; a later dip goes deeper.
    runGridSchedule(m, {
      until: 20,
      step: 0.01,
      disturbances: [loss(0, 1000 * MW), { at: 1, kind: 'load-loss', power: 1500 * MW }, loss(3, 3000 * MW)],
    });
    const r = m.report();
    expect(r.firstArrest!.t).toBeCloseTo(1, 9);
    expect(Math.abs(r.firstArrest!.f - f1(1))).toBeLessThan(1e-9);
    expect(r.nadir.f).toBeLessThan(r.firstArrest!.f);
    expect(r.nadir.t).toBeCloseTo(20, 6);
  });

  it('after a load loss the first arrest is a maximum and the zenith is tracked', () => {
    const m = new GridFrequency({ ...base, damping: 0.02, governors: [{ id: 'g', kind: 'reheat', rating: 10_000 * MW, droop: 0.05, hpFraction: 0.3, reheatTime: 8 }] });
    runGridSchedule(m, { until: 60, step: 0.01, disturbances: [{ at: 0, kind: 'load-loss', power: 1000 * MW }] });
    const r = m.report();
    expect(r.firstArrest!.f).toBeGreaterThan(50);
    expect(r.zenith).toEqual(r.firstArrest); // underdamped: the first peak is the highest
    expect(m.frequency).toBeLessThan(r.zenith.f);
  });

  it('no disturbance, no event trackers', () => {
    const m = new GridFrequency(base);
    runGridSchedule(m, { until: 3, step: 0.01 });
    expect(m.report()).toMatchObject({ initialRocof: null, firstArrest: null, disturbanceAt: null, nadir: { f: 50 } });
  });
});

describe('observers', () => {
  it('mean RoCoF over a window equals the frequency change over its length', () => {
    const m = new GridFrequency(base);
    m.applyDisturbance({ kind: 'generation-loss', power: 1000 * MW });
    runGridSchedule(m, { until: 1, step: 0.01 });
    m.markWindow();
    runGridSchedule(m, { until: 1.1, step: 0.01 });
    expect(m.meanRocof()).toBeCloseTo((f1(1.1) - f1(1)) / 0.1, 8);
    // instantaneous: f0²·ΔP/(2·E_k·f)
    expect(m.rocof()).toBeCloseTo((-1000 * MW * 2500) / (2 * Ek * m.frequency), 9);
  });
});

describe('external load (data-center sites, set by the engine each window)', () => {
  it('a 1.5 GW data-center load loss raises GB frequency at 1.5 GW·f0/(2·E_k) = 0.179 Hz/s', () => {
    const m = new GridFrequency({ ...base, damping: 0.0175 });
    runGridSchedule(m, { until: 1, step: 0.01 });
    expect(m.frequency).toBe(50); // balanced before
    m.setExternalLoad(-1500 * MW);
    m.markDisturbance();
    expect(m.rocof()).toBeCloseTo(0.178571, 6);
    runGridSchedule(m, { until: 31, step: 0.01 });
    // Settles toward the damping-only steady state +1.5 GW/(k_D·P_dem) = +2.96 Hz.
    expect(m.frequency).toBeGreaterThan(51.5);
    expect(m.report().initialRocof).toBeGreaterThan(0.15);
    expect(m.report().disturbanceAt).toBeCloseTo(1, 12);
  });

  it('changes at exact times through the schedule: a window-by-window ramp of the sites', () => {
    const m = new GridFrequency(base);
    const ramp = Array.from({ length: 10 }, (_, k) => ({ at: 0.1 * (k + 1), watts: 100 * MW * (k + 1) })); // +100 MW per 100 ms
    runGridSchedule(m, { until: 2, step: 0.01, externalLoad: ramp });
    // ∫P_ext dt = Σ 100 MW·k·0.1 s (k = 1..9) + 1 GW·1 s = 4.5e8 + 1e9 J
    expect(Math.abs(m.frequency - 50 * Math.sqrt(1 - 1.45e9 / Ek))).toBeLessThan(1e-6);
  });
});

describe('state', () => {
  it('is explicit: two runs give identical bytes, and the bytes change as the state does', () => {
    const run = () => {
      const m = new GridFrequency({ ...base, damping: 0.01, services: [{ id: 's', capacity: 500 * MW, curve: [[-0.5, 1], [0, 0]], detectionLag: 0.3, ramp: 0.5 }] });
      runGridSchedule(m, { until: 5, step: 0.01, disturbances: [loss(0.2, 1000 * MW)] });
      return m;
    };
    const a = run().stateBytes();
    const b = run().stateBytes();
    expect(a.map((x) => Buffer.from(x).toString('hex'))).toEqual(b.map((x) => Buffer.from(x).toString('hex')));
    const m = run();
    const before = Buffer.concat(m.stateBytes()).toString('hex');
    m.step(0.01);
    expect(Buffer.concat(m.stateBytes()).toString('hex')).not.toBe(before);
  });
});
