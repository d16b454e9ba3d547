// The embedded broker (aedes, MQTT 3.1.1) over real loopback sockets.

import net from 'node:net';
import { Aedes } from 'aedes';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionError } from '../../sim/errors.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../sim/transports/embedded-broker.ts';
import { connectMqtt, type MqttConnection } from '../../sim/transports/mqtt-connection.ts';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function broker(): Promise<EmbeddedBroker> {
  const b = await startEmbeddedBroker();
  cleanup.push(() => b.close());
  return b;
}

async function client(url: string): Promise<MqttConnection> {
  const c = await connectMqtt({ url, protocolVersion: 4, reconnect: false });
  cleanup.push(() => c.end(true));
  return c;
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

describe('embedded broker (aedes)', () => {
  it('listens on 127.0.0.1 at an OS-chosen port and says so in its URL', async () => {
    const b = await broker();
    expect(b.port).toBeGreaterThan(0);
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
  });

  it.each([0, 1, 2] as const)('MQTT 3.1.1 QoS %i messages make the round trip in order', async (qos) => {
    const b = await broker();
    const sub = await client(b.url);
    const pub = await client(b.url);
    const got: string[] = [];
    sub.onMessage((topic, payload, meta) => {
      expect(meta.qos).toBe(qos);
      got.push(`${topic}=${payload.toString()}`);
    });
    await sub.subscribe({ 'site/+/meter': { qos } });
    for (let i = 0; i < 20; i++) await pub.publish(`site/dc${i}/meter`, String(i), { qos });
    await waitFor(() => got.length >= 20);
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => `site/dc${i}/meter=${i}`));
    expect(pub.stats).toMatchObject({ published: 20, failed: 0 });
  });

  it('counts connected clients', async () => {
    const b = await broker();
    expect(b.clients).toBe(0);
    const c = await client(b.url);
    await client(b.url);
    expect(b.clients).toBe(2);
    await c.end();
    await waitFor(() => b.clients === 1);
    expect(b.clients).toBe(1);
  });

  it('refuses an MQTT 5 CONNECT; the caller gets a ConnectionError pointing to Mosquitto', async () => {
    // What happens on the wire: aedes answers the v5 CONNECT with a 3.1.1-format CONNACK
    // (2 bytes, return code 1 "unacceptable protocol version") and closes the socket. mqtt.js reads
    // that as reason code 1 and emits "Connection refused: Unacceptable protocol version".
    const b = await broker();
    const started = Date.now();
    const err = await connectMqtt({ url: b.url, protocolVersion: 5 }).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.url).toBe(b.url);
    expect(err.message).toContain(b.url);
    expect(err.message).toMatch(/CONNACK code 1\b/);
    expect(err.message).toMatch(/speaks MQTT 3\.1\.1 only; use --broker with Mosquitto for MQTT 5/);
    expect(err.cause.code).toBe(1);
    expect(b.clients).toBe(0);
  });

  it('a message handler that throws is counted and reported; other handlers and the session carry on', async () => {
    const b = await broker();
    const c = await client(b.url);
    const reported: string[] = [];
    const delivered: string[] = [];
    c.onHandlerError((err, topic) => reported.push(`${topic}: ${(err as Error).message}`));
    c.onMessage(() => {
      throw new Error('binding bug');
    });
    c.onMessage((topic) => delivered.push(topic));
    await c.subscribe({ 'h/#': { qos: 1 } });
    await c.publish('h/1', 'x', { qos: 1 });
    await c.publish('h/2', 'y', { qos: 1 });
    await waitFor(() => delivered.length >= 2);
    expect(delivered).toEqual(['h/1', 'h/2']);
    expect(reported).toEqual(['h/1: binding bug', 'h/2: binding bug']);
    expect(c.stats).toMatchObject({ received: 2, handlerErrors: 2 });
    expect(c.connected).toBe(true);
  });

  it('close() disconnects clients and frees the port', async () => {
    const b = await startEmbeddedBroker();
    const c = await connectMqtt({ url: b.url, reconnect: false });
    const lost = new Promise((resolve) => c.onLost(resolve));
    // a socket that never sends CONNECT must not keep close() waiting either
    const idle = net.connect({ host: '127.0.0.1', port: b.port });
    await new Promise((r) => idle.once('connect', r));
    await b.close();
    await lost;
    const err = await connectMqtt({ url: b.url, reconnect: false }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/connection refused/);
    idle.destroy();
  });
});

describe('SUBACK failure codes (a plain aedes with an authorizeSubscribe hook)', () => {
  it('a refused filter (granted 0x80) rejects subscribe() with a ConnectionError naming it', async () => {
    // Mosquitto 2.0.11 grants every well-formed subscription (its acl_file only filters
    // delivery), so the refusal comes from aedes, which answers a denied filter with 0x80.
    // Handing back no subscription makes aedes answer 0x80; an error would drop the connection.
    const aedes = await Aedes.createBroker({
      authorizeSubscribe: (_client, sub, done) => done(null, sub.topic.startsWith('secret/') ? null : sub),
    });
    const server = net.createServer((s) => aedes.handle(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(async () => {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    });
    const url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const c = await client(url);
    expect(await c.subscribe({ 'open/a': { qos: 1 } })).toEqual([{ filter: 'open/a', qos: 1 }]);
    const err = await c.subscribe({ 'open/b': { qos: 1 }, 'secret/x': { qos: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/the broker refused 'secret\/x' \(code 128/);
    expect(err.message).not.toMatch(/'open\/b'/);
    expect(c.connected).toBe(true);
  });
});
