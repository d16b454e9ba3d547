// scenarios/wdpc-intent.yaml as a user runs it, and the same scenario with the reactive consumer:
// on the same physics, the consumer that reads the job's intent off the WDPC bus pre-positions the
// battery and the POI ramp limit holds (poi_ramp_excess 0); the reactive one leaves ≈ 0.91 MWh.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runScenario, tempDir, type FinishedRun } from './run-helpers.ts';

const MWH = 3.6e9;

describe('scenarios/wdpc-intent.yaml: intent-driven against reactive control', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let intent: FinishedRun;
  let reactive: FinishedRun;
  beforeAll(async () => {
    tmp = await tempDir();
    const text = await readFile(`${repoRoot}scenarios/wdpc-intent.yaml`, 'utf8');
    const reactiveText = text.replace('consumer: intent', 'consumer: reactive');
    expect(reactiveText).not.toBe(text);
    [intent, reactive] = await Promise.all([runScenario({ file: 'scenarios/wdpc-intent.yaml' }, tmp.dir), runScenario({ yaml: reactiveText, name: 'wdpc-reactive' }, tmp.dir)]);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('intent: every threshold passes, no conformance failure, the battery target set after the announcement and released after the stop', () => {
    const s = intent.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(intent.outcome.exitCode).toBe(0);
    expect(s.metrics.poi_ramp_excess).toBe(0);
    expect(s.metrics.wdpc_consumer_commands).toBe(2);
    expect(s.counts.rejected_inbound ?? 0).toBe(0);
    const targets = s.events.filter((e) => e.kind === 'control-plane').map((e) => [e.t, e.what]);
    // Announced from 60 s (960 s stop − 15 min lead): the target lands at the next window boundary.
    expect(targets).toEqual([
      [61, 'SoC target 34.0 % for dc1'],
      [961, 'SoC target released for dc1'],
    ]);
  });

  it('intent: the battery has room before the stop and absorbs the drop', async () => {
    const ts = new Map((await intent.timeseries()).map((r) => [r.time_s, r]));
    expect(ts.get(60)!.dc1_soc).toBeCloseTo(0.9, 6);
    expect(ts.get(959)!.dc1_soc!).toBeLessThan(0.34);
    expect(ts.get(1100)!.dc1_soc!).toBeGreaterThan(ts.get(959)!.dc1_soc!);
  });

  it('reactive: the same physics without pre-positioning breaks the ramp limit by ≈ 0.91 MWh and fails the threshold', () => {
    const s = reactive.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(reactive.outcome.exitCode).toBe(99);
    expect(s.metrics.wdpc_consumer_commands).toBe(0);
    expect(s.metrics.wdpc_consumer_workloads).toBe(1500);
    expect(Number(s.metrics.poi_ramp_excess) / MWH).toBeCloseTo(0.9075, 2);
    expect(s.thresholds.find((t) => t.text.startsWith('poi_ramp_excess'))!.passed).toBe(false);
  });
});
