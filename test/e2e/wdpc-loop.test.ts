// The WDPC data bus end to end, fast mode: a facility is a Sparkplug B edge node whose compute nodes
// are devices, publishing sealed protobuf envelopes at the WDPC Table 1 rates (node power and
// components every 100 ms, thermal / infrastructure / workload every 1 s, grid every 15 min), births
// first and a graceful NDEATH last. Every envelope opens with the key derived from the seed and its
// payload decodes as its stream's type, with the values of the physics (timeseries.csv). The
// built-in consumer reads the intent signal of a planned job stop and pre-positions the battery
// (NCMD `Battery/SoC Target`), so the POI ramp limit holds; the reactive consumer never writes and
// the ramp is broken. Same scenario and seed ⇒ same run hash with 0 or 2 workers and on the embedded
// broker or Mosquitto. Every WDPC / Sparkplug rule the runs exercise passes.
import { createHash } from 'node:crypto';
import type protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { openEnvelope } from '../../sim/bindings/wdpc/envelope.ts';
import { IntegrityChecker } from '../../sim/bindings/wdpc/integrity.ts';
import { MESSAGE_TYPE } from '../../sim/bindings/wdpc/schema.ts';
import { streamMessageType, SOC_TARGET } from '../../sim/bindings/wdpc/bus-inspector.ts';
import { WDPC_RULES } from '../../sim/bindings/wdpc/rule-catalogue.ts';
import { DataType, decodePayload, type DecodedPayload } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { parseSpTopic } from '../../sim/bindings/wdpc/sparkplug/topics.ts';

const START = '2026-11-23T00:00:00Z';
const T0 = Date.parse(START);

/** Table 1 rates (the profile's defaults), 100 ms windows, 3 compute nodes in 2 racks, 2 GPUs each. */
const ratesScenario = `
run: { duration: 3 s, window: 100 ms, seed: 21, start: ${START}, timeseries: { sites: [dc1] } }
sites:
  dc1:
    ai_load: { rated_power: 1.5 MW, overhead: 60 kW, nodes: 3, gpus: 6, duty: 1 }
    cooling: {}
    battery: { energy: 500 kWh, power: 1 MW, mode: idle }
profiles:
  wdpc:
    nodes_per_rack: 2
    consumer: none
`;

/** Grid at its Table 1 default (15 min); the other streams every window of 15 s. */
const gridScenario = `
run: { duration: 31 min, window: 15 s, seed: 22, start: ${START} }
sites:
  dc1:
    ai_load: { rated_power: 1 MW, nodes: 2, gpus: 2 }
profiles:
  wdpc:
    rates: { node_power: 15 s, components: off, thermal: 15 s, infrastructure: 15 s, workload: 15 s }
    consumer: none
`;

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

/** The profile's default HMAC key: sha256 of `gridtwin/wdpc-key/<seed>` (profile.ts). */
const defaultKey = (seed: number) => new Map([['gridtwin-test', createHash('sha256').update(`gridtwin/wdpc-key/${seed}`).digest()]]);

const bytesOf = (payload: string): Buffer => (payload.startsWith('base64:') ? Buffer.from(payload.slice(7), 'base64') : Buffer.from(payload, 'utf8'));

interface SpRecord {
  t: number;
  direction: string;
  verdict: string;
  type: string;
  node: string;
  device?: string;
  qos: number;
  retain: boolean;
  payload: DecodedPayload;
  /** Metric name → value (names resolved through the births' aliases). */
  values: Map<string, unknown>;
}

/** The Sparkplug traffic of a run, decoded, with data metrics named from their births. */
async function sparkplugTraffic(run: FinishedRun): Promise<SpRecord[]> {
  const names = new Map<string, string>(); // `${scope}#${alias}` → name
  const out: SpRecord[] = [];
  for (const r of await run.traffic()) {
    const topic = parseSpTopic(r.topic);
    if (!topic) continue;
    const payload = decodePayload(bytesOf(r.payload));
    const scope = topic.device ?? '';
    const values = new Map<string, unknown>();
    for (const m of payload.metrics) {
      // NCMDs address the node's metrics (scope '').
      if (m.name !== undefined && m.alias !== undefined && (topic.type === 'NBIRTH' || topic.type === 'DBIRTH')) names.set(`${scope}#${m.alias}`, m.name);
      const name = m.name ?? names.get(`${scope}#${m.alias}`) ?? `alias ${m.alias}`;
      values.set(name, m.isNull ? null : m.value);
    }
    out.push({ t: r.sim_time, direction: r.direction, verdict: r.verdict, type: topic.type, node: topic.node, device: topic.device, qos: r.qos, retain: r.retain, payload, values });
  }
  return out;
}

const round = (t: number) => Math.round(t * 1000) / 1000;
const times = (recs: SpRecord[]) => recs.map((r) => round(r.t));
const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, k) => round(from + k * step));

interface OpenedStream {
  t: number;
  metric: string;
  device?: string;
  source?: string;
  payload: Record<string, any>;
}

/** Opens every `wdpc/<stream>` envelope of the run's outbound data with `keys`; expects each to pass. */
function openAll(recs: SpRecord[], keys: Map<string, Uint8Array>): OpenedStream[] {
  const checker = new IntegrityChecker({ keys, freshnessMs: 1 });
  const out: OpenedStream[] = [];
  for (const r of recs.filter((x) => x.direction === 'out' && (x.type === 'DDATA' || x.type === 'NDATA'))) {
    for (const [metric, value] of r.values) {
      if (!metric.startsWith('wdpc/')) continue;
      expect(value, `${metric} at ${r.t}`).toBeInstanceOf(Uint8Array);
      // Received at the message's own timestamp: the envelope must carry the same one (freshness 1 ms).
      const o = openEnvelope(value as Uint8Array, checker, r.payload.timestamp!);
      expect(o.checks.filter((c) => !c.ok), `${metric} of ${r.device ?? r.node} at ${r.t}`).toEqual([]);
      expect(o.accepted).toBe(true);
      expect(o.messageType, metric).toBe(MESSAGE_TYPE[streamMessageType(metric)!]);
      out.push({ t: round(r.t), metric, device: r.device, source: o.sourceId, payload: asObject(o.payload!) });
    }
  }
  expect(checker.gaps).toBe(0n);
  return out;
}

/** A decoded payload as a plain object with proto3 defaults (enum 0 values included), enums by name. */
const asObject = (m: protobuf.Message): Record<string, any> => (m.$type as protobuf.Type).toObject(m, { defaults: true, enums: String, longs: String });

const statusOf = (run: FinishedRun) => new Map(run.outcome.summary.conformance.rules.map((r) => [r.id, r.status]));

describe('WDPC data bus at the Table 1 rates (100 ms windows, default key)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let run: FinishedRun;
  let sp: SpRecord[];
  let streams: OpenedStream[];
  const nodes = ['r00-n000', 'r00-n001', 'r01-n002'];

  beforeAll(async () => {
    tmp = await tempDir();
    run = await runScenario({ yaml: ratesScenario, name: 'wdpc-rates' }, tmp.dir, { workers: 0 });
    sp = await sparkplugTraffic(run);
    streams = openAll(sp, defaultKey(21));
  }, 30_000);
  afterAll(() => tmp?.cleanup());

  it('passes with zero conformance failures and every Sparkplug and envelope rule exercised', () => {
    const s = run.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(run.outcome.exitCode).toBe(0);
    expect(s.metrics.conformance_failures).toBe(0);
    expect(s.metrics.messages_lost).toBe(0);
    expect(s.metrics.wdpc_sequence_gaps).toBe(0);
    expect(s.metrics.wdpc_spb_seq_gaps).toBe(0);
    const status = statusOf(run);
    // Nothing writes here: the command rule is the only one a run without a consumer leaves alone.
    for (const r of WDPC_RULES) expect(status.get(r.id), r.id).toBe(r.id === 'WDPC-CMD-001' ? 'not_exercised' : 'passed');
    expect(sp.every((r) => r.direction === 'out' && r.verdict === 'ok')).toBe(true);
  });

  it('a clean run counts every message it published and no window unpublished for a session that was down', () => {
    const c = run.outcome.summary.counts;
    for (const type of ['NBIRTH', 'DBIRTH', 'DDATA', 'NDATA', 'NDEATH']) expect(c[`wdpc_messages{${type}}`], type).toBe(sp.filter((r) => r.type === type).length);
    expect(c.wdpc_sessions_lost ?? 0).toBe(0);
    // The session is up from t = 0 to the end: no window of the run went unpublished.
    expect(c['wdpc_unpublished{session_down}'] ?? 0).toBe(0);
  });

  it('opens with NBIRTH (seq 0, bdSeq, rebirth control, streams null) and a DBIRTH per compute node, all at t = 0', () => {
    const births = sp.slice(0, 4);
    expect(births.map((r) => [r.type, r.device, r.payload.seq, r.t])).toEqual([
      ['NBIRTH', undefined, 0, 0],
      ...nodes.map((n, k) => ['DBIRTH', n, k + 1, 0]),
    ]);
    const nb = births[0];
    expect(nb.node).toBe('dc1');
    expect(nb.values.get('bdSeq')).toBe(0);
    expect(nb.values.get('Node Control/Rebirth')).toBe(false);
    for (const s of ['wdpc/thermal', 'wdpc/infrastructure', 'wdpc/power', 'wdpc/grid', 'wdpc/workload']) expect(nb.values.get(s), s).toBeNull();
    expect(nb.values.get(SOC_TARGET)).toBeCloseTo(0.9, 6); // the battery's configured target (default)
    for (const d of births.slice(1)) expect([...d.values.keys()].sort()).toEqual(['wdpc/gpu0', 'wdpc/gpu1', 'wdpc/node']);
    expect(sp.filter((r) => r.type === 'NBIRTH' || r.type === 'DBIRTH')).toHaveLength(4);
    expect(sp.every((r) => (r.type === 'NDEATH' ? r.qos === 1 : r.qos === 0) && !r.retain)).toBe(true);
  });

  it('publishes every compute node’s DDATA (node power and each GPU) every 100 ms', () => {
    for (const n of nodes) {
      const dd = sp.filter((r) => r.type === 'DDATA' && r.device === n);
      expect(times(dd), n).toEqual(range(0.1, 3, 0.1));
      for (const r of dd) expect([...r.values.keys()].sort(), `${n} at ${r.t}`).toEqual(['wdpc/gpu0', 'wdpc/gpu1', 'wdpc/node']);
    }
  });

  it('publishes every stream at the first window end after the births, then thermal, infrastructure, power and workload NDATA every 1 s (grid not again before 15 min)', () => {
    const nd = sp.filter((r) => r.type === 'NDATA');
    expect(times(nd)).toEqual([0.1, 1, 2, 3]);
    const every1s = ['wdpc/infrastructure', 'wdpc/power', 'wdpc/thermal', 'wdpc/workload'];
    for (const r of nd) expect([...r.values.keys()].sort(), `at ${r.t}`).toEqual(round(r.t) === 0.1 ? [...every1s.slice(0, 1), 'wdpc/grid', ...every1s.slice(1)].sort() : every1s);
  });

  it('numbers the session’s messages 0, 1, 2, … (mod 256) and ends with a graceful NDEATH carrying the birth’s bdSeq', () => {
    const live = sp.filter((r) => r.type !== 'NDEATH');
    expect(live.map((r) => r.payload.seq)).toEqual(live.map((_, k) => k % 256));
    const last = sp[sp.length - 1];
    expect(sp.filter((r) => r.type === 'NDEATH')).toHaveLength(1);
    expect([last.type, last.qos, last.retain, round(last.t)]).toEqual(['NDEATH', 1, false, 3]);
    expect(last.values.get('bdSeq')).toBe(0);
    expect(last.payload.seq).toBeUndefined();
  });

  it('seals every stream per source with sequence 1, 2, … and the seed-derived key; a different seed’s key fails every MAC', () => {
    const perSource = new Map<string, number>();
    for (const s of streams) perSource.set(s.source!, (perSource.get(s.source!) ?? 0) + 1);
    expect(perSource.get('dc1/r01-n002')).toBe(30);
    expect(perSource.get('dc1/r00-n000/gpu1')).toBe(30);
    expect(perSource.get('dc1/cooling')).toBe(4); // 0.1 s (after the births), 1, 2, 3 s
    expect(perSource.get('dc1/training')).toBe(4);
    expect(perSource.get('dc1/grid')).toBe(1);
    expect(streams.length).toBe(run.outcome.summary.metrics.wdpc_envelopes);
    expect(streams.length).toBe(3 * 30 * 3 + 4 * 4 + 1);
    const nd = sp.find((r) => r.type === 'NDATA')!;
    const wrong = openEnvelope(nd.values.get('wdpc/power') as Uint8Array, new IntegrityChecker({ keys: defaultKey(22), freshnessMs: 1 }), nd.payload.timestamp!);
    expect(wrong.accepted).toBe(false);
    expect(wrong.checks.find((c) => c.rule === 'WDPC-SEC-002')?.ok).toBe(false);
  });

  it('carries the physics: node power × nodes = site IT power, GPUs share IT less overhead, POI and cooling in MW, temperatures in °C', async () => {
    const ts = new Map((await run.timeseries()).map((r) => [round(r.time_s!), r]));
    const at = (t: number) => ts.get(t)!;
    for (const t of [0.5, 1, 2.7]) {
      const row = at(t);
      const itW = row.dc1_it_mw! * 1e6;
      expect(itW).toBeGreaterThan(1e5);
      const nodePower = streams.filter((s) => s.t === t && s.metric === 'wdpc/node');
      expect(nodePower.map((s) => s.payload.component_id).sort()).toEqual(nodes.map((n) => `dc1/${n}`));
      for (const s of nodePower) {
        expect(s.payload.type).toBe('POWER_SUPPLY');
        // The timeseries rounds to 1 W (6 decimals of MW).
        expect(Math.abs(s.payload.power_data.instantaneous_power_watts * 3 - itW)).toBeLessThan(3);
        expect(Math.abs(s.payload.power_data.average_power_watts * 3 - itW)).toBeLessThan(3);
        expect(s.payload.thermal_data.temperature_celsius).toBeGreaterThan(5);
        expect(s.payload.thermal_data.temperature_celsius).toBeLessThan(90);
      }
      const gpus = streams.filter((s) => s.t === t && /^wdpc\/gpu\d$/.test(s.metric));
      expect(gpus).toHaveLength(6);
      for (const g of gpus) {
        expect(g.payload.type).toBe('PROCESSOR_GPU');
        expect(Math.abs(g.payload.power_data.instantaneous_power_watts * 6 - (itW - 60e3))).toBeLessThan(6);
      }
    }
    for (const t of [1, 2, 3]) {
      const row = at(t);
      const power = streams.find((s) => s.t === t && s.metric === 'wdpc/power')!.payload;
      expect(power.power_system_id).toBe('dc1/poi');
      expect(power.grid_connection.poi_power_mw).toBeCloseTo(row.dc1_poi_mw!, 5);
      expect(power.grid_connection.frequency_hz).toBeCloseTo(50, 6);
      expect(power.grid_connection.battery_state_of_charge).toBeCloseTo(row.dc1_soc!, 5);
      const byPoint = Object.fromEntries(power.measurements.map((m: any) => [m.measurement_point_id, m.power_consumption_mw]));
      expect(byPoint['dc1/it']).toBeCloseTo(row.dc1_it_mw!, 5);
      expect(byPoint['dc1/cooling']).toBeCloseTo(row.dc1_cooling_mw!, 5);
      const infra = streams.find((s) => s.t === t && s.metric === 'wdpc/infrastructure')!.payload;
      expect(infra.facility_kpis.it_power_mw).toBeCloseTo(row.dc1_it_mw!, 5);
      expect(infra.facility_kpis.pue).toBeCloseTo(row.dc1_poi_mw! / row.dc1_it_mw!, 4);
      const thermal = streams.find((s) => s.t === t && s.metric === 'wdpc/thermal')!.payload;
      expect(thermal.thermal_system_id).toBe('dc1/cooling');
      for (const x of thermal.temperatures) {
        expect(x.temperature_celsius, x.sensor_id).toBeGreaterThan(5);
        expect(x.temperature_celsius, x.sensor_id).toBeLessThan(90);
      }
      expect(thermal.system_status.pump_power_kw).toBeCloseTo(row.dc1_cooling_mw! * 1000, 2);
      const workload = streams.find((s) => s.t === t && s.metric === 'wdpc/workload')!.payload;
      expect(workload).toMatchObject({ workload_id: 'dc1/training', workload_type: 'AI_TRAINING' });
      expect(workload.power_requirements.peak_power_mw).toBeCloseTo(1.56, 9);
      expect(workload.future_intent ?? []).toEqual([]); // no planned transition
    }
    // Envelope timestamps are the window ends on the run's clock.
    const firstNode = streams.find((s) => s.metric === 'wdpc/node')!;
    expect(Number(firstNode.payload.timestamp.seconds) * 1000 + firstNode.payload.timestamp.nanos / 1e6).toBe(T0 + 100);
  });
});

describe('WDPC grid stream at its Table 1 default (15 min)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let run: FinishedRun;
  let streams: OpenedStream[];
  beforeAll(async () => {
    tmp = await tempDir();
    run = await runScenario({ yaml: gridScenario, name: 'wdpc-grid' }, tmp.dir, { workers: 0 });
    streams = openAll(await sparkplugTraffic(run), defaultKey(22));
  }, 30_000);
  afterAll(() => tmp?.cleanup());

  it('publishes GridOperatorData right after the births and then every 15 min, the other configured streams every 15 s', () => {
    expect(run.outcome.exitCode).toBe(0);
    const grid = streams.filter((s) => s.metric === 'wdpc/grid');
    expect(grid.map((s) => s.t)).toEqual([15, 900, 1800]);
    for (const g of grid) {
      expect(g.source).toBe('dc1/grid');
      expect(g.payload.current_status).toMatchObject({ system_frequency_hz: 50, stability: 'STABLE' });
      expect(g.payload.grid_parameters.nominal_frequency_hz).toBe(50);
    }
    expect(streams.filter((s) => s.metric === 'wdpc/workload').map((s) => s.t)).toEqual(range(15, 1860, 15));
    expect(streams.filter((s) => s.metric === 'wdpc/node' && s.device === 'r00-n000').map((s) => s.t)).toEqual(range(15, 1860, 15));
    expect(streams.some((s) => s.metric.startsWith('wdpc/gpu'))).toBe(false); // components: off
    expect(statusOf(run).get('WDPC-BUS-001')).toBe('passed');
  });
});

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
