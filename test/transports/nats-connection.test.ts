// Connecting to NATS with JetStream (sim/transports/nats-connection.ts) against real nats-servers:
// user/password and token authentication, TLS with a throwaway CA, and a clear ConnectionError
// (exit 3) for a refused connection, bad credentials, a TLS failure or a server without JetStream;
// bad options are an InputError (exit 2) before anything is dialled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, ExitCode, InputError } from '../../sim/errors.ts';
import { startNats } from '../../sim/transports/broker-processes.ts';
import { connectNats, maskUrl, type NatsConnectOptions } from '../../sim/transports/nats-connection.ts';
import { startNatsVariant, type NatsVariant } from './nats-test-server.ts';

async function failure(o: NatsConnectOptions): Promise<Error> {
  const link = await connectNats({ timeoutMs: 2000, ...o }).catch((e: unknown) => e);
  if (!(link instanceof Error)) {
    await (link as { close(): Promise<void> }).close();
    throw new Error('connected, but a failure was expected');
  }
  return link;
}

function expectConnectionError(err: Error, re: RegExp): void {
  expect(err).toBeInstanceOf(ConnectionError);
  expect((err as ConnectionError).exitCode).toBe(ExitCode.connection);
  expect(err.message).toMatch(re);
}

describe('NATS connection', () => {
  let userServer: NatsVariant;
  let tokenTls: NatsVariant;
  let otherTls: NatsVariant;
  beforeAll(async () => {
    [userServer, tokenTls, otherTls] = await Promise.all([
      startNatsVariant({ user: 'twin', pass: 's3cret' }),
      startNatsVariant({ token: 'tok-123', tls: true }),
      startNatsVariant({ tls: true }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([userServer, tokenTls, otherTls].map((s) => s?.stop()));
  });

  it('connects with user and password, reaches JetStream, and drains on close', async () => {
    const link = await connectNats({ servers: userServer.url, user: 'twin', pass: 's3cret', name: 'test-client' });
    expect(link.connected).toBe(true);
    expect((await link.jsm.getAccountInfo()).limits).toBeDefined();
    await link.close();
    expect(link.nc.isClosed()).toBe(true);
    expect(link.connected).toBe(false);
    await link.close(); // twice is harmless
  });

  it('bad or missing credentials: the server refused the credentials', async () => {
    expectConnectionError(await failure({ servers: userServer.url, user: 'twin', pass: 'wrong' }), /cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+: the server refused the credentials/);
    expectConnectionError(await failure({ servers: userServer.url }), /refused the credentials/);
    expectConnectionError(await failure({ servers: tokenTls.url, token: 'nope', tls: { ca: tokenTls.caPem } }), /refused the credentials/);
  });

  it('nothing listening: connection refused', async () => {
    const err = await failure({ servers: 'nats://127.0.0.1:1' });
    expectConnectionError(err, /nats:\/\/127\.0\.0\.1:1: connection refused: nothing listens there/);
    expect((err.cause as { code?: string }).code).toBe('CONNECTION_REFUSED');
  });

  it('TLS with the CA that signed the server certificate works; any other CA is a TLS failure', async () => {
    const link = await connectNats({ servers: tokenTls.url, token: 'tok-123', tls: { ca: tokenTls.caPem } });
    expect(link.nc.info?.tls_required).toBe(true);
    await link.close();
    expectConnectionError(await failure({ servers: tokenTls.url, token: 'tok-123', tls: { ca: otherTls.caPem } }), /TLS handshake failed: .*UNABLE_TO_VERIFY_LEAF_SIGNATURE.*tls\.ca/);
    // No CA given: Node's public CAs do not know the throwaway one.
    expectConnectionError(await failure({ servers: otherTls.url }), /TLS handshake failed/);
  });

  it('TLS asked for but the server has none', async () => {
    expectConnectionError(await failure({ servers: userServer.url, user: 'twin', pass: 's3cret', tls: {} }), /TLS was asked for but the server offers none/);
  });

  it('a server without JetStream is refused with what to do', async () => {
    const plain = await startNats({ jetstream: false });
    try {
      expectConnectionError(await failure({ servers: plain.url, timeoutMs: 1000 }), /has no JetStream: start nats-server with -js/);
    } finally {
      await plain.stop();
    }
  });

  it('bad options are an InputError listing every problem, and no password reaches a message', async () => {
    const err = await failure({ servers: ['http://x', 'nats://u:hunter2@127.0.0.1:1', 'not a url'], user: 'u', token: 't', tls: { cert: 'x' } });
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(ExitCode.badInput);
    const text = (err as InputError).describe();
    expect(text).toMatch(/servers\[0\]: 'http:\/\/x' is not a nats:\/\/ or tls:\/\/ URL/);
    expect(text).toMatch(/servers\[2\]/);
    expect(text).toMatch(/pass: a user needs a password/);
    expect(text).toMatch(/token: give a token or a user and password, not both/);
    expect(text).toMatch(/tls\.cert and tls\.key together/);
    expect(text).not.toMatch(/servers\[1\]/);
    expect((await failure({ servers: [] })).message).toMatch(/bad NATS connection options/);
    expect(maskUrl('nats://u:hunter2@127.0.0.1:4222')).toBe('nats://u:***@127.0.0.1:4222');
    const refused = await failure({ servers: 'nats://u:hunter2@127.0.0.1:1' });
    expect(refused.message).not.toContain('hunter2');
  });
});
