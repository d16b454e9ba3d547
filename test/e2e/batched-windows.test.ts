// A physics-only fast run hands the workers many windows per task when nothing can intervene. The
// physics must not notice: the same fleet with protocol traffic (which forces one window per step)
// writes the same time series and the same site summaries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runScenario, tempDir } from './run-helpers.ts';

const scenario = (extra: string) => `
run: { duration: 5 min, window: 100 ms, seed: 4, timeseries: { interval: 30 s } }
sites:
  dc:
    replicas: 3
    auxiliary_load: 2 MW
    ai_load: { rated_power: 40 MW, step: 50 ms, power_floor: 50%, ramp_up: 20 MW/s, ramp_down: 20 MW/s, failures: { mtbf: 2 min, recovery: 20 s } }
    battery: { energy: 5 MWh, power: 4 MW, poi_ceiling: 38 MW }
    cooling: {}
timeline:
  - { at: 90 s, type: job_stop, site: dc-2 }
  - { at: 150 s, type: job_start, site: dc-2 }
${extra}
`;

describe('batched windows', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.cleanup());

  it('give the same time series and site summaries as stepping window by window', async () => {
    const batched = await runScenario({ yaml: scenario(''), name: 'batched' }, tmp.dir, { workers: 2 });
    // A price on the grid feed makes the run speak MQTT, which rules out batching.
    const single = await runScenario({ yaml: scenario('  - { at: 299 s, type: price, value: 50, currency: EUR }'), name: 'single' }, tmp.dir, { workers: 2 });
    expect(batched.outcome.summary.run.broker).toMatch(/^none/);
    expect(single.outcome.summary.run.broker).toMatch(/^embedded/);
    // 3,000 windows: one step each with traffic; batched up to each time-series row or event.
    expect(single.outcome.summary.run.model_steps).toBe(3000);
    expect(batched.outcome.summary.run.model_steps).toBeLessThan(30);
    const csv = async (r: typeof batched) => readFile(join(r.outDir, 'timeseries.csv'), 'utf8');
    expect(await csv(batched)).toBe(await csv(single));
    expect(batched.outcome.summary.sites).toEqual(single.outcome.summary.sites);
    expect(batched.outcome.summary.metrics.breach_energy).toBe(single.outcome.summary.metrics.breach_energy);
  });
});
