// What each seed needed: with common random numbers seed k is the same future at every value, so
// each seed's requirement is the smallest value from which it passed at every larger value.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../sim/sweep/runner.ts';
import { describeRequirement, requirementBySeed } from '../../sim/sweep/seed-requirement.ts';

/** Records of one parameter: passes[seed][value index] (true = pass). */
function records(values: Array<string | number>, passes: boolean[][]): RunRecord[] {
  const out: RunRecord[] = [];
  values.forEach((v, point) =>
    passes.forEach((row, seedIndex) =>
      out.push({
        index: point * passes.length + seedIndex, point, values: [v], seedIndex, seed: 100 + seedIndex, dir: '',
        resumed: false,
        result: { exit_code: row[point] ? 0 : 99, verdict: row[point] ? 'pass' : 'fail', score: 0, run_hash: '', metrics: {}, wall_s: 0 },
      }),
    ),
  );
  return out;
}

describe('requirementBySeed', () => {
  it('is the smallest value from which the seed passed at every larger value', () => {
    const req = requirementBySeed(records(['40 MWh', '80 MWh', '120 MWh', '160 MWh'], [
      [false, false, true, true],
      [false, true, true, true],
      [true, false, false, true], // a lucky pass below failures does not count
      [false, false, false, false], // needs more than was swept
    ]))!;
    expect(req.perSeed).toEqual(['120 MWh', '80 MWh', '160 MWh', undefined]);
    expect(req.beyond).toBe(1);
    expect(req.ci!.n).toBe(3);
    expect(req.ci!.mean).toBeCloseTo(120 * 3.6e9, 0);
    const text = describeRequirement(req, ['40 MWh', '80 MWh', '120 MWh', '160 MWh']);
    expect(text).toContain('80 MWh in 1 seed, 120 MWh in 1 seed, 160 MWh in 1 seed, more than the largest value in 1 seed');
    expect(text).toMatch(/mean 120 MWh, 95 % CI 20\.6\d MWh to 219\.\d MWh \(over the 3 seeds that held\)/);
  });

  it('orders by value, not by the order given, and works on plain numbers', () => {
    const req = requirementBySeed(records([3, 1, 2], [[true, false, true], [true, false, false]]))!;
    expect(req.perSeed).toEqual([2, 3]);
    expect(describeRequirement(req, [3, 1, 2])).toMatch(/^needed per seed: 2 in 1 seed, 3 in 1 seed; mean 2\.5,/);
  });

  it('has nothing to say about enums or several parameters', () => {
    expect(requirementBySeed(records(['peak_shave', 'setpoint'], [[true, true]]))).toBeUndefined();
    const two = records([1, 2], [[true, true]]).map((r) => ({ ...r, values: [r.values[0], 'x'] }));
    expect(requirementBySeed(two)).toBeUndefined();
  });
});
