// The model pool (DESIGN.md "Model pool", rule 1): the result never depends on the number of worker
// threads or on how the sites are partitioned between them.
import { describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { ModelPool } from '../../sim/workers/model-pool.ts';
import type { InputChange } from '../../models/site-state.ts';
import { MW, MWh, S, battery, change, makeSites } from '../models/site-table.ts';

/** Five sites that differ in every model parameter, three with batteries. */
const fiveSites = () =>
  makeSites(
    { ratedPower: 100 * MW, floorFraction: 0.6, rampUp: 20 * MW, rampDown: 20 * MW, auxLoad: 8 * MW, ...battery(50 * MWh, 20 * MW, 0.6, { poiCeiling: 105 * MW, rechargePower: 2 * MW }) },
    { ratedPower: 300 * MW, idleFraction: 0.3, periodUs: 0.7 * S, duty: 0.6, stepUs: 5_000 },
    { ratedPower: 40 * MW, periodUs: 3.1 * S, rampUp: 5 * MW, ...battery(0.01 * MWh, 10 * MW, 0.5, { poiCeiling: 30 * MW, etaCharge: 0.9 }) },
    { ratedPower: 75 * MW, floorFraction: 0.9, duty: 0.9, running: 0, rampUp: 30 * MW },
    { ratedPower: 500 * MW, idleFraction: 0.1, auxLoad: 50 * MW, ...battery(10 * MWh, 100 * MW, 0.2, { poiCeiling: 400 * MW, socMin: 0.05 }) },
  );

const changes: InputChange[] = [
  change(1_234_567, 'gpuCap', 60 * MW, 0),
  change(1_500_000, 'running', 1, 3),
  change(2_000_000, 'constraint', 350 * MW, 4),
  change(2_750_001, 'capIgnoredFraction', 0.25, 1),
  change(2_750_001, 'gpuCap', 150 * MW, 1),
  change(4_100_000, 'enforcedCap', 25 * MW, 2),
  change(6_600_000, 'running', 0, 0),
].sort((x, y) => x.timeUs - y.timeUs);

async function runWith(workers: number, windows = 12, windowUs = 0.6 * S): Promise<Uint8Array> {
  const table = fiveSites();
  const pool = new ModelPool(table, workers);
  try {
    for (let k = 0; k < windows; k++) {
      const t0 = k * windowUs;
      const t1 = t0 + windowUs;
      await pool.step(t0, t1, changes.filter((c) => c.timeUs >= t0 && c.timeUs < t1));
    }
  } finally {
    await pool.close();
  }
  return new Uint8Array(table.bytes());
}

describe('ModelPool', () => {
  it('5 different sites stepped with 0, 1 and 2 workers give bit-identical tables', async () => {
    const main = await runWith(0);
    const one = await runWith(1);
    const two = await runWith(2);
    expect(Buffer.from(one).equals(Buffer.from(main))).toBe(true);
    expect(Buffer.from(two).equals(Buffer.from(main))).toBe(true);
    // The step really changed the table (the comparison is not between two untouched tables).
    expect(Buffer.from(main).equals(Buffer.from(fiveSites().bytes()))).toBe(false);
  });

  it('splits the sites into one task per worker per window', async () => {
    const table = fiveSites();
    const pool = new ModelPool(table, 2);
    try {
      await pool.step(0, 1 * S, []);
      await pool.step(1 * S, 2 * S, []);
      expect(pool.tasks).toBe(4);
    } finally {
      await pool.close();
    }
  });

  it('close() ends the worker threads', async () => {
    const pool = new ModelPool(fiveSites(), 2);
    await pool.step(0, 1 * S, []);
    // piscina's own list of threads (private to ModelPool): each must exit when the pool closes.
    const piscina = (pool as unknown as { piscina: { threads: Worker[] } }).piscina;
    const threads = piscina.threads;
    expect(threads.length).toBe(2);
    const exits = threads.map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
    await pool.close();
    const codes = await Promise.race([
      Promise.all(exits),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('threads still running 5 s after close()')), 5_000)),
    ]);
    expect(codes).toHaveLength(2);
    expect(piscina.threads).toHaveLength(0);
  });

  it('with workers: 0 it steps in the main thread and close() is a no-op', async () => {
    const pool = new ModelPool(fiveSites(), 0);
    await pool.step(0, 1 * S, []);
    expect(pool.tasks).toBe(1);
    await pool.close();
  });
});
