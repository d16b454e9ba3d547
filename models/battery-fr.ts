// Frequency response of a battery: the frequency measured `frLag` seconds ago, through the deadband
// and a piecewise-linear curve (share of the contracted power against Δf = f − f0), optionally
// latched (hold), then ramp-limited. The result is a power command; the inverter lag in
// models/battery.ts comes after it, so what the grid sees is curve → lag → ramp → inverter.
//
// Detection lag: a pure delay, kept as a small history in the SoA row (16 samples). Sample k holds
// the frequency input in force at clock time k·p with p = lag/12, so the ring always covers the
// lag whatever the sub-step length, and the state stays a fixed set of fields a worker can step.
// A step acts on the newest sample at or before (step start − lag): a change is never acted on
// before `lag` has passed, and at most p (lag/12: 42 ms for 0.5 s) plus one step after; a change at
// a multiple of p (e.g. at 1 s with a 0.5 s lag: sample 24) is acted on by the first step starting
// `lag` later. A first-order filter was
// rejected: it starts responding at once, which a service with a stated detection lag must not.
import { FR_HIST_PER_LAG, FR_HIST_SLOTS, frXFields, frYFields, histFields, type BatteryParams, type BatteryTable } from './battery-fields.ts';
import type { ResponseServiceParams } from './grid-params.ts';
import { effectiveFrequency } from './effective-frequency.ts';

/** Slack for float clock comparisons (s): far below the µs resolution of simulation time. */
const EPS = 1e-9;

/** Share of capacity the curve asks for at Δf (flat beyond its ends; a vertical step takes its lower-Δf value). */
export function frCurveAt(a: BatteryTable, i: number, df: number): number {
  const n = a.frPoints[i];
  if (n === 0) return 0;
  let x0 = a.frX0[i];
  let y0 = a.frY0[i];
  if (df <= x0) return y0;
  for (let k = 1; k < n; k++) {
    const x1 = a[frXFields[k]][i];
    const y1 = a[frYFields[k]][i];
    if (df <= x1) return x1 === x0 ? y0 : y0 + ((y1 - y0) * (df - x0)) / (x1 - x0);
    x0 = x1;
    y0 = y1;
  }
  return y0;
}

/**
 * Returns the frequency the response acts on during the step [clock0, clock1) — the one measured
 * `lag` before the step's start (causal: what the step does can only depend on what was known when
 * it began, so a change is never acted on before `lag` has passed) — then records this step's input.
 */
function seenFrequency(a: BatteryTable, i: number, clock0: number, clock1: number): number {
  // The device measures the grid and its algorithm works on the effective frequency: a signal
  // changes what later samples record, never what the lag still holds (a real relay's history).
  const f = effectiveFrequency(a.frequency[i], a.frNominal[i], a.frAdd[i], a.frMulHigh[i], a.frMulLow[i]);
  const lag = a.frLag[i];
  if (!(lag > 0)) return f;
  const p = lag / FR_HIST_PER_LAG;
  // Newest sample at or before clock0 − lag (the 1e-9 absorbs float noise in the sample index),
  // read before this step's samples are written: the ring then holds samples up to the step's
  // start, and j ≥ count − 14 lies inside it whatever the step length. Before the first sample the
  // ring still holds the initial frequency (negative j maps onto slots no sample has reached yet).
  const j = Math.floor((clock0 - lag) / p + 1e-9);
  const seen = a[histFields[((j % FR_HIST_SLOTS) + FR_HIST_SLOTS) % FR_HIST_SLOTS]][i];
  // Samples k with k·p in [clock0, clock1) take this step's input. A sample within EPS of the
  // step's end belongs to the next step, so a change exactly on the sample grid is not recorded
  // one sample late through float noise.
  const end = clock1 - EPS;
  let kEnd = Math.ceil(end / p);
  while (kEnd > 0 && (kEnd - 1) * p >= end) kEnd--;
  while (kEnd * p < end) kEnd++;
  for (let k = Math.max(a.histCount[i], kEnd - FR_HIST_SLOTS); k < kEnd; k++) a[histFields[k % FR_HIST_SLOTS]][i] = f;
  a.histCount[i] = Math.max(a.histCount[i], kEnd);
  return seen;
}

/**
 * Latch (e.g. ERCOT FFR "sustained 15 min"): the first non-zero request starts the hold; until it
 * ends the request is the largest seen, whatever the frequency does; afterwards the curve applies
 * again, and once the request is back to zero the latch re-arms for a later event.
 */
function latch(a: BatteryTable, i: number, target: number, clock1: number): number {
  const until = a.frHoldUntil[i];
  if (Number.isNaN(until)) {
    if (target === 0) return 0;
    a.frHeld[i] = target;
    a.frHoldUntil[i] = clock1 + a.frHold[i];
    return target;
  }
  if (clock1 < until) {
    if (Math.abs(target) > Math.abs(a.frHeld[i])) a.frHeld[i] = target;
    return a.frHeld[i];
  }
  if (target === 0) {
    a.frHeld[i] = 0;
    a.frHoldUntil[i] = NaN;
  }
  return target;
}

/**
 * Advances the frequency response over the step of `dt` s that starts at battery clock `clock0`;
 * returns the power it commands (W, + discharge), before the battery's power limits.
 */
export function stepFrequencyResponse(a: BatteryTable, i: number, clock0: number, dt: number): number {
  const clock1 = clock0 + dt;
  const df = seenFrequency(a, i, clock0, clock1) - a.frNominal[i];
  let target = Math.abs(df) <= a.frDeadband[i] ? 0 : frCurveAt(a, i, df);
  if (a.frHold[i] > 0) target = latch(a, i, target, clock1);
  const level = a.frLevel[i];
  const maxMove = a.frRamp[i] * dt; // Infinity·dt = Infinity: no limit
  a.frLevel[i] = level + Math.min(maxMove, Math.max(-maxMove, target - level));
  return a.frCapacity[i] * a.frLevel[i];
}

/**
 * Battery parameters for a published service (models/response-curves.ts builders: Dynamic
 * Containment, ERCOT FFR, FCR) at nominal frequency `f0`; `over` overrides lag, ramp or hold.
 */
export function frParamsFromService(service: ResponseServiceParams, f0: number, over: BatteryParams = {}): BatteryParams {
  return {
    frCapacity: service.capacity * (service.deliveredShare ?? 1),
    frNominal: f0,
    frDeadband: service.deadband ?? 0,
    frLag: service.detectionLag ?? 0,
    frRamp: service.ramp ?? Infinity,
    frHold: service.hold ?? 0,
    frCurve: service.curve,
    ...over,
  };
}
