// nats-server variants the NATS bus tests need beyond startNats (broker-processes.ts): user/password
// or token authentication, a TLS listener with a throwaway CA, and a restart on the same port with
// the same JetStream store, so a client can lose the server and find its streams again.
// Loopback only; the directory (store, certificates) is removed by stop().

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findBinary, freePorts, spawnManaged, waitForPort, type ManagedProcess } from '../../sim/transports/managed-process.ts';
import { createTestPki } from '../../sim/transports/test-pki.ts';

export interface NatsVariantOptions {
  user?: string;
  pass?: string;
  token?: string;
  tls?: boolean;
}

export interface NatsVariant {
  url: string;
  port: number;
  /** With tls: the CA that signed the server certificate. */
  caPem?: string;
  /** Kills the process (SIGKILL by default: a crash), keeps the store. */
  halt(signal?: NodeJS.Signals): Promise<void>;
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the process: the TCP connection stays, nothing answers. */
  freeze(on: boolean): void;
  /** Starts it again on the same port with the same store. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
  logs(): string;
}

export async function startNatsVariant(o: NatsVariantOptions = {}): Promise<NatsVariant> {
  const binary = findBinary('nats-server');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-nats-variant-'));
  const [port] = await freePorts(1);
  const pki = o.tls ? await createTestPki(dir) : undefined;
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', path.join(dir, 'store')];
  if (o.user !== undefined) args.push('--user', o.user, '--pass', o.pass ?? '');
  if (o.token !== undefined) args.push('--auth', o.token);
  if (pki) args.push('--tls', '--tlscert', pki.serverCertPath, '--tlskey', pki.serverKeyPath);
  let proc: ManagedProcess | undefined;
  let earlier = '';
  const launch = async () => {
    if (proc) earlier += proc.output();
    const p = spawnManaged(binary, args, dir);
    proc = p;
    try {
      await waitForPort(port, { process: p, ready: () => p.output().includes('Server is ready'), describe: p.output, name: 'nats-server' });
    } catch (err) {
      await p.stop('SIGKILL');
      throw err;
    }
  };
  try {
    await launch();
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    caPem: pki?.caPem,
    halt: (signal = 'SIGKILL') => proc!.stop(signal),
    freeze: (on) => void (proc?.pid !== undefined && !proc.exited && process.kill(proc.pid, on ? 'SIGSTOP' : 'SIGCONT')),
    restart: launch,
    async stop() {
      if (proc?.pid !== undefined && !proc.exited) process.kill(proc.pid, 'SIGCONT');
      await proc?.stop();
      await rm(dir, { recursive: true, force: true });
    },
    logs: () => earlier + (proc?.output() ?? ''),
  };
}
