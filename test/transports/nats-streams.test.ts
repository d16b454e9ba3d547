// One JetStream stream per WDPC family (sim/transports/nats-streams.ts) on a real nats-server -js:
// created once, left alone when equal, updated when limits change, refused when the storage type
// would change or another stream owns the subjects; limits applied and checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, ExitCode, InputError } from '../../sim/errors.ts';
import { startNats, type NatsServer } from '../../sim/transports/broker-processes.ts';
import { connectNats, type NatsLink } from '../../sim/transports/nats-connection.ts';
import { ensureStreams, streamConfig, WDPC_FAMILIES } from '../../sim/transports/nats-streams.ts';
import { NatsPublisher } from '../../sim/transports/nats-publish.ts';
import { wdpcSubject } from '../../sim/transports/nats-subjects.ts';

describe('WDPC streams', () => {
  let server: NatsServer;
  let link: NatsLink;
  beforeAll(async () => {
    server = await startNats();
    link = await connectNats({ servers: server.url });
  }, 30_000);
  afterAll(async () => {
    await link?.close();
    await server?.stop();
  });

  it('creates one stream per family, then leaves them alone (idempotent)', async () => {
    const first = await ensureStreams(link, WDPC_FAMILIES);
    expect(first.map((r) => [r.stream, r.subjects, r.action])).toEqual(WDPC_FAMILIES.map((f) => [`WDPC_${f.toUpperCase()}`, `wdpc.${f}.*.*.*.*`, 'created']));
    const again = await ensureStreams(link, WDPC_FAMILIES);
    expect(again.every((r) => r.action === 'unchanged')).toBe(true);
    const names: string[] = [];
    for await (const s of link.jsm.streams.list()) names.push(s.config.name);
    expect(names.sort()).toEqual(WDPC_FAMILIES.map((f) => `WDPC_${f.toUpperCase()}`).sort());
    const info = await link.jsm.streams.info('WDPC_POWER');
    expect(info.config).toMatchObject({ storage: 'file', max_age: 3_600_000_000_000, max_bytes: -1, duplicate_window: 120_000_000_000, discard: 'old' });
  });

  it('updates changed limits in place, keeping the messages', async () => {
    const pub = new NatsPublisher(link);
    await pub.publish(wdpcSubject('power', 'dc1', 'r00'), new Uint8Array([1]));
    const [r] = await ensureStreams(link, ['power'], { maxAgeMs: 600_000, maxBytes: 1 << 20, duplicateWindowMs: 60_000 });
    expect(r.action).toBe('updated');
    const info = await link.jsm.streams.info('WDPC_POWER');
    expect(info.config).toMatchObject({ max_age: 600_000_000_000, max_bytes: 1 << 20, duplicate_window: 60_000_000_000 });
    expect(info.state.messages).toBe(1);
    expect((await ensureStreams(link, ['power'], { maxAgeMs: 600_000, maxBytes: 1 << 20, duplicateWindowMs: 60_000 }))[0].action).toBe('unchanged');
  });

  it('max bytes is enforced by dropping the oldest messages', async () => {
    await ensureStreams(link, ['small'], { maxBytes: 4096, storage: 'memory', prefix: 'TINY' });
    const pub = new NatsPublisher(link);
    for (let k = 0; k < 40; k++) await pub.publish(wdpcSubject('small', 'dc1'), new Uint8Array(200), { expectStream: 'TINY_SMALL' });
    await expect(pub.publish(wdpcSubject('small', 'dc1'), new Uint8Array(1), { expectStream: 'WDPC_SMALL' })).rejects.toThrow(/expected stream does not match/);
    const info = await link.jsm.streams.info('TINY_SMALL');
    expect(info.state.bytes).toBeLessThanOrEqual(4096);
    expect(info.state.first_seq).toBeGreaterThan(1);
    expect(info.state.last_seq).toBe(40);
  });

  it('a storage change is refused with a hint; another stream on the same subjects is a clear error', async () => {
    const err = await ensureStreams(link, ['thermal'], { storage: 'memory' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/exists with file storage[\s\S]*nats stream rm WDPC_THERMAL/);
    const clash = await ensureStreams(link, ['thermal'], { prefix: 'OTHER' }).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(ConnectionError);
    expect((clash as Error).message).toMatch(/creating stream OTHER_THERMAL \(another stream already captures wdpc\.thermal\.\*\.\*\.\*\.\*.*subjects overlap/);
  });

  it('bad limits and families are InputErrors before anything is sent', async () => {
    const bad = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(InputError);
        expect((err as InputError).exitCode).toBe(ExitCode.badInput);
        return (err as InputError).describe();
      }
      throw new Error('no error');
    };
    expect(bad(() => streamConfig('power', { maxAgeMs: 50 }))).toMatch(/maxAgeMs/);
    expect(bad(() => streamConfig('power', { maxAgeMs: 1000, duplicateWindowMs: 2000 }))).toMatch(/duplicateWindowMs/);
    expect(bad(() => streamConfig('power', { maxBytes: 0 }))).toMatch(/maxBytes/);
    expect(bad(() => streamConfig('power', { storage: 'disk' as 'file' }))).toMatch(/storage/);
    expect(streamConfig('power', { maxAgeMs: 0 }).max_age).toBe(0);
    await expect(ensureStreams(link, ['power', 'Bad.Family'])).rejects.toThrow(/not a WDPC message family/);
    await expect(ensureStreams(link, ['power', 'power'])).rejects.toThrow(/listed twice/);
  });
});
