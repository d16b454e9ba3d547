// floorMod replaces `%` in the AI load's per-step arithmetic (fmod is a C call for doubles): it
// must give exactly what `%` gives for the non-negative integer microsecond times the models use,
// including times far beyond 2^31 µs and values one below or at a multiple.
import { describe, expect, it } from 'vitest';
import { floorMod } from '../../models/floor-mod.ts';

describe('floorMod', () => {
  it('equals % for non-negative integer µs times up to a year, at and around multiples', () => {
    const periods = [1, 7, 10_000, 1_999_999, 2_000_000, 1_800_000_000, 3_600_000_000];
    const year = 365 * 86_400 * 1e6;
    for (const y of periods) {
      for (const base of [0, 2 ** 31, 2 ** 32 + 3, 86_400e6, year]) {
        const k = Math.floor(base / y);
        for (const x of [base, k * y - 1, k * y, k * y + 1, (k + 1) * y - 1, (k + 1) * y]) {
          if (x < 0) continue;
          expect(floorMod(x, y)).toBe(x % y);
        }
      }
    }
  });

  it('stays in [0, y) for negative and fractional operands', () => {
    expect(floorMod(-1, 10)).toBe(9);
    expect(floorMod(-10, 10)).toBe(0);
    const r = floorMod(10.5, 0.1);
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(0.1);
  });
});
