// The WDPC bus when nats-server stops answering or dies mid-stream: a publish without an ack fails
// after its timeout (counted, never hung) and the same message id settles whether it was stored;
// while the server is gone publishes fail at once; after a restart on the same port and store the
// client reconnects by itself, publishing continues and a running consumer picks up again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, ExitCode } from '../../sim/errors.ts';
import { NatsBus, wdpcSubject } from '../../sim/transports/nats-bus.ts';
import type { RunningConsumer } from '../../sim/transports/nats-consumers.ts';
import { startNatsVariant, type NatsVariant } from './nats-test-server.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const subject = (k: number) => wdpcSubject('power', 'dc1', 'r00', `n${k}`);

async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function failureOf(p: Promise<unknown>): Promise<{ err: ConnectionError; ms: number }> {
  const t0 = performance.now();
  const err = await p.then(
    () => new Error('resolved, but a failure was expected'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as ConnectionError).exitCode).toBe(ExitCode.connection);
  return { err: err as ConnectionError, ms: performance.now() - t0 };
}

describe('WDPC bus through a NATS outage', () => {
  let server: NatsVariant;
  let bus: NatsBus;
  const events: string[] = [];
  const live: string[] = [];
  let reader: RunningConsumer;
  beforeAll(async () => {
    server = await startNatsVariant();
    bus = await NatsBus.connect({ url: server.url, timeoutMs: 2000, reconnectWaitMs: 100 });
    bus.link.onLost(() => events.push('lost'));
    bus.link.onRestored(() => events.push('restored'));
    await bus.ensureStreams(['power']); // file storage: survives the crash
    await bus.durable('WDPC_POWER', 'live');
    reader = await bus.consume('WDPC_POWER', 'live', (m) => void live.push(text(m.data)), { batch: 10 });
  }, 30_000);
  afterAll(async () => {
    await reader?.stop();
    await bus?.close(true);
    await server?.stop();
  });

  it('publishes and a running consumer receives them', async () => {
    await bus.publishMany(Array.from({ length: 10 }, (_, k) => ({ subject: subject(k), data: bytes(`p${k}`), msgId: `p/${k}` })));
    await until('the live consumer', () => live.length === 10);
  });

  it('a server that stops answering: the publish fails after its timeout, counted, and the message id settles it later', async () => {
    server.freeze(true);
    try {
      const { err, ms } = await failureOf(bus.publish(subject(10), bytes('p10'), { msgId: 'p/10', timeoutMs: 500 }));
      expect(ms).toBeLessThan(2000);
      expect(err.message).toMatch(/publish to 'wdpc\.power\.dc1\.r00\.n10\._' on nats:\/\/127\.0\.0\.1:\d+ failed: no JetStream acknowledgement within 500 ms; the message may or may not be stored — republish it with the same message id/);
      expect(bus.stats.failed).toBe(1);
    } finally {
      server.freeze(false);
    }
    // It was in the socket: the thawed server stored it, so the republish is a duplicate.
    expect(await bus.publish(subject(10), bytes('p10'), { msgId: 'p/10' })).toMatchObject({ seq: 11, duplicate: true });
    await until('the live consumer', () => live.length === 11);
  });

  it('a crashed server: publishes fail at once while it is gone, nothing hangs, every failure is counted', async () => {
    await server.halt('SIGKILL');
    await until('the loss to be noticed', () => !bus.link.connected);
    expect(events).toEqual(['lost']);
    const before = bus.stats;
    const one = await failureOf(bus.publish(subject(11), bytes('p11'), { msgId: 'p/11' }));
    expect(one.ms).toBeLessThan(100);
    expect(one.err.message).toMatch(/failed: the connection is down \(reconnecting\); not sent/);
    const many = await failureOf(bus.publishMany(Array.from({ length: 5 }, (_, k) => ({ subject: subject(20 + k), data: bytes('x') }))));
    expect(many.err.message).toMatch(/5 of 5 publishes on nats:\/\/127\.0\.0\.1:\d+ failed; first: .*connection is down/);
    expect(bus.publishUnacked(subject(30), bytes('x'))).toBe(false);
    expect(bus.stats.refused - before.refused).toBe(7);
    expect(bus.stats.acked).toBe(before.acked);
  });

  it('after a restart on the same port and store it reconnects by itself; publishing and consuming continue', async () => {
    await server.restart();
    await until('the reconnect', () => bus.link.connected);
    expect(events).toEqual(['lost', 'restored']);
    expect(bus.stats).toMatchObject({ losses: 1, restores: 1 });
    // The stream survived (file storage): the next message is sequence 12.
    expect(await bus.publish(subject(11), bytes('p11'), { msgId: 'p/11' })).toMatchObject({ seq: 12, duplicate: false });
    await bus.publishMany(Array.from({ length: 3 }, (_, k) => ({ subject: subject(12 + k), data: bytes(`p${12 + k}`) })));
    await until('the live consumer after the restart', () => new Set(live).size === 15);
    // At least once: a crash can lose the consumer's last acks (nats-server writes them to disk
    // asynchronously), so messages from before the crash may come again — never ones after it,
    // and never out of order among the new ones (W9).
    const firstNew = live.indexOf('p11');
    expect(live.slice(firstNew)).toEqual(['p11', 'p12', 'p13', 'p14']);
    expect(live.slice(0, 11)).toEqual(Array.from({ length: 11 }, (_, k) => `p${k}`));
    expect(live.slice(11, firstNew).every((m) => Number(m.slice(1)) <= 10)).toBe(true);
    expect(reader.stats.handlerErrors).toBe(0);
  }, 30_000);
});
