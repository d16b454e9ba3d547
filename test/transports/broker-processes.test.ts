// The broker processes tests and benchmarks rely on: NATS with JetStream, Mosquitto's lifecycle,
// and the helpers around them.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { GridtwinError } from '../../sim/errors.ts';
import { findBinary, freePort, startMosquitto, startNats } from '../../sim/transports/broker-processes.ts';

/** First line the server sends on a fresh TCP connection. */
function firstLine(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buf = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no line within 5 s'));
    }, 5000);
    socket.on('data', (chunk) => {
      buf += chunk.toString();
      const end = buf.indexOf('\r\n');
      if (end >= 0) {
        clearTimeout(timer);
        socket.destroy();
        resolve(buf.slice(0, end));
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('NATS server', () => {
  it('starts with JetStream: a raw TCP client gets an INFO line with "jetstream":true; stop() frees the port', async () => {
    const nats = await startNats({ jetstream: true });
    try {
      expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);
      const line = await firstLine(nats.port);
      expect(line.startsWith('INFO ')).toBe(true);
      const info = JSON.parse(line.slice('INFO '.length));
      expect(info.jetstream).toBe(true);
      expect(info.host).toBe('127.0.0.1');
      expect(info.port).toBe(nats.port);
    } finally {
      await nats.stop();
    }
    expect(await portAccepts(nats.port)).toBe(false);
  });

  it('without JetStream the INFO line does not announce it', async () => {
    const nats = await startNats({ jetstream: false });
    try {
      const info = JSON.parse((await firstLine(nats.port)).slice('INFO '.length));
      expect(info.jetstream ?? false).toBe(false);
    } finally {
      await nats.stop();
    }
  });
});

describe('Mosquitto process', () => {
  it('listens on 127.0.0.1 only, logs to its file, and stop() frees the port', async () => {
    const m = await startMosquitto();
    try {
      expect(m.url).toBe(`mqtt://127.0.0.1:${m.port}`);
      expect(m.logs()).toMatch(/mosquitto version [\d.]+ running/);
      expect(m.logs()).toMatch(new RegExp(`Opening ipv4 listen socket on port ${m.port}`));
    } finally {
      await m.stop();
    }
    expect(await portAccepts(m.port)).toBe(false);
    expect(m.logs()).toMatch(/terminating/); // the log outlives the temp directory
  });

  it('a port already taken fails the start with the broker log in the error', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const err = await startMosquitto({ port }).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toMatch(/mosquitto exited before listening/);
      expect(err.message).toMatch(/Address already in use/);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});

describe('helpers', () => {
  it('findBinary finds Debian daemons in /usr/sbin even when PATH lacks it', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/usr/bin:/bin';
    try {
      expect(findBinary('mosquitto')).toMatch(/\/mosquitto$/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('findBinary explains how to install what is missing', () => {
    let err: unknown;
    try {
      findBinary('gridtwin-no-such-binary');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GridtwinError);
    expect((err as Error).message).toMatch(/npm test/);
    expect((err as Error).message).toMatch(/apt-get install mosquitto/);
  });

  it('freePort returns a port nothing listens on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(1024);
    expect(await portAccepts(port)).toBe(false);
  });
});
