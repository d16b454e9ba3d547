// The WDPC intent loop end to end: the built-in consumer reads the intent signal of a planned job
// stop and pre-positions the battery (NCMD `Battery/SoC Target`), so the POI ramp limit holds; the
// reactive consumer never writes and the ramp is broken. Same scenario and seed ⇒ same run hash with
// 0 or 2 workers and on the embedded broker or Mosquitto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { SOC_TARGET } from '../../sim/bindings/wdpc/bus-inspector.ts';
import { WDPC_RULES } from '../../sim/bindings/wdpc/rule-catalogue.ts';
import { DataType } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { defaultKey, openAll, range, round, sparkplugTraffic, statusOf, times, type SpRecord } from './wdpc-traffic.ts';

const START = '2026-11-23T00:00:00Z';
const T0 = Date.parse(START);

/** The intent loop, the example scenario (wdpc-intent.yaml) shrunk: times ÷ 5, ramp limit × 5, battery energy ÷ 5. */
const intentScenario = (consumer: 'intent' | 'reactive') => `
run: { duration: 5 min, window: 1 s, seed: 11, start: ${START}, timeseries: { sites: [dc1] } }
sites:
  dc1:
    ai_load: { rated_power: 11.6 MW, overhead: 0 kW, nodes: 4, gpus: 8, duty: 1, idle_fraction: 7%, ramp_down: 300 kW/s, step: 100 ms }
    cooling: {}
    poi: { ramp_limit: 5 MW/min, burner: 0 MW }
    battery: { energy: 400 kWh, power: 12 MW, soc_initial: 90%, soc_max: 90%, mode: peak_shave, poi_ramp: 5 MW/min, recharge_power: 8 MW }
profiles:
  wdpc:
    nodes_per_rack: 2
    rates: { node_power: 1 s, components: 1 s }
    intent: { lead: 3 min }
    consumer: ${consumer}
timeline:
  - { at: 192 s, type: job_stop, site: dc1 }
`;

describe('WDPC intent loop: the consumer pre-positions the battery from the intent signal', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let intent: FinishedRun;
  let reactive: FinishedRun;
  let intentSp: SpRecord[];

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto();
    [intent, reactive] = await Promise.all([
      runScenario({ yaml: intentScenario('intent'), name: 'wdpc-intent-small' }, tmp.dir, { workers: 0 }),
      runScenario({ yaml: intentScenario('reactive'), name: 'wdpc-reactive-small' }, tmp.dir, { workers: 0 }),
    ]);
    intentSp = await sparkplugTraffic(intent);
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('with intent the POI ramp limit holds (poi_ramp_excess 0); reactive breaks it', () => {
    expect(intent.outcome.exitCode).toBe(0);
    expect(reactive.outcome.exitCode).toBe(0);
    const mi = intent.outcome.summary.metrics;
    const mr = reactive.outcome.summary.metrics;
    expect(mi.poi_ramp_excess).toBe(0);
    expect(mr.poi_ramp_excess).toBeGreaterThan(1e8); // J: the drop meets a full battery
    expect(mi.wdpc_consumer_commands).toBe(2);
    expect(mr.wdpc_consumer_commands).toBe(0);
    // Both read every workload publication, one a second.
    expect(mi.wdpc_consumer_workloads).toBe(300);
    expect(mr.wdpc_consumer_workloads).toBe(300);
    expect(mi.wdpc_consumer_rejected).toBe(0);
  });

  it('announces the planned stop lead ahead with a stable transition id, then stops announcing it', () => {
    const wl = openAll(intentSp, defaultKey(11)).filter((s) => s.metric === 'wdpc/workload');
    const announcing = wl.filter((s) => (s.payload.future_intent ?? []).length > 0);
    expect(announcing.map((s) => s.t)).toEqual(range(12, 191, 1)); // (t, t + 3 min] holds 192 s
    const ids = new Set(announcing.map((s) => s.payload.future_intent[0].transition_id));
    expect(ids.size).toBe(1);
    const first = announcing[0].payload.future_intent[0];
    expect(first).toMatchObject({ kind: 'JOB_STOP', confidence_level: 1 });
    expect(Number(first.predicted_time.seconds) * 1000).toBe(T0 + 192_000);
    expect(first.current_power_mw).toBeGreaterThan(first.predicted_power_mw);
  });

  it('the consumer’s NCMDs (a SoC target by alias as a Double, then a null release) arrive inbound and are accepted', () => {
    const inbound = intentSp.filter((r) => r.direction === 'in');
    expect(inbound.map((r) => [r.type, r.node, r.verdict, r.qos])).toEqual([
      ['NCMD', 'dc1', 'accepted', 1],
      ['NCMD', 'dc1', 'accepted', 1],
    ]);
    const [set, release] = inbound;
    expect(set.t).toBe(12);
    expect(set.payload.metrics).toHaveLength(1);
    expect(set.payload.metrics[0].name).toBeUndefined();
    expect(set.payload.metrics[0].datatype).toBe(DataType.Double);
    const target = set.values.get(SOC_TARGET) as number;
    expect(target).toBeGreaterThan(0.1);
    expect(target).toBeLessThan(0.9);
    expect(release.t).toBe(192);
    expect(release.values.get(SOC_TARGET)).toBeNull();
    // The edge node reports each new target as NDATA at the next boundary.
    const reported = intentSp.filter((r) => r.type === 'NDATA' && r.values.has(SOC_TARGET)).map((r) => [r.t, r.values.get(SOC_TARGET)]);
    expect(reported).toEqual([
      [13, target],
      [193, 0.9],
    ]);
    expect(intent.outcome.summary.counts.wdpc_soc_targets_applied).toBe(2);
    expect(reactive.outcome.summary.counts.wdpc_soc_targets_applied ?? 0).toBe(0);
  });

  it('the battery discharges towards the target before the stop, in the physics', async () => {
    const ts = new Map((await intent.timeseries()).map((r) => [round(r.time_s!), r]));
    expect(ts.get(12)!.dc1_soc).toBeCloseTo(0.9, 3);
    expect(ts.get(190)!.dc1_soc!).toBeLessThan(0.9 - 0.1);
    const rts = new Map((await reactive.timeseries()).map((r) => [round(r.time_s!), r]));
    expect(rts.get(190)!.dc1_soc).toBeCloseTo(0.9, 3);
  });

  it('passes every WDPC and Sparkplug rule, commands included, with nothing rejected', () => {
    const status = statusOf(intent);
    for (const r of WDPC_RULES) expect(status.get(r.id), r.id).toBe('passed');
    expect(intent.outcome.summary.metrics.conformance_failures).toBe(0);
    expect(intent.outcome.summary.metrics.inbound_conformance_failures).toBe(0);
    expect(intent.outcome.summary.counts.rejected_inbound ?? 0).toBe(0);
    expect(reactive.outcome.summary.metrics.conformance_failures).toBe(0);
    const rule = intent.outcome.summary.conformance.rules.find((r) => r.id === 'WDPC-CMD-001')!;
    expect(rule.inbound).toEqual({ checked: 2, failed: 0 });
  });

  it('same scenario and seed ⇒ same run hash with 0 or 2 model workers and on Mosquitto; another seed differs', async () => {
    const hash = intent.outcome.summary.run_hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(reactive.outcome.summary.run_hash).not.toBe(hash);
    const [two, mosq, other] = await Promise.all([
      runScenario({ yaml: intentScenario('intent'), name: 'wdpc-intent-small' }, tmp.dir, { workers: 2 }),
      runScenario({ yaml: intentScenario('intent'), name: 'wdpc-intent-small' }, tmp.dir, { workers: 0, brokerUrl: broker.url }),
      runScenario({ yaml: intentScenario('intent'), name: 'wdpc-intent-small' }, tmp.dir, { workers: 0, seed: 12 }),
    ]);
    expect(two.outcome.summary.run.workers).toBe(2);
    expect(mosq.outcome.summary.run.broker).toBe(broker.url);
    expect(broker.logs()).toMatch(/as gridtwin-wdpc-intent-small-wdpc-dc1 \(p2,/);
    for (const r of [two, mosq]) {
      expect(r.outcome.exitCode).toBe(0);
      expect(r.outcome.summary.metrics.poi_ramp_excess).toBe(0);
      expect(r.outcome.summary.run_hash).toBe(hash);
    }
    expect(other.outcome.summary.run_hash).not.toBe(hash);
  }, 60_000);
});
