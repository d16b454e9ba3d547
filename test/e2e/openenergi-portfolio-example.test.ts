// scenarios/openenergi-portfolio.yaml as a user runs it (embedded broker: the profile is MQTT
// 3.1.1): six gateways report, the reference portfolio manager's signal and schedule-signal show in
// the batteries' power, the loads defer during the frequency dip, and every threshold passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';

describe('scenarios/openenergi-portfolio.yaml', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let run: FinishedRun;
  beforeAll(async () => {
    tmp = await tempDir();
    run = await runScenario({ file: 'scenarios/openenergi-portfolio.yaml' }, tmp.dir);
  }, 90_000);
  afterAll(() => tmp.cleanup());

  it('passes its thresholds on the embedded broker with every OE rule exercised and none failed', () => {
    const s = run.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(s.run.broker).toMatch(/^embedded/);
    expect(s.thresholds.map((t) => [t.text, t.passed])).toEqual(s.thresholds.map((t) => [t.text, true]));
    expect(run.outcome.exitCode).toBe(0);
    expect(s.counts.oe_signals_accepted).toBe(6);
    expect(s.counts.oe_schedule_signals_accepted).toBe(6);
    expect(s.counts.rejected_inbound ?? 0).toBe(0);
  });

  it('the batteries follow the effective frequency: oe-add −0.4 at 50 Hz, then oe-multiply-low 2 at 49.9 Hz', async () => {
    const ts = new Map((await run.timeseries()).map((r) => [r.time_s, r]));
    // Curve: 0 at −0.015 Hz, full 1 MW at −0.5 Hz. −0.2 Hz effective → 0.185 / 0.485 MW.
    const expected = 0.185 / 0.485;
    expect(ts.get(30)!['edge-1_battery_mw']).toBeCloseTo(0, 3);
    expect(ts.get(120)!['edge-1_battery_mw']).toBeCloseTo(expected, 3);
    expect(ts.get(300)!['edge-1_battery_mw']).toBeCloseTo(0, 3); // the safe last point at 4 min
    expect(ts.get(370)!['edge-1_battery_mw']).toBeCloseTo(1, 3); // 49.45 Hz: full response
    expect(ts.get(700)!['edge-1_battery_mw']).toBeCloseTo(expected, 3); // 49.9 Hz doubled inside the Monday window
  });

  it('each load defers once during the dip: switch-ffr-start "-1" then switch-ffr-end, the GPUs capped meanwhile', async () => {
    const events = run.outcome.summary.events.filter((e) => e.kind === 'physics' && /\/l\d+ /.test(e.what));
    expect(events.filter((e) => e.what.includes('switch-ffr-start')).map((e) => e.t)).toEqual(Array(6).fill(360.1));
    expect(events.filter((e) => e.what.includes('switch-ffr-end')).map((e) => e.t)).toEqual(Array(6).fill(400.1));
    const ts = new Map((await run.timeseries()).map((r) => [r.time_s, r]));
    expect(ts.get(380)!['edge-1_it_mw']).toBeLessThan(ts.get(350)!['edge-1_it_mw']!);
    const traffic = await run.traffic();
    const starts = traffic.flatMap((r) => {
      const body = JSON.parse(r.payload as string);
      return (Array.isArray(body) ? body : [body]).filter((m: { type?: string }) => m.type === 'switch-ffr-start');
    });
    expect(starts).toHaveLength(6);
    expect(starts.every((m: { value: string; level: number }) => m.value === '-1' && m.level === 1)).toBe(true);
  });
});
