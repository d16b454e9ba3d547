// Child processes that tests and benchmarks start (brokers) and must always stop: where to find
// the binary, a free loopback port, waiting until the port accepts connections, and stopping with
// an exit we wait for. Not used on the product run path.

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ExitCode, GridtwinError } from '../errors.ts';

/** Debian puts daemons in sbin, which is not on every user's PATH. */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/opt/homebrew/bin', '/opt/homebrew/sbin', '/usr/local/bin'];

/**
 * Absolute path of an executable, searched on PATH and then in the sbin directories — or, when
 * GRIDTWIN_BIN_DIRS is set, in its directories instead of those (empty: PATH only).
 */
export function findBinary(name: string): string {
  const extra = process.env.GRIDTWIN_BIN_DIRS;
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...(extra === undefined ? EXTRA_DIRS : extra.split(path.delimiter).filter(Boolean))];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  throw new GridtwinError(
    'MISSING_BINARY',
    `'${name}' was not found on PATH or in ${EXTRA_DIRS.join(', ')}. ` +
      'Run `npm test` once (scripts/ensure-brokers.mjs installs it), or install it yourself: ' +
      '`apt-get install mosquitto mosquitto-clients nats-server protobuf-compiler` ' +
      '(macOS: `brew install mosquitto nats-server protobuf`).',
    ExitCode.internal,
  );
}

/** Ports the OS reports free on `host` right now, all different (they are held together while picked). */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, host, () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  return port;
}

/** Processes still running when this Node process exits are killed, so no broker outlives a crashed test. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ManagedProcess {
  readonly pid: number | undefined;
  /** True once the process has exited (for whatever reason). */
  readonly exited: boolean;
  /** The last 64 KiB of what the process wrote to stdout and stderr. */
  output(): string;
  /** Sends `signal` (default SIGTERM), escalates to SIGKILL after 5 s, resolves when it has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const OUTPUT_LIMIT = 64 * 1024;

export function spawnManaged(binary: string, args: string[], cwd?: string): ManagedProcess {
  const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    const done = () => {
      exited = true;
      live.delete(child);
      resolve();
    };
    child.once('exit', done);
    // A binary that cannot be started emits 'error' and never 'exit'.
    child.once('error', (err) => {
      collect(Buffer.from(`\n[spawn failed: ${err.message}]\n`));
      done();
    });
  });
  return {
    pid: child.pid,
    get exited() {
      return exited;
    },
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (exited) return;
      child.kill(signal);
      const escalate = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(escalate);
    },
  };
}

/**
 * Resolves once the process says it is ready (`ready()`, e.g. a log line) and `host:port` accepts
 * a TCP connection. The port alone proves nothing: another process may hold it while ours fails
 * to bind. Fails early if the process exits, and after `timeoutMs` otherwise; either error carries
 * `describe()` (the process log) for diagnosis.
 */
export async function waitForPort(
  port: number,
  opts: {
    host?: string;
    timeoutMs?: number;
    process?: ManagedProcess;
    ready?: () => boolean;
    describe?: () => string;
    name?: string;
  } = {},
): Promise<void> {
  const host = opts.host ?? '127.0.0.1';
  const name = opts.name ?? 'process';
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const log = () => (opts.describe ? `\n--- ${name} log ---\n${opts.describe()}` : '');
  for (;;) {
    if (opts.process?.exited) throw new Error(`${name} exited before listening on ${host}:${port}${log()}`);
    if ((opts.ready?.() ?? true) && (await accepts(host, port)) && !opts.process?.exited) return;
    if (Date.now() > deadline) {
      throw new Error(`${name} did not listen on ${host}:${port} within ${opts.timeoutMs ?? 10_000} ms${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
