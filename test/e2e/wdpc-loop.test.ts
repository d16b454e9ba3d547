// The WDPC data bus end to end, fast mode: a facility is a Sparkplug B edge node whose compute nodes
// are devices, publishing sealed protobuf envelopes at the WDPC Table 1 rates (node power and
// components every 100 ms, thermal / infrastructure / workload every 1 s, grid every 15 min), births
// first — every stream once right after them — and a graceful NDEATH last. Every envelope opens with
// the key derived from the seed and its payload decodes as its stream's type, with the values of
// the physics (timeseries.csv). Every WDPC / Sparkplug rule the runs exercise passes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { openEnvelope } from '../../sim/bindings/wdpc/envelope.ts';
import { IntegrityChecker } from '../../sim/bindings/wdpc/integrity.ts';
import { SOC_TARGET } from '../../sim/bindings/wdpc/bus-inspector.ts';
import { WDPC_RULES } from '../../sim/bindings/wdpc/rule-catalogue.ts';
import { defaultKey, openAll, range, round, sparkplugTraffic, statusOf, times, type OpenedStream, type SpRecord } from './wdpc-traffic.ts';

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
