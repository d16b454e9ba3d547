// The WDPC bus's JetStream side end to end: a run with profiles.wdpc.nats.url pointing at a real
// nats-server mirrors every sealed envelope into one stream per family (WDPC_<FAMILY>) on the subject
// of its place in the hierarchy (wdpc.<family>.<facility>.<rack>.<node>.<component>). Read back
// with durable consumers: as many messages as the run says it published and JetStream acknowledged,
// each envelope intact (HMAC, per-source sequence without gaps), each subject naming the facility,
// rack, node and component its payload speaks of; a one-rack filter gets that rack's nodes only. A run
// whose NATS URL has no server behind it fails with exit 3 and says where and why.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type protobuf from 'protobufjs';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import { startNats, type NatsServer } from '../../sim/transports/broker-processes.ts';
import { freePorts } from '../../sim/transports/managed-process.ts';
import { NatsBus, parseWdpcSubject, streamName, wdpcFilter, type BusMessage } from '../../sim/transports/nats-bus.ts';
import { openEnvelope } from '../../sim/bindings/wdpc/envelope.ts';
import { IntegrityChecker } from '../../sim/bindings/wdpc/integrity.ts';
import { MESSAGE_TYPE } from '../../sim/bindings/wdpc/schema.ts';
import { MIRROR_FAMILIES } from '../../sim/bindings/wdpc/nats-mirror.ts';
import { ConnectionError } from '../../sim/errors.ts';
import { decodePayload } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { parseSpTopic } from '../../sim/bindings/wdpc/sparkplug/topics.ts';

const KEY = '5c'.repeat(32);
const SEED = 31;

// 3 compute nodes in racks r00 (n000, n001) and r01 (n002), 2 GPUs each; every stream inside 5 s.
const scenario = (natsUrl: string) => `
run: { duration: 5 s, window: 500 ms, seed: ${SEED} }
sites:
  dc1:
    ai_load: { rated_power: 1.2 MW, nodes: 3, gpus: 6 }
    cooling: {}
    battery: { energy: 200 kWh, power: 500 kW, mode: idle }
profiles:
  wdpc:
    nodes_per_rack: 2
    key: '${KEY}'
    key_id: nats-test
    rates: { node_power: 500 ms, components: 1 s, thermal: 1 s, infrastructure: 1 s, grid: 5 s, workload: 1 s }
    consumer: none
    nats: { url: '${natsUrl}', storage: memory }
`;

/** Family of each payload message_type as the mirror files it. */
const FAMILY_OF_TYPE: Record<number, string> = {
  [MESSAGE_TYPE.COMPONENT_METRICS]: 'component',
  [MESSAGE_TYPE.THERMAL_DATA]: 'thermal',
  [MESSAGE_TYPE.INFRASTRUCTURE_STATUS]: 'infrastructure',
  [MESSAGE_TYPE.POWER_MEASUREMENT]: 'power',
  [MESSAGE_TYPE.EXTERNAL_SYSTEM]: 'grid',
  [MESSAGE_TYPE.WORKLOAD_DATA]: 'workload',
};

const asObject = (m: protobuf.Message): Record<string, any> => (m.$type as protobuf.Type).toObject(m, { defaults: true, enums: String, longs: String });

describe('WDPC envelopes mirrored into NATS JetStream', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: NatsServer;
  let bus: NatsBus;
  let run: FinishedRun;
  const read = new Map<string, BusMessage[]>();

  beforeAll(async () => {
    tmp = await tempDir();
    server = await startNats();
    run = await runScenario({ yaml: scenario(server.url), name: 'wdpc-nats' }, tmp.dir, { workers: 0 });
    bus = await NatsBus.connect({ url: server.url, name: 'wdpc-nats-test', timeoutMs: 5000 });
    for (const family of MIRROR_FAMILIES) {
      const stream = streamName(family);
      await bus.durable(stream, 'readback');
      read.set(family, await bus.fetchPending(stream, 'readback'));
    }
  }, 30_000);
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
    await tmp?.cleanup();
  });

  it('publishes every envelope of the run into JetStream, each acknowledged', () => {
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.exitCode).toBe(0);
    const m = run.outcome.summary.metrics;
    expect(m.conformance_failures).toBe(0);
    // Every stream at the first window end after the births (0.5 s), then at its rate:
    // node 10 × 3 + GPUs 6 × 6 + thermal, infrastructure, power, workload 6 each + grid 2
    expect(m.wdpc_envelopes).toBe(30 + 36 + 24 + 2);
    expect(m.wdpc_nats_published).toBe(m.wdpc_envelopes);
    expect(m.wdpc_nats_acked).toBe(m.wdpc_nats_published);
    expect(m.wdpc_nats_failed).toBe(0);
  });

  it('a durable consumer per family stream reads back exactly what was acknowledged, one family per stream', () => {
    const counts = Object.fromEntries([...read].map(([f, msgs]) => [f, msgs.length]));
    expect(counts).toEqual({ component: 66, thermal: 6, infrastructure: 6, power: 6, grid: 2, workload: 6 });
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(run.outcome.summary.metrics.wdpc_nats_acked);
    for (const [family, msgs] of read) {
      expect(msgs.map((x) => x.seq), family).toEqual(msgs.map((_, k) => k + 1));
      for (const x of msgs) expect(parseWdpcSubject(x.subject).family).toBe(family);
    }
  });

  it('every envelope read back passes integrity with the scenario key, in per-source order without gaps, and decodes as its family’s type', () => {
    const keys = new Map([['nats-test', Buffer.from(KEY, 'hex')]]);
    const wrongKey = new Map([['nats-test', createHash('sha256').update('not the key').digest()]]);
    for (const [family, msgs] of read) {
      const checker = new IntegrityChecker({ keys, freshnessMs: Number.MAX_SAFE_INTEGER });
      for (const x of msgs) {
        const o = openEnvelope(x.data, checker, 0);
        expect(o.checks.filter((c) => !c.ok), x.subject).toEqual([]);
        expect(o.accepted).toBe(true);
        expect(FAMILY_OF_TYPE[o.messageType!], x.subject).toBe(family);
      }
      expect(checker.gaps, family).toBe(0n);
      const forged = openEnvelope(msgs[0].data, new IntegrityChecker({ keys: wrongKey, freshnessMs: Number.MAX_SAFE_INTEGER }), 0);
      expect(forged.checks.find((c) => c.rule === 'WDPC-SEC-002')).toMatchObject({ ok: false });
    }
  });

  it('subjects name the facility, rack, node and component the envelope’s payload speaks of', () => {
    const keys = new Map([['nats-test', Buffer.from(KEY, 'hex')]]);
    const checker = new IntegrityChecker({ keys, freshnessMs: Number.MAX_SAFE_INTEGER });
    const components = read.get('component')!.map((x) => {
      const o = openEnvelope(x.data, checker, 0);
      return { path: parseWdpcSubject(x.subject), source: o.sourceId, id: asObject(o.payload!).component_id as string };
    });
    const expectedPath: Record<string, { rack: string; node: string }> = {
      'r00-n000': { rack: 'r00', node: 'r00-n000' },
      'r00-n001': { rack: 'r00', node: 'r00-n001' },
      'r01-n002': { rack: 'r01', node: 'r01-n002' },
    };
    for (const c of components) {
      // component_id: dc1/<node>[/<gpu>]; the node stream has no component level.
      const [facility, node, gpu] = c.id.split('/');
      expect(c.source).toBe(c.id);
      expect(c.path).toEqual({ family: 'component', facility, ...expectedPath[node], ...(gpu ? { component: gpu } : {}) });
      expect(facility).toBe('dc1');
    }
    const perNode = (node: string) => components.filter((c) => c.path.node === node);
    for (const node of Object.keys(expectedPath)) {
      expect(perNode(node).filter((c) => c.path.component === undefined), node).toHaveLength(10);
      expect(perNode(node).filter((c) => c.path.component === 'gpu0'), node).toHaveLength(6);
      expect(perNode(node).filter((c) => c.path.component === 'gpu1'), node).toHaveLength(6);
    }
    for (const family of ['thermal', 'infrastructure', 'power', 'grid', 'workload']) {
      for (const x of read.get(family)!) expect(parseWdpcSubject(x.subject), x.subject).toEqual({ family, facility: 'dc1' });
    }
  });

  it('the stream messages are byte for byte the envelopes the Sparkplug edge node published', async () => {
    const onMqtt: string[] = [];
    for (const r of await run.traffic()) {
      const t = parseSpTopic(r.topic);
      if (r.direction !== 'out' || (t?.type !== 'DDATA' && t?.type !== 'NDATA')) continue;
      const text = String(r.payload);
      const p = decodePayload(text.startsWith('base64:') ? Buffer.from(text.slice(7), 'base64') : Buffer.from(text, 'utf8'));
      for (const m of p.metrics) if (m.value instanceof Uint8Array) onMqtt.push(Buffer.from(m.value).toString('base64'));
    }
    const onNats = [...read.values()].flat().map((x) => Buffer.from(x.data).toString('base64'));
    expect(onMqtt.length).toBe(run.outcome.summary.metrics.wdpc_envelopes);
    expect(onNats.sort()).toEqual(onMqtt.sort());
  });

  it('a durable consumer filtered to one rack gets that rack’s nodes and GPUs only', async () => {
    const stream = streamName('component');
    await bus.durable(stream, 'rack-r01', { filter: wdpcFilter('component', { facility: 'dc1', rack: 'r01' }) });
    const r01 = await bus.fetchPending(stream, 'rack-r01');
    expect(r01).toHaveLength(22);
    expect(new Set(r01.map((x) => parseWdpcSubject(x.subject).node))).toEqual(new Set(['r01-n002']));
    await bus.durable(stream, 'rack-r00', { filter: wdpcFilter('component', { facility: 'dc1', rack: 'r00' }) });
    const r00 = await bus.fetchPending(stream, 'rack-r00');
    expect(r00).toHaveLength(44);
    expect(new Set(r00.map((x) => parseWdpcSubject(x.subject).node))).toEqual(new Set(['r00-n000', 'r00-n001']));
  });
});

describe('WDPC with NATS configured but no usable server', () => {
  it('exits 3 with a ConnectionError naming the URL and why', async () => {
    const tmp = await tempDir();
    try {
      const [port] = await freePorts(1);
      const url = `nats://127.0.0.1:${port}`;
      const run = await runScenario({ yaml: scenario(url), name: 'wdpc-nats-down' }, tmp.dir, { workers: 0 });
      expect(run.outcome.exitCode).toBe(3);
      expect(run.outcome.error).toBeInstanceOf(ConnectionError);
      expect(run.outcome.summary.error!.code).toBe('CONNECTION');
      expect(run.outcome.summary.error!.message).toContain(`cannot connect to NATS at ${url}`);
      expect(run.outcome.summary.error!.message).toMatch(/refused|not running|no server/i);
    } finally {
      await tmp.cleanup();
    }
  }, 30_000);

  it('a nats-server without JetStream: exit 3, and the message says to start it with -js', async () => {
    const tmp = await tempDir();
    const plain = await startNats({ jetstream: false });
    try {
      const run = await runScenario({ yaml: scenario(plain.url), name: 'wdpc-nats-nojs' }, tmp.dir, { workers: 0 });
      expect(run.outcome.exitCode).toBe(3);
      expect(run.outcome.error).toBeInstanceOf(ConnectionError);
      expect(run.outcome.summary.error!.message).toContain(plain.url);
      expect(run.outcome.summary.error!.message).toMatch(/no JetStream: start nats-server with -js/);
    } finally {
      await plain.stop();
      await tmp.cleanup();
    }
  }, 30_000);
});

describe('WDPC NATS mirror in real time and with a private server', () => {
  it('real time: every envelope is published unacknowledged and the stream still stores each one', async () => {
    const tmp = await tempDir();
    const server = await startNats();
    let bus: NatsBus | undefined;
    try {
      const yaml = scenario(server.url).replace('run: { duration: 5 s, window: 500 ms,', 'run: { duration: 3 s, window: 500 ms, mode: realtime,');
      expect(yaml).toContain('mode: realtime');
      const run = await runScenario({ yaml, name: 'wdpc-nats-rt' }, tmp.dir, { workers: 0 });
      expect(run.outcome.exitCode).toBe(0);
      const m = run.outcome.summary.metrics;
      expect(m.wdpc_nats_published).toBe(m.wdpc_envelopes);
      expect(m.wdpc_nats_acked).toBe(0); // real time does not wait for acknowledgements
      expect(m.wdpc_nats_failed).toBe(0);
      // Real time measures the Table 1 access time of every stream row it published.
      for (const row of ['node_power', 'components', 'thermal', 'infrastructure', 'external', 'workload']) {
        expect(m[`wdpc_access_${row}_p99`], row).toBeGreaterThan(0);
        expect(m[`wdpc_access_${row}_p99`], row).toBeLessThan(5);
        expect(m[`wdpc_access_${row}_max`], row).toBeGreaterThanOrEqual(m[`wdpc_access_${row}_p50`] as number);
      }
      bus = await NatsBus.connect({ url: server.url, name: 'wdpc-nats-rt-test', timeoutMs: 5000 });
      let stored = 0;
      for (const family of MIRROR_FAMILIES) {
        await bus.durable(streamName(family), 'readback');
        stored += (await bus.fetchPending(streamName(family), 'readback')).length;
      }
      expect(stored).toBe(m.wdpc_envelopes);
    } finally {
      await bus?.close();
      await server.stop();
      await tmp.cleanup();
    }
  }, 30_000);

  it('without a URL the run starts its own nats-server with JetStream and every publish is acknowledged', async () => {
    const tmp = await tempDir();
    try {
      const yaml = scenario('unused').replace(/nats: \{ url: '[^']*', storage: memory \}/, 'nats: { storage: memory }');
      expect(yaml).toContain('nats: { storage: memory }');
      const run = await runScenario({ yaml, name: 'wdpc-nats-private' }, tmp.dir, { workers: 0 });
      expect(run.outcome.exitCode).toBe(0);
      const m = run.outcome.summary.metrics;
      expect(m.wdpc_nats_acked).toBe(m.wdpc_envelopes);
      expect(m.wdpc_nats_failed).toBe(0);
      expect(m.wdpc_access_node_power_p99).toBeUndefined(); // fast mode has no wall-clock access time
    } finally {
      await tmp.cleanup();
    }
  }, 30_000);
});
