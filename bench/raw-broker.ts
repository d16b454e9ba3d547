// The broker's own ceiling, measured with Mosquitto's C clients: `mosquitto_pub -l` publishes one
// message per stdin line at QoS 1 and `mosquitto_sub` counts them. If gridtwin's pipeline comes
// close to this, the broker (not gridtwin) is what limits it.
import { spawn, type ChildProcess } from 'node:child_process';
import { open, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findBinary } from '../sim/transports/broker-processes.ts';

export interface RawResult {
  messages: number;
  seconds: number;
  rate: number;
}

const host = (url: string) => new URL(url);

/**
 * Publishes `count` lines cycling through `payloads` (which must not contain newlines). The rate is
 * counted between the subscriber's first and last message, so process start-up is not part of it.
 */
export async function rawBrokerRate(url: string, topic: string, payloads: Buffer[], count: number): Promise<RawResult> {
  const { hostname, port } = host(url);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-bench-raw-'));
  const children: ChildProcess[] = [];
  try {
    const lines: Buffer[] = [];
    for (let i = 0; i < count; i++) lines.push(payloads[i % payloads.length], NEWLINE);
    const input = path.join(dir, 'lines');
    // A file, not a pipe from this process: feeding stdin must not cost the measured run any CPU here.
    await writeFile(input, Buffer.concat(lines));

    // %l prints only the payload length: the subscriber's output stays tiny.
    const sub = spawn(findBinary('mosquitto_sub'), ['-h', hostname, '-p', port, '-t', topic, '-q', '1', '--nodelay', '-F', '%l'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(sub);
    const seen = countLines(sub);
    await untilSubscribed(url, topic, seen);
    const before = seen.lines;

    const fh = await open(input, 'r');
    const pub = spawn(findBinary('mosquitto_pub'), ['-h', hostname, '-p', port, '-t', topic, '-q', '1', '-l', '--nodelay', '-M', '1000'], {
      stdio: [fh.fd, 'ignore', 'pipe'],
    });
    children.push(pub);
    await fh.close();
    const done = await seen.until(before + count, 60_000);
    const first = seen.firstAfter(before);
    const seconds = (done - first) / 1000;
    return { messages: count, seconds, rate: (count - 1) / seconds };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

const NEWLINE = Buffer.from('\n');

interface LineCounter {
  lines: number;
  /** Time of the first line after `n` lines had been seen. */
  firstAfter(n: number): number;
  until(n: number, timeoutMs: number): Promise<number>;
}

/** Counts the subscriber's output lines as they arrive, remembering when each threshold was crossed. */
function countLines(child: ChildProcess): LineCounter {
  let lines = 0;
  const firsts = new Map<number, number>();
  let waiter: { n: number; resolve: (t: number) => void } | undefined;
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  child.stdout?.on('data', (chunk: Buffer) => {
    const now = performance.now();
    if (!firsts.has(lines)) firsts.set(lines, now);
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    if (waiter && lines >= waiter.n) waiter.resolve(now);
  });
  const counter: LineCounter = {
    get lines() {
      return lines;
    },
    firstAfter: (n) => firsts.get(n) ?? NaN,
    until: (n, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`mosquitto_sub saw ${lines}/${n} messages in ${timeoutMs} ms ${stderr}`)), timeoutMs);
        waiter = {
          n,
          resolve: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        };
      }),
  };
  child.on('exit', (code) => {
    if (waiter && lines < waiter.n) waiter.resolve(NaN);
    if (code) stderr += `(exit ${code})`;
  });
  return counter;
}

/**
 * mosquitto_sub has no "subscribed" signal, so probe messages are published until one arrives.
 * They are all in the subscriber's count before the measured run starts.
 */
async function untilSubscribed(url: string, topic: string, seen: LineCounter): Promise<void> {
  const { connectMqtt } = await import('../sim/transports/mqtt-connection.ts');
  const probe = await connectMqtt({ url, clientId: `bench-probe-${process.pid}`, protocolVersion: 4, reconnect: false });
  try {
    for (let i = 0; i < 100 && seen.lines === 0; i++) {
      await probe.publish(topic, 'probe', { qos: 1 });
      await new Promise((r) => setTimeout(r, 20));
    }
    if (seen.lines === 0) throw new Error('mosquitto_sub never received a probe message');
    // Let any probe still on its way arrive before the count is read.
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    await probe.end();
  }
}
