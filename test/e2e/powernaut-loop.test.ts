// The Powernaut loop end to end against a real Mosquitto (MQTT 5): every site and resource streams
// integer readings every 4 s from the physics; the built-in reference platform sends setpoints over
// the broker; the battery and the flexible load follow them (overlaps, a cancel that is not 0) and
// the physics, the telemetry and the scores show it. Same seed ⇒ same run hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';

const scenario = (qos = 1) => `
run: { duration: 2 min, window: 1 s, seed: 11 }
sites:
  dc1:
    ai_load: { rated_power: 20 MW, overhead: 1 MW }
    battery: { energy: 10 MWh, power: 5 MW, mode: setpoint, setpoint: 1 MW }
  edge:
    replicas: 2
    ai_load: { rated_power: 2 MW }
timeline:
  - { at: 10 s, type: setpoint, resource: dc1-battery, value: 2 MW, length: 60 s }
  - { at: 20 s, type: setpoint, resource: dc1-load, value: 15 MW, length: 40 s }
  - { at: 30 s, type: setpoint, resource: dc1-battery, value: 0 W, length: 10 s }
  - { at: 50 s, type: setpoint, resource: dc1-battery, value: null, length: 10 s }
profiles:
  powernaut: { qos: ${qos} }
thresholds: [conformance_failures == 0, telemetry_completeness_min >= 100%]
`;

const readings = async (run: FinishedRun, topic: string) =>
  (await run.traffic())
    .filter((r) => r.direction === 'out' && r.topic === topic)
    .map((r) => ({ t: r.sim_time as number, qos: r.qos as number, ...(JSON.parse(r.payload) as { value: number; soc?: number; time?: number }) }));

describe('Powernaut end to end (fast mode, reference platform)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let run: FinishedRun;

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto();
    run = await runScenario({ yaml: scenario(), name: 'pn-loop' }, tmp.dir, { brokerUrl: broker.url });
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('passes, with every Powernaut rule passed or not exercised', () => {
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.exitCode).toBe(0);
    const pn = run.outcome.summary.conformance.rules.filter((r) => r.id.startsWith('PN-'));
    expect(pn.filter((r) => r.status === 'failed')).toEqual([]);
    for (const id of ['PN-TOPIC-001', 'PN-QOS-001', 'PN-RETAIN-001', 'PN-DATA-002', 'PN-DATA-003', 'PN-DATA-005', 'PN-CMD-003', 'PN-CLIENT-002']) {
      expect(pn.find((r) => r.id === id)!.status, id).toBe('passed');
    }
  });

  it('every site and resource streams an integer reading every 4 s, with UNIX-second times', async () => {
    const traffic = (await run.traffic()).filter((r) => r.direction === 'out');
    const topics = [...new Set(traffic.map((r) => r.topic))].sort();
    expect(topics).toEqual([
      'resource/dc1-battery/data', 'resource/dc1-load/data', 'resource/edge-1-load/data', 'resource/edge-2-load/data',
      'site/dc1/data', 'site/edge-1/data', 'site/edge-2/data',
    ]);
    const start = Date.parse('2026-01-01T00:00:00Z') / 1000;
    for (const topic of topics) {
      const rs = await readings(run, topic);
      expect(rs.map((r) => r.t), topic).toEqual(Array.from({ length: 30 }, (_, k) => 4 * (k + 1)));
      expect(rs.map((r) => r.time)).toEqual(rs.map((r) => start + r.t));
      for (const r of rs) {
        expect(Number.isInteger(r.value)).toBe(true);
        expect(r.qos).toBe(1);
      }
    }
    const battery = await readings(run, 'resource/dc1-battery/data');
    expect(battery.every((r) => Number.isInteger(r.soc) && r.soc! > 0)).toBe(true);
    // 50 % of 10 MWh, less about 4 s of 1 MW discharge through η_d = 0.95, in whole Wh.
    expect(Math.abs(battery[0].soc! - (5_000_000 - 4e6 / 3600 / 0.95))).toBeLessThan(20);
    expect(battery[1].soc).toBeLessThan(battery[0].soc!);
    const site = await readings(run, 'site/dc1/data');
    expect(site[0].value).toBeGreaterThan(10e6); // the POI meter: consumption positive
  });

  it('the battery follows setpoints: overlap, 0 W, and a null cancel back to its baseline', async () => {
    const at = new Map((await readings(run, 'resource/dc1-battery/data')).map((r) => [r.t, r.value]));
    const near = (t: number, w: number) => expect(Math.abs(at.get(t)! - w), `t=${t}: ${at.get(t)} vs ${w}`).toBeLessThan(50_000); // the inverter lag (50 ms) shows in a 4 s mean
    near(8, -1e6); // baseline: the scenario's 1 MW discharge is −1 MW in Powernaut's sign
    near(16, 2e6); // charging 2 MW (sent at 11 s, effect at the 12 s boundary)
    near(28, 2e6);
    near(36, 0); // the overlapping 0 W setpoint wins where it covers
    near(44, 2e6); // …and the earlier one resumes after it
    near(56, -1e6); // null: baseline (not 0)
    near(64, 2e6);
    near(76, -1e6); // the first activation is over
    const ts = new Map((await run.timeseries()).map((r) => [r.time_s, r.dc1_battery_mw]));
    expect(ts.get(20)).toBeCloseTo(-2, 2); // the physics (+ discharge) shows the same
    expect(ts.get(58)).toBeCloseTo(1, 2);
  });

  it('the flexible load follows its setpoint in the mean, and returns after it', async () => {
    const at = new Map((await readings(run, 'resource/dc1-load/data')).map((r) => [r.t, r.value]));
    expect(at.get(16)).toBeGreaterThan(17e6);
    expect(Math.abs(at.get(40)! - 15e6)).toBeLessThan(0.02 * 15e6);
    expect(at.get(72)).toBeGreaterThan(17e6);
  });

  it('scores latency, tracking, delivered energy and completeness', () => {
    const m = run.outcome.summary.metrics as Record<string, number>;
    expect(m.telemetry_completeness).toBe(1);
    expect(m.telemetry_completeness_min).toBe(1);
    expect(m.stale_dropped).toBe(0);
    expect(m.setpoint_latency_max).toBeGreaterThan(0);
    expect(m.setpoint_latency_max).toBeLessThanOrEqual(8);
    expect(m.setpoint_energy_ratio).toBeGreaterThan(0.95);
    expect(m.setpoint_energy_ratio).toBeLessThan(1.05);
    expect(m.setpoint_tracking_error_rms).toBeLessThan(100e3);
    expect(run.outcome.summary.thresholds.every((t) => t.passed)).toBe(true);
    expect(run.outcome.summary.counts.pn_setpoints_accepted).toBe(4);
    expect(run.outcome.summary.events.filter((e) => e.kind === 'control-plane').map((e) => e.what)).toContain('setpoint for dc1-battery');
  });

  it('same seed, same run hash; QoS 2 on request', async () => {
    const again = await runScenario({ yaml: scenario(), name: 'pn-loop' }, tmp.dir, { brokerUrl: broker.url });
    expect(again.outcome.summary.run_hash).toBe(run.outcome.summary.run_hash);
    const q2 = await runScenario({ yaml: scenario(2), name: 'pn-loop-q2' }, tmp.dir, { brokerUrl: broker.url });
    expect(q2.outcome.exitCode).toBe(0);
    expect((await readings(q2, 'site/dc1/data')).every((r) => r.qos === 2)).toBe(true);
    expect((await q2.traffic()).filter((r) => r.direction === 'in').every((r) => r.qos === 2)).toBe(true);
  }, 60_000);
});
