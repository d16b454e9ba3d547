// Test helpers for the battery on its own table (models/battery.ts): SI constants, a one-battery
// table, a stepping loop, and a deterministic generator for property tests.
import { advanceBattery, makeBatteryTable, type BatteryParams, type BatteryTable } from '../../../models/battery.ts';

export const MW = 1e6;
export const MWh = 3.6e9;

/** One battery; the table's arrays. */
export function one(params: BatteryParams): BatteryTable {
  return makeBatteryTable(params).arrays;
}

export interface Sample {
  t: number;
  power: number; // inverter output at the end of the step, W
  mean: number; // mean power over the step, W
  soc: number;
  energy: number; // J
}

/**
 * Steps battery 0 from t = 0 to `until` s in steps of `dt`; `before(t0)` may set inputs for the
 * step starting at t0. Returns one sample per step (at its end).
 */
export function drive(a: BatteryTable, until: number, dt: number, before?: (t0: number) => void): Sample[] {
  const out: Sample[] = [];
  const n = Math.round(until / dt);
  for (let k = 0; k < n; k++) {
    before?.(k * dt);
    const mean = advanceBattery(a, 0, dt);
    out.push({ t: (k + 1) * dt, power: a.power[0], mean, soc: a.energy[0] / a.energyCap[0], energy: a.energy[0] });
  }
  return out;
}

/** First sample time at which |power| reaches `share` of `level` (Infinity if never). */
export function firstAt(samples: readonly Sample[], level: number, share = 1): number {
  for (const s of samples) if (Math.abs(s.power) >= share * Math.abs(level) - 1e-6) return s.t;
  return Infinity;
}

/** xorshift32: a deterministic stream of floats in [0, 1) from an integer seed. */
export function rng(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}
