// Mitigations of the AI-training load (models/ai-load-smoothing.ts through the step): GPU power
// smoothing (floor, ramp limits, ramp-down hysteresis), dummy work and rack storage — each with
// its effect on the swing and its price in energy or useful work.
import { describe, expect, it } from 'vitest';
import { rampToward, type RampOut } from '../../../models/ai-load-smoothing.ts';
import { MS, MW, MWh, S, change, run, site, table, trace } from './helpers.ts';

const out = (): RampOut => ({ start: 0, power: 0, integral: 0, holdLeft: 0 });
const swing = (x: Float64Array) => Math.max(...x) - Math.min(...x);

describe('rampToward', () => {
  it('moves by at most rate·h, never past the target, with the exact integral', () => {
    const r = rampToward(100, 20, 20, 5, 10, 0, 0, 2, out());
    expect([r.power, r.integral]).toEqual([80, 180]);
    const s = rampToward(25, 20, 20, 5, 10, 0, 0, 2, out()); // reaches 20 after 0.5 s
    expect(s.power).toBe(20);
    expect(s.integral).toBeCloseTo(22.5 * 0.5 + 20 * 1.5, 12);
    expect(rampToward(20, 100, 100, 5, 10, 0, 0, 2, out()).power).toBe(30);
  });

  it('without any limit the power is the target: a slewing target is followed from its start value', () => {
    const r = rampToward(50, 60, 100, Infinity, Infinity, 0, 0, 2, out());
    expect([r.start, r.power, r.integral]).toEqual([60, 100, 160]);
  });

  it('holds for the hysteresis left before ramping down, and re-arms it when the target is not below', () => {
    const r = rampToward(100, 20, 20, 5, 10, 0.5, 0.5, 2, out());
    expect(r.power).toBe(85); // 0.5 s held, 1.5 s at 10/s
    expect(r.integral).toBeCloseTo(100 * 0.5 + 92.5 * 1.5, 12);
    expect(r.holdLeft).toBe(0);
    expect(rampToward(100, 100, 100, 5, 10, 0.1, 0.5, 1, out()).holdLeft).toBe(0.5);
  });
});

describe('GPU power smoothing', () => {
  it('the power floor lifts the low phase to floor·TDP (0.9 → 90 MW on a 100 MW site)', () => {
    const x = trace(table(site(100, { floorShare: 0.9 })), 0, 4 * S, 10 * MS);
    expect(Math.min(...x)).toBe(90 * MW);
    expect(Math.max(...x)).toBe(100 * MW);
  });

  it('a ramp-down limit turns a job stop (100 → 20 MW) at 200 W/s per GPU into a 4 s ramp', () => {
    const t = table(site(100, { duty: 1, rampDownRate: 200 }));
    const x = trace(t, 0, 8 * S, 100 * MS, [change(1 * S, 'running', 0)]);
    expect(x[9]).toBe(100 * MW); // 1 s
    expect(x[29]).toBeCloseTo(60 * MW, 0); // 3 s: 40 MW down
    expect(x[49]).toBeCloseTo(20 * MW, 0); // 5 s: at idle
    expect(x[79]).toBe(20 * MW);
    // Energy: 1 s at 100 + the 4 s trapezoid + 3 s at 20 MW.
    expect(t.arrays.itEnergy[0] / (MW * S / 1e6)).toBeCloseTo(100 + 240 + 60, 6);
  });

  it('a ramp-up limit slows the start (20 → 100 MW at 100 W/s per GPU: 8 s) and costs 4 s of work', () => {
    const t = table(site(100, { duty: 1, running: 0, rampUpRate: 100 }));
    const x = trace(t, 0, 11 * S, S, [change(1 * S, 'running', 1)]);
    expect(x[4]).toBeCloseTo(60 * MW, 0); // 5 s
    expect(x[8]).toBeCloseTo(100 * MW, 0); // 9 s
    // Speed (P − idle)/(P_nominal − idle) rises linearly 0 → 1 over 8 s: half of it is lost.
    expect(t.arrays.usefulWork[0]).toBeCloseTo(10 - 4, 9);
  });

  it('ramp-down hysteresis holds the compute level for hysteresisUs after the wave falls', () => {
    // Fall starts at 1.6 s; 300 ms hold, then an unlimited drop to the communication level.
    const x = trace(table(site(100, { hysteresisUs: 300 * MS, stepUs: MS })), 0, 2 * S, MS);
    expect(x[1898]).toBe(100 * MW); // 1.899 s
    expect(x[1900]).toBe(20 * MW); // 1.901 s
  });

  it('a hysteresis longer than the low phase (500 > 400 ms) keeps the power flat', () => {
    const x = trace(table(site(100, { hysteresisUs: 500 * MS, rampDownRate: 100 })), 0, 10 * S, 10 * MS);
    expect(swing(x.slice(100))).toBe(0);
  });
});

describe('dummy work', () => {
  it('fills the low phase up to dummyLevel·TDP and costs its slowdown in useful work', () => {
    const t = table(site(100, { dummyLevel: 0.7 }));
    const x = trace(t, 0, 10 * S, 10 * MS);
    expect(Math.min(...x)).toBe(70 * MW);
    expect(t.arrays.usefulWork[0]).toBeCloseTo(10 * 0.95, 9);
  });

  it('draws the same energy as a power floor at the same level, which costs no work', () => {
    const energy = (p: object) => {
      const t = table(site(100, p));
      run(t, 0, 10 * S, S);
      return [t.arrays.itEnergy[0], t.arrays.usefulWork[0]];
    };
    const [eDummy, wDummy] = energy({ dummyLevel: 0.9 });
    const [eFloor, wFloor] = energy({ floorShare: 0.9 });
    expect(eDummy).toBe(eFloor);
    expect(wFloor).toBeCloseTo(10, 9);
    expect(wDummy).toBeCloseTo(9.5, 9);
  });
});

describe('rack storage', () => {
  const rack = (extra = {}) => site(100, { rackEnergyCap: 0.05 * MWh, rackPowerCap: 100 * MW, rackTau: 10, rackEta: 1, ...extra });

  it('absorbs the swing: IT swing under 10 % of the GPUs’ 80 MW once settled, GPU power unchanged', () => {
    const t = table(rack());
    const it = trace(t, 0, 120 * S, 10 * MS);
    const gpu = trace(table(rack()), 0, 120 * S, 10 * MS, [], 'gpuPower');
    expect(swing(gpu.slice(6000))).toBe(80 * MW);
    expect(swing(it.slice(6000))).toBeLessThan(8 * MW);
    expect(t.arrays.usefulWork[0]).toBeCloseTo(120, 9); // no throughput cost
  });

  it('lossless storage: IT energy − GPU energy = the change in stored energy, exactly', () => {
    const withRack = table(rack());
    const without = table(site(100));
    run(withRack, 0, 60 * S, S);
    run(without, 0, 60 * S, S);
    const stored = withRack.arrays.rackStored[0] - 0.5 * 0.05 * MWh;
    expect((withRack.arrays.itEnergy[0] - without.arrays.itEnergy[0]) / stored).toBeCloseTo(1, 9);
  });

  it('losses: with η = 0.95 each way the IT energy exceeds the GPU energy plus the stored change', () => {
    const withRack = table(rack({ rackEta: 0.95 }));
    const without = table(site(100));
    run(withRack, 0, 600 * S, S);
    run(without, 0, 600 * S, S);
    const stored = withRack.arrays.rackStored[0] - 0.5 * 0.05 * MWh;
    const loss = withRack.arrays.itEnergy[0] - without.arrays.itEnergy[0] - stored;
    expect(loss).toBeGreaterThan(0);
    expect(loss / without.arrays.itEnergy[0]).toBeLessThan(0.05);
  });

  it('never exceeds its power limit: |GPU − rack input| ≤ rackPowerCap', () => {
    const p = rack({ rackPowerCap: 10 * MW });
    const it = trace(table(p), 0, 60 * S, 10 * MS, [], 'itSubMean');
    const gpu = trace(table(site(100)), 0, 60 * S, 10 * MS, [], 'itSubMean');
    let worst = 0;
    for (let k = 0; k < it.length; k++) worst = Math.max(worst, Math.abs(it[k] - gpu[k]));
    expect(worst).toBeLessThanOrEqual(10 * MW * (1 + 1e-12));
    expect(swing(it.slice(3000))).toBeGreaterThanOrEqual(80 * MW - 2 * 10 * MW - 1);
  });
});
