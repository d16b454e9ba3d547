// The WDPC bus measured (issue 5 "Proof"): a 1,000-node facility's node-power stream (100 ms, one
// sealed WDPCMessage per node per tick) through Mosquitto as Sparkplug B DDATA and through NATS
// JetStream, for 10 s at the spec's resolution — publication → consumer latency p50/p99 (the
// spec's access-time requirement for node power is < 100 ms) — and the buses' throughput in a burst,
// each next to a raw publisher measured in the same run (mosquitto_pub; core NATS publish without
// JetStream acks). Node power goes into JetStream unacked (publishUnacked); the burst measures both.
import { randomBytes } from 'node:crypto';
import { connect as natsConnect } from 'nats';
import { emit, info } from './report.ts';
import { rawBrokerRate } from './raw-broker.ts';
import { startMosquitto, startNats } from '../sim/transports/broker-processes.ts';
import { connectMqtt } from '../sim/transports/mqtt-connection.ts';
import { NatsBus, parseWdpcSubject, wdpcSubject } from '../sim/transports/nats-bus.ts';
import { EnvelopeSealer } from '../sim/bindings/wdpc/envelope.ts';
import { DataType, encodePayload } from '../sim/bindings/wdpc/sparkplug/payload.ts';

const NODES = Number(process.env.BENCH_WDPC_NODES ?? 1000);
const SECONDS = Number(process.env.BENCH_WDPC_SECONDS ?? 10);
const BURST = Number(process.env.BENCH_WDPC_BURST ?? 50_000);
const TICK_MS = 100;

const pct = (xs: number[], q: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] : NaN);
const nodeId = (k: number) => `r${String(Math.floor(k / 8)).padStart(3, '0')}-n${String(k).padStart(4, '0')}`;

/** One tick's messages: node k's sealed node-power envelope, its id in the first 4 bytes' slot. */
function tickMessages(sealer: EnvelopeSealer, t: number, nodes = NODES): Uint8Array[] {
  return Array.from({ length: nodes }, (_, k) =>
    sealer.seal('wdpc.component.v1.ComponentDataStream', { component_id: nodeId(k), type: 'PROCESSOR_GPU', power_data: { instantaneous_power_watts: 9_000 + k, average_power_watts: 8_800 } }, `dc1/${nodeId(k)}`, t),
  );
}

/**
 * Node power of a facility of `nodes` nodes at 100 ms for `seconds` through one bus, timed from each
 * publish to a subscriber: the latencies (ms) of the messages that arrived. Exported for the engine
 * bench (bench/wdpc-engine.ts), which compares the engine with this bare loop in the same run.
 */
export async function nodePowerLatency(bus: 'mosquitto' | 'nats', urls: { mosquitto: string; nats?: string }, sealer: EnvelopeSealer, seconds = SECONDS, nodes = NODES): Promise<number[]> {
  const lat: number[] = [];
  // Per node, the send times not yet matched: each bus delivers one publisher's messages on one
  // subject in order, so an arrival belongs to the oldest send (a late one is not misattributed).
  const sentAt = new Map<string, bigint[]>();
  const arrived = (key: string) => {
    const s = sentAt.get(key)?.shift();
    if (s !== undefined) lat.push(Number(process.hrtime.bigint() - s) / 1e6);
  };
  let publish: (k: number, bytes: Uint8Array) => void;
  let close: () => Promise<void>;
  if (bus === 'mosquitto') {
    const sub = await connectMqtt({ url: urls.mosquitto, clientId: 'bench-wdpc-sub', protocolVersion: 4 });
    sub.onMessage((topic) => arrived(topic.slice(topic.lastIndexOf('/') + 1))); // the DDATA topic ends with the node id
    await sub.subscribe(['spBv1.0/bench/DDATA/dc1/+'], { qos: 0 });
    const pub = await connectMqtt({ url: urls.mosquitto, clientId: 'bench-wdpc-pub', protocolVersion: 4 });
    publish = (k, bytes) => void pub.publish(`spBv1.0/bench/DDATA/dc1/${nodeId(k)}`, Buffer.from(encodePayload({ timestamp: 0, seq: k % 256, metrics: [{ alias: 1, timestamp: 0, datatype: DataType.Bytes, value: bytes }] })), { qos: 0 }).catch(() => undefined); // unsent at the end: not received, counted in received_share
    close = async () => Promise.all([pub.end(), sub.end()]).then(() => undefined);
  } else {
    const b = await NatsBus.connect({ url: urls.nats! });
    await b.ensureStreams(['component'], { storage: 'memory' });
    const sub = b.nc.subscribe('wdpc.component.>', {
      callback: (_e, m) => arrived(parseWdpcSubject(m.subject).node!),
    });
    // Unacked publishes into the stream: one JetStream request/reply per message cannot carry
    // 10,000 msg/s here (see the burst figures); the server still stores every message.
    publish = (k, bytes) => b.publishUnacked(wdpcSubject('component', 'dc1', nodeId(k).slice(0, 4), nodeId(k)), bytes);
    close = async () => {
      sub.unsubscribe();
      await b.close();
    };
  }
  const t0 = Date.now();
  for (let tick = 0; tick < (seconds * 1000) / TICK_MS; tick++) {
    const due = t0 + tick * TICK_MS;
    while (Date.now() < due) await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const msgs = tickMessages(sealer, due, nodes);
    for (let k = 0; k < nodes; k++) {
      const list = sentAt.get(nodeId(k)) ?? [];
      list.push(process.hrtime.bigint());
      sentAt.set(nodeId(k), list);
      publish(k, msgs[k]);
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  await close();
  info(`wdpc-bus ${bus}: ${lat.length} of ${(nodes * seconds * 1000) / TICK_MS} node-power messages received`);
  return lat;
}

export async function wdpcBusBench(): Promise<void> {
  const sealer = new EnvelopeSealer({ keyId: 'bench', key: randomBytes(32) });
  const mosq = await startMosquitto();
  const nats = await startNats();
  try {
    // --- latency at the spec's resolution -------------------------------------------------------
    for (const bus of ['mosquitto', 'nats'] as const) {
      const lat = await nodePowerLatency(bus, { mosquitto: mosq.url, nats: nats.url }, sealer);
      emit({ name: `wdpc.bus.${bus}.node-power.latency_p50`, value: pct(lat, 0.5), unit: 'ms' });
      emit({ name: `wdpc.bus.${bus}.node-power.latency_p99`, value: pct(lat, 0.99), unit: 'ms', target: { of: 'value', op: '<', limit: 100 } });
      emit({ name: `wdpc.bus.${bus}.node-power.received_share`, value: lat.length / ((NODES * SECONDS * 1000) / TICK_MS), unit: 'share' });
    }

    // --- throughput in a burst, next to raw publishers -----------------------------------------
    const sample = tickMessages(sealer, Date.now());
    const ddata = sample.map((b, k) => Buffer.from(encodePayload({ timestamp: 0, seq: k % 256, metrics: [{ alias: 1, timestamp: 0, datatype: DataType.Bytes, value: b }] })));
    const size = ddata[0].length;
    const raw = await rawBrokerRate(mosq.url, 'bench/raw', [Buffer.from('x'.repeat(size))], BURST);
    const pub = await connectMqtt({ url: mosq.url, clientId: 'bench-wdpc-burst', protocolVersion: 4 });
    let t = process.hrtime.bigint();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < BURST; i++) sends.push(pub.publish(`spBv1.0/bench/DDATA/dc1/${nodeId(i % NODES)}`, ddata[i % NODES], { qos: 1 }));
    await Promise.all(sends);
    const mqttRate = BURST / (Number(process.hrtime.bigint() - t) / 1e9);
    await pub.end();
    emit({ name: 'wdpc.bus.mosquitto.burst.msgs_per_s', value: mqttRate, unit: 'msgs/s', baseline: { name: 'mosquitto_pub.raw.msgs_per_s', value: raw.rate } });

    const b = await NatsBus.connect({ url: nats.url });
    await b.ensureStreams(['burst'], { storage: 'memory' });
    t = process.hrtime.bigint();
    for (let i = 0; i < BURST; i += 1000) await b.publishMany(Array.from({ length: Math.min(1000, BURST - i) }, (_, j) => ({ subject: wdpcSubject('burst', 'dc1', nodeId((i + j) % NODES)), data: sample[(i + j) % NODES] })));
    const jsRate = BURST / (Number(process.hrtime.bigint() - t) / 1e9);
    t = process.hrtime.bigint();
    for (let i = 0; i < BURST; i++) b.publishUnacked(wdpcSubject('burst', 'dc1', nodeId(i % NODES)), sample[i % NODES], `burst-${i}`);
    await b.flush();
    const unackedRate = BURST / (Number(process.hrtime.bigint() - t) / 1e9);
    await b.close();
    const core = await natsConnect({ servers: nats.url });
    t = process.hrtime.bigint();
    for (let i = 0; i < BURST; i++) core.publish(`raw.dc1.${nodeId(i % NODES)}`, sample[i % NODES]);
    await core.flush();
    const coreRate = BURST / (Number(process.hrtime.bigint() - t) / 1e9);
    await core.close();
    emit({ name: 'wdpc.bus.nats-jetstream.burst.msgs_per_s', value: jsRate, unit: 'msgs/s', baseline: { name: 'nats.core-publish.raw.msgs_per_s', value: coreRate } });
    emit({ name: 'wdpc.bus.nats-jetstream-unacked.burst.msgs_per_s', value: unackedRate, unit: 'msgs/s', baseline: { name: 'nats.core-publish.raw.msgs_per_s', value: coreRate } });
    info(`wdpc-bus: message size ${size} B (DDATA with the sealed envelope)`);
  } finally {
    await mosq.stop();
    await nats.stop();
  }
}
