// Same scenario and seed ⇒ same run hash: run twice, with one and with two model workers, and
// through a real Mosquitto instead of the embedded broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';

const file = 'scenarios/quickstart.yaml';

describe('run hash', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let reference: string;
  let mosquitto: MosquittoBroker;

  beforeAll(async () => {
    tmp = await tempDir();
    mosquitto = await startMosquitto();
    reference = (await runScenario({ file }, tmp.dir, { workers: 1, until: 480_000_000 })).outcome.summary.run_hash;
  });
  afterAll(async () => {
    await mosquitto?.stop();
    await tmp.cleanup();
  });

  it('is identical when the same scenario and seed run again', async () => {
    const again = await runScenario({ file }, tmp.dir, { workers: 1, until: 480_000_000 });
    expect(again.outcome.summary.run_hash).toBe(reference);
  });

  it('is identical with two model workers instead of one', async () => {
    const two = await runScenario({ file }, tmp.dir, { workers: 2, until: 480_000_000 });
    expect(two.outcome.summary.run.workers).toBe(2);
    expect(two.outcome.summary.run_hash).toBe(reference);
  });

  it('is identical through a real Mosquitto broker', async () => {
    const viaMosquitto = await runScenario({ file }, tmp.dir, { workers: 1, until: 480_000_000, brokerUrl: mosquitto.url });
    expect(viaMosquitto.outcome.summary.run.broker).toBe(mosquitto.url);
    expect(viaMosquitto.outcome.summary.verdict).toBe('pass');
    expect(viaMosquitto.outcome.summary.run_hash).toBe(reference);
  });

  it('changes with the seed', async () => {
    const other = await runScenario({ file }, tmp.dir, { workers: 1, until: 480_000_000, seed: 43 });
    expect(other.outcome.summary.run_hash).not.toBe(reference);
  });
});
