// Response-service curves: piecewise-linear maps from the frequency deviation Δf = f − f0 (Hz) to
// the share of a service's contracted capacity it must deliver (+ = injection into the grid, i.e.
// more generation or less demand; − = absorption). Published services are built here from their
// service terms so a scenario can name them instead of spelling out the points.
import type { ResponseServiceParams } from './grid-params.ts';

/** A curve point: [Δf in Hz, share of capacity (−1..1)]. Δf must be non-decreasing along the curve. */
export type CurvePoint = readonly [number, number];

/**
 * Value of a piecewise-linear curve at `df`, flat beyond its end points. Two consecutive points
 * with the same Δf make a vertical step; the value exactly at the step is the left (lower-Δf)
 * one, so a trigger "at or below 59.85 Hz" is met at exactly 59.85 Hz.
 */
export function evalCurve(curve: readonly CurvePoint[], df: number): number {
  const n = curve.length;
  if (n === 0) return 0;
  if (df <= curve[0][0]) return curve[0][1];
  if (df >= curve[n - 1][0]) return curve[n - 1][1];
  for (let k = 0; k < n - 1; k++) {
    const [x0, y0] = curve[k];
    const [x1, y1] = curve[k + 1];
    if (df <= x1) return x1 === x0 ? y0 : y0 + ((y1 - y0) * (df - x0)) / (x1 - x0);
  }
  return curve[n - 1][1];
}

/** Converts points given in absolute frequency [Hz, share] into Δf points around `f0`, sorted by Δf. */
export function curveFromFrequency(f0: number, points: readonly CurvePoint[]): CurvePoint[] {
  return points.map(([f, y]) => [f - f0, y] as CurvePoint).sort((a, b) => a[0] - b[0]);
}

// ── GB Dynamic Containment (ESO service terms) ───────────────────────────────────────────────────
// DC low: 0 % at 49.985 Hz (the ±15 mHz deadband), 5 % at 49.8 Hz (the knee), 100 % at 49.5 Hz.
// DC high mirrors it above 50 Hz. Timing: the service terms allow at most 0.5 s before the response
// starts and require full delivery within 1 s, so the defaults are a 0.5 s detection lag and a
// ramp of 2 capacity/s (0.5 s + 1/2 s = 1.0 s). Both lie inside the performance-monitoring window
// (lag 0.2–0.55 s, ramp 2–4 pu/s).
export const DC_LAG_S = 0.5;
export const DC_RAMP_PU_PER_S = 2;

export function dynamicContainmentLow(id: string, capacity: number, f0 = 50, over: Partial<ResponseServiceParams> = {}): ResponseServiceParams {
  return {
    id,
    capacity,
    curve: curveFromFrequency(f0, [[49.985, 0], [49.8, 0.05], [49.5, 1]]),
    detectionLag: DC_LAG_S,
    ramp: DC_RAMP_PU_PER_S,
    ...over,
  };
}

export function dynamicContainmentHigh(id: string, capacity: number, f0 = 50, over: Partial<ResponseServiceParams> = {}): ResponseServiceParams {
  return {
    id,
    capacity,
    curve: curveFromFrequency(f0, [[50.015, 0], [50.2, -0.05], [50.5, -1]]),
    detectionLag: DC_LAG_S,
    ramp: DC_RAMP_PU_PER_S,
    ...over,
  };
}

// ── ERCOT fast frequency response (NPRR 863) ─────────────────────────────────────────────────────
// A triggered (not proportional) service: full deployment once f ≤ 59.85 Hz, within 15 cycles
// (0.25 s), sustained for 15 minutes. Defaults: 0.1 s detection (six cycles of measurement) and a
// 10 capacity/s ramp (0.1 s), so full output is reached 0.2 s after the crossing — inside the
// 0.25 s requirement with margin for the crossing falling between measurement samples.
export const FFR_TRIGGER_HZ = 59.85;
export const FFR_SUSTAIN_S = 15 * 60;

export function ercotFastFrequencyResponse(id: string, capacity: number, f0 = 60, over: Partial<ResponseServiceParams> = {}): ResponseServiceParams {
  const step = FFR_TRIGGER_HZ - f0;
  return {
    id,
    capacity,
    curve: [[step, 1], [step, 0]],
    detectionLag: 0.1,
    ramp: 10,
    hold: FFR_SUSTAIN_S,
    ...over,
  };
}

// ── Frequency containment reserve (SOGL, Continental Europe) ─────────────────────────────────────
// Linear to full activation at ±200 mHz, full within 30 s (a ramp of capacity/30 s: half by 15 s,
// all by 30 s for a step), insensitivity/deadband ≤ 10 mHz. The deadband zeroes the response inside
// ±10 mHz without shifting the droop line, because SOGL fixes full activation at 200 mHz.
export function frequencyContainmentReserve(id: string, capacity: number, over: Partial<ResponseServiceParams> = {}): ResponseServiceParams {
  return {
    id,
    capacity,
    curve: [[-0.2, 1], [0.2, -1]],
    deadband: 0.01,
    ramp: 1 / 30,
    ...over,
  };
}
