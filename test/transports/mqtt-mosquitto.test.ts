// MQTT 3.1.1 and 5 through a real Mosquitto started for this file on free loopback ports.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, InputError } from '../../sim/errors.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { connectMqtt, type MqttConnection, type QoS } from '../../sim/transports/mqtt-connection.ts';

let broker: MosquittoBroker;
const open: MqttConnection[] = [];

beforeAll(async () => {
  // A password file makes Mosquitto check credentials that are given; the later
  // allow_anonymous line keeps clients without credentials welcome (the last setting wins).
  broker = await startMosquitto({ users: { device: 'secret-pw' }, extraConfig: 'allow_anonymous true' });
});

afterAll(async () => {
  await broker?.stop();
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.end(true)));
});

async function client(opts: Partial<Parameters<typeof connectMqtt>[0]> = {}): Promise<MqttConnection> {
  const conn = await connectMqtt({ url: broker.url, reconnect: false, ...opts });
  open.push(conn);
  return conn;
}

/** Collects messages of a connection; `next(n)` resolves once n have arrived (or fails after 5 s). */
function collect(conn: MqttConnection) {
  const got: Array<{ topic: string; payload: string; qos: QoS; retain: boolean; user?: unknown }> = [];
  conn.onMessage((topic, payload, meta) =>
    got.push({ topic, payload: payload.toString(), qos: meta.qos, retain: meta.retain, user: meta.properties?.userProperties }),
  );
  const next = async (n: number) => {
    const deadline = Date.now() + 5000;
    while (got.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    return got;
  };
  return { got, next };
}

describe.each([4, 5] as const)('MQTT protocol version %i against Mosquitto', (protocolVersion) => {
  it.each([0, 1, 2] as const)('a QoS %i message published is received once with that QoS', async (qos) => {
    const sub = await client({ protocolVersion });
    const pub = await client({ protocolVersion });
    const inbox = collect(sub);
    expect(await sub.subscribe({ [`t/v${protocolVersion}/q${qos}`]: { qos } })).toEqual([
      { filter: `t/v${protocolVersion}/q${qos}`, qos },
    ]);
    await pub.publish(`t/v${protocolVersion}/q${qos}`, `hello ${qos}`, { qos });
    expect(await inbox.next(1)).toEqual([
      expect.objectContaining({ topic: `t/v${protocolVersion}/q${qos}`, payload: `hello ${qos}`, qos, retain: false }),
    ]);
    expect(pub.stats).toMatchObject({ published: 1, failed: 0 });
    expect(sub.stats.received).toBe(1);
  });

  it('a retained message reaches a later subscriber with the retain flag set', async () => {
    const pub = await client({ protocolVersion });
    await pub.publish(`retained/v${protocolVersion}`, 'last value', { qos: 1, retain: true });
    const sub = await client({ protocolVersion });
    const inbox = collect(sub);
    await sub.subscribe([`retained/v${protocolVersion}`], { qos: 1 });
    expect((await inbox.next(1))[0]).toMatchObject({ payload: 'last value', retain: true });
  });

  it('the will message is published when a client vanishes without DISCONNECT', async () => {
    const watcher = await client({ protocolVersion });
    const inbox = collect(watcher);
    await watcher.subscribe({ [`will/v${protocolVersion}`]: { qos: 1 } });
    const doomed = await connectMqtt({
      url: broker.url,
      protocolVersion,
      reconnect: false,
      will: { topic: `will/v${protocolVersion}`, payload: 'device offline', qos: 1 },
    });
    await doomed.end(true); // force: the socket closes without a DISCONNECT packet
    expect((await inbox.next(1))[0]).toMatchObject({ topic: `will/v${protocolVersion}`, payload: 'device offline' });
  });

  it('a client with the right user name and password connects', async () => {
    const conn = await client({ protocolVersion, username: 'device', password: 'secret-pw' });
    expect(conn.connected).toBe(true);
  });

  it('a wrong password is refused with a ConnectionError that says so', async () => {
    const err = await connectMqtt({ url: broker.url, protocolVersion, username: 'device', password: 'wrong' }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/refused the connection/);
    expect(err.message).toMatch(/user name and password|Not authorized/i);
    expect(err.exitCode).toBe(3);
  });
});

describe('MQTT 5 specifics against Mosquitto', () => {
  it('PUBLISH properties (user properties, content type) arrive at the subscriber', async () => {
    const sub = await client({ protocolVersion: 5 });
    const pub = await client({ protocolVersion: 5 });
    const inbox = collect(sub);
    await sub.subscribe({ 'props/x': { qos: 1 } });
    await pub.publish('props/x', '{}', {
      qos: 1,
      properties: { userProperties: { site: 'dc1' }, contentType: 'application/json' },
    });
    expect((await inbox.next(1))[0].user).toEqual({ site: 'dc1' });
  });

  it("the broker's Receive Maximum caps QoS 1 in flight: 3000 concurrent publishes all succeed", async () => {
    // Mosquitto advertises max_inflight_messages (1000) as Receive Maximum; sending more
    // unacknowledged QoS 1 messages than that is a protocol violation.
    const pub = await client({ protocolVersion: 5, maxInflight: 65_535 });
    expect(pub.brokerReceiveMaximum).toBe(1000);
    const sub = await client({ protocolVersion: 5 });
    const inbox = collect(sub);
    await sub.subscribe({ 'window/#': { qos: 1 } });
    let peak = 0;
    const sends = Array.from({ length: 3000 }, (_, i) => {
      const p = pub.publish(`window/${i % 7}`, String(i), { qos: 1 });
      peak = Math.max(peak, pub.stats.inFlight);
      return p;
    });
    await Promise.all(sends);
    expect(peak).toBeLessThanOrEqual(1000);
    expect(pub.stats).toMatchObject({ published: 3000, failed: 0, losses: 0 });
    expect((await inbox.next(3000)).length).toBe(3000);
  });

  it('QoS 2 delivers 200 messages exactly once and in order', async () => {
    const sub = await client({ protocolVersion: 5 });
    const pub = await client({ protocolVersion: 5 });
    const inbox = collect(sub);
    await sub.subscribe({ 'exactly/once': { qos: 2 } });
    await Promise.all(Array.from({ length: 200 }, (_, i) => pub.publish('exactly/once', String(i), { qos: 2 })));
    const got = await inbox.next(200);
    await new Promise((r) => setTimeout(r, 100)); // room for a duplicate to show up, if any
    expect(got.map((m) => Number(m.payload))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(got.every((m) => m.qos === 2)).toBe(true);
  });
});

describe('bad input to the MQTT connection', () => {
  it('an invalid publish topic is rejected with an InputError and counted as failed', async () => {
    const conn = await client();
    await expect(conn.publish('a/+/b', 'x')).rejects.toBeInstanceOf(InputError);
    expect(conn.stats.failed).toBe(1);
    expect(conn.connected).toBe(true); // the broker never saw it, so it did not drop us
  });

  it('options errors are all reported at once as an InputError before any socket opens', async () => {
    const err = await connectMqtt({
      url: 'http://x',
      protocolVersion: 4,
      sessionExpirySeconds: 10,
      clean: false,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.path).sort()).toEqual(['clientId', 'sessionExpirySeconds', 'url']);
  });

  it('an invalid subscription filter is rejected with an InputError', async () => {
    const conn = await client();
    await expect(conn.subscribe(['a/#/b'])).rejects.toBeInstanceOf(InputError);
  });
});
