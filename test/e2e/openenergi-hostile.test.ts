// A hostile live portfolio manager against a real Mosquitto (MQTT 3.1.1, real time): it publishes
// every kind of bad cloud-to-device message to a device's devicebound topic — each is rejected under
// its own rule (rejected_inbound{RULE}) and never acted on — then one good signal and a JSON-array
// batch of one good and one bad signal: the good ones are acted on and the battery's power shows
// the last. A foreign client publishing device-to-cloud data with QoS 2 is an OE-QOS-001 failure; a
// client connecting with a device's ID is an OE-CLIENT-001 failure, and the run goes on to its end.
// A second run with `parsing: lenient` accepts the numeric strings ("1.1") strict parsing rejects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { connectMqtt, type MqttConnection } from '../../sim/transports/mqtt-connection.ts';

const scenario = (parsing: 'strict' | 'lenient', duration: string) => `
run: { duration: ${duration}, window: 500 ms, seed: 5, mode: realtime }
sites:
  dc1:
    ai_load: { rated_power: 1 MW }
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
profiles:
  openenergi: { portfolio: live, parsing: ${parsing} }
`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Response of the 1 MW curve (0 at −0.015 Hz, full at −0.5 Hz) to an effective deviation, MW.
const curve = (dfHz: number) => (Math.abs(dfHz) - 0.015) / 0.485;
const device = (name: string, site: string) => `gridtwin-${name}-${site}`;
const devicebound = (id: string) => `devices/${id}/messages/devicebound/`;

type Vars = Record<string, unknown>;
const point = (atMs: number, vars: Vars) => ({ start_at: new Date(atMs).toISOString(), values: Object.entries(vars).map(([variable, value]) => ({ variable, value })) });
/** A signal from now for 10 min, whose last point hands back (oe-add 0, multipliers 1). */
const signal = (now: number, vars: Vars, extra: Record<string, unknown> = {}, last: Vars = { 'oe-add': 0 }) => ({
  topic: 'signals',
  timestamp: now,
  entities: ['b1'],
  type: 'oe-vars',
  items: [point(now, vars), point(now + 600_000, last)],
  ...extra,
});

async function connected(broker: MosquittoBroker, ids: string[]): Promise<void> {
  for (let k = 0; k < 200 && !ids.every((id) => broker.logs().includes(`as ${id} `)); k++) await sleep(50);
}

describe('Open Energi: a hostile portfolio manager, a QoS 2 publisher and a duplicate device ID (real time)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let broker2: MosquittoBroker;
  let strict: FinishedRun;
  let lenient: FinishedRun;

  async function hostile(): Promise<FinishedRun> {
    const name = 'oe-hostile';
    const running = runScenario({ yaml: scenario('strict', '16 s'), name }, tmp.dir, { brokerUrl: broker.url });
    const dc1 = device(name, 'dc1');
    await connected(broker, [dc1, device(name, 'dc2')]);
    const pm = await connectMqtt({ url: broker.url, clientId: 'hostile-portfolio', protocolVersion: 4 });
    const now = Date.now();
    const to = devicebound(dc1);
    const send = (payload: unknown, o: { topic?: string; qos?: 0 | 1 | 2 } = {}) =>
      pm.publish(o.topic ?? to, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: o.qos ?? 1 });
    // Every bad message would move the battery (or show in its variables) if it were acted on.
    await send('{"topic":"signals","timestamp":'); // OE-JSON-001
    await send(signal(now, { 'oe-add': 1 }, { entities: 'b1' })); // OE-SIG-001: entities not an array
    await send(signal(now, { 'oe-add': 1 }, { type: 42 })); // OE-MSG-002: type not a string
    await send(signal(now, { 'oe-add': 1 }, { timestamp: String(now) })); // OE-MSG-003: timestamp a string
    await send(signal(now, { 'oe-multiply-low': '1.1' }, {}, { 'oe-multiply-low': 1 })); // OE-SIG-002 (strict)
    await send({ ...signal(now, {}), items: [point(now + 10_000, { 'oe-add': 1 }), point(now, { 'oe-add': 0.5 }), point(now + 600_000, { 'oe-add': 0 })] }); // OE-SIG-003
    await send(signal(now, { 'oe-add': 1 }, {}, { 'oe-add': 0.5 })); // OE-SIG-004: unsafe last point
    await send(signal(now, { 'oe-boost': 1 }, {}, { 'oe-boost': 0 })); // OE-SIG-006: unknown variable
    await send(signal(now, { 'oe-multiply-low': 11 }, {}, { 'oe-multiply-low': 1 })); // OE-SIG-005: out of range
    await send(signal(now, { 'oe-add': 1 }, { entities: ['l2', 'm2'] })); // OE-MSG-004: dc2's entities, none of dc1's
    await send(signal(now, { 'oe-add': 1 }, { pad: 'x'.repeat(70_000) })); // OE-SIZE-002: > 65,536 bytes
    await send(signal(now, { 'oe-add': 1 }, { timestamp: now * 10 })); // OE-MSG-003: 14 digits
    await send(signal(now, { 'oe-add': 0.4 }), { qos: 2 }); // OE-QOS-001: a good signal with QoS 2
    await send(signal(now, { 'oe-add': 1 }), { topic: devicebound(device(name, 'dc9')) }); // OE-TOPIC-002
    await send(signal(now, { 'oe-add': 1 }), { topic: `${to}extra/level` }); // OE-TOPIC-001
    // "__proto__" is data: a message hiding its fields there has no topic (OE-MSG-001)…
    await send(`{"__proto__":${JSON.stringify(signal(now, { 'oe-add': 1 }))}}`);
    // …and a value hiding its variable there has none (OE-SIG-002).
    await send(JSON.stringify(signal(now, { 'oe-add': 1 })).replace('{"variable":"oe-add","value":1}', '{"__proto__":{"variable":"oe-add","value":1}}'));
    await send(signal(now, { 'oe-add': -0.4 })); // good
    await sleep(1_000);
    await send([signal(now, { 'oe-add': -0.8 }), signal(now, { 'oe-add': 3 })]); // good + OE-SIG-005
    await pm.end();
    // A foreign client publishes device-to-cloud data with QoS 2 on dc1's events topic.
    const foreign = await connectMqtt({ url: broker.url, clientId: 'foreign-device', protocolVersion: 4 });
    const reading = { topic: 'readings', entity: 'm1', type: 'power', timestamp: Date.now(), value: 12.3 };
    await foreign.publish(`devices/${dc1}/messages/events/`, JSON.stringify(reading), { qos: 2 });
    await foreign.end();
    await sleep(1_500);
    // Another client connects with dc1's device ID: the broker hands it the connection.
    const impostor: MqttConnection = await connectMqtt({ url: broker.url, clientId: dc1, protocolVersion: 4, reconnect: false });
    await sleep(1_500);
    await impostor.end(true);
    return running;
  }

  async function lenientRun(): Promise<FinishedRun> {
    const name = 'oe-lenient';
    const running = runScenario({ yaml: scenario('lenient', '10 s'), name }, tmp.dir, { brokerUrl: broker2.url });
    const dc1 = device(name, 'dc1');
    await connected(broker2, [dc1, device(name, 'dc2')]);
    const pm = await connectMqtt({ url: broker2.url, clientId: 'lenient-portfolio', protocolVersion: 4 });
    const now = Date.now();
    await pm.publish(devicebound(dc1), '{"topic":"signals","timestamp":', { qos: 1 }); // still bad JSON
    const strings = signal(now, { 'oe-add': '-0.4', 'oe-multiply-low': '1.1' }, {}, { 'oe-add': '0', 'oe-multiply-low': '1' });
    await pm.publish(devicebound(dc1), JSON.stringify(strings), { qos: 1 });
    await pm.end();
    return running;
  }

  beforeAll(async () => {
    tmp = await tempDir();
    // Both runs at once, each on its own broker (on a shared one each run's observer would see
    // the other's devices as unknown ones, OE-TOPIC-002).
    [broker, broker2] = await Promise.all([startMosquitto(), startMosquitto()]);
    [strict, lenient] = await Promise.all([hostile(), lenientRun()]);
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    await broker2?.stop();
    await tmp?.cleanup();
  });

  it('rejects each bad message under its own rule', () => {
    const c = strict.outcome.summary.counts;
    const rules = ['OE-TOPIC-001', 'OE-TOPIC-002', 'OE-QOS-001', 'OE-SIZE-002', 'OE-JSON-001', 'OE-MSG-001', 'OE-MSG-002', 'OE-MSG-003', 'OE-MSG-004', 'OE-SIG-001', 'OE-SIG-002', 'OE-SIG-003', 'OE-SIG-004', 'OE-SIG-005', 'OE-SIG-006'];
    expect(Object.fromEntries(rules.map((r) => [r, c[`rejected_inbound{${r}}`]]))).toEqual({
      'OE-TOPIC-001': 1, 'OE-TOPIC-002': 1,
      'OE-QOS-001': 2, // the QoS 2 signal and the foreign QoS 2 reading
      'OE-SIZE-002': 1, 'OE-JSON-001': 1, 'OE-MSG-001': 1, 'OE-MSG-002': 1,
      'OE-MSG-003': 2, // a string and a 14-digit timestamp
      'OE-MSG-004': 1, 'OE-SIG-001': 1,
      'OE-SIG-002': 2, // "1.1" (strict) and a variable hidden in __proto__
      'OE-SIG-003': 1, 'OE-SIG-004': 1,
      'OE-SIG-005': 2, // a multiplier of 11, and oe-add 3 inside the batch
      'OE-SIG-006': 1,
    });
    expect(c.rejected_inbound).toBe(19);
    const failed = new Set(strict.outcome.summary.conformance.rules.filter((r) => r.status === 'failed').map((r) => r.id));
    for (const r of [...rules, 'OE-CLIENT-001']) expect(failed.has(r), r).toBe(true);
    // "__proto__" stayed data: nothing leaked onto Object.prototype of this (the engine's) process.
    expect(({} as Record<string, unknown>).topic).toBeUndefined();
    expect(({} as Record<string, unknown>).items).toBeUndefined();
  });

  it('acts on the good signal and the good element of the batch only: the battery follows oe-add −0.8', async () => {
    const s = strict.outcome.summary;
    expect(s.counts.oe_signals_accepted).toBe(2);
    const dc1 = device('oe-hostile', 'dc1');
    const applied = s.events.filter((e) => e.kind === 'physics' && e.what.startsWith(`${dc1}/b1 `)).map((e) => e.what.slice(dc1.length + 4));
    expect(applied).toEqual(['oe-add -0.4, oe-multiply-high 1, oe-multiply-low 1', 'oe-add -0.8, oe-multiply-high 1, oe-multiply-low 1']);
    expect(s.events.filter((e) => e.kind === 'control-plane').map((e) => e.what)).toEqual([`signal for ${dc1}`, `signal for ${dc1}`]);
    // The physics: as if the grid were 0.4 Hz low (oe-add halved) — discharging ≈ 0.79 MW.
    const ts = await strict.timeseries();
    expect(ts.at(-1)!.dc1_battery_mw).toBeCloseTo(curve(0.4), 2);
    // The batch's verdict: rejected as a whole message (one element failed), the good element acted on.
    const batch = (await strict.traffic()).find((r) => r.direction === 'in' && r.payload.startsWith('['))!;
    expect(batch.verdict).toBe('rejected');
    expect(batch.failures.map((f: { rule: string }) => f.rule)).toEqual(['OE-SIG-005']);
    expect(batch.failures[0].detail).toMatch(/^element 1: /);
  });

  it('records the foreign QoS 2 device-to-cloud message under OE-QOS-001', async () => {
    const rule = strict.outcome.summary.conformance.rules.find((r) => r.id === 'OE-QOS-001')!;
    expect(rule.status).toBe('failed');
    const foreign = (await strict.traffic()).find((r) => r.direction === 'in' && r.topic.endsWith('/messages/events/'))!;
    expect(foreign.qos).toBe(2);
    expect(foreign.verdict).toBe('rejected');
    expect(foreign.failures.map((f: { rule: string }) => f.rule)).toEqual(['OE-QOS-001']);
  });

  it('counts the duplicate device ID under OE-CLIENT-001, reconnects and finishes the run', async () => {
    const s = strict.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(s.run.simulated_s).toBe(16);
    const rule = s.conformance.rules.find((r) => r.id === 'OE-CLIENT-001')!;
    expect(rule.status).toBe('failed');
    expect(rule.examples[0].detail).toContain(`another client connected as device '${device('oe-hostile', 'dc1')}'`);
    expect(s.warnings.some((w) => w.includes('is used by another client'))).toBe(true);
    expect(s.counts.oe_connection_losses).toBeGreaterThanOrEqual(1);
    expect(s.counts.oe_reconnects).toBeGreaterThanOrEqual(1);
    expect(strict.outcome.exitCode).not.toBe(0);
    expect(strict.outcome.exitCode).not.toBe(3); // a conformance failure, not a broker failure
    // The device kept reporting after it got its connection back.
    const out = (await strict.traffic()).filter((r) => r.direction === 'out' && r.topic === `devices/${device('oe-hostile', 'dc1')}/messages/events/`);
    expect(out.at(-1)!.sim_time).toBeGreaterThan(12);
  });

  it('lenient parsing accepts the numeric strings ("-0.4", "1.1") and acts on them; bad JSON stays rejected', async () => {
    const s = lenient.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(s.counts.oe_signals_accepted).toBe(1);
    expect(s.counts.rejected_inbound).toBe(1);
    expect(s.counts['rejected_inbound{OE-JSON-001}']).toBe(1);
    const dc1 = device('oe-lenient', 'dc1');
    const applied = s.events.filter((e) => e.kind === 'physics' && e.what.startsWith(`${dc1}/b1 `)).map((e) => e.what.slice(dc1.length + 4));
    expect(applied).toEqual(['oe-add -0.4, oe-multiply-high 1, oe-multiply-low 1.1']);
    const ts = await lenient.timeseries();
    expect(ts.at(-1)!.dc1_battery_mw).toBeCloseTo(curve(0.2), 2); // at 50 Hz the multiplier has nothing to multiply
  });
});
