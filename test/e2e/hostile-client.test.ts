// A hostile client on the broker during a run publishes every kind of bad message on the DSX
// load-target channel: not JSON, not a CloudEvent, a tampered signature, an unknown kid, a replay
// and a schema-invalid payload. Each is rejected, counted under its rule, never acted upon — and the
// run goes on to its end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { connectMqtt } from '../../sim/transports/mqtt-connection.ts';
import { generateKeyPair } from '../../sim/bindings/dsx-pm/keys.ts';
import { createFastSigner } from '../../sim/bindings/dsx-pm/jws-fast-signer.ts';
import { buildEnvelope, encodeEnvelope } from '../../sim/bindings/dsx-pm/envelope.ts';

const scenario = (jwks: string) => `
run: { duration: 40 min, window: 1 s, seed: 7, mode: fast }
sites:
  dc1:
    feeds: [main-a]
    ai_load: { rated_power: 100 MW, ramp_down: 20 MW/s, ramp_up: 20 MW/s }
profiles:
  dsx-pm:
    poweragent: { site: dc1 }
    trust: { isv: ${jwks} }
`;

describe('hostile inbound messages during a run', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let run: FinishedRun;

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto();
    // Mallory's key is trusted for the isv role, so her well-formed message is valid once.
    const mallory = await generateKeyPair({ role: 'isv', kid: 'mallory-1' });
    const stranger = await generateKeyPair({ role: 'isv', kid: 'stranger-1' });
    await writeFile(join(tmp.dir, 'mallory.jwks.json'), JSON.stringify(mallory.publicJwks));
    const sign = createFastSigner(mallory.privateJwk);
    const signStranger = createFastSigner(stranger.privateJwk);
    const topic = 'grid/v1/isv/mallory/loadtarget/set';
    let n = 0;
    const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    // Had any of these been acted upon, feed main-a would be capped to 1 MW.
    const harmful = { targets: [{ interval: {}, feed_tags: ['main-a'], load_constraint: { value: 1, unit: 'megawatt' } }] };
    const event = (data: string, id = uuid()) =>
      encodeEnvelope(
        buildEnvelope({ id, role: 'isv', identifier: 'mallory', type: 'grid.loadtarget.set.v1', time: '2026-01-01T00:00:01Z', subject: 'loadtarget', traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`, correlationid: uuid(), data }),
      );
    const good = sign.signSync(JSON.stringify({ targets: [{ interval: {}, feed_tags: ['not-our-feed'], load_constraint: { value: 5, unit: 'megawatt' } }] }));
    const tampered = sign.signSync(JSON.stringify(harmful)).replace(/\.([A-Za-z0-9_-])/, (_m, c) => `.${c === 'A' ? 'B' : 'A'}`);
    const replayed = event(good, '11111111-1111-4111-8111-111111111111');
    const bad: Array<Buffer | string> = [
      'this is not JSON',
      JSON.stringify({ hello: 'world' }),
      event(tampered),
      event(signStranger.signSync(JSON.stringify(harmful))),
      replayed,
      replayed,
      event(sign.signSync(JSON.stringify({ targets: [] }))),
    ];
    const hostile = await connectMqtt({ url: broker.url, clientId: 'mallory', protocolVersion: 4 });
    await hostile.subscribe(['grid/v1/poweragent/+/powerstate/status'], { qos: 1 });
    const engineUp = new Promise<void>((resolve) => hostile.onMessage(() => resolve()));
    const running = runScenario({ yaml: scenario('mallory.jwks.json'), name: 'hostile' }, tmp.dir, { brokerUrl: broker.url });
    await engineUp;
    for (const payload of bad) await hostile.publish(topic, payload, { qos: 1 });
    run = await running;
    await hostile.end();
  }, 120_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('the run goes on to its end', () => {
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.summary.run.simulated_s).toBe(2400);
  });

  it('counts each rejected message under the rule it broke', () => {
    const c = run.outcome.summary.counts;
    expect(c['rejected_inbound{DSX-ENV-001}']).toBe(1);
    expect(c['rejected_inbound{DSX-ENV-002}']).toBe(1);
    expect(c['rejected_inbound{DSX-JWS-004}']).toBe(1);
    expect(c['rejected_inbound{DSX-JWS-003}']).toBe(1);
    expect(c['rejected_inbound{DSX-ENV-010}']).toBe(1);
    expect(c['rejected_inbound{DSX-SCHEMA-002}']).toBe(1);
    expect(c.rejected_inbound).toBe(6);
  });

  it('accepts the one valid message, which names no feed of this agent, and ignores it', () => {
    expect(run.outcome.summary.counts['dsx_targets_ignored{no_feed_of_this_agent}']).toBe(1);
  });

  it('never acts on a rejected message', async () => {
    const ts = await run.timeseries();
    expect(ts.every((r) => r.dc1_constraint_mw === undefined)).toBe(true);
  });

  it('fails the run with exit 99 and shows the failures with examples in the conformance table', () => {
    const s = run.outcome.summary;
    expect(s.verdict).toBe('fail');
    expect(run.outcome.exitCode).toBe(99);
    const failed = s.conformance.rules.filter((r) => r.status === 'failed');
    for (const id of ['DSX-ENV-001', 'DSX-ENV-002', 'DSX-JWS-003', 'DSX-JWS-004', 'DSX-ENV-010', 'DSX-SCHEMA-002']) {
      const rule = failed.find((r) => r.id === id);
      expect(rule, id).toBeDefined();
      expect(rule!.inbound.failed).toBeGreaterThan(0);
      expect(rule!.outbound.failed).toBe(0);
      expect(rule!.examples[0].topic).toBe('grid/v1/isv/mallory/loadtarget/set');
    }
  });

  it('logs every rejected message in traffic.ndjson with its failures', async () => {
    const rejected = (await run.traffic()).filter((t) => t.direction === 'in' && t.verdict === 'rejected');
    expect(rejected.length).toBe(6);
    expect(rejected.every((t) => t.failures.length > 0)).toBe(true);
  });
});
