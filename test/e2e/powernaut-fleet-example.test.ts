// scenarios/powernaut-fleet.yaml as a user runs it: no broker given, so gridtwin starts its own
// Mosquitto (MQTT 5; the embedded aedes broker cannot carry the profile) and stops it afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir } from './run-helpers.ts';

describe('scenarios/powernaut-fleet.yaml', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.cleanup());

  it('runs on a Mosquitto gridtwin starts, passes its thresholds, and 60 devices stream 150 readings each', async () => {
    const run = await runScenario({ file: 'scenarios/powernaut-fleet.yaml' }, tmp.dir);
    const s = run.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(s.run.broker).toMatch(/^mosquitto started by gridtwin \(mqtt:\/\/127\.0\.0\.1:\d+\)$/);
    expect(s.thresholds.map((t) => [t.text, t.passed])).toEqual(s.thresholds.map((t) => [t.text, true]));
    expect(run.outcome.exitCode).toBe(0);
    expect(s.counts.messages_out).toBe(60 * 150);
    expect(s.counts.pn_setpoints_accepted).toBe(5);
    const ts = new Map((await run.timeseries()).map((r) => [r.time_s, r]));
    expect(ts.get(120)!['edge-1_battery_mw']).toBeCloseTo(-2, 2); // charging 2 MW on request
    expect(ts.get(200)!['edge-1_battery_mw']).toBeCloseTo(0, 2); // the overlapping 0 W setpoint
  }, 60_000);
});
