// The broker is part of the system: unreachable at the start, it is a connection failure (exit 3,
// the URL and the cause named); lost during a run and back within the grace period, the run goes
// on and counts the loss; lost for good, the run stops with exit 3 and still writes its folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, tempDir } from './run-helpers.ts';
import { freePort, startMosquitto } from '../../sim/transports/broker-processes.ts';
import { ConnectionError } from '../../sim/errors.ts';

const scenario = (mode: 'fast' | 'realtime', duration: string) => `
run: { duration: ${duration}, window: 100 ms, seed: 3, mode: ${mode} }
sites:
  dc1:
    ai_load: { rated_power: 50 MW, ramp_down: 10 MW/s }
profiles:
  dsx-pm:
    heartbeat: 1 s
    poweragent: { site: dc1 }
`;

describe('broker failures', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.cleanup());

  it('an unreachable broker is exit 3 with the URL and the cause', async () => {
    const port = await freePort();
    const url = `mqtt://127.0.0.1:${port}`;
    const run = await runScenario({ yaml: scenario('fast', '10 s'), name: 'unreachable' }, tmp.dir, { brokerUrl: url });
    expect(run.outcome.exitCode).toBe(3);
    expect(run.outcome.error).toBeInstanceOf(ConnectionError);
    expect(run.outcome.summary.error!.message).toContain(url);
    expect(run.outcome.summary.error!.message).toMatch(/ECONNREFUSED|refused/i);
  });

  it('a broker that comes back within the grace period: the run finishes and counts the loss', async () => {
    const port = await freePort();
    let broker = await startMosquitto({ port });
    const running = runScenario({ yaml: scenario('realtime', '6 s'), name: 'blip' }, tmp.dir, { brokerUrl: broker.url, reconnectGraceMs: 8_000 });
    await new Promise((r) => setTimeout(r, 1_500));
    await broker.stop();
    await new Promise((r) => setTimeout(r, 1_000));
    broker = await startMosquitto({ port });
    const run = await running;
    await broker.stop();
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.summary.run.simulated_s).toBe(6);
    expect(run.outcome.summary.counts.broker_losses).toBeGreaterThanOrEqual(1);
    expect(run.outcome.summary.warnings.some((w) => w.includes('broker connection lost'))).toBe(true);
  }, 30_000);

  it('a broker lost for good: exit 3 after the grace period, and the run folder is still written', async () => {
    const broker = await startMosquitto();
    const running = runScenario({ yaml: scenario('realtime', '30 s'), name: 'gone' }, tmp.dir, { brokerUrl: broker.url, reconnectGraceMs: 1_500 });
    await new Promise((r) => setTimeout(r, 1_500));
    await broker.stop();
    const run = await running;
    expect(run.outcome.exitCode).toBe(3);
    expect(run.outcome.summary.error!.code).toBe('CONNECTION');
    expect(run.outcome.summary.run.simulated_s).toBeLessThan(10);
    expect(existsSync(join(run.outDir, 'timeseries.csv'))).toBe(true);
    expect(existsSync(join(run.outDir, 'traffic.ndjson'))).toBe(true);
  }, 30_000);

  it('a broker lost during a fast run stops the flush barrier and fails with exit 3', async () => {
    const broker = await startMosquitto();
    const running = runScenario({ yaml: scenario('fast', '10 h'), name: 'gone-fast' }, tmp.dir, { brokerUrl: broker.url, reconnectGraceMs: 1_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    await broker.stop();
    const run = await running;
    expect(run.outcome.exitCode).toBe(3);
    expect(run.outcome.summary.run.simulated_s).toBeLessThan(36_000);
  }, 30_000);
});
