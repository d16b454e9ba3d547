// Job start/stop steps and seeded failures (models/ai-load-job.ts): the failure draws are a pure
// hash of (seed, instance, failure counter), so they do not depend on windows or stepping order;
// a failure drops the GPUs to idle, rolls the work back to the last checkpoint, and the job
// restarts after its recovery time.
import { describe, expect, it } from 'vitest';
import { failureDelayUs, hashUniform } from '../../../models/ai-load-job.ts';
import { JobState, stepAiLoadWindow } from '../../../models/ai-training-load.ts';
import { MS, MW, S, change, run, site, table, trace } from './helpers.ts';

describe('start and stop', () => {
  it('a stop drops the GPUs to idle at its exact time, and useful work stops', () => {
    const t = table(site(100, { duty: 1 }));
    const x = trace(t, 0, 3 * S, 10 * MS, [change(1_234_567, 'running', 0)]);
    expect(x[122]).toBe(100 * MW); // 1.23 s
    expect(x[123]).toBe(20 * MW); // 1.24 s
    expect(t.arrays.usefulWork[0]).toBeCloseTo(1.234567, 9);
    expect(t.arrays.jobState[0]).toBe(JobState.stopped);
  });

  it('a start begins a fresh iteration (a rise) at its exact time', () => {
    const t = table(site(100, { running: 0, stepUs: MS }));
    const x = trace(t, 0, 2.2 * S, MS, [change(500 * MS, 'running', 1)]);
    expect(x[499]).toBe(20 * MW); // 0.500 s: still idle
    expect(x[504]).toBeCloseTo(60 * MW, 3); // 0.505 s: halfway up the 10 ms rise
    expect(x[2099]).toBeCloseTo(100 * MW, 3); // 2.100 s = 0.5 s + duty·period: the fall begins
    expect(x[2104]).toBeCloseTo(60 * MW, 3); // 2.105 s: halfway down
    expect(t.arrays.jobStartUs[0]).toBe(500 * MS);
  });
});

describe('the failure hash', () => {
  it('is a pure function of (seed, instance, counter) in [0, 1)', () => {
    expect(hashUniform(42, 3, 7)).toBe(hashUniform(42, 3, 7));
    const values = new Set([hashUniform(42, 3, 7), hashUniform(43, 3, 7), hashUniform(42, 4, 7), hashUniform(42, 3, 8), hashUniform(2 ** 40 + 42, 3, 7)]);
    expect(values.size).toBe(5);
    for (const v of values) expect(v >= 0 && v < 1).toBe(true);
  });

  it('is uniform: 20,000 draws have mean 0.5 ± 0.01 and every tenth holds 10 ± 1 %', () => {
    const bins = new Array(10).fill(0);
    let sum = 0;
    for (let k = 0; k < 20_000; k++) {
      const u = hashUniform(1, k % 100, Math.floor(k / 100));
      sum += u;
      bins[Math.floor(u * 10)]++;
    }
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
    for (const b of bins) expect(Math.abs(b / 20_000 - 0.1)).toBeLessThan(0.01);
  });

  it('gives exponential times between failures with mean MTBF (±3 % over 10,000 draws)', () => {
    let sum = 0;
    for (let k = 0; k < 10_000; k++) sum += failureDelayUs(3600, hashUniform(9, 0, k));
    expect(sum / 10_000 / S / 3600).toBeCloseTo(1, 1);
    expect(Math.abs(sum / 10_000 / S / 3600 - 1)).toBeLessThan(0.03);
  });
});

describe('failures', () => {
  const failing = (extra = {}) => site(100, { duty: 1, mtbf: 600, recoveryUs: 60 * S, seed: 7, ...extra });

  it('the first failure comes at the hashed time, drops to idle, and the job restarts after recovery', () => {
    const tf = failureDelayUs(600, hashUniform(7, 0, 0));
    const t = table(failing());
    const before = Math.floor(tf / (10 * MS)) * 10 * MS;
    run(t, 0, before, S);
    expect(t.arrays.jobState[0]).toBe(JobState.training);
    run(t, before, tf + 10 * MS, MS);
    expect(t.arrays.jobState[0]).toBe(JobState.recovering);
    expect(t.arrays.itPower[0]).toBe(20 * MW);
    expect(t.arrays.failCount[0]).toBe(1);
    expect(t.arrays.recoverUntilUs[0]).toBe(tf + 60 * S);
    run(t, tf + 10 * MS, tf + 60 * S + 10 * MS, S);
    expect(t.arrays.jobState[0]).toBe(JobState.training);
    expect(t.arrays.jobStartUs[0]).toBe(tf + 60 * S);
    expect(t.arrays.itPower[0]).toBe(100 * MW);
  });

  it('draws do not depend on the windows or on the order instances are stepped in', () => {
    const params = [failing({ seed: 1, stepUs: 100 * MS }), failing({ seed: 2, stepUs: 100 * MS }), failing({ seed: 1, stepUs: 100 * MS })];
    const a = table(...params);
    run(a, 0, 3 * 3600 * S, 370 * MS);
    const b = table(...params);
    // Step the instances one by one in reverse order, in other windows.
    for (let w = 0; w < 3 * 3600 * S; w += 1100 * MS) {
      for (let i = 2; i >= 0; i--) stepAiLoadWindow(b.arrays, i, w, Math.min(3 * 3600 * S, w + 1100 * MS));
    }
    for (const f of ['failCount', 'jobStartUs', 'nextFailUs', 'jobState'] as const) expect(Array.from(b.arrays[f])).toEqual(Array.from(a.arrays[f]));
    expect(a.arrays.failCount[0]).toBeGreaterThan(3);
    // The same seed on another instance index draws other times.
    expect(a.arrays.jobStartUs[2]).not.toBe(a.arrays.jobStartUs[0]);
  });

  it('roll the useful work back to the last completed checkpoint', () => {
    // Checkpoints every 100 s (95 s training + 5 s writing): the work saved at the end of cycle k is 95·k s.
    const tf = failureDelayUs(600, hashUniform(7, 0, 0));
    const t = table(failing({ ckptIntervalUs: 100 * S, ckptDurationUs: 5 * S }));
    run(t, 0, tf, S);
    const done = t.arrays.usefulWork[0];
    run(t, tf, tf + MS, MS);
    const saved = 95 * Math.floor(tf / (100 * S));
    expect(t.arrays.usefulWork[0]).toBeCloseTo(saved, 9);
    expect(t.arrays.workLost[0]).toBeCloseTo(done - saved, 9);
    expect(t.arrays.workLost[0]).toBeGreaterThan(0);
  });
});
