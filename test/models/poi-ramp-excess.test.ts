// poi_ramp_excess: the energy by which the POI fell below the line its ramp limit allows. Exact for
// a drop with nothing holding the POI (a triangle), zero when a burner holds the line, and a ramp
// that rises passes freely. The driver's drop takes one 0.1 s sub-step (linear load), which takes
// ½ · 60 MW · 0.1 s off the triangle: 3,600 − 3 = 3,597 MW·s.
const TRIANGLE = (3600 - 3) / 3600; // MWh
import { describe, expect, it } from 'vitest';
import { initPoiRamp, makePoiRampTable, stepPoiRamp } from '../../models/poi-ramp-limit.ts';

const MW = 1e6;
const MWh = 3.6e9;

function run(burnerCap: number, loadAt: (t: number) => number, seconds: number, h = 0.1) {
  const a = makePoiRampTable(1).arrays;
  initPoiRamp(a, 0, 0.5 * MW, loadAt(0), burnerCap);
  let prev = loadAt(0);
  for (let k = 0; k < Math.round(seconds / h); k++) {
    const next = loadAt((k + 1) * h);
    stepPoiRamp(a, 0, prev, next, h);
    prev = next;
  }
  return a;
}

describe('POI ramp excess', () => {
  it('a 60 MW drop with no burner: ½ · 60 MW · 120 s ≈ 1 MWh below the 30 MW/min line', () => {
    const a = run(0, (t) => (t < 10 ? 100 * MW : 40 * MW), 300);
    expect(a.excessEnergy[0] / MWh).toBeCloseTo(TRIANGLE, 9);
    expect(a.refLine[0]).toBe(40 * MW); // the line has reached the load
  });

  it('an unlimited burner holds the line: no excess, the burner takes the triangle', () => {
    const a = run(Infinity, (t) => (t < 10 ? 100 * MW : 40 * MW), 300);
    expect(a.excessEnergy[0]).toBe(0);
    expect(a.burnerEnergy[0] / MWh).toBeCloseTo(TRIANGLE, 9);
  });

  it('rises pass: a step up and back down to where it was counts only the fall', () => {
    const a = run(0, (t) => (t < 10 ? 40 * MW : t < 20 ? 100 * MW : 40 * MW), 300);
    expect(a.excessEnergy[0] / MWh).toBeCloseTo(TRIANGLE, 9);
  });
});
