// A Sparkplug B edge node against a real Mosquitto: births on connect, data, a rebirth on request
// (NCMD), and when its link dies without DISCONNECT the broker publishes its Will — an NDEATH with
// the bdSeq of the session's NBIRTH; a host application subscribed to spBv1.0/# sees every rule kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { connectMqtt, type MqttConnection } from '../../sim/transports/mqtt-connection.ts';
import { EdgeNode } from '../../sim/bindings/wdpc/sparkplug/edge-node.ts';
import { EdgeSession } from '../../sim/bindings/wdpc/sparkplug/edge-session.ts';
import { DataType, decodePayload, encodePayload } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { HostInspector } from '../../sim/bindings/wdpc/sparkplug/host-inspector.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const T = 1_790_000_000_000;

describe('Sparkplug B edge node on Mosquitto', () => {
  let broker: MosquittoBroker;
  let host: MqttConnection;
  const seen: Array<{ topic: string; payload: Buffer; qos: number; retain: boolean }> = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    host = await connectMqtt({ url: broker.url, clientId: 'sparkplug-host', protocolVersion: 4 });
    host.onMessage((topic, payload, meta) => seen.push({ topic, payload, qos: meta.qos, retain: meta.retain }));
    await host.subscribe(['spBv1.0/#'], { qos: 1 });
  }, 30_000);
  afterAll(async () => {
    await host?.end();
    await broker?.stop();
  });

  it('births, data, rebirth, and the Will NDEATH with the matching bdSeq after an ungraceful loss', async () => {
    let clock = T;
    const session = new EdgeSession('gridtwin', 'dc1', [{ name: 'facility/power_mw', datatype: DataType.Double }], new Map([['r00-n000', [{ name: 'power_w', datatype: DataType.Double }]]]));
    const node = new EdgeNode(session, () => 0, () => clock++);
    await node.connect({ url: broker.url, clientId: 'gridtwin-edge-dc1', protocolVersion: 4 });
    for (let k = 0; k < 5; k++) await node.publish(session.data(clock++, 'r00-n000', [{ name: 'power_w', value: 1000 + k }]));
    // A host asks for a rebirth.
    await host.publish('spBv1.0/gridtwin/NCMD/dc1', Buffer.from(encodePayload({ timestamp: clock, metrics: [{ name: 'Node Control/Rebirth', timestamp: clock, datatype: DataType.Boolean, value: true }] })), { qos: 1 });
    for (let k = 0; k < 100 && node.rebirths === 0; k++) await sleep(20);
    expect(node.rebirths).toBe(1);
    await sleep(200);
    // The link dies without DISCONNECT (a crashed gateway): the broker sends the Will.
    (node.connection as unknown as { client: { stream: { destroy(): void } } }).client.stream.destroy();
    for (let k = 0; k < 150 && !seen.some((m) => m.topic === 'spBv1.0/gridtwin/NDEATH/dc1'); k++) await sleep(20);

    const types = seen.filter((m) => m.topic.startsWith('spBv1.0/gridtwin/') && !m.topic.includes('CMD')).map((m) => m.topic.split('/')[2]);
    expect(types).toEqual(['NBIRTH', 'DBIRTH', 'DDATA', 'DDATA', 'DDATA', 'DDATA', 'DDATA', 'NBIRTH', 'DBIRTH', 'NDEATH']);
    const death = decodePayload(seen.find((m) => m.topic.endsWith('/NDEATH/dc1'))!.payload);
    const birth = decodePayload(seen.find((m) => m.topic.endsWith('/NBIRTH/dc1'))!.payload);
    expect(death.metrics[0]).toMatchObject({ name: 'bdSeq', value: birth.metrics[0].value });
    const inspector = new HostInspector();
    const failures = seen.flatMap((m) => inspector.inspect(m.topic, m.payload, m.qos, m.retain).checks).filter((c) => !c.ok);
    expect(failures).toEqual([]);
  }, 30_000);
});
