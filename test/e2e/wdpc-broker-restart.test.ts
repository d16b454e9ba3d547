// The WDPC bus loses its broker mid-run (a real Mosquitto on a fixed port, stopped and started again
// on the same port within the engine's reconnect grace), and, in a second run, one facility's edge
// connection is killed without DISCONNECT (another client takes over its client ID). Each time the
// Sparkplug session ends with the link: the held messages are dropped (and counted, never lost
// quietly), the reconnect registers the next session's Will (bdSeq + 1) and the facility re-births
// — NBIRTH with the next bdSeq and seq 0 before any NDATA/DDATA — with no SPB-ORDER-* or SPB-SEQ-*
// failure of gridtwin's own messages. The killed connection's Will, an NDEATH with the old bdSeq,
// reaches the subscribers.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { freePort, startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { DataType, decodePayload } from '../../sim/bindings/wdpc/sparkplug/payload.ts';

const scenario = (duration: string) => `
run: { duration: ${duration}, window: 500 ms, seed: 7, mode: realtime }
sites:
  dc1:
    ai_load: { rated_power: 1 MW, nodes: 2, gpus: 2, duty: 1 }
    battery: { energy: 1 MWh, power: 1 MW, poi_ceiling: 100 MW }
  dc2:
    ai_load: { rated_power: 500 kW, nodes: 2, gpus: 2, duty: 1 }
profiles:
  wdpc:
    rates: { node_power: 500 ms, components: 1 s, thermal: 1 s, infrastructure: 1 s, workload: 1 s }
    consumer: reactive
`;
const OUTAGE_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  type: string;
  node: string;
  device?: string;
  at: number;
  seq?: number;
  bdSeq?: number;
}

/** A Sparkplug host of its own: subscribes to the group, reconnects after a restart (re-subscribing). */
async function watcher(url: string, id: string): Promise<{ seen: Seen[]; end: () => Promise<void> }> {
  const seen: Seen[] = [];
  const c = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: id, reconnectPeriod: 200, clean: true });
  c.on('message', (topic, payload) => {
    const [, , type, node, device] = topic.split('/');
    const p = decodePayload(payload, () => DataType.Bytes);
    const bd = p.metrics.find((m) => m.name === 'bdSeq')?.value;
    seen.push({ type, node, ...(device ? { device } : {}), at: Date.now(), ...(p.seq !== undefined ? { seq: p.seq } : {}), ...(bd !== undefined ? { bdSeq: Number(bd) } : {}) });
  });
  await c.subscribeAsync('spBv1.0/gridtwin/#', { qos: 1 });
  return { seen, end: () => c.endAsync() };
}

const isData = (m: { type: string }) => m.type === 'NDATA' || m.type === 'DDATA';

describe('WDPC: broker restart and a killed edge connection mid-run (real Mosquitto, real time)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  const brokers: MosquittoBroker[] = [];
  let restart: { run: FinishedRun; seen: Seen[]; stoppedAt: number; restartedAt: number };
  let takeover: { run: FinishedRun; seen: Seen[]; killedAt: number };

  async function restartRun(): Promise<typeof restart> {
    const name = 'wdpc-restart';
    const port = await freePort();
    const first = await startMosquitto({ port });
    brokers.push(first);
    const w = await watcher(first.url, 'restart-watcher');
    const running = runScenario({ yaml: scenario('20 s'), name }, tmp.dir, { brokerUrl: first.url, reconnectGraceMs: 30_000 });
    for (let k = 0; k < 200 && !w.seen.some((m) => m.type === 'NBIRTH' && m.node === 'dc2'); k++) await sleep(50);
    await sleep(4_000); // several windows of data went out
    await first.stop();
    const stoppedAt = Date.now();
    await sleep(OUTAGE_MS);
    brokers.push(await startMosquitto({ port }));
    const restartedAt = Date.now();
    const run = await running;
    await w.end();
    return { run, seen: w.seen, stoppedAt, restartedAt };
  }

  async function takeoverRun(broker: MosquittoBroker): Promise<typeof takeover> {
    const name = 'wdpc-takeover';
    const w = await watcher(broker.url, 'takeover-watcher');
    const running = runScenario({ yaml: scenario('12 s'), name }, tmp.dir, { brokerUrl: broker.url });
    for (let k = 0; k < 200 && !w.seen.some((m) => m.type === 'NBIRTH' && m.node === 'dc2'); k++) await sleep(50);
    await sleep(3_000);
    // Another client connects with dc1's edge client ID: the broker closes dc1's connection without
    // a DISCONNECT from it, so it publishes dc1's Will. The impostor leaves; dc1 reconnects.
    const killedAt = Date.now();
    const impostor = await mqtt.connectAsync(broker.url, { protocolVersion: 4, clientId: `gridtwin-${name}-wdpc-dc1`, reconnectPeriod: 0, clean: true });
    await sleep(300);
    await impostor.endAsync(true);
    const run = await running;
    await w.end();
    return { run, seen: w.seen, killedAt };
  }

  beforeAll(async () => {
    tmp = await tempDir();
    const other = await startMosquitto();
    brokers.push(other);
    [restart, takeover] = await Promise.all([restartRun(), takeoverRun(other)]);
  }, 90_000);
  afterAll(async () => {
    for (const b of brokers) await b.stop();
    await tmp?.cleanup();
  });

  describe('broker restart', () => {
    it('finishes the run and counts a lost session per facility', () => {
      const s = restart.run.outcome.summary;
      expect(s.error).toBeUndefined();
      expect(s.run.simulated_s).toBe(20);
      expect(s.counts.wdpc_sessions_lost).toBeGreaterThanOrEqual(2); // dc1 and dc2
      // While the session was down nothing was made for it: counted, not published into the void.
      expect(s.counts['wdpc_unpublished{session_down}']).toBeGreaterThan(0);
      expect(restart.run.outcome.exitCode).not.toBe(3);
    });

    it('re-births each facility after the restart: NBIRTH with bdSeq + 1 and seq 0 before any NDATA/DDATA (seen by a separate subscriber)', () => {
      for (const node of ['dc1', 'dc2']) {
        const mine = restart.seen.filter((m) => m.node === node);
        const births = mine.filter((m) => m.type === 'NBIRTH');
        expect(births.length, node).toBe(2);
        expect(births[1].bdSeq, node).toBe((births[0].bdSeq! + 1) % 256);
        expect(births[1].seq, node).toBe(0);
        expect(births[1].at, node).toBeGreaterThan(restart.restartedAt);
        // The session after the restart starts with its NBIRTH and the DBIRTHs, then data.
        const after = mine.filter((m) => m.at > restart.stoppedAt);
        expect(after[0].type, node).toBe('NBIRTH');
        const firstData = after.findIndex(isData);
        expect(firstData, node).toBeGreaterThan(0);
        expect(after.slice(1, firstData).map((m) => m.type), node).toEqual(['DBIRTH', 'DBIRTH']);
        // seq runs 0, 1, 2, … through the new session.
        const seqs = after.filter((m) => m.type !== 'NDEATH').map((m) => m.seq!);
        expect(seqs.slice(0, 10), node).toEqual(seqs.slice(0, 10).map((_, k) => k % 256));
      }
    });

    it("shows the same in traffic.ndjson: gridtwin's own messages after the outage start with the NBIRTH", async () => {
      const out = (await restart.run.traffic()).filter((r) => r.direction === 'out' && r.topic.startsWith('spBv1.0/gridtwin/'));
      for (const node of ['dc1', 'dc2']) {
        const mine = out.filter((r) => r.topic.split('/')[3] === node && Date.parse(r.wall_time) > restart.stoppedAt);
        expect(mine.length, node).toBeGreaterThan(5);
        expect(mine[0].topic, node).toBe(`spBv1.0/gridtwin/NBIRTH/${node}`);
      }
    });

    it("no SPB-ORDER-* or SPB-SEQ-* failure of gridtwin's own messages, and no outbound failure at all", () => {
      const rules = restart.run.outcome.summary.conformance.rules;
      const outFailed = rules.filter((r) => r.outbound.failed > 0).map((r) => `${r.id}: ${r.examples.map((e) => e.detail).join(' | ')}`);
      expect(outFailed).toEqual([]);
      for (const id of ['SPB-ORDER-001', 'SPB-ORDER-002', 'SPB-SEQ-001', 'SPB-SEQ-002', 'SPB-SEQ-003']) {
        const r = rules.find((x) => x.id === id)!;
        expect(r.outbound.checked, id).toBeGreaterThan(0);
        expect(r.outbound.failed, id).toBe(0);
      }
    });

    it('loses nothing quietly: every lost message is counted under a reason', () => {
      const c = restart.run.outcome.summary.counts;
      const lost = c.messages_lost ?? 0;
      const byReason = Object.entries(c).filter(([k]) => k.startsWith('messages_lost{')).reduce((n, [, v]) => n + v, 0);
      expect(byReason).toBe(lost);
      expect(restart.run.outcome.summary.metrics.messages_lost ?? lost).toBe(lost);
    });
  });

  describe('edge connection killed without DISCONNECT (client ID takeover)', () => {
    it("the broker publishes dc1's Will: an NDEATH with the bdSeq of its first NBIRTH", () => {
      const dc1 = takeover.seen.filter((m) => m.node === 'dc1');
      const births = dc1.filter((m) => m.type === 'NBIRTH');
      const deaths = dc1.filter((m) => m.type === 'NDEATH');
      expect(deaths.length).toBeGreaterThanOrEqual(1);
      expect(deaths[0].bdSeq).toBe(births[0].bdSeq);
      expect(deaths[0].at).toBeGreaterThanOrEqual(takeover.killedAt);
      // dc2 was untouched: no death before the clean end of the run.
      const dc2deaths = takeover.seen.filter((m) => m.node === 'dc2' && m.type === 'NDEATH');
      expect(dc2deaths.length).toBeLessThanOrEqual(1);
    });

    it('dc1 reconnects and re-births with the next bdSeq (the Will it registered on reconnect), seq 0, before any data', () => {
      const dc1 = takeover.seen.filter((m) => m.node === 'dc1');
      const births = dc1.filter((m) => m.type === 'NBIRTH');
      expect(births).toHaveLength(2);
      expect(births[1].bdSeq).toBe((births[0].bdSeq! + 1) % 256);
      expect(births[1].seq).toBe(0);
      const willAt = dc1.findIndex((m) => m.type === 'NDEATH');
      const after = dc1.slice(willAt + 1);
      expect(after[0].type).toBe('NBIRTH');
      // The graceful NDEATH at the end of the run carries the new session's bdSeq.
      const last = dc1.at(-1)!;
      expect(last.type).toBe('NDEATH');
      expect(last.bdSeq).toBe(births[1].bdSeq);
    });

    it('the engine recognises the Will as the old session’s end (SPB-BDSEQ-002 passes) and counts the lost session', async () => {
      const s = takeover.run.outcome.summary;
      expect(s.error).toBeUndefined();
      expect(s.run.simulated_s).toBe(12);
      expect(s.counts.wdpc_sessions_lost).toBe(1);
      const rules = s.conformance.rules;
      expect(rules.find((r) => r.id === 'SPB-BDSEQ-002')!.inbound.failed).toBe(0);
      expect(rules.filter((r) => r.outbound.failed > 0).map((r) => r.id)).toEqual([]);
      const will = (await takeover.run.traffic()).filter((r) => r.direction === 'in' && r.topic === 'spBv1.0/gridtwin/NDEATH/dc1');
      expect(will).toHaveLength(1);
      expect(will[0].verdict).toBe('accepted');
      const c = s.counts;
      const byReason = Object.entries(c).filter(([k]) => k.startsWith('messages_lost{')).reduce((n, [, v]) => n + v, 0);
      expect(byReason).toBe(c.messages_lost ?? 0);
    });
  });
});
