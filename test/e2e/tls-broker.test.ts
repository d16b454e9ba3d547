// A run against a broker that requires TLS with client certificates (mTLS), configured the way a
// user would: `broker:` in the scenario with the CA, certificate and key as files next to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runScenario, tempDir } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';

const scenario = (url: string, withClientCert: boolean) => `
run: { duration: 2 min, seed: 21 }
broker:
  url: ${url}
  ca: ca.pem
${withClientCert ? '  cert: client.pem\n  key: client.key\n' : ''}
sites:
  dc1:
    ai_load: { rated_power: 40 MW, ramp_down: 10 MW/s, ramp_up: 10 MW/s }
timeline:
  - { at: 20 s, type: demand_response, site: dc1, reduction: 10 MW, duration: 40 s }
profiles:
  dsx-pm:
    poweragent: { site: dc1 }
thresholds: [dr_unanswered == 0]
`;

describe('mutual TLS broker', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto({ tls: true, requireClientCert: true });
    await writeFile(join(tmp.dir, 'ca.pem'), broker.caPem!);
    await writeFile(join(tmp.dir, 'client.pem'), broker.clientCert!.certPem);
    await writeFile(join(tmp.dir, 'client.key'), broker.clientCert!.keyPem);
  });
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('runs the closed loop over mqtts:// with a client certificate', async () => {
    const run = await runScenario({ yaml: scenario(broker.tlsUrl!, true), name: 'mtls' }, tmp.dir);
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.summary.verdict).toBe('pass');
    expect(run.outcome.summary.run.broker).toBe(broker.tlsUrl);
  });

  it('without the client certificate the broker refuses it: exit 3 naming the URL', async () => {
    const run = await runScenario({ yaml: scenario(broker.tlsUrl!, false), name: 'no-cert' }, tmp.dir);
    expect(run.outcome.exitCode).toBe(3);
    expect(run.outcome.summary.error!.message).toContain(broker.tlsUrl!);
  });
});
