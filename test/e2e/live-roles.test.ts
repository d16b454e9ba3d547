// Both directions of the DSX profile, each against a live counterpart that is another gridtwin
// process on the same Mosquitto: run A plays the site (power agent + infra agent) with the ISV
// live; run B plays the ISV (scripted load targets) with the power agent live. Each checks the
// other's messages with the same conformance rules and probes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { writeKeyFiles } from '../../sim/bindings/dsx-pm/keys.ts';

const site = `
run: { duration: 24 s, window: 200 ms, seed: 11, mode: realtime }
sites:
  dc1:
    feeds: [main-a]
    ai_load: { rated_power: 100 MW, idle_fraction: 20%, power_floor: 60%, period: 1 s, ramp_down: 50 MW/s, ramp_up: 50 MW/s }
profiles:
  dsx-pm:
    heartbeat: 2 s
    breach: { grace: 5 s, escalate_after: 5 s }
    poweragent: { id: dps-a, site: dc1, key: poweragent.private.jwk.json }
    infra: { id: ima-a }
    isv: { mode: live }
    trust: { isv: isv.jwks.json }
`;

const isv = `
run: { duration: 22 s, window: 200 ms, seed: 12, mode: realtime }
timeline:
  - { at: 3 s, type: loadtarget, feed_tags: [main-a], constraint: 60 MW, length: 10 s }
  - { at: 16 s, type: loadtarget, feed_tags: [main-a], constraint: null }
profiles:
  dsx-pm:
    target_set_deadline: 2 s
    poweragent: { mode: live }
    infra: { mode: none }
    isv: { mode: scripted, id: acme-isv, key: isv.private.jwk.json }
    trust: { poweragent: poweragent.jwks.json }
thresholds:
  - target_set_latency_p99 < 1 s
  - compliance_latency_p99 < 5 s
  - conformance_failures == 0
`;

describe('live counterparts in both directions', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let agentSide: FinishedRun;
  let isvSide: FinishedRun;

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto();
    await writeKeyFiles(tmp.dir, 'poweragent');
    await writeKeyFiles(tmp.dir, 'isv');
    const a = runScenario({ yaml: site, name: 'live-site' }, tmp.dir, { brokerUrl: broker.url });
    await new Promise((r) => setTimeout(r, 1_000));
    const b = runScenario({ yaml: isv, name: 'live-isv' }, tmp.dir, { brokerUrl: broker.url });
    [agentSide, isvSide] = await Promise.all([a, b]);
  }, 90_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('both runs finish without error', () => {
    expect(agentSide.outcome.summary.error).toBeUndefined();
    expect(isvSide.outcome.summary.error).toBeUndefined();
  });

  it('the site side accepts the live ISV’s signed targets and acts on them in the physics', async () => {
    const s = agentSide.outcome.summary;
    const accepted = (await agentSide.traffic()).filter((t) => t.direction === 'in' && t.verdict === 'accepted' && t.topic.endsWith('/loadtarget/set'));
    expect(accepted.length).toBe(2);
    expect(s.counts.rejected_inbound ?? 0).toBe(0);
    const ts = await agentSide.timeseries();
    const capped = ts.filter((r) => r.dc1_constraint_mw === 60);
    expect(capped.length).toBeGreaterThan(20);
    expect(capped.at(-1)!.dc1_poi_mw!).toBeLessThanOrEqual(60 * 1.02);
  });

  it('the ISV side measures the live agent: target_set and compliance within their thresholds', () => {
    const s = isvSide.outcome.summary;
    expect(s.thresholds.map((t) => [t.text, t.passed])).toEqual([
      ['target_set_latency_p99 < 1 s', true],
      ['compliance_latency_p99 < 5 s', true],
      ['conformance_failures == 0', true],
    ]);
    expect(s.probes.target_set_latency.count).toBe(2);
    // Real-time runs measure how late each instant was against its absolute schedule.
    expect(typeof s.metrics.lateness_p99).toBe('number');
    expect(s.run.mode).toBe('realtime');
    expect(s.probes.compliance_latency.count).toBe(1);
  });

  it('the ISV side checks the live agent’s messages as inbound, and its own as outbound', () => {
    const rules = Object.fromEntries(isvSide.outcome.summary.conformance.rules.map((r) => [r.id, r]));
    expect(rules['DSX-JWS-004'].inbound.checked).toBeGreaterThan(5);
    expect(rules['DSX-JWS-004'].outbound.checked).toBe(2);
    expect(rules['DSX-BEH-001'].outbound.checked + rules['DSX-BEH-001'].inbound.checked).toBe(2);
    expect(rules['DSX-TRACE-002'].inbound.failed).toBe(0);
    expect(rules['DSX-TRACE-002'].inbound.checked).toBeGreaterThan(0);
  });
});
