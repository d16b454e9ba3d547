// The utility's ramp limit at the point of interconnection, enforced by a load burner (a resistive
// load bank): when the site's load falls faster than the limit allows, the burner burns the
// difference between the ramp-limited POI power and the actual load, so the grid sees a ramp
// instead of a step. A burner can only add load: it holds up the POI on the way down; it cannot
// slow a rise (that needs the load's own ramp-up limit or storage), so rises pass through.
//
// Exact for a load that is linear within each sub-step (the AI load's sub-steps are): the burner
// power is clamp(POI_line − load, 0, burner cap), a clamp of a linear function, integrated in
// closed form — including the moment the load climbs back above the ramp line mid-step.
import { SoaTable } from '../sim/workers/soa.ts';

/** A bad parameter, as the scenario loader reports it. */
export interface ParamProblem {
  field: string;
  message: string;
  hint: string;
}

export const poiRampFields = [
  'rampDownLimit', // parameter: fastest permitted fall of the POI power, W/s
  'burnerCap', // parameter: burner power limit, W (Infinity = unlimited)
  'poi', // state: POI power at the end of the last sub-step, W
  'burnerPower', // output: burner power at the end of the last sub-step, W
  'burnerEnergy', // output: energy burned since the start, J
  'burnerPeak', // output: highest burner power so far, W
  'shortfallEnergy', // output: energy the burner could not absorb (cap reached), J — the limit was broken
  'refLine', // state: the lowest POI the limit allows now: falls at the limit from the last POI that held it, W
  'excessEnergy', // output: ∫ (refLine − POI)⁺ dt, J — how far, in energy, the POI fell below the allowed ramp
] as const;

export type PoiRampField = (typeof poiRampFields)[number];
export type PoiRampTable = Record<PoiRampField, Float64Array>;

/** One instance with POI = `initialLoad` (W) and no burning. */
export function initPoiRamp(a: PoiRampTable, i: number, rampDownLimit: number, initialLoad: number, burnerCap = Infinity): void {
  a.rampDownLimit[i] = rampDownLimit;
  a.burnerCap[i] = burnerCap;
  a.poi[i] = initialLoad;
  a.burnerPower[i] = 0;
  a.burnerEnergy[i] = 0;
  a.burnerPeak[i] = 0;
  a.shortfallEnergy[i] = 0;
  a.refLine[i] = initialLoad;
  a.excessEnergy[i] = 0;
}

export function makePoiRampTable(n: number): SoaTable<PoiRampField> {
  return new SoaTable(poiRampFields, n);
}

export function validatePoiRamp(rampDownLimit: number, burnerCap: number): ParamProblem[] {
  const out: ParamProblem[] = [];
  if (!(rampDownLimit > 0)) out.push({ field: 'rampDownLimit', message: `must be > 0 W/s, got ${rampDownLimit}`, hint: 'utilities ask for 10–30 MW/min' });
  if (!(burnerCap >= 0)) out.push({ field: 'burnerCap', message: `must be ≥ 0 W, got ${burnerCap}`, hint: 'size it for the largest load step' });
  return out;
}

/**
 * ∫₀ʰ clamp(d(t), lo, hi) dt for d linear from d0 to d1: the clamp is linear between the times d
 * crosses lo and hi, so the trapezoid over the (at most three) pieces is exact.
 */
export function clampedLinearIntegral(d0: number, d1: number, h: number, lo: number, hi: number): number {
  let ta = h;
  let tb = h;
  if (d1 !== d0) {
    const cLo = (h * (lo - d0)) / (d1 - d0);
    const cHi = (h * (hi - d0)) / (d1 - d0);
    const x = cLo > 0 && cLo < h ? cLo : h;
    const y = cHi > 0 && cHi < h ? cHi : h;
    ta = Math.min(x, y);
    tb = Math.max(x, y);
  }
  const fa = clampedAt(d0, d1, h, lo, hi, ta);
  const fb = clampedAt(d0, d1, h, lo, hi, tb);
  return 0.5 * (clampedAt(d0, d1, h, lo, hi, 0) + fa) * ta + 0.5 * (fa + fb) * (tb - ta) + 0.5 * (fb + clampedAt(d0, d1, h, lo, hi, h)) * (h - tb);
}

// A top-level function, not a closure: tsx (esbuild keepNames) wraps every named inner function in
// a __name() call that redefines its `name` property each time the outer function runs — in a
// per-step function that cost 10× the arithmetic.
function clampedAt(d0: number, d1: number, h: number, lo: number, hi: number, t: number): number {
  return Math.min(hi, Math.max(lo, d0 + ((d1 - d0) * t) / h));
}

/**
 * Steps instance `i` over `h` seconds while the load moves linearly from `load0` to `load1` (W);
 * returns the POI power at the end. The ramp line falls from the last POI power at the limit; the
 * burner fills the gap between that line and the load, up to its cap.
 */
export function stepPoiRamp(a: PoiRampTable, i: number, load0: number, load1: number, h: number): number {
  const cap = a.burnerCap[i];
  const line0 = a.poi[i];
  const line1 = line0 - a.rampDownLimit[i] * h;
  const d0 = line0 - load0;
  const d1 = line1 - load1;
  a.burnerEnergy[i] += clampedLinearIntegral(d0, d1, h, 0, cap);
  if (cap < Infinity) a.shortfallEnergy[i] += clampedLinearIntegral(d0, d1, h, cap, Infinity) - cap * h;
  const burner = Math.min(cap, Math.max(0, d1));
  // The peak of a clamped linear function over the step is at one of its ends.
  const peak = Math.min(cap, Math.max(0, d0, d1));
  if (peak > a.burnerPeak[i]) a.burnerPeak[i] = peak;
  a.burnerPower[i] = burner;
  a.poi[i] = load1 + burner;
  measureExcess(a, i, load0 + Math.min(cap, Math.max(0, d0)), a.poi[i], h);
  return a.poi[i];
}

/**
 * The utility's view, whatever held the POI (a battery upstream, the burner, nothing): the allowed
 * line falls at the limit from the last POI that was on or above it and never stays below the POI
 * (rises pass). Energy below that line is the violation — for a battery that ran full it is the
 * energy it would have needed; an inverter lag at a sudden drop shows as a small amount. The burner
 * itself ramps from the actual POI (after a violation it cannot undo it), so this line is kept
 * apart from `poi`. The POI is taken as linear over the sub-step (exact while the burner is off).
 */
function measureExcess(a: PoiRampTable, i: number, poiStart: number, poiEnd: number, h: number): void {
  const ref0 = a.refLine[i];
  const ref1 = ref0 - a.rampDownLimit[i] * h;
  a.excessEnergy[i] += clampedLinearIntegral(ref0 - poiStart, ref1 - poiEnd, h, 0, Infinity);
  a.refLine[i] = Math.max(poiEnd, ref1);
}
