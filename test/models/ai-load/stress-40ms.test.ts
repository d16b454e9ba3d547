// The design stress case of reference-cases.md: an unsmoothed ≥ 300 MW training site changes by
// more than 200 MW within 40 ms — visible only with a sub-window internal step (1 ms here inside
// 40 ms windows) — and GPU power smoothing resolves it.
import { describe, expect, it } from 'vitest';
import { MS, MW, S, maxChangeWithin, run, site, table, trace } from './helpers.ts';

// 300 MW of GPUs (300,000 × 1,000 W), communication phase at 0.2·TDP, 10 ms edges, 1 ms step.
const unsmoothed = site(300, { stepUs: MS });
// NVIDIA-style smoothing: floor 90 % of TDP, ramp-up 1,000 W/s and ramp-down 100 W/s per GPU,
// 500 ms ramp-down hysteresis (longer than the 400 ms low phase).
const smoothed = site(300, { stepUs: MS, floorShare: 0.9, rampUpRate: 1000, rampDownRate: 100, hysteresisUs: 500 * MS });

/** Largest (max − min) of IT power inside any 40 ms window, stepped in 40 ms windows. */
function worstWindowSwing(params: object): number {
  const t = table(params);
  let worst = 0;
  run(t, 0, 20 * S, 40 * MS, [], () => (worst = Math.max(worst, t.arrays.itMax[0] - t.arrays.itMin[0])));
  return worst;
}

describe('stress case: > 200 MW within 40 ms', () => {
  it('the unsmoothed 300 MW site falls by 240 MW within 40 ms (a 1 ms trace, sliding 40 ms span)', () => {
    const x = trace(table(unsmoothed), 0, 10 * S, MS);
    expect(maxChangeWithin(x, MS, 40 * MS)).toBeGreaterThan(200 * MW);
    expect(maxChangeWithin(x, MS, 40 * MS)).toBeCloseTo(240 * MW, 0);
  });

  it('a 40 ms window stepped at 1 ms inside sees the 240 MW swing in its own min/max', () => {
    expect(worstWindowSwing(unsmoothed)).toBeCloseTo(240 * MW, 0);
  });

  it('smoothing resolves it: at most ramp-up·40 ms = 12 MW at the job start, 0 MW once running', () => {
    const x = trace(table(smoothed), 0, 10 * S, MS);
    expect(maxChangeWithin(x, MS, 40 * MS)).toBeLessThanOrEqual(12 * MW + 1);
    expect(maxChangeWithin(x.slice(1000), MS, 40 * MS)).toBe(0);
    expect(worstWindowSwing(smoothed)).toBeLessThanOrEqual(12 * MW + 1);
  });

  it('the floor alone leaves (1 − 0.9)·300 = 30 MW within 40 ms', () => {
    const x = trace(table(site(300, { stepUs: MS, floorShare: 0.9 })), 0, 10 * S, MS);
    expect(maxChangeWithin(x, MS, 40 * MS)).toBeCloseTo(30 * MW, 0);
  });
});
