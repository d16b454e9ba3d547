// Parsing --param PATH=VALUES: lists with a shared or per-value unit, ranges, enums — and every
// malformed spec rejected with a message naming it (exit 2).
import { describe, expect, it } from 'vitest';
import { parseParamSpec } from '../../sim/sweep/param-spec.ts';
import { crossProduct, planRuns, sweepSeeds } from '../../sim/sweep/plan.ts';
import { meanCi, wilson } from '../../sim/sweep/stats.ts';
import { InputError } from '../../sim/errors.ts';

const fails = (spec: string, message: RegExp) => {
  let err: unknown;
  try {
    parseParamSpec(spec);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).exitCode).toBe(2);
  expect((err as InputError).problems[0].message).toMatch(message);
  expect((err as InputError).problems[0].path).toContain(spec);
};

describe('parseParamSpec', () => {
  it('a list whose last value carries the unit for all', () => {
    const p = parseParamSpec('sites.dc1.battery.energy=0,50,100,200MWh');
    expect(p.segments).toEqual(['sites', 'dc1', 'battery', 'energy']);
    expect(p.values).toEqual(['0 MWh', '50 MWh', '100 MWh', '200 MWh']);
  });

  it('a list with a unit per value, and list indices in the path', () => {
    expect(parseParamSpec('timeline.0.at=30 s,1 min').values).toEqual(['30 s', '1 min']);
    expect(parseParamSpec('timeline.0.at=30 s,1 min').segments).toEqual(['timeline', 0, 'at']);
  });

  it('a range, end included when it lands on a step, and not when it does not', () => {
    expect(parseParamSpec('grid.model.inertia=120..220:50GVAs').values).toEqual(['120 GVAs', '170 GVAs', '220 GVAs']);
    expect(parseParamSpec('x.y=0..1:0.3').values).toEqual([0, 0.3, 0.6, 0.9]);
  });

  it('plain numbers, enums and booleans', () => {
    expect(parseParamSpec('sites.dc.replicas=1,2,4').values).toEqual([1, 2, 4]);
    expect(parseParamSpec('sites.dc.battery.mode=peak_shave,setpoint').values).toEqual(['peak_shave', 'setpoint']);
    expect(parseParamSpec('sites.dc.ai_load.running=true,false').values).toEqual([true, false]);
  });

  it('rejects a spec without =', () => fails('sites.dc.battery.energy', /PATH=VALUES/));
  it('rejects an empty value list', () => fails('a.b=', /no values/));
  it('rejects an empty value inside a list', () => fails('a.b=1,,2', /empty value/));
  it('rejects a path that is not one', () => fails('a..b=1', /not a scenario path/));
  it('rejects an empty range', () => fails('a.b=220..120:5GVAs', /empty range/));
  it('rejects a zero or negative step', () => {
    fails('a.b=1..5:0MW', /step 0 must be > 0/);
    fails('a.b=1..5:-1MW', /must be > 0/);
  });
  it('rejects a range that is not numbers', () => fails('a.b=x..5:1', /not a range of numbers/));
  it('rejects a runaway range', () => fails('a.b=0..1e9:1', /at most/));
});

describe('sweep plan', () => {
  it('is the cross product, point-major, with the same seeds at every point', () => {
    const a = parseParamSpec('a.x=1,2');
    const b = parseParamSpec('a.y=10,20,30');
    expect(crossProduct([a, b])).toHaveLength(6);
    const seeds = sweepSeeds(7, 3);
    const runs = planRuns([a, b], seeds);
    expect(runs).toHaveLength(18);
    expect(runs[0]).toMatchObject({ index: 0, point: 0, values: [1, 10], seedIndex: 0, seed: seeds[0] });
    expect(runs[5]).toMatchObject({ point: 1, values: [1, 20], seedIndex: 2, seed: seeds[2] });
  });

  it('derives seeds from the root seed and k only: stable, distinct, different for another root', () => {
    expect(sweepSeeds(7, 4)).toEqual(sweepSeeds(7, 4));
    expect(new Set(sweepSeeds(7, 50)).size).toBe(50);
    expect(sweepSeeds(8, 4)).not.toEqual(sweepSeeds(7, 4));
    expect(sweepSeeds(7, 2)).toEqual(sweepSeeds(7, 4).slice(0, 2)); // more seeds extend, never reshuffle
  });
});

describe('sweep statistics', () => {
  it('mean with a Student-t 95 % interval', () => {
    const ci = meanCi([1, 2, 3, 4])!;
    expect(ci.mean).toBe(2.5);
    expect(ci.half).toBeCloseTo((3.182 * Math.sqrt(5 / 3)) / 2, 6);
    expect(meanCi([5])!.half).toBe(0);
    expect(meanCi([])).toBeUndefined();
  });

  it('Wilson interval of a pass share: 8/8 is not certainty', () => {
    const w = wilson(8, 8)!;
    expect(w.hi).toBe(1);
    expect(w.lo).toBeCloseTo(0.6756, 3);
    expect(wilson(0, 8)!.lo).toBe(0);
  });
});
