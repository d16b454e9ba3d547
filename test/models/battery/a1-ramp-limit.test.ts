// Reference case A1 from the battery's side (../shared/reference-cases.md; NERC Large Loads Task
// Force white paper, July 2025): a 450 MW site whose job stop takes IT load to 40 MW in 36 s, behind
// a POI ramp limit enforced by a battery in POI mode. Published: the POI sees the drop over
// ≥ 13.7 min; storage absorbs ≥ 410 MW peak and ≈ 47 MWh (½·ΔP·t) at 30 MW/min; with 10 MW/min
// ≥ 41 min and ≈ 140 MWh. Tolerance 2 %.
import { describe, expect, it } from 'vitest';
import { BatteryMode, advanceBattery } from '../../../models/battery.ts';
import { batteryForRampLimit, rampLimitNeed } from '../../../models/battery-sizing.ts';
import { MW, MWh, one } from './helpers.ts';

const stop = 10; // s
const dt = 0.1;

/** IT load (W): 450 MW, then linear to 40 MW over `drop` s from t = 10 s (drop 0: a step). */
const load = (t: number, drop: number) => (t < stop ? 450 * MW : drop > 0 && t < stop + drop ? 450 * MW - (410 * MW * (t - stop)) / drop : 40 * MW);

/**
 * Runs the site for `minutes` after the stop with a battery holding the POI ramp limit of
 * `mwPerMin`. Battery: `powerMW` / `energyMWh`, starting at socMin, η = 0.95, τ_inv = 50 ms, no restore.
 */
function a1(mwPerMin: number, drop: number, minutes: number, powerMW = 500, energyMWh = 300) {
  const a = one({ energyCap: energyMWh * MWh, dischargeMax: powerMW * MW, soc: 0.1, mode: BatteryMode.poi, poiRamp: (mwPerMin * MW) / 60, restorePower: 0 });
  let reached = Infinity;
  let poiMin = Infinity;
  let limited = 0;
  const n = Math.round((stop + minutes * 60) / dt);
  for (let k = 0; k < n; k++) {
    const t0 = k * dt;
    a.load[0] = load(t0 + dt / 2, drop); // the load's mean over the step (it is linear within it)
    advanceBattery(a, 0, dt);
    poiMin = Math.min(poiMin, a.poi[0]);
    limited += a.socLimited[0];
    if (reached === Infinity && t0 >= stop && a.poi[0] <= 40 * MW + 0.01 * MW) reached = t0 + dt;
  }
  return { minutes: (reached - stop) / 60, peakMW: a.peakCharge[0] / MW, mwh: a.chargedEnergy[0] / MWh, poiMinMW: poiMin / MW, limited };
}

const within2 = (measured: number, published: number) => expect(Math.abs(measured / published - 1)).toBeLessThanOrEqual(0.02);

describe('A1: POI ramp limit held by a battery', () => {
  it('30 MW/min, step drop: peak 410 MW and ½·ΔP·t = 46.7 MWh over 13.7 min (published ≥ 410 MW, ≈ 47 MWh, ≥ 13.7 min; 2 %)', () => {
    const r = a1(30, 0, 20);
    within2(r.peakMW, 410);
    within2(r.mwh, 47);
    within2(r.minutes, 13.7);
    expect(r.mwh).toBeCloseTo((0.5 * 410 * 820) / 3600, 1);
    expect(r.limited).toBe(0);
  });

  it('30 MW/min, 36 s drop: 13.7 min, but peak 392 MW and 44.6 MWh — below the published ≥ 410 MW and ≈ 47 MWh', () => {
    // FINDING (same as the load burner's): the published peak and energy are those of an
    // instantaneous drop. With the stated 36 s drop the POI line has already fallen 36 s × 0.5 MW/s
    // = 18 MW when the load reaches 40 MW: peak 410 − 18 = 392 MW (−4.4 %), and the load's own ramp
    // carries ½·410 MW·36 s = 2.05 MWh: 46.69 − 2.05 = 44.64 MWh (−5.0 %). Outside 2 %; the test
    // asserts what the model gives, which is the closed form of the 36 s case (rampLimitNeed).
    const r = a1(30, 36, 20);
    within2(r.minutes, 13.7);
    const need = rampLimitNeed(410 * MW, 36, (30 * MW) / 60);
    expect(Math.abs(r.peakMW / (need.peakPower / MW) - 1)).toBeLessThan(0.002);
    expect(Math.abs(r.mwh / (need.energy / MWh) - 1)).toBeLessThan(0.002);
    expect(Math.abs(r.peakMW / 410 - 1)).toBeGreaterThan(0.02);
  });

  it('10 MW/min, 36 s drop: 41 min, ≈ 138 MWh, peak 404 MW (published ≥ 41 min, ≈ 140 MWh, ≥ 410 MW; 2 %)', () => {
    const r = a1(10, 36, 45);
    within2(r.minutes, 41);
    within2(r.mwh, 140);
    within2(r.peakMW, 410);
    expect(r.mwh).toBeCloseTo((0.5 * 410 * 2460 - 0.5 * 410 * 36) / 3600, 0); // 138.03 MWh
  });

  it('the inverter lag lets a step through for a few τ: the POI dips below the ramp line for an instant', () => {
    // A step is faster than any converter. Over the first 0.1 s step the 50 ms lag delivers only
    // 1 − (τ/Δt)·(1 − e^(−Δt/τ)) = 56.8 % of the 409.95 MW command on average, so the metered POI
    // dips to 272.7 MW (the line is at 449.95 MW) and is back on the line within a few τ. Over a
    // one-minute window this is ΔP·τ = 20.5 MJ (0.34 MW on average): invisible to a per-minute limit.
    const r = a1(30, 0, 1);
    const share = 1 - (0.05 / dt) * (1 - Math.exp(-dt / 0.05));
    expect(r.poiMinMW).toBeCloseTo(40 + 409.95 * share, 6);
  });
});

describe('battery sizing for a ramp limit (models/battery-sizing.ts)', () => {
  it('closed form: step drop peak ΔP, energy ½·ΔP²/r; linear drop peak ΔP − r·t_d, energy ½·ΔP·(ΔP/r − t_d)', () => {
    const step = rampLimitNeed(410 * MW, 0, (30 * MW) / 60);
    expect(step).toEqual({ duration: 820, peakPower: 410 * MW, energy: 0.5 * 410 * MW * 820 });
    const slow = rampLimitNeed(410 * MW, 36, (10 * MW) / 60);
    expect(slow.duration).toBeCloseTo(2460, 9);
    expect(slow.peakPower).toBeCloseTo(404 * MW, 0);
    expect(rampLimitNeed(410 * MW, 3000, (10 * MW) / 60)).toEqual({ duration: 3000, peakPower: 0, energy: 0 });
  });

  it('the smallest battery it returns holds the limit, and one 5 % smaller in energy does not', () => {
    const need = rampLimitNeed(410 * MW, 0, (30 * MW) / 60);
    const size = batteryForRampLimit(need); // η_c 0.95, SoC 10–90 %: 0.95 × 46.69 / 0.8 = 55.4 MWh
    expect(size.energyCap / MWh).toBeCloseTo((0.95 * 46.69) / 0.8, 1);
    expect(size.socStart).toBe(0.1);
    const fits = a1(30, 0, 20, size.power / MW, size.energyCap / MWh);
    expect(fits.limited).toBe(0);
    within2(fits.minutes, 13.7);
    const short = a1(30, 0, 20, size.power / MW, (0.95 * size.energyCap) / MWh);
    expect(short.limited).toBeGreaterThan(0);
    expect(short.minutes).toBeLessThan(13.7 * 0.98);
  });

  it('a C-rate limit sets the energy when power is the harder requirement', () => {
    const size = batteryForRampLimit(rampLimitNeed(410 * MW, 0, (30 * MW) / 60), { cRate: 1 });
    expect(size.energyCap).toBe(410 * MW * 3600); // 410 MWh at 1C
  });
});
