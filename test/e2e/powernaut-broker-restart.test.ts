// The broker restarts in the middle of a real-time Powernaut run (a real Mosquitto, stopped and
// started again on the same port): the devices buffer their readings, reconnect with back-off under
// the same client IDs, send the backlog as JSON-array batches, and drop — and count — the readings
// that grew older than stale_after while they waited. Completeness shows the gap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { freePort, startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';

const scenario = `
run: { duration: 36 s, window: 1 s, seed: 9, mode: realtime }
sites:
  dc1:
    ai_load: { rated_power: 10 MW }
    battery: { energy: 4 MWh, power: 2 MW, mode: idle }
profiles:
  powernaut: { stale_after: 9 s, reconnect: { initial: 200 ms, max: 1 s } }
`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Powernaut: broker restart mid-run', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let run: FinishedRun;

  beforeAll(async () => {
    tmp = await tempDir();
    const port = await freePort();
    broker = await startMosquitto({ port });
    const running = runScenario({ yaml: scenario, name: 'pn-restart' }, tmp.dir, { brokerUrl: broker.url, reconnectGraceMs: 30_000 });
    for (let k = 0; k < 100 && !broker.logs().includes('resource-dc1-battery'); k++) await sleep(50);
    await sleep(5_500); // the 4 s readings went out
    await broker.stop();
    // 20 s away: the 8, 12 and 16 s readings grow stale (> 9 s) while the 20 and 24 s readings wait,
    // so the backlog is a batch of two with ~4 s of margin for a slow reconnect on a loaded machine
    // (a 14 s outage left a single fresh reading — no batch — whenever the reconnect slipped by 1 s).
    await sleep(20_000);
    broker = await startMosquitto({ port });
    run = await running;
  }, 90_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('finishes the run and counts the losses and reconnects', () => {
    const s = run.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(s.run.simulated_s).toBe(36);
    expect(s.counts.pn_connection_losses).toBeGreaterThanOrEqual(3);
    expect(s.counts.pn_reconnects).toBeGreaterThanOrEqual(3);
    expect(s.conformance.rules.find((r) => r.id === 'PN-CLIENT-001')!.status).toBe('passed'); // a restart is no takeover
  });

  it('sends the backlog as batches, oldest first, none older than stale_after', async () => {
    const out = (await run.traffic()).filter((r) => r.direction === 'out' && r.verdict === 'ok');
    const batches = out.filter((r) => r.payload.startsWith('['));
    expect(batches.map((r) => r.topic).sort()).toEqual(['resource/dc1-battery/data', 'resource/dc1-load/data', 'site/dc1/data']);
    for (const b of batches) {
      const items = JSON.parse(b.payload) as Array<{ value: number; time: number }>;
      expect(items.length).toBeGreaterThanOrEqual(2);
      const times = items.map((i) => i.time);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      const sent = Date.parse(b.wall_time) / 1000;
      for (const t of times) expect(sent - t).toBeLessThanOrEqual(9 + 1.5);
    }
    expect(run.outcome.summary.counts.pn_batches).toBe(3);
  });

  it('drops and counts the stale readings, and the completeness shows the gap', () => {
    const s = run.outcome.summary;
    const m = s.metrics as Record<string, number>;
    expect(s.counts.stale_dropped).toBeGreaterThanOrEqual(3);
    expect(m.stale_dropped).toBe(s.counts.stale_dropped);
    expect(m.telemetry_late).toBeGreaterThanOrEqual(3);
    expect(m.telemetry_completeness_min).toBeLessThan(0.8);
    expect(m.telemetry_completeness_min).toBeGreaterThan(0.3);
  });
});
