// Real brokers as child processes for tests and benchmarks (not the product run path): Mosquitto,
// the reference broker for MQTT 5 and TLS, and NATS server with JetStream for the WDPC data bus.
// Each listens on free 127.0.0.1 ports only, keeps its files in its own temp directory, and is
// gone — process and directory — once stop() resolves.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findBinary, freePorts, spawnManaged, waitForPort } from './managed-process.ts';
import { createTestPki } from './test-pki.ts';

export { findBinary, freePort, freePorts } from './managed-process.ts';

const run = promisify(execFile);

export interface MosquittoOptions {
  /** Add a TLS listener (server certificate from a throwaway CA, see caPem). */
  tls?: boolean;
  /** With tls: the TLS listener demands a client certificate signed by the same CA (mutual TLS). */
  requireClientCert?: boolean;
  /** Fixed ports, e.g. to restart a broker where clients expect it; default: free ports. */
  port?: number;
  tlsPort?: number;
  /** user → password; when given, anonymous clients are refused. */
  users?: Record<string, string>;
  /** Extra mosquitto.conf lines, placed before the listeners (so they are global settings). */
  extraConfig?: string;
}

export interface MosquittoBroker {
  url: string;
  port: number;
  tlsUrl?: string;
  tlsPort?: number;
  /** PEM of the CA that signed the server certificate (and the client certificate). */
  caPem?: string;
  /** With requireClientCert: a client certificate and key the broker accepts. */
  clientCert?: { certPem: string; keyPem: string };
  /** Stops the broker (SIGTERM; pass SIGKILL to simulate a crash) and removes its directory. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Mosquitto's log file plus anything it printed. */
  logs(): string;
}

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const binary = findBinary('mosquitto');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-mosquitto-'));
  try {
    const [freeA, freeB] = await freePorts(2);
    const port = opts.port ?? freeA;
    const tlsPort = opts.tls ? (opts.tlsPort ?? freeB) : undefined;
    const pki = opts.tls ? await createTestPki(dir, { client: opts.requireClientCert }) : undefined;
    const logFile = path.join(dir, 'mosquitto.log');
    const lines = [
      '# written by gridtwin (sim/transports/broker-processes.ts) for one test or benchmark run',
      'per_listener_settings false',
      `allow_anonymous ${opts.users ? 'false' : 'true'}`,
      'persistence false',
      // Nagle on the broker's sockets turns QoS 1 from ~25k msg/s into ~700 msg/s (DESIGN.md).
      'set_tcp_nodelay true',
      // Benchmarks keep many QoS 1/2 messages in flight; the defaults (20 in flight, 1000 queued)
      // would make the broker the bottleneck being measured.
      'max_inflight_messages 1000',
      'max_queued_messages 100000',
      `log_dest file ${logFile}`,
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      'connection_messages true',
      'log_timestamp true',
      // Mosquitto started as root switches to the user "mosquitto", which cannot read this
      // directory; naming ourselves keeps it where it is. Ignored when not started as root.
      `user ${os.userInfo().username}`,
    ];
    if (opts.users) {
      const passwordFile = path.join(dir, 'passwords');
      await writeFile(passwordFile, '');
      const passwd = findBinary('mosquitto_passwd');
      for (const [user, password] of Object.entries(opts.users)) {
        await run(passwd, ['-b', passwordFile, user, password]);
      }
      lines.push(`password_file ${passwordFile}`);
    }
    if (opts.extraConfig) lines.push(opts.extraConfig);
    lines.push(`listener ${port} 127.0.0.1`);
    if (pki && tlsPort !== undefined) {
      lines.push(
        `listener ${tlsPort} 127.0.0.1`,
        `cafile ${pki.caCertPath}`,
        `certfile ${pki.serverCertPath}`,
        `keyfile ${pki.serverKeyPath}`,
        `require_certificate ${opts.requireClientCert ? 'true' : 'false'}`,
      );
    }
    const configFile = path.join(dir, 'mosquitto.conf');
    await writeFile(configFile, `${lines.join('\n')}\n`);

    const proc = spawnManaged(binary, ['-c', configFile], dir);
    let savedLog = '';
    const logs = () => {
      if (savedLog) return savedLog;
      return `${readLogSync(logFile)}${proc.output()}`;
    };
    // Mosquitto logs "running" only after every listener is open; a failed bind makes it exit.
    const ready = () => / running\b/.test(readLogSync(logFile));
    try {
      for (const p of tlsPort !== undefined ? [port, tlsPort] : [port]) {
        await waitForPort(p, { process: proc, ready, describe: logs, name: 'mosquitto' });
      }
    } catch (err) {
      await proc.stop('SIGKILL');
      throw err;
    }
    let stopping: Promise<void> | undefined;
    return {
      url: `mqtt://127.0.0.1:${port}`,
      port,
      tlsUrl: tlsPort !== undefined ? `mqtts://127.0.0.1:${tlsPort}` : undefined,
      tlsPort,
      caPem: pki?.caPem,
      clientCert: pki?.client,
      logs,
      stop(signal?: NodeJS.Signals) {
        stopping ??= (async () => {
          await proc.stop(signal);
          savedLog = `${await readFile(logFile, 'utf8').catch(() => '')}${proc.output()}`;
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface NatsOptions {
  /** Enable JetStream (store in a temp directory). Default true. */
  jetstream?: boolean;
  port?: number;
}

export interface NatsServer {
  url: string;
  port: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
  logs(): string;
}

export async function startNats(opts: NatsOptions = {}): Promise<NatsServer> {
  const binary = findBinary('nats-server');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-nats-'));
  try {
    const port = opts.port ?? (await freePorts(1))[0];
    const args = ['-a', '127.0.0.1', '-p', String(port)];
    if (opts.jetstream ?? true) args.push('-js', '-sd', dir);
    const proc = spawnManaged(binary, args, dir);
    try {
      const ready = () => proc.output().includes('Server is ready');
      await waitForPort(port, { process: proc, ready, describe: proc.output, name: 'nats-server' });
    } catch (err) {
      await proc.stop('SIGKILL');
      throw err;
    }
    let stopping: Promise<void> | undefined;
    return {
      url: `nats://127.0.0.1:${port}`,
      port,
      logs: proc.output,
      stop(signal?: NodeJS.Signals) {
        stopping ??= (async () => {
          await proc.stop(signal);
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Synchronous on purpose: logs() is called from error paths that build a message string. */
function readLogSync(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
