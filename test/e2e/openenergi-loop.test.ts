// The Open Energi loop end to end, fast mode, on the embedded broker (aedes: MQTT 3.1.1) and on a
// real Mosquitto: two site gateways (one with a battery, one without) report readings, events and
// schedules as JSON-array batches; the reference portfolio manager's signal (oe-add −0.4 for 10 s,
// then a safe last point) and schedule-signal (oe-multiply-low 2 in a 10 s week-date window) show in
// the battery's power — in the physics and in the b1 power readings. Every OE check passes; same
// scenario and seed ⇒ same run hash, with one or two model workers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';

// Starts Monday 2026-11-23 15:59:30 UTC: the schedule-signal's window 16:00:00–16:00:10 is 30–40 s.
const scenario = `
run: { duration: 40 s, window: 100 ms, seed: 13, start: 2026-11-23T15:59:30Z }
sites:
  dc1:
    ai_load: { rated_power: 1.6 MW, overhead: 200 kW, period: 2 s, duty: 0.8, power_floor: 30% }
    battery:
      energy: 2 MWh
      power: 2 MW
      mode: idle
      frequency_response:
        capacity: 1 MW
        curve: [[-0.5 Hz, 100%], [-0.015 Hz, 0%], [0.015 Hz, 0%], [0.5 Hz, -100%]]
        detection_lag: 200 ms
        ramp_time: 500 ms
  dc2:
    ai_load: { rated_power: 500 kW }
timeline:
  - at: 5 s
    type: oe_signal
    assets: [battery]
    points:
      - { start: 0 s, oe-add: -0.4 }
      - { start: 10 s, oe-add: 0 }
  - { at: 20 s, type: frequency, value: 49.9 Hz }
  - at: 22 s
    type: oe_schedule_signal
    assets: [battery]
    variable: oe-multiply-low
    schedule:
      - { span: 2026-W48-1T16:00:00/PT10S, value: 2 }
      - { span: null, value: 1 }
profiles:
  openenergi: {}
thresholds: [conformance_failures == 0, oe_telemetry_completeness_min >= 100%]
`;

const NAME = 'oe-loop';
const dev = (site: string) => `gridtwin-${NAME}-${site}`;
// Response of the 1 MW curve (0 at −0.015 Hz, full at −0.5 Hz) to an effective deviation, MW.
const curve = (dfHz: number) => (Math.abs(dfHz) - 0.015) / 0.485;

type Msg = { topic: string; entity?: string; type: string; timestamp?: number; value?: unknown; level?: number };
const elements = (payload: string): Msg[] => {
  const body = JSON.parse(payload);
  return Array.isArray(body) ? body : [body];
};

function checkLoop(get: () => FinishedRun): void {
  it('passes with every OE rule passed or not exercised, nothing rejected or missing', () => {
    const s = get().outcome.summary;
    expect(s.error).toBeUndefined();
    expect(get().outcome.exitCode).toBe(0);
    const oe = s.conformance.rules.filter((r) => r.id.startsWith('OE-'));
    expect(oe.filter((r) => r.status === 'failed')).toEqual([]);
    for (const id of ['OE-TOPIC-001', 'OE-TOPIC-002', 'OE-QOS-001', 'OE-CLIENT-001', 'OE-JSON-001', 'OE-MSG-001', 'OE-MSG-003', 'OE-MSG-004', 'OE-READ-001', 'OE-READ-002', 'OE-EVT-001', 'OE-SCH-001', 'OE-SIG-001', 'OE-SIG-004', 'OE-SSIG-001']) {
      expect(oe.find((r) => r.id === id)?.status, id).toBe('passed');
    }
    const m = s.metrics as Record<string, number>;
    expect(m.conformance_failures).toBe(0);
    expect(m.oe_telemetry_completeness).toBe(1);
    expect(m.oe_telemetry_missing).toBe(0);
    expect(m.oe_telemetry_late).toBe(0);
    expect(s.counts.rejected_inbound ?? 0).toBe(0);
    expect(s.counts.oe_signals_accepted).toBe(1);
    expect(s.counts.oe_schedule_signals_accepted).toBe(1);
    expect(s.thresholds.every((t) => t.passed)).toBe(true);
  });

  it('each device publishes ok-verdict JSON arrays of readings, events and schedules on its own events topic', async () => {
    // (The grid feed, gridtwin/v1/grid/frequency, is not the profile's.)
    const out = (await get().traffic()).filter((r) => r.direction === 'out' && r.topic.startsWith('devices/'));
    expect(out.length).toBeGreaterThan(20);
    expect(out.every((r) => r.verdict === 'ok')).toBe(true);
    expect([...new Set(out.map((r) => r.topic))].sort()).toEqual([`devices/${dev('dc1')}/messages/events/`, `devices/${dev('dc2')}/messages/events/`]);
    expect(out.every((r) => r.qos === 1 && r.retain === false)).toBe(true);
    for (const r of out) expect(r.payload.startsWith('['), r.payload.slice(0, 80)).toBe(true);
    const all = out.flatMap((r) => elements(r.payload).map((m) => ({ ...m, device: r.topic.split('/')[1] as string })));
    expect(new Set(all.map((m) => m.topic))).toEqual(new Set(['readings', 'events', 'schedules']));
    // Entities: m<n>, b<n>, l<n> by site position; dc2 has no battery.
    const entities = (d: string) => [...new Set(all.filter((m) => m.device === d).map((m) => m.entity))].sort();
    expect(entities(dev('dc1'))).toEqual(['b1', 'l1', 'm1']);
    expect(entities(dev('dc2'))).toEqual(['l2', 'm2']);
    const connected = all.filter((m) => m.topic === 'events' && m.type === 'connected');
    expect(connected.map((m) => m.device).sort()).toEqual([dev('dc1'), dev('dc2')]);
    expect(all.filter((m) => m.topic === 'schedules' && m.type === 'services').map((m) => m.entity).sort()).toEqual(['b1', 'l1', 'l2']);
    // Power, availability and response: kW rounded to 100 W (at most one decimal on the wire), ≥ 0 where they must be.
    const ffr = all.filter((m) => m.topic === 'readings' && /^(power|availability-ffr-|response-ffr-)/.test(m.type));
    expect(ffr.length).toBeGreaterThan(20);
    for (const m of ffr) {
      expect(typeof m.value, JSON.stringify(m)).toBe('number');
      expect(String(m.value), JSON.stringify(m)).toMatch(/^-?\d+(\.\d)?$/);
      if (m.type !== 'power') expect(m.value as number).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(m.timestamp)).toBe(true);
    }
    // Timestamps: UNIX ms on the run's clock, whole seconds at the 1 s sample.
    const start = Date.parse('2026-11-23T15:59:30Z');
    const times = all.filter((m) => m.topic === 'readings').map((m) => m.timestamp! - start);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...times)).toBeLessThanOrEqual(40_000);
    expect(times.every((t) => t % 1000 === 0)).toBe(true);
  });

  it('the battery follows the signal and the schedule-signal, in the physics and in its power readings', async () => {
    const ts = new Map((await get().timeseries()).map((r) => [r.time_s, r.dc1_battery_mw]));
    expect(ts.get(4)).toBeCloseTo(0, 3); // 50 Hz, no signal: no response
    expect(ts.get(10)).toBeCloseTo(curve(0.2), 3); // oe-add −0.4 (halved): as if 49.8 Hz
    expect(ts.get(18)).toBeCloseTo(0, 3); // the safe last point at 15 s
    expect(ts.get(25)).toBeCloseTo(curve(0.1), 3); // 49.9 Hz, multiplier 1
    expect(ts.get(35)).toBeCloseTo(curve(0.2), 3); // 49.9 Hz doubled inside the Monday window
    const traffic = await get().traffic();
    const b1 = new Map(
      traffic
        .filter((r) => r.direction === 'out' && r.topic.startsWith('devices/'))
        .flatMap((r) => elements(r.payload))
        .filter((m) => m.topic === 'readings' && m.entity === 'b1' && m.type === 'power')
        .map((m) => [(m.timestamp! - Date.parse('2026-11-23T15:59:30Z')) / 1000, m.value as number]),
    );
    // Reported on change only; the latest reading at or before t is the device's view at t (kW, charging +).
    const at = (t: number) => b1.get(Math.max(...[...b1.keys()].filter((k) => k <= t)))!;
    expect(at(4)).toBe(0);
    expect(at(12)).toBeCloseTo(-curve(0.2) * 1000, 0);
    expect(at(19)).toBe(0);
    expect(at(28)).toBeCloseTo(-curve(0.1) * 1000, 0);
    expect(at(38)).toBeCloseTo(-curve(0.2) * 1000, 0);
    // Both cloud-to-device messages were accepted on dc1's devicebound topic, naming b1 only.
    const inbound = traffic.filter((r) => r.direction === 'in');
    expect(inbound.map((r) => [r.topic, r.verdict, JSON.parse(r.payload).topic])).toEqual([
      [`devices/${dev('dc1')}/messages/devicebound/`, 'accepted', 'signals'],
      [`devices/${dev('dc1')}/messages/devicebound/`, 'accepted', 'schedule-signals'],
    ]);
    expect(inbound.every((r) => JSON.stringify(JSON.parse(r.payload).entities) === '["b1"]')).toBe(true);
    const applied = get().outcome.summary.events.filter((e) => e.kind === 'physics').map((e) => [e.t, e.what]);
    expect(applied).toContainEqual([5.2, `${dev('dc1')}/b1 oe-add -0.4, oe-multiply-high 1, oe-multiply-low 1`]);
    expect(applied).toContainEqual([30, `${dev('dc1')}/b1 oe-add 0, oe-multiply-high 1, oe-multiply-low 2`]);
  });
}

describe('Open Energi end to end (fast mode, reference portfolio manager)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let embedded: FinishedRun;
  let mosquitto: FinishedRun;

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto();
    embedded = await runScenario({ yaml: scenario, name: NAME }, tmp.dir);
    mosquitto = await runScenario({ yaml: scenario, name: NAME }, tmp.dir, { brokerUrl: broker.url });
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  describe('on the embedded broker (MQTT 3.1.1)', () => {
    it('runs on the embedded broker', () => expect(embedded.outcome.summary.run.broker).toMatch(/^embedded/));
    checkLoop(() => embedded);
  });

  describe('on Mosquitto', () => {
    it('runs on Mosquitto, each device connected as its device ID with MQTT 3.1.1', () => {
      expect(mosquitto.outcome.summary.run.broker).toBe(broker.url);
      // Mosquitto logs "New client connected from … as <id> (p2, c1, k…)": p2 is MQTT 3.1.1.
      for (const site of ['dc1', 'dc2']) expect(broker.logs()).toMatch(new RegExp(`as ${dev(site)} \\(p2,`));
    });
    checkLoop(() => mosquitto);
  });

  it('same scenario and seed ⇒ same run hash: again, on the other broker, and with two model workers', async () => {
    const hash = embedded.outcome.summary.run_hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(mosquitto.outcome.summary.run_hash).toBe(hash);
    const again = await runScenario({ yaml: scenario, name: NAME }, tmp.dir);
    expect(again.outcome.summary.run_hash).toBe(hash);
    const two = await runScenario({ yaml: scenario, name: NAME }, tmp.dir, { workers: 2, brokerUrl: broker.url });
    expect(two.outcome.summary.run.workers).toBe(2);
    expect(two.outcome.summary.run_hash).toBe(hash);
    const other = await runScenario({ yaml: scenario, name: NAME }, tmp.dir, { seed: 14 });
    expect(other.outcome.summary.run_hash).not.toBe(hash);
  }, 60_000);
});
