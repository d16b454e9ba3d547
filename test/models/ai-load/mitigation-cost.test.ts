// The price of each mitigation on a 300 MW training site over 10 minutes: energy used and useful
// work lost (the numbers docs/model-validation.md reports), checked against closed forms.
import { describe, expect, it } from 'vitest';
import type { AiLoadParams } from '../../../models/ai-training-load.ts';
import { MS, MW, MWh, S, maxChangeWithin, site, table, trace } from './helpers.ts';

const minutes = 10;
const cases: Record<string, AiLoadParams> = {
  none: {},
  'power floor 90 %': { floorShare: 0.9 },
  'floor 90 % + ramps + hysteresis': { floorShare: 0.9, rampUpRate: 1000, rampDownRate: 100, hysteresisUs: 500 * MS },
  'dummy work to 90 %': { dummyLevel: 0.9 },
  'rack storage 0.2 MWh / 250 MW': { rackEnergyCap: 0.2 * MWh, rackPowerCap: 250 * MW, rackTau: 10, rackEta: 0.95 },
};

function measure(p: AiLoadParams) {
  const t = table(site(300, { stepUs: 10 * MS, ...p }));
  const x = trace(t, 0, minutes * 60 * S, 10 * MS);
  const settled = x.slice(x.length / 2);
  return {
    mwh: t.arrays.itEnergy[0] / MWh,
    lostPct: 100 * (1 - t.arrays.usefulWork[0] / (minutes * 60)),
    swingMW: (Math.max(...settled) - Math.min(...settled)) / MW,
    in40msMW: maxChangeWithin(settled, 10 * MS, 40 * MS) / MW,
  };
}

const r = Object.fromEntries(Object.entries(cases).map(([k, p]) => [k, measure(p)]));

describe('mitigation cost on a 300 MW site (period 2 s, duty 0.8, idle 0.2·TDP, 10 ms edges), 10 min', () => {
  it('prints the table', () => {
    const rows = Object.entries(r).map(([k, v]) => `| ${k} | ${v.mwh.toFixed(3)} | ${(100 * (v.mwh / r.none.mwh - 1)).toFixed(2)} | ${v.lostPct.toFixed(3)} | ${v.swingMW.toFixed(1)} | ${v.in40msMW.toFixed(1)} |`);
    console.log(['| mitigation | energy MWh | extra energy % | useful work lost % | settled swing MW | max change in 40 ms MW |', '|---|---|---|---|---|---|', ...rows].join('\n'));
    expect(rows).toHaveLength(5);
  });

  it('none: 252 MW mean (20 % at 60 MW, 80 % at 300 MW) → 42 MWh, no work lost, 240 MW swing', () => {
    expect(r.none.mwh).toBeCloseTo(42, 9);
    expect(r.none.lostPct).toBeCloseTo(0, 9);
    expect(r.none.swingMW).toBeCloseTo(240, 6);
  });

  it('power floor 90 %: 294 MW mean less the rising edge spent under the floor → 48.978 MWh, no work lost', () => {
    // Per period the floor (270 MW) clips the 10 ms edges: rise −0.28125 MJ, fall +0.01875 MJ.
    expect(r['power floor 90 %'].mwh).toBeCloseTo(49 - (300 * 0.2625) / 3600, 9);
    expect(r['power floor 90 %'].lostPct).toBeCloseTo(0, 9);
    expect(r['power floor 90 %'].swingMW).toBeCloseTo(30, 6);
  });

  it('floor + ramp limits + hysteresis: flat at 300 MW; the 0.8 s start ramp costs ≈ 0.4 s of work', () => {
    // Speed (P − idle)/(P_nominal − idle) with P = idle + 1000 W/s·t: 1/80 during the 10 ms nominal
    // rise (nominal at 80,000 W/s), then 1.25·t until 0.8 s: lost 0.01·79/80 + ∫(1 − 1.25 t) from 0.01 to 0.8.
    const lost = 0.01 * (79 / 80) + (0.79 - 0.625 * (0.64 - 0.0001));
    const v = r['floor 90 % + ramps + hysteresis'];
    expect(v.swingMW).toBe(0);
    expect(v.lostPct).toBeCloseTo((100 * lost) / 600, 9);
  });

  it('dummy work: the energy of the floor and its ≈ 5 % slowdown', () => {
    expect(r['dummy work to 90 %'].mwh).toBe(r['power floor 90 %'].mwh);
    expect(r['dummy work to 90 %'].lostPct).toBeCloseTo(5, 9);
  });

  it('rack storage: no work lost, the swing cut to under 10 %, its losses cost < 2 % energy', () => {
    const v = r['rack storage 0.2 MWh / 250 MW'];
    expect(v.lostPct).toBeCloseTo(0, 9);
    expect(v.swingMW).toBeLessThan(24);
    expect(v.mwh).toBeGreaterThan(r.none.mwh);
    expect(v.mwh / r.none.mwh - 1).toBeLessThan(0.02);
  });
});
