// The WDPC bus on a real nats-server with JetStream (sim/transports/nats-bus.ts and the nats-*
// modules under it): acknowledged publishes in order, de-duplication by message id (acked and
// unacked), envelope headers, durable consumers that stop and resume (also from a new connection),
// replay from a sequence and from a time, deliver-new, last-per-subject, a one-rack filter, explicit
// acks (nak → redelivery), and bad input refused and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../sim/errors.ts';
import { startNats, type NatsServer } from '../../sim/transports/broker-processes.ts';
import { NatsBus, wdpcFilter, wdpcSubject } from '../../sim/transports/nats-bus.ts';
import type { BusMessage } from '../../sim/transports/nats-consumers.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const N = 60;
/** Message k: node n<k> in rack r00 (k < 30) or in rack "rack 1.a" (escaped), GPU gpu0. */
const subjectOf = (k: number) => wdpcSubject('component', 'dc1', k < 30 ? 'r00' : 'rack 1.a', `n${k}`, 'gpu0');

describe('WDPC bus on NATS JetStream', () => {
  let server: NatsServer;
  let bus: NatsBus;
  beforeAll(async () => {
    server = await startNats();
    bus = await NatsBus.connect({ url: server.url, timeoutMs: 3000 });
    await bus.ensureStreams(['component', 'power', 'thermal']);
    const acks = await bus.publishMany(range(0, N - 1).map((k) => ({ subject: subjectOf(k), data: bytes(`m${k}`), msgId: `dc1/n${k}/1`, keyId: 'k1', sequence: BigInt(k + 1), source: `n${k}` })));
    expect(acks.map((a) => [a.stream, a.seq, a.duplicate])).toEqual(range(1, N).map((seq) => ['WDPC_COMPONENT', seq, false]));
  }, 30_000);
  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  it('a repeated message id is acknowledged as a duplicate and not stored again', async () => {
    const again = await bus.publish(subjectOf(0), bytes('m0 again'), { msgId: 'dc1/n0/1' });
    expect(again).toMatchObject({ seq: 1, duplicate: true });
    const batch = await bus.publishMany([{ subject: subjectOf(1), data: bytes('x'), msgId: 'dc1/n1/1' }, { subject: subjectOf(2), data: bytes('x'), msgId: 'dc1/n2/1' }]);
    expect(batch.every((a) => a.duplicate)).toBe(true);
    expect((await bus.link.jsm.streams.info('WDPC_COMPONENT')).state.messages).toBe(N);
    expect(bus.stats).toMatchObject({ acked: N, duplicates: 3, failed: 0, refused: 0 });
  });

  it('a durable consumer gets every message once, in order, with the envelope headers, and resumes where it stopped', async () => {
    expect(await bus.durable('WDPC_COMPONENT', 'optimiser')).toMatchObject({ action: 'created', pending: N, ackFloor: 0 });
    const first = await bus.fetch('WDPC_COMPONENT', 'optimiser', { max: 20 });
    expect(first.map((m) => m.seq)).toEqual(range(1, 20));
    expect(first[4]).toMatchObject({ subject: subjectOf(4), msgId: 'dc1/n4/1', deliveryCount: 1, pending: N - 5 });
    expect(first[4].headers).toMatchObject({ 'Nats-Msg-Id': 'dc1/n4/1', 'Wdpc-Key-Id': 'k1', 'Wdpc-Seq': '5', 'Wdpc-Source': 'n4' });
    expect(text(first[4].data)).toBe('m4');
    // A new process: another connection re-declares the durable and continues at 21.
    const other = await NatsBus.connect({ url: server.url });
    try {
      expect(await other.durable('WDPC_COMPONENT', 'optimiser')).toMatchObject({ action: 'existing', pending: N - 20, ackFloor: 20 });
      expect((await other.fetchPending('WDPC_COMPONENT', 'optimiser')).map((m) => m.seq)).toEqual(range(21, N));
      expect(await other.fetchPending('WDPC_COMPONENT', 'optimiser')).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('a running consumer stops after its current pull; a resumed one continues with no gap and no repeat', async () => {
    await bus.durable('WDPC_COMPONENT', 'runner');
    const seen: number[] = [];
    const running = await bus.consume('WDPC_COMPONENT', 'runner', (m) => void seen.push(m.seq), { batch: 7 });
    while (seen.length < 14) await sleep(5);
    await running.stop();
    const before = [...seen];
    expect(before.length).toBeGreaterThanOrEqual(14);
    expect(running.stats).toMatchObject({ delivered: before.length, acked: before.length, handlerErrors: 0 });
    const resumed = await NatsBus.connect({ url: server.url });
    try {
      const rest = (await resumed.fetchPending('WDPC_COMPONENT', 'runner')).map((m) => m.seq);
      expect([...before, ...rest]).toEqual(range(1, N));
    } finally {
      await resumed.close();
    }
  });

  it('replays from a stream sequence: exactly the messages from there on', async () => {
    await bus.durable('WDPC_COMPONENT', 'from-45', { start: { from: 'sequence', seq: 45 } });
    const got = await bus.fetchPending('WDPC_COMPONENT', 'from-45');
    expect(got.map((m) => m.seq)).toEqual(range(45, N));
    expect(got.map((m) => text(m.data))).toEqual(range(44, N - 1).map((k) => `m${k}`));
  });

  it('replays from a time: exactly the messages stored at or after it', async () => {
    const all = await readAll(bus, 'power', 'power-before');
    expect(all).toEqual([]);
    for (let k = 0; k < 5; k++) await bus.publish(wdpcSubject('power', 'dc1', 'r00', `n${k}`), bytes(`early${k}`));
    await sleep(15);
    for (let k = 0; k < 5; k++) await bus.publish(wdpcSubject('power', 'dc1', 'r00', `n${k}`), bytes(`late${k}`));
    const stored = await readAll(bus, 'power', 'power-all');
    const cut = stored[5].timeMs; // the server's clock, millisecond precision
    expect(stored[4].timeMs).toBeLessThan(cut);
    await bus.durable('WDPC_POWER', 'since', { start: { from: 'time', at: cut } });
    expect((await bus.fetchPending('WDPC_POWER', 'since')).map((m) => text(m.data))).toEqual(range(0, 4).map((k) => `late${k}`));
    await bus.durable('WDPC_POWER', 'since-date', { start: { from: 'time', at: new Date(cut + 60_000) } });
    expect(await bus.fetchPending('WDPC_POWER', 'since-date')).toEqual([]);
    // last-per-subject: the current state of each node
    await expect(bus.durable('WDPC_POWER', 'latest', { start: { from: 'last-per-subject' } })).rejects.toBeInstanceOf(InputError);
    await bus.durable('WDPC_POWER', 'latest', { start: { from: 'last-per-subject' }, filter: wdpcFilter('power') });
    expect((await bus.fetchPending('WDPC_POWER', 'latest')).map((m) => text(m.data)).sort()).toEqual(range(0, 4).map((k) => `late${k}`));
  });

  it('deliver-new sees only what is published after it was created', async () => {
    await bus.durable('WDPC_POWER', 'new-only', { start: { from: 'new' } });
    expect(await bus.fetchPending('WDPC_POWER', 'new-only')).toEqual([]);
    await bus.publish(wdpcSubject('power', 'dc1', 'r01'), bytes('fresh'));
    expect((await bus.fetchPending('WDPC_POWER', 'new-only')).map((m) => text(m.data))).toEqual(['fresh']);
  });

  it('a filter on one rack gets that rack only, including rack-level messages and escaped rack ids', async () => {
    await bus.publish(wdpcSubject('component', 'dc1', 'rack 1.a'), bytes('rack-level'));
    await bus.durable('WDPC_COMPONENT', 'rack-1a', { filter: wdpcFilter('component', { facility: 'dc1', rack: 'rack 1.a' }) });
    const got = await bus.fetchPending('WDPC_COMPONENT', 'rack-1a');
    expect(got.map((m) => text(m.data))).toEqual([...range(30, N - 1).map((k) => `m${k}`), 'rack-level']);
    expect(got.every((m) => m.subject.startsWith('wdpc.component.dc1.rack%201%2Ea.'))).toBe(true);
    await bus.durable('WDPC_COMPONENT', 'rack-r00', { filter: wdpcFilter('component', { facility: 'dc1', rack: 'r00' }) });
    expect((await bus.fetchPending('WDPC_COMPONENT', 'rack-r00')).map((m) => m.seq)).toEqual(range(1, 30));
  });

  it('re-declaring a durable with another filter or start is refused', async () => {
    const err = await bus.durable('WDPC_COMPONENT', 'rack-r00', { filter: wdpcFilter('component', { rack: 'r01' }), start: { from: 'sequence', seq: 3 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/filter: it filters 'wdpc\.component\.dc1\.r00\.\*\.\*'[\s\S]*start: it started with deliver policy 'all', asked for at sequence 3[\s\S]*deleteDurable/);
    expect(await bus.deleteDurable('WDPC_COMPONENT', 'rack-r00')).toBe(true);
    expect(await bus.deleteDurable('WDPC_COMPONENT', 'rack-r00')).toBe(false);
    for (const bad of [{ start: { from: 'sequence' as const, seq: 0 } }, { filter: 'a..b' }, { ackWaitMs: 0 }, { maxDeliver: 0 }]) {
      await expect(bus.durable('WDPC_COMPONENT', 'x', bad)).rejects.toBeInstanceOf(InputError);
    }
    const badName = await bus.durable('WDPC_COMPONENT', 'a.b').catch((e: unknown) => e);
    expect((badName as InputError).describe()).toMatch(/'a\.b' is not a durable name/);
    await expect(bus.fetch('WDPC_COMPONENT', 'never-made')).rejects.toThrow(/opening consumer never-made .*create it with ensureDurable.*consumer not found/);
  });

  it('explicit acks: an un-acked message comes back after nak, a handler failure is nak-ed and counted', async () => {
    await bus.ensureStreams(['workload']);
    await bus.publishMany(range(1, 3).map((k) => ({ subject: wdpcSubject('workload', 'dc1', undefined, undefined, `job${k}`), data: bytes(`j${k}`) })));
    await bus.durable('WDPC_WORKLOAD', 'manual');
    const batch = await bus.fetchPending('WDPC_WORKLOAD', 'manual', { autoAck: false });
    batch[0].ack();
    batch[1].nak();
    batch[2].term();
    await bus.flush();
    const again = await bus.fetch('WDPC_WORKLOAD', 'manual', { max: 5, expiresMs: 1000 });
    expect(again.map((m) => [m.seq, m.deliveryCount])).toEqual([[2, 2]]);

    await bus.durable('WDPC_WORKLOAD', 'flaky');
    const failures: string[] = [];
    const handled: string[] = [];
    let thrown = false;
    const running = await bus.consume(
      'WDPC_WORKLOAD',
      'flaky',
      (m: BusMessage) => {
        if (m.seq === 2 && !thrown) {
          thrown = true;
          throw new Error('boom');
        }
        handled.push(`${m.seq}/${m.deliveryCount}`);
      },
      { retryDelayMs: 0, onError: (err, m) => failures.push(`${m.seq}:${(err as Error).message}`) },
    );
    while (handled.length < 3) await sleep(5);
    await running.stop();
    expect(failures).toEqual(['2:boom']);
    expect(handled.sort()).toEqual(['1/1', '2/2', '3/1']);
    expect(running.stats).toMatchObject({ delivered: 4, acked: 3, handlerErrors: 1 });
  });

  it('unacked publishes are stored and de-duplicated too; bad subjects and headers are refused and counted', async () => {
    const before = bus.stats;
    for (let k = 0; k < 10; k++) expect(bus.publishUnacked(wdpcSubject('thermal', 'dc1', undefined, undefined, 'cdu1'), bytes(`t${k}`), `dc1/cdu1/${k % 5}`)).toBe(true);
    await bus.flush();
    await bus.durable('WDPC_THERMAL', 'all');
    expect((await bus.fetchPending('WDPC_THERMAL', 'all')).map((m) => text(m.data))).toEqual(['t0', 't1', 't2', 't3', 't4']);
    const refusals = [
      bus.publish('wdpc.thermal.*.x.y.z', bytes('x')),
      bus.publish('wdpc.thermal..x.y.z', bytes('x')),
      bus.publish(wdpcSubject('thermal', 'dc1'), bytes('x'), { headers: { 'Bad:Name': 'v' } }),
      bus.publish(wdpcSubject('thermal', 'dc1'), bytes('x'), { keyId: 'k1\r\nInjected: yes' }),
      bus.publish(wdpcSubject('thermal', 'dc1'), bytes('x'), { msgId: '' }),
      bus.publishMany([{ subject: 'a b', data: bytes('x') }]),
    ];
    for (const r of refusals) {
      const err = await r.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).exitCode).toBe(ExitCode.badInput);
    }
    expect(() => bus.publishUnacked('a.>', bytes('x'))).toThrow(InputError);
    expect(bus.stats.refused - before.refused).toBe(7);
    expect(bus.stats.unacked - before.unacked).toBe(10);
    // A subject no stream captures (not six tokens) fails instead of vanishing.
    await expect(bus.publish('wdpc.thermal.dc1', bytes('x'), { timeoutMs: 1000 })).rejects.toThrow(/no JetStream stream captures 'wdpc\.thermal\.dc1'/);
    expect(bus.stats.failed - before.failed).toBe(1);
  });
});

async function readAll(bus: NatsBus, family: string, durable: string): Promise<BusMessage[]> {
  const stream = `WDPC_${family.toUpperCase()}`;
  await bus.durable(stream, durable);
  return bus.fetchPending(stream, durable);
}
