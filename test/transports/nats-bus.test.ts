// NATS JetStream as the WDPC streaming bus (sim/transports/nats-bus.ts) against a real nats-server
// with JetStream: one stream per family, hierarchy subjects with escaped ids, acknowledged and
// de-duplicated publishes, durable consumers that resume, replay from a sequence and from a time,
// a subject filter for one rack, and clear errors when the server is gone or has no JetStream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, type NatsServer } from '../../sim/transports/broker-processes.ts';
import { NatsBus, streamName, subjectToken, wdpcSubject } from '../../sim/transports/nats-bus.ts';
import { ExitCode, GridtwinError } from '../../sim/errors.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('subjects', () => {
  it('mirror the hierarchy; ids with dots, wildcards or spaces are escaped into one token', () => {
    expect(wdpcSubject('component', 'dc1', 'r00', 'r00-n001', 'gpu3')).toBe('wdpc.component.dc1.r00.r00-n001.gpu3');
    expect(subjectToken('rack 1.a*>%')).toBe('rack%201%2Ea%2A%3E%25');
    expect(() => subjectToken('')).toThrow(/empty id/);
    expect(streamName('power')).toBe('WDPC_POWER');
  });
});

describe('NATS JetStream bus', () => {
  let server: NatsServer;
  let bus: NatsBus;
  beforeAll(async () => {
    server = await startNats();
    bus = await NatsBus.connect({ url: server.url });
  }, 30_000);
  afterAll(async () => {
    await bus?.close().catch(() => undefined);
    await server?.stop();
  });

  it('creates one stream per family, idempotently', async () => {
    expect(await bus.ensureStreams(['component', 'thermal'])).toEqual(['WDPC_COMPONENT', 'WDPC_THERMAL']);
    expect(await bus.ensureStreams(['component', 'thermal'])).toEqual(['WDPC_COMPONENT', 'WDPC_THERMAL']);
  });

  it('publishes with acks in order; a repeated message id is a duplicate, not a new message', async () => {
    const acks = await bus.publishMany(Array.from({ length: 50 }, (_, k) => ({ subject: wdpcSubject('component', 'dc1', k < 25 ? 'r00' : 'r01', `n${k}`, 'gpu0'), data: bytes(`m${k}`), msgId: `dc1/n${k}/1` })));
    expect(acks.map((a) => a.seq)).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
    const again = await bus.publish(wdpcSubject('component', 'dc1', 'r00', 'n0', 'gpu0'), bytes('m0'), { msgId: 'dc1/n0/1' });
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(1);
  });

  it('a durable consumer delivers everything once and resumes where it stopped', async () => {
    await bus.durable('WDPC_COMPONENT', 'optimiser');
    const first = await bus.fetch('WDPC_COMPONENT', 'optimiser', 20);
    expect(first.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    await bus.durable('WDPC_COMPONENT', 'optimiser'); // re-declared after a restart: keeps its place
    const rest = await bus.fetch('WDPC_COMPONENT', 'optimiser', 100, 1000);
    expect(rest.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, k) => k + 21));
    expect(text(rest[0].data)).toBe('m20');
  });

  it('replays from a sequence, from a time, and filters one rack', async () => {
    await bus.durable('WDPC_COMPONENT', 'from-45', { start: { from: 'sequence', seq: 45 } });
    expect((await bus.fetch('WDPC_COMPONENT', 'from-45', 100, 1000)).map((m) => m.seq)).toEqual([45, 46, 47, 48, 49, 50]);
    await sleep(20);
    const cut = Date.now();
    await sleep(20);
    await bus.publish(wdpcSubject('component', 'dc1', 'r01', 'n99', 'gpu0'), bytes('late'));
    await bus.durable('WDPC_COMPONENT', 'since', { start: { from: 'time', atMs: cut } });
    expect((await bus.fetch('WDPC_COMPONENT', 'since', 100, 1000)).map((m) => text(m.data))).toEqual(['late']);
    await bus.durable('WDPC_COMPONENT', 'rack-r00', { filter: 'wdpc.component.dc1.r00.>' });
    const r00 = await bus.fetch('WDPC_COMPONENT', 'rack-r00', 100, 1000);
    expect(r00).toHaveLength(25);
    expect(r00.every((m) => m.subject.startsWith('wdpc.component.dc1.r00.'))).toBe(true);
  });

  it('unacked publishes are still stored by the stream, and de-duplicated by message id', async () => {
    await bus.ensureStreams(['thermal']);
    for (let k = 0; k < 10; k++) bus.publishUnacked(wdpcSubject('thermal', 'dc1', 'cdu1'), bytes(`t${k}`), `dc1/cdu1/${k % 5}`);
    await bus.flush();
    await bus.durable('WDPC_THERMAL', 'all');
    expect((await bus.fetch('WDPC_THERMAL', 'all', 100, 1000)).map((m) => text(m.data))).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('a publish to a stopped server fails with an error instead of hanging', async () => {
    const s2 = await startNats();
    const b2 = await NatsBus.connect({ url: s2.url });
    await b2.ensureStreams(['power']);
    await s2.stop();
    await expect(b2.publish(wdpcSubject('power', 'dc1'), bytes('x'), { timeoutMs: 1000 })).rejects.toThrow();
    await b2.close().catch(() => undefined);
  }, 20_000);

  it('no server or no JetStream: a connection error (exit 3) that says what to do', async () => {
    const err = await NatsBus.connect({ url: 'nats://127.0.0.1:1', timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GridtwinError);
    expect((err as GridtwinError).exitCode).toBe(ExitCode.connection);
    expect((err as Error).message).toMatch(/cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/);
    const plain = await startNats({ jetstream: false });
    const e2 = await NatsBus.connect({ url: plain.url, timeoutMs: 1000 }).catch((e: unknown) => e);
    await plain.stop();
    expect((e2 as Error).message).toMatch(/has no JetStream .*start nats-server with -js/);
  }, 20_000);
});
