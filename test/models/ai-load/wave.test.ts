// The nominal wave of the AI-training load (models/ai-load-wave.ts through the step): levels and
// edge times of the iteration square wave with slewed edges, exact energy whatever the window or
// internal step, checkpoint dips and their cost in useful work.
import { describe, expect, it } from 'vitest';
import { MS, MW, S, run, site, table, trace } from './helpers.ts';

describe('iteration square wave', () => {
  it('rises over riseUs from the communication to the compute level, holds, falls over fallUs', () => {
    // 100 MW site, period 2 s, duty 0.8, 10 ms edges; trace[k] is the power at (k + 1) ms.
    const x = trace(table(site(100, { stepUs: MS })), 0, 2 * S, MS);
    expect(x[4]).toBeCloseTo(60 * MW, 3); // 5 ms: halfway up (200 + 800·0.5 W per GPU)
    expect(x[9]).toBeCloseTo(100 * MW, 3); // 10 ms: at the compute level
    expect(x[1599]).toBeCloseTo(100 * MW, 3); // 1.600 s: the fall begins
    expect(x[1604]).toBeCloseTo(60 * MW, 3); // 1.605 s: halfway down
    expect(x[1609]).toBeCloseTo(20 * MW, 3); // 1.610 s: at the communication level
    expect(x[1999]).toBeCloseTo(20 * MW, 3); // 2.000 s: the next iteration begins with a rise
  });

  it('mean over a period = low + (high − low)·(duty·T − rise/2 + fall/2)/T, exactly', () => {
    // Asymmetric edges: 20 ms rise, 10 ms fall → (1.6 − 0.01 + 0.005)/2 = 0.7975 → 83.8 MW.
    const t = table(site(100, { riseUs: 20 * MS, fallUs: 10 * MS }));
    run(t, 0, 2 * S, 2 * S);
    expect(t.arrays.itMean[0] / MW).toBeCloseTo(83.8, 9);
  });

  it('energy and state do not depend on the window length', () => {
    const results = [MS, 100 * MS, 1.3 * S, 7.3 * S].map((w) => {
      const t = table(site(100, { periodUs: 1_234_000, riseUs: 7 * MS, fallUs: 13 * MS }));
      run(t, 0, 7.3 * S, w);
      return [t.arrays.itEnergy[0], t.arrays.usefulWork[0], t.arrays.gpuPower[0]];
    });
    for (const r of results.slice(1)) r.forEach((v, k) => expect(v / results[0][k]).toBeCloseTo(1, 10));
  });

  it('edges land exactly whatever the internal step: 1 ms and 100 ms steps give the same energy', () => {
    const energy = (stepUs: number) => {
      const t = table(site(100, { periodUs: 1_234_567, duty: 0.73, riseUs: 3_001, fallUs: 17_003, stepUs }));
      run(t, 0, 10 * S, S);
      return t.arrays.itEnergy[0];
    };
    expect(energy(100 * MS) / energy(MS)).toBeCloseTo(1, 12);
  });

  it('duty 1 draws the compute level without edges', () => {
    const x = trace(table(site(100, { duty: 1 })), 0, 5 * S, 10 * MS);
    expect(Math.min(...x)).toBe(100 * MW);
    expect(Math.max(...x)).toBe(100 * MW);
  });
});

describe('checkpoint dips', () => {
  // 60 s cycle: 55 s of iterations, then a 5 s checkpoint.
  const ckpt = (depth: number) => site(100, { duty: 1, ckptIntervalUs: 60 * S, ckptDurationUs: 5 * S, ckptDepth: depth });

  it('drop the power by depth·(compute − idle) during the last ckptDuration of each interval', () => {
    const x = trace(table(ckpt(1)), 0, 120 * S, 100 * MS);
    expect(x[549]).toBe(100 * MW); // 55.0 s: still training
    expect(x[550]).toBe(20 * MW); // 55.1 s: checkpoint at idle
    expect(x[599]).toBe(20 * MW); // 60.0 s: the end of the checkpoint
    expect(x[600]).toBe(100 * MW); // 60.1 s: the next cycle trains again
    expect(x[1150]).toBe(20 * MW); // 115.1 s: second checkpoint
    const half = trace(table(ckpt(0.5)), 0, 60 * S, 100 * MS);
    expect(half[560]).toBe(60 * MW); // 1000 − 0.5·(1000 − 200) W per GPU
  });

  it('deliver no useful work: 120 s with two 5 s checkpoints yield 110 s of training', () => {
    const t = table(ckpt(1));
    run(t, 0, 120 * S, S);
    expect(t.arrays.usefulWork[0]).toBeCloseTo(110, 9);
  });
});
