// Powernaut over mqtts:// with certificates the test generates, and per-site (edge-cloud)
// credentials on a Mosquitto that refuses anonymous clients: the fleet streams and follows its
// setpoints; a wrong CA or a wrong site secret is a clear connection failure (exit 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runScenario, tempDir } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { createTestPki } from '../../sim/transports/test-pki.ts';

const scenario = (url: string, ca: string, sitePassword = 'pw-{site}') => `
run: { duration: 40 s, window: 1 s, seed: 3 }
broker: { url: ${url}, ca: ${ca}, username: platform, password: platform-secret }
sites:
  dc1:
    ai_load: { rated_power: 10 MW }
    battery: { energy: 4 MWh, power: 2 MW, mode: idle }
  dc2:
    ai_load: { rated_power: 5 MW }
timeline:
  - { at: 10 s, type: setpoint, resource: dc1-battery, value: -1 MW, length: 20 s }
profiles:
  powernaut:
    auth: { mode: edge, username: '{site}', password: '${sitePassword}' }
`;

describe('Powernaut over TLS with edge-cloud credentials', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto({ tls: true, users: { dc1: 'pw-dc1', dc2: 'pw-dc2', platform: 'platform-secret' } });
    await writeFile(join(tmp.dir, 'ca.pem'), broker.caPem!);
    await mkdir(join(tmp.dir, 'other'));
    const other = await createTestPki(join(tmp.dir, 'other'));
    await writeFile(join(tmp.dir, 'wrong-ca.pem'), other.caPem);
  }, 30_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('streams and follows setpoints over mqtts:// with each site\'s own credentials', async () => {
    const run = await runScenario({ yaml: scenario(broker.tlsUrl!, 'ca.pem'), name: 'pn-tls' }, tmp.dir);
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.exitCode).toBe(0);
    expect(run.outcome.summary.run.broker).toMatch(/^mqtts:\/\//);
    expect(run.outcome.summary.metrics.telemetry_completeness).toBe(1);
    const battery = (await run.traffic()).filter((r) => r.topic === 'resource/dc1-battery/data').map((r) => JSON.parse(r.payload).value);
    expect(battery[4]).toBeLessThan(-990_000); // 20 s: discharging 1 MW
    // Each device logged in as its site.
    expect(broker.logs()).toMatch(/gridtwin-pn-tls-resource-dc1-battery[^\n]*u'dc1'/);
    expect(broker.logs()).toMatch(/gridtwin-pn-tls-site-dc2[^\n]*u'dc2'/);
  }, 30_000);

  it('a wrong CA is exit 3 naming the TLS failure', async () => {
    const run = await runScenario({ yaml: scenario(broker.tlsUrl!, 'wrong-ca.pem'), name: 'pn-wrong-ca' }, tmp.dir);
    expect(run.outcome.exitCode).toBe(3);
    expect(run.outcome.summary.error!.message).toMatch(/TLS handshake failed/);
  }, 30_000);

  it('a wrong site secret is exit 3 naming the credentials', async () => {
    const run = await runScenario({ yaml: scenario(broker.tlsUrl!, 'ca.pem', 'nope'), name: 'pn-wrong-pw' }, tmp.dir);
    expect(run.outcome.exitCode).toBe(3);
    expect(run.outcome.summary.error!.message).toMatch(/user name and password/);
  }, 30_000);
});
