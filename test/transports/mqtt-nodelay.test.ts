// TCP_NODELAY as the kernel sees it (getsockopt on the very socket, see tcp-nodelay-probe.ts) on
// every socket an MQTT connection opens — first connect, after a reconnect, over TLS — and on the
// sockets the embedded broker accepts.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../sim/transports/embedded-broker.ts';
import { connectMqtt, type MqttConnection } from '../../sim/transports/mqtt-connection.ts';
import { findTcpSockets, tcpNoDelay } from './tcp-nodelay-probe.ts';

const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function mosquitto(opts: Parameters<typeof startMosquitto>[0] = {}): Promise<MosquittoBroker> {
  const b = await startMosquitto(opts);
  stops.push(() => b.stop('SIGKILL'));
  return b;
}

function track(conn: MqttConnection): MqttConnection {
  stops.push(() => conn.end(true));
  return conn;
}

/** The kernel flag of this process's single socket connected to `port`. */
async function clientSocketNoDelay(port: number): Promise<boolean> {
  const fds = findTcpSockets({ remotePort: port });
  expect(fds).toHaveLength(1);
  return tcpNoDelay(fds[0]);
}

describe('TCP_NODELAY on MQTT client sockets', () => {
  it('the probe tells the difference: a plain Node socket has Nagle on, one with setNoDelay has it off', async () => {
    const b = await mosquitto();
    const plain = net.connect({ host: '127.0.0.1', port: b.port });
    await new Promise((r) => plain.once('connect', r));
    expect(await clientSocketNoDelay(b.port)).toBe(false);
    plain.setNoDelay(true);
    expect(await clientSocketNoDelay(b.port)).toBe(true);
    plain.destroy();
  });

  it('is set on the socket of the first connect', async () => {
    const b = await mosquitto();
    track(await connectMqtt({ url: b.url, protocolVersion: 5 }));
    expect(await clientSocketNoDelay(b.port)).toBe(true);
  });

  it('is set again on the new socket after a broker loss and reconnect', async () => {
    const b = await mosquitto();
    const conn = track(await connectMqtt({ url: b.url, reconnectPeriodMs: 100 }));
    const lost = new Promise((r) => conn.onLost(r));
    await b.stop('SIGKILL');
    await lost;
    const restored = new Promise<void>((r) => conn.onRestored(r));
    await mosquitto({ port: b.port });
    await restored;
    expect(conn.stats.restores).toBe(1);
    expect(await clientSocketNoDelay(b.port)).toBe(true);
  });

  it('is set on the TCP socket under a TLS connection', async () => {
    // tls.connect() ignores a `noDelay` option; the connection calls setNoDelay itself.
    const b = await mosquitto({ tls: true });
    track(await connectMqtt({ url: b.tlsUrl!, protocolVersion: 5, tls: { ca: b.caPem } }));
    expect(await clientSocketNoDelay(b.tlsPort!)).toBe(true);
  });
});

describe('TCP_NODELAY on the embedded broker', () => {
  it('is set on every socket the broker accepts', async () => {
    const broker: EmbeddedBroker = await startEmbeddedBroker();
    stops.push(() => broker.close());
    // A raw client that leaves Nagle on: whatever the broker side shows is the broker's doing.
    const raw = net.connect({ host: '127.0.0.1', port: broker.port });
    await new Promise((r) => raw.once('connect', r));
    stops.push(async () => raw.destroy());
    track(await connectMqtt({ url: broker.url }));
    const accepted = findTcpSockets({ localPort: broker.port });
    expect(accepted).toHaveLength(2);
    for (const fd of accepted) expect(await tcpNoDelay(fd)).toBe(true);
  });
});
