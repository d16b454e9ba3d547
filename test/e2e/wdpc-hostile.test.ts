// A hostile live consumer on the WDPC bus against a real Mosquitto (real time, consumer: live). It
// reads the facility's NBIRTH to learn the aliases, then sends every kind of bad NCMD — not
// protobuf (SPB-PAYLOAD-001), an NCMD on a malformed topic (SPB-TOPIC-001), an unknown alias, a
// SoC target outside [soc_min, soc_max], NaN, the wrong datatype (Int32, String), the metric by
// name instead of its alias, a DCMD to a compute node (all WDPC-CMD-001) — each rejected under its
// rule and never acted on: the battery's SoC target does not move. Then one good NCMD (inside the
// window) is applied — the battery's SoC heads to it — and a null releases it; a rebirth request
// brings a new NBIRTH with seq 0 and the same bdSeq. A foreign publisher posing as the facility's
// edge node sends NDATA with a forged envelope (wrong HMAC key: WDPC-SEC-002) and a replayed
// genuine one (WDPC-SEC-003): both rejected and counted.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { DataType, decodePayload, encodePayload, type DecodedPayload, type Metric } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { EnvelopeSealer } from '../../sim/bindings/wdpc/envelope.ts';

const NAME = 'wdpc-hostile';
const GROUP = 'gridtwin';
const scenario = `
run: { duration: 14 s, window: 500 ms, seed: 5, mode: realtime, timeseries: { sites: [dc1] } }
sites:
  dc1:
    ai_load: { rated_power: 1 MW, nodes: 2, gpus: 4, duty: 1 }
    battery: { energy: 10 kWh, power: 2 MW, soc_initial: 50%, soc_target: 50%, soc_min: 20%, soc_max: 80%, poi_ceiling: 100 MW, recharge_power: 1 MW }
  dc2:
    ai_load: { rated_power: 500 kW, nodes: 2, gpus: 4, duty: 1 }
profiles:
  wdpc:
    rates: { node_power: 500 ms, components: 500 ms, thermal: 1 s, infrastructure: 1 s, workload: 1 s }
    consumer: live
`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const topic = (type: string, node = 'dc1', device?: string) => ['spBv1.0', GROUP, type, node, ...(device ? [device] : [])].join('/');

interface Seen {
  topic: string;
  type: string;
  node: string;
  payload: Buffer;
  at: number;
}

describe('WDPC: a hostile live consumer and a foreign publisher posing as the edge node (real Mosquitto, real time)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let broker: MosquittoBroker;
  let run: FinishedRun;
  const seen: Seen[] = [];
  let aliases: Record<string, number>;
  let goodSentAt = 0;
  let releaseSentAt = 0;
  let rebirthSentAt = 0;
  let replayedEnvelope: Uint8Array | undefined;

  const fromDc1 = (type: string) => seen.filter((m) => m.node === 'dc1' && m.type === type);
  async function until(what: string, ok: () => boolean, ms = 8000): Promise<void> {
    for (const end = Date.now() + ms; !ok(); await sleep(10)) if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    tmp = await tempDir();
    broker = await startMosquitto();
    const host = await mqtt.connectAsync(broker.url, { protocolVersion: 4, clientId: 'hostile-consumer', reconnectPeriod: 0 });
    host.on('message', (t, payload) => {
      const [, , type, node] = t.split('/');
      seen.push({ topic: t, type, node, payload, at: Date.now() });
    });
    await host.subscribeAsync(`spBv1.0/${GROUP}/#`, { qos: 0 });
    const running = runScenario({ yaml: scenario, name: NAME }, tmp.dir, { brokerUrl: broker.url });
    try {
      await until("dc1's NBIRTH", () => fromDc1('NBIRTH').length > 0);
      const birth = decodePayload(fromDc1('NBIRTH')[0].payload);
      aliases = Object.fromEntries(birth.metrics.filter((m) => m.alias !== undefined).map((m) => [m.name!, Number(m.alias)]));
      const soc = aliases['Battery/SoC Target'];
      const send = (t: string, metrics: Metric[] | Buffer) =>
        host.publishAsync(t, Buffer.isBuffer(metrics) ? metrics : Buffer.from(encodePayload({ timestamp: Date.now(), metrics })), { qos: 1 });
      await sleep(1_000);
      // Every bad command would move the SoC target if it were acted on.
      await send(topic('NCMD'), Buffer.from('{"Battery/SoC Target": 0.3}')); // SPB-PAYLOAD-001
      await send(`${topic('NCMD')}/r00-n000`, [{ alias: soc, bornAs: DataType.Double, value: 0.3 }]); // SPB-TOPIC-001: NCMD with a device id
      await send(topic('NCMD'), [{ alias: 9999, datatype: DataType.Double, value: 0.3 }]); // unknown alias
      await send(topic('NCMD'), [{ alias: soc, bornAs: DataType.Double, value: 0.95 }]); // above soc_max
      await send(topic('NCMD'), [{ alias: soc, bornAs: DataType.Double, value: 0.1 }]); // below soc_min
      await send(topic('NCMD'), [{ alias: soc, bornAs: DataType.Double, value: Number.NaN }]); // NaN
      await send(topic('NCMD'), [{ alias: soc, datatype: DataType.Int32, value: 0 }]); // Int32
      await send(topic('NCMD'), [{ alias: soc, datatype: DataType.String, value: '0.3' }]); // String
      await send(topic('NCMD'), [{ name: 'Battery/SoC Target', alias: soc, datatype: DataType.Double, value: 0.3 }]); // named
      await send(topic('NCMD'), [{ name: 'Battery/SoC Target', datatype: DataType.Double, value: 0.3 }]); // by name only
      await send(topic('DCMD', 'dc1', 'r00-n000'), [{ alias: soc, bornAs: DataType.Double, value: 0.3 }]); // DCMD to a compute node

      // A foreign publisher posing as dc1: NDATA with a forged envelope, then a replayed genuine one.
      const infra = aliases['wdpc/infrastructure'];
      const withInfra = () => fromDc1('NDATA').map((m) => decodePayload(m.payload, () => DataType.Bytes)).filter((p) => p.metrics.some((x) => Number(x.alias) === infra));
      await until('an NDATA with wdpc/infrastructure', () => withInfra().length > 0);
      const genuine = withInfra().at(-1)!;
      replayedEnvelope = genuine.metrics.find((x) => Number(x.alias) === infra)!.value as Uint8Array;
      const foreign = await mqtt.connectAsync(broker.url, { protocolVersion: 4, clientId: 'foreign-edge-dc1', reconnectPeriod: 0 });
      const forger = new EnvelopeSealer({ keyId: 'gridtwin-test', key: Buffer.alloc(32, 7) });
      // The seq dc1's session is at, so the forgery fits the session (only its envelope is wrong).
      const lastSeq = () => decodePayload(seen.filter((m) => m.node === 'dc1' && /^[ND](BIRTH|DATA)$/.test(m.type)).at(-1)!.payload, () => DataType.Bytes).seq!;
      const ndata = (envelope: Uint8Array) => {
        const p: DecodedPayload = { timestamp: Date.now(), seq: (lastSeq() + 1) % 256, metrics: [{ alias: infra, bornAs: DataType.Bytes, value: envelope, isNull: false }] };
        return foreign.publishAsync(topic('NDATA'), Buffer.from(encodePayload(p)), { qos: 0 });
      };
      await ndata(forger.seal('wdpc.infrastructure.v1.InfrastructureStatus', {}, 'dc1', Date.now())); // WDPC-SEC-002
      await sleep(600);
      await ndata(replayedEnvelope); // WDPC-SEC-003: a replay of what dc1 sent
      await sleep(600);
      // A forged envelope again, in an NDATA whose Sparkplug seq is far off (SPB-SEQ-003 alone
      // would not reject it: a gap is counted and the message accepted).
      await foreign.publishAsync(
        topic('NDATA'),
        Buffer.from(encodePayload({ timestamp: Date.now(), seq: (lastSeq() + 100) % 256, metrics: [{ alias: infra, bornAs: DataType.Bytes, value: forger.seal('wdpc.infrastructure.v1.InfrastructureStatus', {}, 'dc1', Date.now()) }] })),
        { qos: 0 },
      );
      await foreign.endAsync();

      await sleep(3_000 - (Date.now() % 500)); // ~5 s into the run
      goodSentAt = Date.now();
      await send(topic('NCMD'), [{ alias: soc, bornAs: DataType.Double, value: 0.3 }]); // good: inside [0.2, 0.8]
      await sleep(4_000);
      releaseSentAt = Date.now();
      await send(topic('NCMD'), [{ alias: soc, bornAs: DataType.Double, value: null }]); // release
      await sleep(1_500);
      rebirthSentAt = Date.now();
      await send(topic('NCMD'), [{ name: 'Node Control/Rebirth', datatype: DataType.Boolean, value: true }]);
    } finally {
      run = await running;
      await host.endAsync();
    }
  }, 60_000);
  afterAll(async () => {
    await broker?.stop();
    await tmp?.cleanup();
  });

  it('finishes the run in real time', () => {
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.summary.run.simulated_s).toBe(14);
  });

  it('rejects each bad command under its own rule (rejected_inbound{RULE}) and records the rule as failed', () => {
    const c = run.outcome.summary.counts;
    const rules = ['SPB-PAYLOAD-001', 'SPB-TOPIC-001', 'WDPC-CMD-001'];
    expect(Object.fromEntries(rules.map((r) => [r, c[`rejected_inbound{${r}}`]]))).toEqual({
      'SPB-PAYLOAD-001': 1,
      'SPB-TOPIC-001': 1,
      // unknown alias, above soc_max, below soc_min, NaN, Int32, String, named+alias, name only, DCMD
      'WDPC-CMD-001': 9,
    });
    const failed = new Set(run.outcome.summary.conformance.rules.filter((r) => r.status === 'failed').map((r) => r.id));
    for (const r of rules) expect(failed.has(r), r).toBe(true);
  });

  it('gives each rejected command its reason in traffic.ndjson', async () => {
    const inbound = (await run.traffic()).filter((r) => r.direction === 'in' && r.topic.split('/')[2]?.endsWith('CMD'));
    const details = inbound.filter((r) => r.verdict === 'rejected').flatMap((r) => r.failures.map((f: { rule: string; detail: string }) => `${f.rule}: ${f.detail}`));
    for (const want of [
      /WDPC-CMD-001: alias 9999 is not a writable metric of 'dc1'/,
      /WDPC-CMD-001: Battery\/SoC Target 0\.95 is outside the battery's SoC window \[0\.2, 0\.8\]/,
      /WDPC-CMD-001: Battery\/SoC Target 0\.1 is outside/,
      /WDPC-CMD-001: Battery\/SoC Target value NaN is not a finite Double/,
      /WDPC-CMD-001: Battery\/SoC Target sent as datatype 3, not Double/,
      /WDPC-CMD-001: Battery\/SoC Target sent as datatype 12, not Double/,
      /WDPC-CMD-001: Battery\/SoC Target named although born with an alias/,
      /WDPC-CMD-001: DCMD to 'r00-n000'/,
    ]) expect(details.some((d) => want.test(d)), String(want)).toBe(true);
    // The good one, the release and the rebirth request were accepted.
    expect(inbound.filter((r) => r.verdict === 'accepted')).toHaveLength(3);
  });

  it('never acts on a rejected command: only the good target and its release are applied', () => {
    const s = run.outcome.summary;
    expect(s.counts.wdpc_soc_targets_applied).toBe(2);
    expect(s.events.filter((e) => e.kind === 'control-plane').map((e) => e.what)).toEqual(['SoC target 30.0 % for dc1', 'SoC target released for dc1']);
  });

  it("the battery holds its SoC until the good command, heads to 30 % after it and back up after the release", async () => {
    const ts = await run.timeseries();
    const first = run.outcome.summary.events.find((e) => e.kind === 'control-plane')!.t;
    const release = run.outcome.summary.events.filter((e) => e.kind === 'control-plane')[1].t;
    const before = ts.filter((r) => r.time_s! <= first);
    expect(before.length).toBeGreaterThan(4);
    // The bad commands came ~1 s in: the SoC never left its 50 % target before the good one landed.
    for (const r of before) expect(r.dc1_soc).toBeCloseTo(0.5, 6);
    const during = ts.filter((r) => r.time_s! > first && r.time_s! <= release);
    // 1 MW restore power from a 10 kWh battery: ~2.6 %/s of discharge, so 4 s takes it well below 50 %.
    expect(during.at(-1)!.dc1_soc!).toBeLessThan(0.45);
    expect(during.at(-1)!.dc1_soc!).toBeGreaterThanOrEqual(0.3 - 1e-9);
    for (let k = 1; k < during.length; k++) expect(during[k].dc1_soc!).toBeLessThanOrEqual(during[k - 1].dc1_soc! + 1e-12);
    const after = ts.filter((r) => r.time_s! > release + 0.5);
    expect(after.at(-1)!.dc1_soc!).toBeGreaterThan(during.at(-1)!.dc1_soc! + 0.02);
    expect(goodSentAt).toBeGreaterThan(0);
    expect(releaseSentAt).toBeGreaterThan(goodSentAt);
  });

  it('reports the SoC target as NDATA only for the good value and the release (30 %, then the configured 50 %)', () => {
    const soc = aliases['Battery/SoC Target'];
    const reported = fromDc1('NDATA')
      .map((m) => decodePayload(m.payload, (x) => (Number(x.alias) === soc ? DataType.Double : DataType.Bytes)))
      .flatMap((p) => p.metrics.filter((m) => Number(m.alias) === soc).map((m) => m.value));
    expect(reported).toEqual([0.3, 0.5]);
  });

  it('answers the rebirth request with a new NBIRTH: seq 0, the same bdSeq, then DBIRTHs', () => {
    const births = fromDc1('NBIRTH').map((m) => ({ at: m.at, p: decodePayload(m.payload) }));
    expect(births).toHaveLength(2);
    const bd = births.map((b) => Number(b.p.metrics.find((m) => m.name === 'bdSeq')!.value));
    expect(bd[1]).toBe(bd[0]);
    expect(births[1].p.seq).toBe(0);
    expect(births[1].at).toBeGreaterThan(rebirthSentAt);
    // After the rebirth NBIRTH, a DBIRTH per compute node before any of their DDATA.
    const after = seen.filter((m) => m.node === 'dc1' && m.at >= births[1].at && m.type !== 'NCMD');
    const firstData = after.findIndex((m) => m.type === 'DDATA' || m.type === 'NDATA');
    expect(after.slice(1, firstData).map((m) => m.type)).toEqual(['DBIRTH', 'DBIRTH']);
    expect(run.outcome.summary.counts.wdpc_rebirths).toBe(1);
    // dc2 was not asked: one NBIRTH only.
    expect(seen.filter((m) => m.node === 'dc2' && m.type === 'NBIRTH')).toHaveLength(1);
  });

  const foreignNdata = async () => (await run.traffic()).filter((r) => r.direction === 'in' && r.topic === topic('NDATA'));
  const rulesOf = (r: Record<string, any>): string[] => r.failures.map((f: { rule: string }) => f.rule);

  it('rejects the foreign NDATA with a forged envelope (wrong HMAC key) under WDPC-SEC-002 and counts it', async () => {
    const foreign = await foreignNdata();
    expect(foreign).toHaveLength(3);
    expect(foreign[0].verdict).toBe('rejected');
    // Rejected for its MAC first (its forger's sequence may also be one dc1 already used: SEC-003).
    expect(rulesOf(foreign[0])[0]).toBe('WDPC-SEC-002');
    expect(run.outcome.summary.counts['rejected_inbound{WDPC-SEC-002}']).toBeGreaterThanOrEqual(1);
    expect(run.outcome.summary.conformance.rules.find((r) => r.id === 'WDPC-SEC-002')!.inbound.failed).toBe(2);
  });

  it("rejects a replay of dc1's own genuine envelope by a foreign publisher under WDPC-SEC-003 and counts it", async () => {
    // Found by this test: the bus inspector keeps separate integrity windows for outbound and
    // inbound, and the inbound one has never seen dc1's sequence numbers — so a genuine envelope
    // replayed within the freshness window is accepted as new (HMAC valid, fresh, "in order").
    expect(replayedEnvelope).toBeDefined();
    const replay = (await foreignNdata())[1];
    expect(replay.verdict).toBe('rejected');
    expect(rulesOf(replay)).toContain('WDPC-SEC-003');
    expect(run.outcome.summary.counts['rejected_inbound{WDPC-SEC-003}']).toBe(1);
    // 11 bad commands and 3 foreign NDATA.
    expect(run.outcome.summary.counts.rejected_inbound).toBe(14);
  });

  it('counts a forged envelope in an out-of-sequence NDATA under WDPC-SEC-002 (what rejected it), not the tolerated SPB-SEQ-003', async () => {
    // Found by this test: WdpcProfile.onInbound counts failures[0], and the Sparkplug checks come
    // first — so a message rejected for its HMAC is counted under SPB-SEQ-003, a rule that on its
    // own never rejects anything (a gap is counted and the message accepted).
    const third = (await foreignNdata())[2];
    expect(third.verdict).toBe('rejected');
    expect(rulesOf(third)).toEqual(expect.arrayContaining(['SPB-SEQ-003', 'WDPC-SEC-002']));
    const c = run.outcome.summary.counts;
    expect(c['rejected_inbound{SPB-SEQ-003}']).toBeUndefined();
    expect(c['rejected_inbound{WDPC-SEC-002}']).toBe(2);
  });

  it("a foreign publisher's rejected NDATA does not put gridtwin's own edge node in breach: no outbound failure", () => {
    // Found by this test: the Sparkplug host view (HostInspector) is shared by both directions and
    // a rejected foreign NDATA still moves dc1's session seq, so dc1's own next message is judged a
    // repeat (SPB-SEQ-003 outbound) — a hostile client can put gridtwin's conformance in breach.
    const outFailed = run.outcome.summary.conformance.rules.filter((r) => r.outbound.failed > 0).map((r) => `${r.id}: ${r.outbound.failed} (${r.examples.map((e) => e.detail).join(' | ')})`);
    expect(outFailed).toEqual([]);
    expect(run.outcome.summary.metrics.wdpc_spb_seq_gaps ?? 0).toBe(0);
  });
});
