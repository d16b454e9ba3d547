// Losing the broker: an unreachable broker on the first connect, a broker killed under a live
// connection and restarted on the same port, and what happens to publishes in between.

import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionError as ConnectionErrorType } from '../../sim/errors.ts';
import { ConnectionError } from '../../sim/errors.ts';
import { freePort, startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { connectMqtt, type MqttConnection } from '../../sim/transports/mqtt-connection.ts';

const brokers: MosquittoBroker[] = [];
const conns: MqttConnection[] = [];
afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.end(true)));
  await Promise.all(brokers.splice(0).map((b) => b.stop('SIGKILL')));
});

async function mosquitto(port?: number): Promise<MosquittoBroker> {
  const b = await startMosquitto({ port });
  brokers.push(b);
  return b;
}

/** Resolves with the first value `register` delivers, or rejects after `ms`. */
function next<T>(register: (fn: (value: T) => void) => void, ms = 8000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
    register((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('unreachable broker on the first connect', () => {
  it('a closed port rejects at once with a ConnectionError carrying the URL, without retrying', async () => {
    const port = await freePort(); // free = nothing listens there
    const url = `mqtt://127.0.0.1:${port}`;
    const started = Date.now();
    const err = await connectMqtt({ url, protocolVersion: 5, reconnect: true }).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.url).toBe(url);
    expect(err.message).toContain(url);
    expect(err.message).toMatch(/connection refused/);
    expect(err.exitCode).toBe(3);
    expect(err.cause.code).toBe('ECONNREFUSED');
  });

  it('a password in the URL never appears in the error', async () => {
    const port = await freePort();
    const err = await connectMqtt({ url: `mqtt://dev:hunter2@127.0.0.1:${port}` }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).not.toContain('hunter2');
    expect(err.url).toBe(`mqtt://dev:***@127.0.0.1:${port}`);
  });
});

describe('broker killed under a live connection', () => {
  it.each([4, 5] as const)(
    'MQTT %i: lost fires, a publish in the outage is held, restart on the same port restores and delivers it',
    async (protocolVersion) => {
      const first = await mosquitto();
      const conn = await connectMqtt({ url: first.url, protocolVersion, reconnectPeriodMs: 100 });
      conns.push(conn);
      const got: string[] = [];
      conn.onMessage((topic, payload) => got.push(`${topic}=${payload.toString()}`));
      await conn.subscribe({ 'loss/#': { qos: 1 } });

      const lost = next<ConnectionErrorType>((fn) => conn.onLost(fn));
      await first.stop('SIGKILL');
      const cause = await lost;
      expect(cause).toBeInstanceOf(ConnectionError);
      expect(cause.message).toContain(first.url);
      expect(conn.connected).toBe(false);

      const held = conn.publish('loss/held', 'during outage', { qos: 1 });
      expect(conn.stats).toMatchObject({ queued: 1, backlog: 1, failed: 0 });

      const restored = next<void>((fn) => conn.onRestored(fn));
      await mosquitto(first.port); // same port, fresh broker: no session survives
      await restored;
      expect(conn.connected).toBe(true);
      await held; // the held message was sent after the restore and acknowledged
      await conn.publish('loss/after', 'after restore', { qos: 1 });

      // Resubscribed automatically (the new broker has no session), so both come back to us.
      const deadline = Date.now() + 5000;
      while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(got).toEqual(['loss/held=during outage', 'loss/after=after restore']);
      expect(conn.stats).toMatchObject({ published: 2, failed: 0, losses: 1, restores: 1, backlog: 0 });
    },
  );

  it('with offlineQueueLimit 0 a publish during the outage is rejected with a reason and counted', async () => {
    const b = await mosquitto();
    const conn = await connectMqtt({ url: b.url, offlineQueueLimit: 0, reconnectPeriodMs: 100 });
    conns.push(conn);
    const lost = next((fn) => conn.onLost(fn));
    await b.stop('SIGKILL');
    await lost;
    const err = await conn.publish('x/y', 'dropped?', { qos: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/publish to 'x\/y' .* failed: the broker is unreachable/);
    expect(conn.stats).toMatchObject({ failed: 1, queued: 0 });
  });

  it('with reconnect off, the loss is final: held-back and new publishes are rejected', async () => {
    const b = await mosquitto();
    const conn = await connectMqtt({ url: b.url, reconnect: false });
    conns.push(conn);
    const lost = next((fn) => conn.onLost(fn));
    await b.stop('SIGKILL');
    await lost;
    const err = await conn.publish('x/y', 'late', { qos: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/reconnect is off/);
    expect(conn.stats.failed).toBe(1);
  });

  it('ending a connection while the broker is gone rejects what was held back', async () => {
    const b = await mosquitto();
    const conn = await connectMqtt({ url: b.url, reconnectPeriodMs: 100 });
    const lost = next((fn) => conn.onLost(fn));
    await b.stop('SIGKILL');
    await lost;
    const held = conn.publish('x/y', 'never sent', { qos: 2 }).catch((e) => e);
    await conn.end();
    const err = await held;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/ended before the message was sent/);
    expect(conn.stats).toMatchObject({ queued: 1, failed: 1, published: 0 });
  });
});
