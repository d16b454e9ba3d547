// A Sparkplug B edge node against a real Mosquitto, watched by a host that is a plain mqtt.js client
// (MQTT 5, Retain As Published, QoS 1 on spBv1.0/#): births on connect, data, a rebirth on an NCMD,
// then the socket destroyed without DISCONNECT — the broker publishes the Will, an NDEATH with the
// bdSeq of the session's NBIRTH — then a new session (bdSeq + 1, over MQTT 5) ended gracefully.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { EdgeNode } from '../../sim/bindings/wdpc/sparkplug/edge-node.ts';
import { EdgeSession } from '../../sim/bindings/wdpc/sparkplug/edge-session.ts';
import { DataType, decodePayload, encodePayload } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { HostInspector } from '../../sim/bindings/wdpc/sparkplug/host-inspector.ts';

const T = 1_790_000_000_000;
type Seen = { topic: string; payload: Buffer; qos: number; retain: boolean };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(10)) if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

describe('Sparkplug B edge node on Mosquitto', () => {
  let broker: MosquittoBroker;
  let host: mqtt.MqttClient;
  const seen: Seen[] = [];
  const ofType = (type: string) => seen.filter((m) => m.topic.split('/')[2] === type);

  beforeAll(async () => {
    broker = await startMosquitto();
    host = await mqtt.connectAsync(broker.url, { protocolVersion: 5, clientId: 'sparkplug-host', reconnectPeriod: 0 });
    host.on('message', (topic, payload, packet) => seen.push({ topic, payload, qos: packet.qos, retain: packet.retain }));
    await host.subscribeAsync('spBv1.0/#', { qos: 1, rap: true });
  }, 30_000);
  afterAll(async () => {
    await host?.endAsync();
    await broker?.stop();
  });

  it('births, data, rebirth on NCMD, the Will NDEATH with the matching bdSeq after the socket dies, then a graceful new session', async () => {
    let clock = T;
    const now = () => clock++;
    const session = new EdgeSession('gridtwin', 'dc1', [{ name: 'facility/power_mw', datatype: DataType.Double }], [['r00-n000', [{ name: 'power_w', datatype: DataType.Double }, { name: 'wdpc', datatype: DataType.Bytes }]]]);
    const values = (_d: string | undefined, m: string) => (m === 'wdpc' ? new Uint8Array([0]) : 0);
    const node = new EdgeNode(session, values, now);
    await node.connect({ url: broker.url, clientId: 'gridtwin-edge-dc1', protocolVersion: 4 });
    for (let k = 1; k <= 5; k++) expect(await node.report('r00-n000', { power_w: 1000 + k, wdpc: new Uint8Array([k]) })).toBe(true);
    expect(await node.report('r00-n000', { power_w: 1005 })).toBe(false); // unchanged: nothing sent
    await node.report(undefined, { 'facility/power_mw': 1.5 });
    await until('the data', () => ofType('DDATA').length === 5 && ofType('NDATA').length === 1);

    // A host asks for a rebirth: new NBIRTH (seq 0, same bdSeq) and DBIRTH.
    await host.publishAsync('spBv1.0/gridtwin/NCMD/dc1', Buffer.from(encodePayload({ timestamp: clock, metrics: [{ name: 'Node Control/Rebirth', timestamp: clock, datatype: DataType.Boolean, value: true }] })), { qos: 1 });
    await until('the rebirth', () => ofType('DBIRTH').length === 2);
    expect(node.rebirths).toBe(1);
    await node.report('r00-n000', { power_w: 2000 });
    await until('data after the rebirth', () => ofType('DDATA').length === 6);

    // The gateway crashes: its socket is destroyed, no DISCONNECT. The broker publishes the Will.
    await node.dropLink();
    await until('the Will NDEATH', () => ofType('NDEATH').length === 1);
    const births = ofType('NBIRTH').map((m) => decodePayload(m.payload));
    const will = ofType('NDEATH')[0];
    expect(births.map((b) => [b.seq, b.metrics.find((m) => m.name === 'bdSeq')?.value])).toEqual([[0, 0], [0, 0]]);
    expect(decodePayload(will.payload).metrics).toEqual([{ name: 'bdSeq', timestamp: T, datatype: DataType.UInt64, field: 'long_value', value: 0, isNull: false }]);
    expect(decodePayload(will.payload).seq).toBeUndefined();
    expect([will.qos, will.retain]).toEqual([1, false]);

    // A new connection is a new session (bdSeq 1), here over MQTT 5; a graceful end sends NDEATH itself, and no Will follows.
    await node.connect({ url: broker.url, clientId: 'gridtwin-edge-dc1', protocolVersion: 5 });
    await node.report('r00-n000', { power_w: 3000 });
    await node.close();
    await until('the graceful NDEATH', () => ofType('NDEATH').length === 2);
    await sleep(300);
    expect(ofType('NDEATH').map((m) => decodePayload(m.payload).metrics[0].value)).toEqual([0, 1]);
    expect(decodePayload(ofType('NBIRTH')[2].payload).metrics[0]).toMatchObject({ name: 'bdSeq', value: 1 });

    const order = seen.filter((m) => !m.topic.includes('CMD')).map((m) => m.topic.split('/')[2]);
    expect(order).toEqual(['NBIRTH', 'DBIRTH', 'DDATA', 'DDATA', 'DDATA', 'DDATA', 'DDATA', 'NDATA', 'NBIRTH', 'DBIRTH', 'DDATA', 'NDEATH', 'NBIRTH', 'DBIRTH', 'DDATA', 'NDEATH']);
    const inspector = new HostInspector({ subscriptionQos: 1 });
    const checks = seen.flatMap((m) => inspector.inspect(m.topic, m.payload, m.qos, m.retain).checks);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThan(100);
    expect(inspector.gaps).toBe(0);
    expect(node.sent.map((m) => m.payload.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 0, 1, 2, undefined]);
  }, 30_000);

  it('a connect the broker refuses leaves the session unborn; NCMD garbage is counted and ignored', async () => {
    const session = new EdgeSession('gridtwin', 'dc2', [{ name: 'x', datatype: DataType.Int32 }]);
    const node = new EdgeNode(session, () => 1, () => T);
    await expect(node.connect({ url: 'mqtt://127.0.0.1:1', clientId: 'gridtwin-edge-dc2', connectTimeoutMs: 1000 })).rejects.toThrow();
    expect(session.isBorn).toBe(false);
    await node.connect({ url: broker.url, clientId: 'gridtwin-edge-dc2' });
    await host.publishAsync('spBv1.0/gridtwin/NCMD/dc2', Buffer.from([0xff, 0xff]), { qos: 1 });
    await until('the bad command', () => node.badCommands === 1);
    expect(node.rebirths).toBe(0);
    await node.close();
  }, 30_000);
});
