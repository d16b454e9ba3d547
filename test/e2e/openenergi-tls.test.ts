// Open Energi over mqtts:// (MQTT 3.1.1) with certificates the test generates, and per-device
// credentials (`auth: {username: '{device}', password: …}`, as an IoT hub's per-device SAS token) on
// a Mosquitto that refuses anonymous clients: the gateways report and follow the reference
// portfolio manager's signal; a wrong CA or a wrong device secret is a clear connection failure (exit 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runScenario, tempDir } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { createTestPki } from '../../sim/transports/test-pki.ts';

const NAME = 'oe-tls';
const dev = (site: string) => `gridtwin-${NAME}-${site}`;

const scenario = (url: string, ca: string, devicePassword = 'sas-{device}') => `
run: { duration: 20 s, window: 100 ms, seed: 3 }
broker: { url: ${url}, ca: ${ca}, username: portfolio, password: portfolio-secret }
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
  dc2:
    ai_load: { rated_power: 500 kW }
timeline:
  - at: 5 s
    type: oe_signal
    assets: [battery]
    points:
      - { start: 0 s, oe-add: -0.4 }
      - { start: 10 s, oe-add: 0 }
profiles:
  openenergi:
    auth: { username: '{device}', password: '${devicePassword}' }
`;

describe('Open Energi over TLS with per-device credentials', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto({
      tls: true,
      users: { [dev('dc1')]: `sas-${dev('dc1')}`, [dev('dc2')]: `sas-${dev('dc2')}`, portfolio: 'portfolio-secret' },
    });
    await writeFile(join(tmp.dir, 'ca.pem'), broker.caPem!);
    await mkdir(join(tmp.dir, 'other'));
    const other = await createTestPki(join(tmp.dir, 'other'));
    await writeFile(join(tmp.dir, 'wrong-ca.pem'), other.caPem);
  }, 30_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('reports and follows the signal over mqtts:// with MQTT 3.1.1, each device logged in as itself', async () => {
    const run = await runScenario({ yaml: scenario(broker.tlsUrl!, 'ca.pem'), name: NAME }, tmp.dir);
    const s = run.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(run.outcome.exitCode).toBe(0);
    expect(s.run.broker).toMatch(/^mqtts:\/\//);
    expect(s.conformance.rules.filter((r) => r.id.startsWith('OE-') && r.status === 'failed')).toEqual([]);
    expect((s.metrics as Record<string, number>).oe_telemetry_completeness).toBe(1);
    expect(s.counts.oe_signals_accepted).toBe(1);
    const out = (await run.traffic()).filter((r) => r.direction === 'out' && r.topic.startsWith('devices/'));
    expect([...new Set(out.map((r) => r.topic))].sort()).toEqual([`devices/${dev('dc1')}/messages/events/`, `devices/${dev('dc2')}/messages/events/`]);
    // oe-add −0.4 (halved: as if 49.8 Hz) on the 1 MW curve: ≈ 0.38 MW of discharge from 5.1 s to 15 s.
    const ts = new Map((await run.timeseries()).map((r) => [r.time_s, r.dc1_battery_mw]));
    expect(ts.get(10)).toBeCloseTo(0.185 / 0.485, 2);
    expect(ts.get(18)).toBeCloseTo(0, 3);
    // Client ID = device ID = user name; p2 is MQTT 3.1.1.
    for (const site of ['dc1', 'dc2']) expect(broker.logs()).toMatch(new RegExp(`as ${dev(site)} \\(p2,[^\\n]*u'${dev(site)}'`));
  }, 30_000);

  it('a wrong CA is exit 3 naming the TLS failure', async () => {
    const run = await runScenario({ yaml: scenario(broker.tlsUrl!, 'wrong-ca.pem'), name: 'oe-wrong-ca' }, tmp.dir);
    expect(run.outcome.exitCode).toBe(3);
    expect(run.outcome.summary.error!.message).toMatch(/TLS handshake failed/);
  }, 30_000);

  it('a wrong device secret is exit 3 naming the credentials', async () => {
    const run = await runScenario({ yaml: scenario(broker.tlsUrl!, 'ca.pem', 'nope'), name: NAME }, tmp.dir);
    expect(run.outcome.exitCode).toBe(3);
    expect(run.outcome.summary.error!.message).toMatch(/user name and password/);
  }, 30_000);
});
