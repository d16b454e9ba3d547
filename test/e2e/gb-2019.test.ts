// scenarios/gb-2019-08-09.yaml through the whole engine: the scenario's YAML expresses exactly the
// published-input grid of models/grid-gb-2019.ts, the run reports the event under `grid` in
// summary.json and writes the 100 ms frequency trace to timeseries.csv.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { GridFrequency } from '../../models/grid-frequency.ts';
import { gb20190809Grid } from '../../models/grid-gb-2019.ts';
import { runGridSchedule } from '../../models/grid-schedule.ts';

describe('GB 9 August 2019 scenario', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let run: FinishedRun;
  beforeAll(async () => {
    tmp = await tempDir();
    run = await runScenario({ file: 'scenarios/gb-2019-08-09.yaml' }, tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('runs without a broker (no protocol traffic) and without error', () => {
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.summary.run.broker).toMatch(/^none/);
  });

  it('reports the same event as the published-input model run on its own', () => {
    const reference = gb20190809Grid();
    const model = new GridFrequency(reference.params);
    runGridSchedule(model, { until: 120, step: 0.01, disturbances: reference.disturbances });
    const r = model.report();
    const g = run.outcome.summary.grid!;
    expect(g.initial_rocof_hz_per_s!).toBeCloseTo(r.initialRocof!, 6);
    expect(g.first_arrest!.f_hz).toBeCloseTo(r.firstArrest!.f, 6);
    expect(g.first_arrest!.t_s).toBeCloseTo(r.firstArrest!.t, 3);
    expect(g.nadir.f_hz).toBeCloseTo(r.nadir.f, 6);
    expect(g.time_below.seconds).toBeCloseTo(r.below.seconds, 3);
    expect(g.lfdd_stages_tripped).toBe(model.lfddTripped());
  });

  it('puts initial RoCoF, first arrest, time below 48.8 Hz, LFDD stages and nadir under grid', () => {
    const g = run.outcome.summary.grid!;
    // 1,481 MW lost within 0.75 s on 210 GVA·s: between pure inertia with staged losses less the
    // most damping and ramped primary could offset, and the all-at-once 0.1763 Hz/s.
    expect(-g.initial_rocof_hz_per_s!).toBeGreaterThan(0.1177);
    expect(-g.initial_rocof_hz_per_s!).toBeLessThan(0.135);
    expect(g.time_below.threshold_hz).toBe(48.8);
    expect(g.nadir.f_hz).toBeLessThan(g.first_arrest!.f_hz + 1e-9);
    expect(g.trips.some((t) => t.id === 'embedded-49hz')).toBe(true);
    expect(run.outcome.summary.metrics.grid_lfdd_stages).toBe(g.lfdd_stages_tripped);
  });

  it('writes the frequency trace every 100 ms, and the window minimum finds the nadir', async () => {
    const ts = await run.timeseries();
    expect(ts).toHaveLength(1200);
    expect(ts[0].time_s).toBeCloseTo(0.1, 9);
    const lowest = Math.min(...ts.map((r) => r.grid_f_min_hz!));
    expect(lowest).toBeCloseTo(run.outcome.summary.grid!.nadir.f_hz, 3);
  });
});
