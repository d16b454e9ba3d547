// Frequency-triggered trips as one struct-of-arrays table: low-frequency demand disconnection
// (LFDD / UFLS) blocks, and generation that trips on frequency (e.g. embedded generation at 49 Hz).
// A block arms when frequency crosses its threshold (the crossing time is interpolated inside the
// integrator step), disarms if frequency comes back before its relay delay has run, and trips once
// when it has stayed beyond the threshold for the whole delay. The model splits its steps at each
// armed block's deadline, so a trip lands exactly at crossing + delay; a block whose delay is
// shorter than the rest of the step in which it armed trips at that step's end (late by < dt).
import { SoaTable } from '../sim/workers/soa.ts';
import type { FrequencyTripParams } from './grid-params.ts';

export const TripEffect = { shedLoad: 0, loseGeneration: 1 } as const;

export const tripFields = [
  // parameters
  'threshold', // Hz
  'delay', // s
  'direction', // −1 under-frequency, +1 over-frequency
  'effect', // TripEffect
  'share', // of the initial demand
  'power', // W fixed
  // state
  'armedAt', // s, time the frequency crossed the threshold (NaN = not armed)
  'tripped', // 0/1
  'trippedAt', // s (NaN until tripped)
  'amount', // W actually tripped
] as const;
export type TripField = (typeof tripFields)[number];
export type TripTable = Record<TripField, Float64Array>;

export function newTripTable(trips: readonly FrequencyTripParams[]): SoaTable<TripField> {
  const t = new SoaTable(tripFields, trips.length);
  const a = t.arrays;
  trips.forEach((p, i) => {
    a.threshold[i] = p.threshold;
    a.delay[i] = p.delay;
    a.direction[i] = p.direction === 'over' ? 1 : -1;
    a.effect[i] = p.effect === 'lose-generation' ? TripEffect.loseGeneration : TripEffect.shedLoad;
    a.share[i] = p.share ?? 0;
    a.power[i] = p.power ?? 0;
    a.armedAt[i] = NaN;
    a.trippedAt[i] = NaN;
  });
  return t;
}

function beyond(a: TripTable, i: number, f: number): boolean {
  return a.direction[i] < 0 ? f < a.threshold[i] : f > a.threshold[i];
}

/** Arms or disarms block `i` after a step from (t0, f0) to (t1, f1); returns its deadline (see tripDeadline). */
export function updateTripArming(a: TripTable, i: number, t0: number, f0: number, t1: number, f1: number): number {
  if (a.tripped[i]) return Infinity;
  if (!beyond(a, i, f1)) {
    a.armedAt[i] = NaN;
    return Infinity;
  }
  // Crossed during this step: linear interpolation of the crossing (f0 on the other side).
  if (Number.isNaN(a.armedAt[i])) a.armedAt[i] = beyond(a, i, f0) || f1 === f0 ? t0 : t0 + ((t1 - t0) * (a.threshold[i] - f0)) / (f1 - f0);
  return a.armedAt[i] + a.delay[i];
}

/** Time block `i` trips if frequency stays beyond its threshold (Infinity when not armed). */
export function tripDeadline(a: TripTable, i: number): number {
  if (a.tripped[i] || Number.isNaN(a.armedAt[i])) return Infinity;
  return a.armedAt[i] + a.delay[i];
}

/** Marks block `i` tripped at `t` and returns the power it removes (W) given the initial demand. */
export function fireTrip(a: TripTable, i: number, t: number, demand0: number): number {
  a.tripped[i] = 1;
  a.trippedAt[i] = t;
  a.amount[i] = a.share[i] * demand0 + a.power[i];
  return a.amount[i];
}

/** LFDD blocks from a stage table [[threshold Hz, share of demand], …], all with relay delay `delay`. */
export function lfddBlocks(stages: readonly (readonly [number, number])[], delay: number, prefix = 'lfdd'): FrequencyTripParams[] {
  return stages.map(([threshold, share], k) => ({
    id: `${prefix}-${k + 1}@${threshold}Hz`,
    threshold,
    delay,
    direction: 'under',
    effect: 'shed-load',
    share,
  }));
}

/** England & Wales LFDD table as listed in reference-cases.md (threshold Hz, share of demand). */
export const GB_LFDD_STAGES: readonly (readonly [number, number])[] = [
  [48.8, 0.05],
  [48.75, 0.05],
  [48.7, 0.1],
  [48.6, 0.075],
  [48.5, 0.075],
  [48.4, 0.075],
  [48.2, 0.075],
  [48.0, 0.05],
  [47.8, 0.05],
];
