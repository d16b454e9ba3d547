// Physics through the whole engine (issue 3): fleets of replicas in timeseries.csv, the time-series
// interval and site selection, timeline entries naming a replicated site, a data-center load loss
// (A4's protection logic) moving the grid frequency, and the run hash with 1 and 2 model workers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir } from './run-helpers.ts';

const FLEET = (timeseries = '', timeline = '') => `name: fleet
run:
  duration: 60 s
  window: 1 s
${timeseries}sites:
  dc:
    replicas: 3
    auxiliary_load: 5 MW
    ai_load:
      rated_power: 100 MW
      duty: 1
${timeline}`;

// A4 in the engine: a 1,260 MW protected site and 240 MW without protection (1.5 GW in all) on a
// 30 GW grid; three dips within a minute transfer the protected site at 30 s.
const A4 = `name: a4-grid
run:
  duration: 60 s
  window: 100 ms
grid:
  model:
    demand: 30 GW
    inertia: 210 GVAs
    damping: 2%
    governors:
      - { id: thermal, rating: 10 GW, droop: 5%, time_constant: 2 s }
sites:
  protected:
    ai_load:
      rated_power: 1260 MW
      duty: 1
    protection:
      dips_to_transfer: 3
      window: 60 s
  other:
    ai_load:
      rated_power: 240 MW
      duty: 1
timeline:
  - { at: 10 s, type: voltage_dip, site: protected, voltage: 0.3, duration: 42 ms }
  - { at: 18 s, type: voltage_dip, site: protected, voltage: 0.38, duration: 48 ms }
  - { at: 30 s, type: voltage_dip, site: protected, voltage: 0.35, duration: 50 ms }
`;

describe('physics runs', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.cleanup());

  it('a 3-replica fleet writes fleet totals and per-site columns for dc-1 … dc-3; the fleet is their sum', async () => {
    const run = await runScenario({ yaml: FLEET(), name: 'fleet' }, tmp.dir);
    expect(run.outcome.summary.error).toBeUndefined();
    const rows = await run.timeseries();
    expect(rows).toHaveLength(60);
    const cols = Object.keys(rows[0]);
    expect(cols.slice(0, 4)).toEqual(['time_s', 'fleet_it_mw', 'fleet_poi_mw', 'fleet_battery_mw']);
    for (const id of ['dc-1', 'dc-2', 'dc-3']) expect(cols).toEqual(expect.arrayContaining([`${id}_it_mw`, `${id}_poi_mw`, `${id}_poi_max_mw`]));
    expect(cols.some((c) => c.startsWith('dc_'))).toBe(false);
    for (const r of rows) {
      expect(r.fleet_poi_mw).toBeCloseTo(r['dc-1_poi_mw']! + r['dc-2_poi_mw']! + r['dc-3_poi_mw']!, 5);
      expect(r.fleet_poi_mw).toBeCloseTo(315, 5); // 3 × (100 MW + 5 MW)
    }
  });

  it('run.timeseries { interval: 10 s, sites: none } writes one row per 10 s with only time and fleet columns', async () => {
    const run = await runScenario({ yaml: FLEET('  timeseries: { interval: 10 s, sites: none }\n'), name: 'fleet' }, tmp.dir);
    const rows = await run.timeseries();
    expect(rows.map((r) => r.time_s)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(Object.keys(rows[0])).toEqual(['time_s', 'fleet_it_mw', 'fleet_poi_mw', 'fleet_battery_mw']);
    expect(rows[2].fleet_it_mw).toBeCloseTo(300, 5); // the mean over the interval's 10 windows
    expect(run.outcome.summary.error).toBeUndefined();
  });

  it('a job_stop naming the base id stops every replica at its time', async () => {
    const run = await runScenario({ yaml: FLEET('', 'timeline:\n  - { at: 20.5 s, type: job_stop, site: dc }\n'), name: 'fleet' }, tmp.dir);
    const rows = await run.timeseries();
    const at = (t: number) => rows.find((r) => r.time_s === t)!;
    for (const id of ['dc-1', 'dc-2', 'dc-3']) {
      expect(at(20)[`${id}_it_mw`]).toBeCloseTo(100, 6);
      expect(at(21)[`${id}_it_mw`]).toBeCloseTo(60, 6); // half the window at 100 MW, half at the 20 MW idle
      expect(at(30)[`${id}_it_mw`]).toBeCloseTo(20, 6);
    }
    expect(at(30).fleet_poi_mw).toBeCloseTo(3 * 25, 6);
  });

  it('a voltage_dip ×3 naming the base id transfers every replica of a protected fleet', async () => {
    const yaml = FLEET('', 'timeline:\n' + [5, 10, 15].map((t) => `  - { at: ${t} s, type: voltage_dip, site: dc, voltage: 0.3, duration: 50 ms }\n`).join(''))
      .replace('    replicas: 3\n', '    replicas: 3\n    protection: {}\n');
    const rows = await (await runScenario({ yaml, name: 'fleet' }, tmp.dir)).timeseries();
    const at = (t: number) => rows.find((r) => r.time_s === t)!;
    for (const id of ['dc-1', 'dc-2', 'dc-3']) {
      expect(at(15)[`${id}_connected`]).toBe(1);
      expect(at(16)[`${id}_connected`]).toBe(0);
      expect(at(16)[`${id}_poi_mw`]).toBe(0);
    }
  });

  it('A4 on the grid: 1,260 MW dropping at the third dip moves the frequency up; the sites’ load change is −1,260 MW', async () => {
    const run = await runScenario({ yaml: A4, name: 'a4-grid' }, tmp.dir);
    const g = run.outcome.summary.grid!;
    expect(g.nominal_frequency_hz).toBe(50);
    expect(g.zenith.f_hz).toBeGreaterThan(50.1);
    expect(g.zenith.t_s).toBeGreaterThan(30);
    expect(g.nadir.f_hz).toBeCloseTo(50, 9); // nothing pulled it down
    const rows = await run.timeseries();
    const before = rows.filter((r) => r.time_s! <= 30);
    const after = rows.filter((r) => r.time_s! > 30.1);
    expect(before.every((r) => r.grid_site_load_change_mw === 0 && r.grid_f_hz === 50)).toBe(true);
    expect(after.every((r) => Math.abs(r.grid_site_load_change_mw! + 1260) < 1e-6)).toBe(true);
    // The first window after the drop: RoCoF = ΔP·f0 / (2·E_k) = 1.26 GW × 50 Hz / 420 GJ = 0.15 Hz/s.
    expect(rows.find((r) => Math.abs(r.time_s! - 30.1) < 1e-9)!.grid_rocof_hz_s! / 0.15).toBeCloseTo(1, 1);
    // Settles where damping (2 % of 30 GW per Hz) and the droop (10 GW per 2.5 Hz) absorb 1.26 GW.
    expect(g.final_frequency_hz - 50).toBeCloseTo(1.26 / (0.6 + 4), 3);
    expect(after.at(-1)!.protected_connected).toBe(0);
    expect(after.at(-1)!.other_poi_mw).toBeCloseTo(240, 6);
  });

  it('the same physics scenario gives the same run hash with 1 and 2 model workers (and another with another seed)', async () => {
    const yaml = A4.replace('  other:\n', '  other:\n    replicas: 3\n    battery: { energy: 50 MWh, power: 20 MW, mode: idle, frequency_response: { preset: dynamic_containment_high, capacity: 20 MW } }\n    cooling: {}\n')
      .replace('      rated_power: 240 MW\n      duty: 1\n', '      rated_power: 80 MW\n      failures: { mtbf: 20 s, recovery: 5 s }\n')
      .replace('  duration: 60 s', '  duration: 40 s');
    const one = await runScenario({ yaml, name: 'hash' }, tmp.dir, { workers: 1 });
    const two = await runScenario({ yaml, name: 'hash' }, tmp.dir, { workers: 2 });
    expect(one.outcome.summary.error).toBeUndefined();
    expect(two.outcome.summary.run.workers).toBe(2);
    expect(two.outcome.summary.run_hash).toBe(one.outcome.summary.run_hash);
    const reseeded = await runScenario({ yaml, name: 'hash' }, tmp.dir, { workers: 2, seed: 99 });
    expect(reseeded.outcome.summary.run_hash).not.toBe(one.outcome.summary.run_hash);
  });
});
