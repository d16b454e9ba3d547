// A throwaway certificate authority for TLS tests and benchmarks: a CA, a server certificate for
// 127.0.0.1 and localhost, and optionally a client certificate for mutual TLS. Made with the
// openssl command line (always on Debian), valid for two days, never reused between runs.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { findBinary } from './managed-process.ts';

const run = promisify(execFile);

export interface TestPki {
  caPem: string;
  caCertPath: string;
  serverCertPath: string;
  serverKeyPath: string;
  /** Present when asked for: a certificate the CA signed for client authentication. */
  client?: { certPem: string; keyPem: string };
}

// Our own minimal config, so the result does not depend on the system's openssl.cnf defaults.
const OPENSSL_CONFIG = `[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
`;

/** Writes the keys and certificates into `dir` (which the caller owns and removes). */
export async function createTestPki(
  dir: string,
  opts: { client?: boolean; hosts?: string[] } = {},
): Promise<TestPki> {
  const openssl = findBinary('openssl');
  const hosts = opts.hosts ?? ['127.0.0.1', 'localhost'];
  const file = (name: string) => path.join(dir, name);
  await writeFile(file('openssl.cnf'), OPENSSL_CONFIG);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run(openssl, [
    'req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
    '-subj', '/CN=gridtwin throwaway test CA', '-config', file('openssl.cnf'), '-extensions', 'ca',
  ]);

  const sign = async (name: string, cn: string, extensions: string) => {
    await writeFile(file(`${name}.ext`), extensions);
    await run(openssl, [
      'req', '-new', ...ec, '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`),
      '-subj', `/CN=${cn}`, '-config', file('openssl.cnf'),
    ]);
    await run(openssl, [
      'x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
      // A random serial instead of -CAcreateserial: no serial file, no reuse between runs.
      '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '2',
      '-out', file(`${name}.pem`), '-extfile', file(`${name}.ext`),
    ]);
  };
  const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  await sign(
    'server',
    hosts[0],
    `basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\n` +
      `extendedKeyUsage = serverAuth\nsubjectAltName = ${san}\n`,
  );
  let client: TestPki['client'];
  if (opts.client) {
    await sign(
      'client',
      'gridtwin-test-client',
      'basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = clientAuth\n',
    );
    client = { certPem: await readFile(file('client.pem'), 'utf8'), keyPem: await readFile(file('client.key'), 'utf8') };
  }
  return {
    caPem: await readFile(file('ca.pem'), 'utf8'),
    caCertPath: file('ca.pem'),
    serverCertPath: file('server.pem'),
    serverKeyPath: file('server.key'),
    client,
  };
}
