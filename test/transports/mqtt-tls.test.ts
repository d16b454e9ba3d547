// MQTT 5 over TLS (mqtts://) against Mosquitto with a throwaway CA, including mutual TLS and the
// ways a TLS connection fails.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionError, InputError } from '../../sim/errors.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { connectMqtt } from '../../sim/transports/mqtt-connection.ts';
import { createTestPki } from '../../sim/transports/test-pki.ts';

let tlsBroker: MosquittoBroker;
let mtlsBroker: MosquittoBroker;
let otherCaPem: string;
let scratch: string;

beforeAll(async () => {
  [tlsBroker, mtlsBroker] = await Promise.all([
    startMosquitto({ tls: true }),
    startMosquitto({ tls: true, requireClientCert: true }),
  ]);
  // A second, unrelated CA: its certificate must not be accepted for the brokers above.
  scratch = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-tls-test-'));
  otherCaPem = (await createTestPki(scratch)).caPem;
});

afterAll(async () => {
  await Promise.all([tlsBroker?.stop(), mtlsBroker?.stop()]);
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('MQTT 5 over TLS', () => {
  it('connects with the CA as PEM text, and a QoS 2 message makes the round trip', async () => {
    const conn = await connectMqtt({ url: tlsBroker.tlsUrl!, protocolVersion: 5, tls: { ca: tlsBroker.caPem } });
    try {
      const got: string[] = [];
      conn.onMessage((_t, payload) => got.push(payload.toString()));
      await conn.subscribe({ 'tls/x': { qos: 2 } });
      await conn.publish('tls/x', 'over tls', { qos: 2 });
      const deadline = Date.now() + 5000;
      while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(got).toEqual(['over tls']);
    } finally {
      await conn.end();
    }
  });

  it('accepts the CA as a file path and the host name localhost (in the certificate SAN)', async () => {
    const caFile = path.join(scratch, 'broker-ca.pem');
    await writeFile(caFile, tlsBroker.caPem!);
    const conn = await connectMqtt({
      url: `mqtts://localhost:${tlsBroker.tlsPort}`,
      protocolVersion: 5,
      tls: { ca: caFile },
    });
    expect(conn.connected).toBe(true);
    await conn.end();
  });

  it('a broker certificate from another CA fails fast with a ConnectionError about TLS', async () => {
    const started = Date.now();
    const err = await connectMqtt({ url: tlsBroker.tlsUrl!, protocolVersion: 5, tls: { ca: otherCaPem } }).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.url).toBe(tlsBroker.tlsUrl);
    expect(err.message).toContain(tlsBroker.tlsUrl);
    expect(err.message).toMatch(/TLS handshake failed/);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('without a CA the self-made certificate is not trusted (system roots only)', async () => {
    const err = await connectMqtt({ url: tlsBroker.tlsUrl!, protocolVersion: 5 }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/TLS handshake failed/);
  });

  it('a plain MQTT client on the TLS port fails with a ConnectionError, not a hang', async () => {
    const started = Date.now();
    const err = await connectMqtt({ url: `mqtt://127.0.0.1:${tlsBroker.tlsPort}`, connectTimeoutMs: 2000 }).catch((e) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/use mqtts:\/\//);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('a missing CA file is bad input (InputError), reported before connecting', async () => {
    const err = await connectMqtt({ url: tlsBroker.tlsUrl!, tls: { ca: path.join(scratch, 'nope.pem') } }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems[0].path).toBe('tls.ca');
  });
});

describe('mutual TLS', () => {
  it('a client certificate signed by the CA is admitted', async () => {
    const conn = await connectMqtt({
      url: mtlsBroker.tlsUrl!,
      protocolVersion: 5,
      tls: { ca: mtlsBroker.caPem, cert: mtlsBroker.clientCert!.certPem, key: mtlsBroker.clientCert!.keyPem },
    });
    await conn.publish('mtls/x', 'ok', { qos: 1 });
    expect(conn.stats.published).toBe(1);
    await conn.end();
  });

  it('without a client certificate the broker refuses: ConnectionError', async () => {
    const err = await connectMqtt({ url: mtlsBroker.tlsUrl!, protocolVersion: 5, tls: { ca: mtlsBroker.caPem } }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(mtlsBroker.tlsUrl);
    expect(err.message).toMatch(/TLS handshake failed: .*certificate required.*give tls\.cert and tls\.key/);
  });
});
