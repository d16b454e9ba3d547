// Power caps on the AI-training load: the power agent's GPU cap (never below idle, overrides the
// floor), the share of GPUs that ignore caps (a fault), the infra agent's hard enforced limit —
// and what capping costs in useful work.
import { describe, expect, it } from 'vitest';
import { MS, MW, S, change, run, site, table, trace } from './helpers.ts';

const level = (extra: object, at = 500 * MS) => {
  const t = table(site(100, { duty: 1, ...extra }));
  run(t, 0, at, 100 * MS);
  return t.arrays.itPower[0];
};

describe('the GPU cap', () => {
  it('limits the GPUs to the cap but never below idle power', () => {
    expect(level({ gpuCap: 50 * MW })).toBe(50 * MW);
    expect(level({ gpuCap: 5 * MW })).toBe(20 * MW);
    expect(level({ gpuCap: 0 })).toBe(20 * MW);
  });

  it('overrides the power floor and dummy work', () => {
    const x = trace(table(site(100, { gpuCap: 50 * MW, floorShare: 0.9 })), 0, 2 * S, 10 * MS);
    expect(Math.min(...x)).toBe(50 * MW);
    expect(Math.max(...x)).toBe(50 * MW);
    expect(level({ gpuCap: 50 * MW, dummyLevel: 0.9, duty: 0.5 }, 1.5 * S)).toBe(50 * MW);
  });

  it('the cap-ignoring share draws its uncapped power: 75 % of a 40 MW cap + 25 % of 100 MW = 55 MW', () => {
    expect(level({ gpuCap: 40 * MW, capIgnoredShare: 0.25 })).toBeCloseTo(55 * MW, 0);
  });

  it('slows training: a 60 MW cap delivers (60 − 20)/(100 − 20) = 50 % of nominal throughput', () => {
    const t = table(site(100, { duty: 1, gpuCap: 60 * MW }));
    run(t, 0, 10 * S, S);
    expect(t.arrays.usefulMean[0]).toBeCloseTo(0.5, 12);
  });

  it('acts from the exact time it is set inside a window', () => {
    const t = table(site(100, { duty: 1 }));
    run(t, 0, S, S, [change(305_500, 'gpuCap', 30 * MW)]);
    expect(t.arrays.itMean[0]).toBeCloseTo(100 * MW * 0.3055 + 30 * MW * 0.6945, 0);
  });
});

describe('the enforced limit', () => {
  it('binds everything, the cap-ignoring share included', () => {
    expect(level({ gpuCap: 40 * MW, capIgnoredShare: 0.25, enforcedCap: 45 * MW })).toBe(45 * MW);
    expect(level({ capIgnoredShare: 1, enforcedCap: 45 * MW })).toBe(45 * MW);
  });

  it('is hard: it cuts the power at once, whatever the ramp-down limit and hysteresis', () => {
    const t = table(site(100, { duty: 1, rampDownRate: 1, hysteresisUs: 10 * S }));
    const x = trace(t, 0, 2 * S, 10 * MS, [change(1 * S, 'enforcedCap', 45 * MW)]);
    expect(x[99]).toBe(100 * MW);
    expect(x[100]).toBe(45 * MW);
  });

  it('includes the non-GPU overhead: IT power = GPUs + overhead ≤ the limit', () => {
    expect(level({ overheadPower: 10 * MW, enforcedCap: 60 * MW })).toBe(60 * MW);
    expect(level({ overheadPower: 10 * MW })).toBe(110 * MW);
  });
});
