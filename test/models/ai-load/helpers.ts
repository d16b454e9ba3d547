// Test helpers for the AI-training load: tables filled directly in SI units, stepped window by
// window with input changes at exact times, and traces sampled at fixed intervals.
import { makeAiLoadTable, stepAiLoads, type AiLoadField, type AiLoadInput, type AiLoadInputChange, type AiLoadParams } from '../../../models/ai-training-load.ts';
import type { SoaTable } from '../../../sim/workers/soa.ts';

export const MW = 1e6;
export const MWh = 3.6e9;
export const S = 1_000_000; // µs per second
export const MS = 1_000; // µs per millisecond

export type Table = SoaTable<AiLoadField>;

/** A site of `mw` MW of GPUs at compute power (1,000 W per GPU at TDP), idle and comm at 0.2·TDP. */
export function site(mw: number, extra: AiLoadParams = {}): AiLoadParams {
  return { gpuCount: (mw * MW) / 1000, gpuTdp: 1000, computePower: 1000, commPower: 200, idlePower: 200, ...extra };
}

export function change(timeUs: number, field: AiLoadInput, value: number, instance = 0): AiLoadInputChange {
  return { timeUs, instance, field, value };
}

/** Steps every instance through [t0, t1) in windows of `windowUs`; `each` runs after each window. */
export function run(t: Table, t0: number, t1: number, windowUs: number, changes: AiLoadInputChange[] = [], each?: (end: number) => void): void {
  for (let a = t0; a < t1; a += windowUs) {
    const b = Math.min(t1, a + windowUs);
    stepAiLoads(t.arrays, 0, t.n, a, b, changes.filter((c) => c.timeUs >= a && c.timeUs < b));
    each?.(b);
  }
}

/** IT power of instance 0 at the end of every `sampleUs` from t0 (exclusive) to t1 (inclusive). */
export function trace(t: Table, t0: number, t1: number, sampleUs: number, changes: AiLoadInputChange[] = [], field: AiLoadField = 'itPower'): Float64Array {
  const out = new Float64Array(Math.round((t1 - t0) / sampleUs));
  let k = 0;
  run(t, t0, t1, sampleUs, changes, () => (out[k++] = t.arrays[field][0]));
  return out;
}

/** Largest |P(t + span) − P(t)| over a trace sampled every `sampleUs`. */
export function maxChangeWithin(x: Float64Array, sampleUs: number, spanUs: number): number {
  const lag = Math.round(spanUs / sampleUs);
  let worst = 0;
  for (let j = 0; j + lag < x.length; j++) worst = Math.max(worst, Math.abs(x[j + lag] - x[j]));
  return worst;
}

export const table = (...p: AiLoadParams[]) => makeAiLoadTable(...p);
