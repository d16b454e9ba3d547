// The AI-load functions on the shared site table (models/ai-load-site-compat.ts, re-exported by
// models/ai-training-load.ts) that the current facility step uses: square wave, floor, caps and
// ramp limits, checked through the site step. They go when the facility moves to the AI load's
// own table (models/ai-training-load.ts, tested beside this file).
import { describe, expect, it } from 'vitest';
import { aiLoadDemand, applyRamp } from '../../../models/ai-training-load.ts';
import { MW, S, change, makeSites, run } from '../site-table.ts';

/** POI swing (max − min) over one full period, stepped in one window. */
function swing(params: Parameters<typeof makeSites>[0]): number {
  const t = makeSites(params);
  run(t, 0, 2 * S, 2 * S);
  return t.arrays.poiMax[0] - t.arrays.poiMin[0];
}

describe('square wave', () => {
  it('period 2 s, duty 0.8, rated 100 MW, idle 20 %: the mean over a full period is 84 MW', () => {
    const t = makeSites({});
    run(t, 0, 2 * S, 2 * S);
    expect(t.arrays.itMean[0]).toBeCloseTo(84 * MW, 0);
    expect(t.arrays.poiMax[0]).toBe(100 * MW);
    expect(t.arrays.poiMin[0]).toBe(20 * MW);
  });

  it('the mean over any full period is the same, whatever its phase', () => {
    const t = makeSites({});
    run(t, 0, 1.3 * S, 1.3 * S);
    run(t, 1.3 * S, 3.3 * S, 2 * S);
    expect(t.arrays.itMean[0]).toBeCloseTo(84 * MW, 0);
  });

  it('computes in the first duty·period of each iteration and idles for the rest', () => {
    const t = makeSites({});
    const a = t.arrays;
    expect(aiLoadDemand(a, 0, 0)).toBe(100 * MW);
    expect(aiLoadDemand(a, 0, 1_599_999)).toBe(100 * MW);
    expect(aiLoadDemand(a, 0, 1_600_000)).toBe(20 * MW);
    expect(aiLoadDemand(a, 0, 2_000_000)).toBe(100 * MW);
  });
});

describe('GPU power floor', () => {
  it('lifts the low phase to floor·rated', () => {
    const t = makeSites({ floorFraction: 0.9 });
    expect(aiLoadDemand(t.arrays, 0, 1.8 * S)).toBe(90 * MW);
    run(t, 0, 2 * S, 2 * S);
    expect(t.arrays.itMean[0]).toBeCloseTo(98 * MW, 0);
  });

  it('reference case A2: idle 0.2, floor 0.9 → swing is (1 − 0.9)/(1 − 0.2) = 12.5 % of the unmitigated one', () => {
    const unmitigated = swing({ idleFraction: 0.2 });
    const floored = swing({ idleFraction: 0.2, floorFraction: 0.9 });
    expect(unmitigated).toBe(80 * MW);
    expect(floored / unmitigated).toBeCloseTo(0.125, 12);
  });

  it('a floor below idle changes nothing', () => {
    expect(swing({ floorFraction: 0.1 })).toBe(swing({}));
  });
});

describe('ramp limits', () => {
  it('applyRamp moves toward the target by at most rate·dt, and never past it', () => {
    expect(applyRamp(100, 20, 5, 10, 2)).toBe(80);
    expect(applyRamp(20, 100, 5, 10, 2)).toBe(30);
    expect(applyRamp(25, 20, 5, 10, 2)).toBe(20);
    expect(applyRamp(20, 21, 5, 10, 2)).toBe(21);
  });

  it('a job stop (100 → 20 MW) with ramp-down 20 MW/s takes ΔP/rate = 4 s', () => {
    const t = makeSites({ duty: 1, rampDown: 20 * MW, rampUp: 20 * MW });
    const at = new Map<number, number>();
    let now = 0;
    run(t, 0, 7 * S, 0.1 * S, [change(1 * S, 'running', 0)], () => at.set(Math.round((now += 0.1) * 10), t.arrays.itPower[0]));
    // at.get(k): IT power at k·0.1 s.
    expect(at.get(10)).toBe(100 * MW);
    expect(at.get(30)).toBeCloseTo(60 * MW, -1); // 2 s into the ramp: 40 MW down
    expect(at.get(49)! - 20 * MW).toBeCloseTo(2 * MW, -1); // 0.1 s before the end: 2 MW to go
    expect(at.get(50)).toBeCloseTo(20 * MW, -1); // 1 s + 80 MW / (20 MW/s) = 5 s
    expect(at.get(70)).toBe(20 * MW);
  });

  it('a job start ramps back up at the ramp-up rate (10 MW/s: 8 s for 80 MW)', () => {
    const t = makeSites({ duty: 1, running: 0, rampUp: 10 * MW });
    const trace: number[] = [];
    run(t, 0, 10 * S, 1 * S, [change(1 * S, 'running', 1)], () => trace.push(t.arrays.itPower[0]));
    expect(trace[0]).toBe(20 * MW); // at 1 s
    expect(trace[4]).toBeCloseTo(60 * MW, -1); // at 5 s
    expect(trace[8]).toBeCloseTo(100 * MW, -1); // at 9 s = 1 s + 8 s
    expect(trace[9]).toBe(100 * MW);
  });

  it('without ramp limits the square-wave edges are steps', () => {
    const t = makeSites({});
    run(t, 0, 1.6 * S, 1.6 * S);
    run(t, 1.6 * S, 1.61 * S, 0.01 * S);
    expect(t.arrays.itPower[0]).toBe(20 * MW);
  });
});

describe('caps and job state', () => {
  it('a GPU cap limits the compute phase but never pushes the load below idle', () => {
    const t = makeSites({ gpuCap: 50 * MW });
    expect(aiLoadDemand(t.arrays, 0, 0)).toBe(50 * MW);
    expect(aiLoadDemand(t.arrays, 0, 1.8 * S)).toBe(20 * MW);
    t.arrays.gpuCap[0] = 0;
    expect(aiLoadDemand(t.arrays, 0, 0)).toBe(20 * MW);
    t.arrays.gpuCap[0] = 5 * MW;
    expect(aiLoadDemand(t.arrays, 0, 0)).toBe(20 * MW);
  });

  it('a GPU cap overrides the power floor', () => {
    const t = makeSites({ floorFraction: 0.9, gpuCap: 50 * MW });
    expect(aiLoadDemand(t.arrays, 0, 1.8 * S)).toBe(50 * MW);
  });

  it('the cap_ignored fraction bypasses the GPU cap', () => {
    const t = makeSites({ gpuCap: 40 * MW, capIgnoredFraction: 0.25 });
    // 75 % obeys the 40 MW cap (30 MW), 25 % draws its full 100 MW share (25 MW).
    expect(aiLoadDemand(t.arrays, 0, 0)).toBeCloseTo(55 * MW, 0);
  });

  it('the enforced cap binds everything, the cap-ignoring share included', () => {
    const t = makeSites({ gpuCap: 40 * MW, capIgnoredFraction: 0.25, enforcedCap: 45 * MW });
    expect(aiLoadDemand(t.arrays, 0, 0)).toBe(45 * MW);
    t.arrays.capIgnoredFraction[0] = 1;
    expect(aiLoadDemand(t.arrays, 0, 0)).toBe(45 * MW);
  });

  it('a stopped job draws idle power, whatever the phase or the floor', () => {
    const t = makeSites({ running: 0, floorFraction: 0.9 });
    expect(aiLoadDemand(t.arrays, 0, 0)).toBe(20 * MW);
    expect(aiLoadDemand(t.arrays, 0, 1.8 * S)).toBe(20 * MW);
    run(t, 0, 2 * S, 2 * S);
    expect(t.arrays.itMean[0]).toBe(20 * MW);
  });
});
