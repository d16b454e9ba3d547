// Frequency-response services (Dynamic Containment, ERCOT FFR, FCR, GB primary/secondary…) as one
// struct-of-arrays table, one row per service. Each step a service reads the frequency its
// detection lag allows it to see, maps Δf through its deadband and piecewise-linear curve to a
// requested share of capacity, optionally latches it (hold), and moves its delivered level toward
// it at no more than its ramp limit. Output power = delivered share · capacity · level (W, +
// injection).
//
// The level is updated as a discrete rate limiter inside each integrator step (not as an ODE
// state): a ramp limiter has a kink where it meets its target, which an explicit Runge–Kutta stage
// would overshoot; stepping it exactly keeps "full output at lag + 1/ramp" exact for any step.
import { SoaTable } from '../sim/workers/soa.ts';
import type { ResponseServiceParams } from './grid-params.ts';
import { evalCurve, type CurvePoint } from './response-curves.ts';

export const serviceFields = [
  // parameters
  'capacity', // W contracted
  'deadband', // Hz
  'lag', // s detection lag
  'ramp', // capacity/s (Infinity = unlimited)
  'share', // delivered share 0..1
  'hold', // s latch duration (0 = none)
  // state
  'level', // delivered share of capacity (−1..1) before the delivered-share factor
  'held', // latched request (0 = not latched)
  'holdUntil', // s, end of the latch (NaN = never latched since last reset)
  // output
  'power', // W
] as const;
export type ServiceField = (typeof serviceFields)[number];
export type ServiceTable = Record<ServiceField, Float64Array>;

export function newServiceTable(services: readonly ResponseServiceParams[]): SoaTable<ServiceField> {
  const t = new SoaTable(serviceFields, services.length);
  const a = t.arrays;
  services.forEach((s, i) => {
    a.capacity[i] = s.capacity;
    a.deadband[i] = s.deadband ?? 0;
    a.lag[i] = s.detectionLag ?? 0;
    a.ramp[i] = s.ramp ?? Infinity;
    a.share[i] = s.deliveredShare ?? 1;
    a.hold[i] = s.hold ?? 0;
    a.holdUntil[i] = NaN;
  });
  return t;
}

/** Requested share of capacity for a (lagged) deviation Δf, before latch and ramp. */
export function serviceRequest(curve: readonly CurvePoint[], deadband: number, df: number): number {
  return Math.abs(df) <= deadband ? 0 : evalCurve(curve, df);
}

/**
 * Advances service `i` to time `t1` over a step of `h` seconds, acting on the lagged deviation
 * `dfSeen` (Hz). Returns its output power (W).
 */
export function stepService(a: ServiceTable, i: number, curve: readonly CurvePoint[], dfSeen: number, t1: number, h: number): number {
  let target = serviceRequest(curve, a.deadband[i], dfSeen);
  if (a.hold[i] > 0) target = latch(a, i, target, t1);
  const level = a.level[i];
  const maxMove = a.ramp[i] * h; // Infinity·h = Infinity: no limit
  const move = Math.min(maxMove, Math.max(-maxMove, target - level));
  a.level[i] = level + move;
  a.power[i] = a.share[i] * a.capacity[i] * a.level[i];
  return a.power[i];
}

/**
 * Latch (e.g. ERCOT FFR "sustained 15 min"): the first non-zero request starts the hold; until it
 * ends, the request is the largest seen, whatever the frequency does. After the hold the curve
 * applies again; once the request is back to zero the latch re-arms for a later event.
 */
function latch(a: ServiceTable, i: number, target: number, t1: number): number {
  const until = a.holdUntil[i];
  if (Number.isNaN(until)) {
    if (target === 0) return 0;
    a.held[i] = target;
    a.holdUntil[i] = t1 + a.hold[i];
    return target;
  }
  if (t1 < until) {
    if (Math.abs(target) > Math.abs(a.held[i])) a.held[i] = target;
    return a.held[i];
  }
  if (target === 0) {
    a.held[i] = 0;
    a.holdUntil[i] = NaN;
  }
  return target;
}
