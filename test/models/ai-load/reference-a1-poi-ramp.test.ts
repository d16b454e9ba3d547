// Reference case A1 (../shared/reference-cases.md, NERC Large Loads Task Force white paper, July
// 2025): a 450 MW site whose job stop takes IT load to 40 MW in 36 s, behind a POI ramp limit
// enforced by a load burner (models/poi-ramp-limit.ts). Tolerance 2 %.
import { describe, expect, it } from 'vitest';
import { stepAiLoad } from '../../../models/ai-training-load.ts';
import { clampedLinearIntegral, initPoiRamp, makePoiRampTable, stepPoiRamp } from '../../../models/poi-ramp-limit.ts';
import { MW, MWh, S, site, table } from './helpers.ts';

const stopAt = 10 * S;

/**
 * Runs the site with a POI ramp limit of `mwPerMin` for `minutes` after the stop; the job stops at
 * 10 s and the IT load falls to 40 MW over `dropSeconds` (0: a step). Returns the POI drop time
 * (min), the burner's peak (MW) and energy (MWh).
 */
function a1(mwPerMin: number, dropSeconds: number, minutes: number) {
  const n = 450_000; // 450 MW at 1,000 W per GPU, idle 40 MW
  const rampDownRate = dropSeconds > 0 ? (410 * MW) / dropSeconds / n : Infinity;
  const load = table(site(450, { duty: 1, idlePower: (40 * MW) / n, commPower: (40 * MW) / n, rampDownRate, stepUs: 100_000 }));
  const poi = makePoiRampTable(1);
  const a = load.arrays;
  const p = poi.arrays;
  let t = 0;
  t = stepAiLoad(a, 0, t, stopAt); // the first sub-step starts the job (idle → 450 MW step)
  initPoiRamp(p, 0, (mwPerMin * MW) / 60, a.itPower[0]);
  let reached = Infinity;
  const end = stopAt + minutes * 60 * S;
  while (t < end) {
    if (t === stopAt) a.running[0] = 0;
    const tn = stepAiLoad(a, 0, t, t < stopAt ? stopAt : end);
    stepPoiRamp(p, 0, a.itSubStart[0], a.itPower[0], (tn - t) / S);
    if (reached === Infinity && p.poi[0] <= 40 * MW + 1) reached = tn;
    t = tn;
  }
  return { minutes: (reached - stopAt) / S / 60, peakMW: p.burnerPeak[0] / MW, mwh: p.burnerEnergy[0] / MWh, shortfall: p.shortfallEnergy[0] };
}

const within2 = (measured: number, published: number) => expect(Math.abs(measured / published - 1)).toBeLessThanOrEqual(0.02);

describe('A1: POI ramp limit enforced by a load burner', () => {
  it('30 MW/min, 36 s drop: the POI falls over 410/30 = 13.67 min (published ≥ 13.7 min, 2 %)', () => {
    const r = a1(30, 36, 20);
    expect(r.minutes).toBeCloseTo(410 / 30, 6);
    within2(r.minutes, 13.7);
    expect(r.shortfall).toBe(0);
  });

  it('30 MW/min, 36 s drop: burner peak 392 MW and 44.64 MWh — below the published ≥ 410 MW and ≈ 47 MWh', () => {
    // FINDING: the published peak (ΔP = 410 MW) and energy (½·ΔP·t = 46.7 MWh) are those of an
    // instantaneous drop. With the stated 36 s drop the POI line has already fallen 36 s × 0.5 MW/s
    // = 18 MW when the load reaches 40 MW, so the burner peaks at 410 − 18 = 392 MW (−4.4 %), and
    // the load's own ramp carries ½·410 MW·36 s = 2.05 MWh: 46.69 − 2.05 = 44.64 MWh (−5.0 %).
    // Both are outside 2 %; this test asserts what the model gives (the closed form of the 36 s case).
    const r = a1(30, 36, 20);
    expect(r.peakMW).toBeCloseTo(410 - 0.5 * 36, 6);
    expect(r.mwh).toBeCloseTo((0.5 * 410 * (410 / 0.5) - 0.5 * 410 * 36) / 3600, 6);
    expect(Math.abs(r.peakMW / 410 - 1)).toBeGreaterThan(0.02);
  });

  it('30 MW/min, step drop: burner peak 410 MW and ½·ΔP·t = 46.69 MWh (published ≥ 410 MW, ≈ 47 MWh, 2 %)', () => {
    const r = a1(30, 0, 20);
    within2(r.peakMW, 410);
    expect(r.peakMW).toBeGreaterThanOrEqual(410 * 0.98);
    within2(r.mwh, 47);
    expect(r.mwh).toBeCloseTo((0.5 * 410 * 820) / 3600, 6);
    within2(r.minutes, 13.7);
  });

  it('10 MW/min, 36 s drop: ≥ 41 min and ≈ 140 MWh; peak 404 MW (published ≥ 410, 2 %)', () => {
    const r = a1(10, 36, 45);
    expect(r.minutes).toBeCloseTo(41, 6);
    within2(r.minutes, 41);
    within2(r.mwh, 140);
    expect(r.mwh).toBeCloseTo((0.5 * 410 * 2460 - 0.5 * 410 * 36) / 3600, 6); // 138.03 MWh
    within2(r.peakMW, 410);
    expect(r.peakMW).toBeCloseTo(410 - 36 / 6, 6);
  });
});

describe('the load burner', () => {
  it('integrates clamp(d, lo, hi) of a linear d exactly, across both clamp levels', () => {
    // d from −10 to 30 over 4 s, clamped to [0, 20]: 0 for 1 s, ramp 0→20 over 2 s, 20 for 1 s.
    expect(clampedLinearIntegral(-10, 30, 4, 0, 20)).toBeCloseTo(0 + 20 + 20, 12);
    expect(clampedLinearIntegral(5, 5, 2, 0, Infinity)).toBe(10);
  });

  it('lets rises through and stops burning when the load climbs back above the ramp line', () => {
    const p = makePoiRampTable(1).arrays;
    initPoiRamp(p, 0, 1, 100);
    expect(stepPoiRamp(p, 0, 100, 50, 10)).toBe(90); // line 100 → 90, burner 40
    expect(stepPoiRamp(p, 0, 50, 120, 10)).toBe(120); // the load passes the line: no burning
    expect(p.burnerPower[0]).toBe(0);
    // Burner energy: ½·(0 + 40)·10 in the first step; in the second the gap 40 → −40 closes at 5 s: ½·40·5.
    expect(p.burnerEnergy[0]).toBeCloseTo(200 + 100, 9);
  });

  it('a burner cap breaks the limit and counts the energy it could not absorb', () => {
    const p = makePoiRampTable(1).arrays;
    initPoiRamp(p, 0, 1, 100, 30);
    expect(stepPoiRamp(p, 0, 50, 50, 10)).toBe(80); // line at 90 would need 40, cap 30
    expect(p.burnerEnergy[0]).toBeCloseTo(30 * 10, 9); // gap 50 → 40, clamped to 30 throughout
    expect(p.shortfallEnergy[0]).toBeCloseTo(((20 + 10) / 2) * 10, 9);
  });
});
