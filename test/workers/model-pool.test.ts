// The model pool (DESIGN.md "Model pool", rule 1): the result never depends on the number of worker
// threads or on how the sites are partitioned between them — for every table of the composed
// sites, with seeded failures, batteries, cooling, protection and POI burners in the mix.
import { describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { ModelPool } from '../../sim/workers/model-pool.ts';
import { SiteRegistry } from '../../sim/engine/site-registry.ts';
import { parseScenarioText } from '../../sim/scenario/load.ts';
import type { TableName } from '../../models/site-state.ts';

const MW = 1e6;
const S = 1_000_000;

/** Five sites that differ in every model: failures on three (seeded per site), batteries on three. */
const SCENARIO = `run:
  duration: 1 h
sites:
  train:
    auxiliary_load: 8 MW
    ai_load:
      rated_power: 100 MW
      power_floor: 60%
      ramp_up: 20 MW/s
      ramp_down: 20 MW/s
      failures: { mtbf: 3 s, recovery: 1 s }
    battery:
      energy: 0.05 MWh
      power: 20 MW
      poi_ceiling: 105 MW
      recharge_power: 2 MW
  cooled:
    ai_load:
      rated_power: 300 MW
      idle_fraction: 0.3
      period: 0.7 s
      duty: 0.6
      step: 5 ms
      failures: { mtbf: 2 s, recovery: 0.5 s }
    cooling:
      step: 250 ms
  fr:
    ai_load:
      rated_power: 40 MW
      period: 3.1 s
      ramp_up: 5 MW/s
    battery:
      energy: 2 MWh
      power: 10 MW
      mode: idle
      frequency_response: { preset: dynamic_containment_low, capacity: 8 MW }
  protected:
    ai_load:
      rated_power: 75 MW
      duty: 0.9
      running: false
    protection:
      dips_to_transfer: 2
      window: 5 s
      reconnect_time: 2 s
    poi:
      ramp_limit: 300 MW/min
      burner: 40 MW
  big:
    auxiliary_load: 50 MW
    ai_load:
      rated_power: 500 MW
      idle_fraction: 0.1
      failures: { mtbf: 4 s, recovery: 2 s }
    cooling: {}
    battery:
      energy: 10 MWh
      power: 100 MW
      poi_ceiling: 400 MW
      soc_min: 5%
    poi:
      ramp_limit: 6000 MW/min
`;

const WINDOW = 600_000;
const WINDOWS = 12;

function fleet(): SiteRegistry {
  const reg = new SiteRegistry(parseScenarioText(SCENARIO, '/scenarios/pool.yaml').scenario, 42);
  reg.setInput('train', 'gpuCap', 60 * MW, 1_234_567);
  reg.setInput('protected', 'running', 1, 1_500_000);
  reg.setInput('big', 'constraint', 350 * MW, 2_000_000);
  reg.setInput('cooled', 'capIgnoredShare', 0.25, 2_750_001);
  reg.setInput('cooled', 'gpuCap', 150 * MW, 2_750_001);
  reg.setInput('fr', 'frequency', 49.45, 3_000_000);
  reg.setInput('protected', 'voltage', 0.3, 3_100_000);
  reg.setInput('protected', 'voltage', 1, 3_150_000);
  reg.setInput('protected', 'voltage', 0.2, 4_000_000);
  reg.setInput('protected', 'voltage', 1, 4_040_000);
  reg.setInput('fr', 'enforcedCap', 25 * MW, 4_100_000);
  reg.setInput('protected', 'reconnect', 1, 5_500_000);
  reg.setInput('train', 'running', 0, 6_600_000);
  return reg;
}

type Snapshot = Record<TableName, Buffer>;
const snapshot = (reg: SiteRegistry): Snapshot =>
  Object.fromEntries(Object.entries(reg.tables).map(([k, t]) => [k, Buffer.from(t.bytes())])) as Snapshot;

async function runWith(workers: number): Promise<{ reg: SiteRegistry; tables: Snapshot }> {
  const reg = fleet();
  const pool = new ModelPool(reg.tables, workers);
  try {
    for (let k = 0; k < WINDOWS; k++) {
      const t1 = (k + 1) * WINDOW;
      await pool.step(k * WINDOW, t1 - k * WINDOW, 1, t1, reg.takeChanges(t1));
    }
  } finally {
    await pool.close();
  }
  return { reg, tables: snapshot(reg) };
}

describe('ModelPool', () => {
  it('5 different sites stepped with 0, 1 and 2 workers give bit-identical bytes in every table', async () => {
    const main = await runWith(0);
    const one = await runWith(1);
    const two = await runWith(2);
    const names = Object.keys(main.tables) as TableName[];
    expect(names.sort()).toEqual(['battery', 'cooling', 'load', 'poiRamp', 'protection', 'site']);
    for (const name of names) {
      expect(one.tables[name].equals(main.tables[name]), `${name}, 1 worker`).toBe(true);
      expect(two.tables[name].equals(main.tables[name]), `${name}, 2 workers`).toBe(true);
      // Every table really changed, so the comparison is not between two untouched tables.
      expect(main.tables[name].equals(snapshot(fleet())[name]), `${name} changed`).toBe(false);
    }
    // The mix did what it was built for: seeded failures, a transfer and reconnection, frequency response.
    const a = main.reg.arrays;
    const i = (id: string) => main.reg.get(id).index;
    expect(a.load.failCount[i('train')] + a.load.failCount[i('cooled')] + a.load.failCount[i('big')]).toBeGreaterThan(0);
    expect(a.protection.transfers[i('protected')]).toBe(1);
    expect(a.battery.frPower[i('fr')]).toBeGreaterThan(0);
  });

  it('each replica draws its own failures, a pure function of the root seed (same in 0 and 2 workers)', async () => {
    const text = `run:\n  duration: 1 h\nsites:\n  dc:\n    replicas: 4\n    ai_load:\n      rated_power: 10 MW\n      failures: { mtbf: 2 s, recovery: 0.5 s }\n`;
    const failures = async (seed: number, workers: number) => {
      const reg = new SiteRegistry(parseScenarioText(text, '/scenarios/replicas.yaml').scenario, seed);
      const pool = new ModelPool(reg.tables, workers);
      try {
        for (let k = 0; k < 20; k++) await pool.step(k * S, S, 1, (k + 1) * S, []);
      } finally {
        await pool.close();
      }
      return [0, 1, 2, 3].map((i) => `${reg.arrays.load.failCount[i]}@${reg.arrays.load.jobStartUs[i]}`);
    };
    const a = await failures(42, 0);
    expect(a.every((x) => !x.startsWith('0@'))).toBe(true); // every replica failed at least once in 20 s
    expect(new Set(a).size).toBe(4); // … each at its own times
    expect(await failures(42, 2)).toEqual(a);
    expect(await failures(43, 0)).not.toEqual(a);
  });

  it('splits the sites into one task per worker per window', async () => {
    const reg = fleet();
    const pool = new ModelPool(reg.tables, 2);
    try {
      await pool.step(0, S, 1, S, []);
      await pool.step(S, S, 1, 2 * S, []);
      expect(pool.tasks).toBe(4);
    } finally {
      await pool.close();
    }
  });

  it('close() ends the worker threads, and step() after close() throws', async () => {
    const pool = new ModelPool(fleet().tables, 2);
    await pool.step(0, S, 1, S, []);
    // piscina's own list of threads (private to ModelPool): each must exit when the pool closes.
    const piscina = (pool as unknown as { piscina: { threads: Worker[] } }).piscina;
    const threads = [...piscina.threads];
    expect(threads).toHaveLength(2);
    const exits = threads.map((w) => new Promise<number>((resolve) => w.once('exit', resolve)));
    await pool.close();
    const codes = await Promise.race([
      Promise.all(exits),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('threads still running 5 s after close()')), 5_000)),
    ]);
    expect(codes).toHaveLength(2);
    expect(piscina.threads).toHaveLength(0);
    await expect(pool.step(S, S, 1, 2 * S, [])).rejects.toThrow('the model pool is closed');
    expect(piscina.threads).toHaveLength(0); // and no thread was revived
  });

  it('with workers: 0 it steps in the main thread; close() then step() throws too', async () => {
    const pool = new ModelPool(fleet().tables, 0);
    await pool.step(0, S, 1, S, []);
    expect(pool.tasks).toBe(1);
    await pool.close();
    await expect(pool.step(S, S, 1, 2 * S, [])).rejects.toThrow('the model pool is closed');
  });
});
