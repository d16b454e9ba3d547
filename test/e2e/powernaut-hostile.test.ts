// A live platform that sends every kind of bad setpoint, and a client that steals a device's client
// ID, against a real Mosquitto (MQTT 5): each bad setpoint is rejected under its own rule and never
// acted on, the one good setpoint is followed, the stolen session is counted as a PN-CLIENT-001
// failure, the device reconnects under its own ID and the run goes on to its end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { connectMqtt } from '../../sim/transports/mqtt-connection.ts';

const scenario = `
run: { duration: 16 s, window: 1 s, seed: 5, mode: realtime }
sites:
  dc1:
    ai_load: { rated_power: 10 MW }
    battery: { energy: 4 MWh, power: 2 MW, mode: idle }
profiles:
  powernaut: { platform: live, reconnect: { initial: 300 ms, max: 1 s } }
`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Powernaut: hostile setpoints and a duplicate client ID (real time, live platform)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let run: FinishedRun;

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto();
    const running = runScenario({ yaml: scenario, name: 'pn-hostile' }, tmp.dir, { brokerUrl: broker.url });
    const deviceId = 'gridtwin-pn-hostile-resource-dc1-battery';
    for (let k = 0; k < 100 && !broker.logs().includes(deviceId); k++) await sleep(50);
    const platform = await connectMqtt({ url: broker.url, clientId: 'hostile-platform', protocolVersion: 5 });
    const now = Math.floor(Date.now() / 1000);
    const good = { timing: { start: now, end: now + 120 }, value: 1_000_000 };
    const topic = 'resource/dc1-battery/commands/setpoint';
    const send = (t: string, payload: unknown, opts: { qos?: 0 | 1 | 2; retain?: boolean } = {}) =>
      platform.publish(t, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: opts.qos ?? 1, retain: opts.retain ?? false });
    await send(topic, '{"timing":{"start":'); // bad JSON
    await send(topic, { ...good, value: '1 MW' }); // wrong type
    await send(topic, { ...good, value: 1500.5 }); // not an integer
    await send(topic, { ...good, timing: { start: now + 60, end: now + 10 } }); // start after end
    await send(topic, { ...good, timing: { start: now - 200, end: now - 100 } }); // window over
    await send(topic, { ...good, pad: 'x'.repeat(10_000) }); // oversized
    await send('resource/dc9-battery/commands/setpoint', good); // unknown resource
    await send('resource/dc1-battery/commands/stop', good); // not a Powernaut topic
    await send(topic, good, { qos: 0 });
    await send(topic, good, { retain: true });
    await send(topic, good); // the one good setpoint
    await platform.end();
    await sleep(2_000);
    // Another client connects with the battery's client ID: the broker hands it the session.
    const impostor = await connectMqtt({ url: broker.url, clientId: deviceId, protocolVersion: 5, reconnect: false });
    await sleep(1_500);
    await impostor.end(true);
    run = await running;
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('rejects each bad setpoint under its rule, and never acts on one', () => {
    const c = run.outcome.summary.counts;
    expect({
      'PN-CMD-001': c['rejected_inbound{PN-CMD-001}'],
      'PN-CMD-002': c['rejected_inbound{PN-CMD-002}'],
      'PN-CMD-003': c['rejected_inbound{PN-CMD-003}'],
      'PN-CMD-004': c['rejected_inbound{PN-CMD-004}'],
      'PN-CMD-005': c['rejected_inbound{PN-CMD-005}'],
      'PN-TOPIC-001': c['rejected_inbound{PN-TOPIC-001}'],
      'PN-TOPIC-002': c['rejected_inbound{PN-TOPIC-002}'],
      'PN-QOS-001': c['rejected_inbound{PN-QOS-001}'],
      'PN-RETAIN-001': c['rejected_inbound{PN-RETAIN-001}'],
    }).toEqual({ 'PN-CMD-001': 1, 'PN-CMD-002': 1, 'PN-CMD-003': 2, 'PN-CMD-004': 1, 'PN-CMD-005': 1, 'PN-TOPIC-001': 1, 'PN-TOPIC-002': 1, 'PN-QOS-001': 1, 'PN-RETAIN-001': 1 });
    expect(c.rejected_inbound).toBe(10);
    expect(c.pn_setpoints_accepted).toBe(1);
    const applied = run.outcome.summary.events.filter((e) => e.kind === 'physics' && e.what.startsWith('dc1-battery'));
    expect(applied.map((e) => e.what)).toEqual(['dc1-battery follows 1000000 W']);
  });

  it('follows the good setpoint: the battery charges 1 MW', async () => {
    const battery = (await run.traffic()).filter((r) => r.direction === 'out' && r.topic === 'resource/dc1-battery/data').map((r) => JSON.parse(r.payload));
    expect(battery.at(-1).value).toBeGreaterThan(990_000);
  });

  it('counts the stolen session under PN-CLIENT-001, reconnects and finishes the run', () => {
    const s = run.outcome.summary;
    expect(s.run.simulated_s).toBe(16);
    const rule = s.conformance.rules.find((r) => r.id === 'PN-CLIENT-001')!;
    expect(rule.status).toBe('failed');
    expect(rule.examples[0].detail).toContain("took over the session of dc1-battery");
    expect(s.warnings.some((w) => w.includes('session taken over'))).toBe(true);
    expect(s.counts.pn_reconnects).toBeGreaterThanOrEqual(1);
    expect(s.exit_code).toBe(99);
    // Traffic log: every rejection is there with its reasons.
    expect(s.counts.messages_in).toBeGreaterThanOrEqual(11);
  });
});
