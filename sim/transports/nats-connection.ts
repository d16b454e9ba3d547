// One NATS connection with JetStream, as the WDPC bus sees it: options checked before dialling, the
// first connect failing fast with a sentence that says why (refused, credentials, TLS), lost /
// restored notifications while nats.js reconnects, and drain-or-close at the end. A thin layer over
// the official nats.js client (v2).

import { connect, type ConnectionOptions, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { ConnectionError, InputError, type InputProblem } from '../errors.ts';
import { apiFailure, describeConnectFailure } from './nats-failure.ts';

export interface NatsTlsOptions {
  /** PEM of the CA that signed the server certificate (default: Node's built-in CAs). */
  ca?: string;
  /** Client certificate and key (PEM), for servers that verify clients. */
  cert?: string;
  key?: string;
}

export interface NatsConnectOptions {
  /** nats://host:port (or tls://), one or several of the same cluster. */
  servers: string | string[];
  /** Client name the server shows in its monitoring (default gridtwin). */
  name?: string;
  user?: string;
  pass?: string;
  token?: string;
  /** Require TLS; present (even `{}`) means a plain-text server is refused. */
  tls?: NatsTlsOptions;
  /** First connect and JetStream API calls, ms (default 5000). */
  timeoutMs?: number;
  /** Reconnect after a loss (default true), every reconnectWaitMs (default 250), forever unless maxReconnectAttempts. */
  reconnect?: boolean;
  reconnectWaitMs?: number;
  maxReconnectAttempts?: number;
}

/** Opens a connection and checks JetStream answers; rejects with ConnectionError (exit 3) or InputError (exit 2). */
export async function connectNats(opts: NatsConnectOptions): Promise<NatsLink> {
  const servers = checkOptions(opts);
  const display = servers.map(maskUrl).join(',');
  const timeoutMs = opts.timeoutMs ?? 5000;
  let nc: NatsConnection;
  try {
    nc = await connect(clientOptions(opts, servers, timeoutMs));
  } catch (err) {
    const why = describeConnectFailure(err, { tls: opts.tls !== undefined, timeoutMs });
    throw new ConnectionError(display, `cannot connect to NATS at ${display}: ${why}`, { cause: err });
  }
  try {
    const jsm = await nc.jetstreamManager({ timeout: timeoutMs });
    return new NatsLink(nc, jsm, nc.jetstream({ timeout: timeoutMs }), display, timeoutMs);
  } catch (err) {
    await nc.close().catch(() => undefined);
    const e = apiFailure(display, 'JetStream', err);
    throw new ConnectionError(display, `${e.message}; NATS at ${display} has no JetStream: start nats-server with -js`, { cause: err });
  }
}

export class NatsLink {
  private up = true;
  private losses = 0;
  private restores = 0;
  private readonly lostHandlers = new Set<(cause: ConnectionError) => void>();
  private readonly restoredHandlers = new Set<() => void>();
  private closing: Promise<void> | undefined;

  constructor(
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly js: JetStreamClient,
    /** Server URL(s) with any password masked: safe for logs and errors. */
    readonly url: string,
    /** Default timeout for acknowledgements and API calls, ms. */
    readonly timeoutMs: number,
  ) {
    void this.watch();
  }

  /** False between a loss and the reconnect, and after close. */
  get connected(): boolean {
    return this.up && !this.nc.isClosed();
  }

  get stats(): { losses: number; restores: number } {
    return { losses: this.losses, restores: this.restores };
  }

  /** The server connection dropped; nats.js reconnects (unless reconnect is off). */
  onLost(handler: (cause: ConnectionError) => void): () => void {
    this.lostHandlers.add(handler);
    return () => this.lostHandlers.delete(handler);
  }

  onRestored(handler: () => void): () => void {
    this.restoredHandlers.add(handler);
    return () => this.restoredHandlers.delete(handler);
  }

  /**
   * Ends the connection. Default: drain — subscriptions finish, everything sent so far (acks
   * included) is flushed — bounded by timeoutMs; `force` (or a lost connection) closes at once.
   */
  close(force = false): Promise<void> {
    this.closing ??= (async () => {
      if (this.nc.isClosed()) return;
      if (force || !this.up) return void (await this.nc.close().catch(() => undefined));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.timeoutMs)));
      await Promise.race([this.nc.drain().catch(() => undefined), late]);
      clearTimeout(timer);
      if (!this.nc.isClosed()) await this.nc.close().catch(() => undefined);
    })();
    return this.closing;
  }

  private async watch(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect' && this.up) {
        this.up = false;
        this.losses++;
        const cause = new ConnectionError(this.url, `lost the connection to NATS at ${this.url}`);
        for (const h of [...this.lostHandlers]) h(cause);
      } else if (s.type === 'reconnect' && !this.up) {
        this.up = true;
        this.restores++;
        for (const h of [...this.restoredHandlers]) h();
      }
    }
    this.up = false; // the iterator ends when the connection is closed
  }
}

function checkOptions(o: NatsConnectOptions): string[] {
  const servers = Array.isArray(o.servers) ? o.servers : [o.servers];
  const problems: InputProblem[] = [];
  if (servers.length === 0) problems.push({ path: 'servers', message: 'at least one server URL is needed' });
  for (const [i, s] of servers.entries()) {
    let ok = false;
    try {
      ok = ['nats:', 'tls:'].includes(new URL(s).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push({ path: `servers[${i}]`, message: `'${maskUrl(String(s))}' is not a nats:// or tls:// URL`, hint: 'e.g. nats://127.0.0.1:4222' });
  }
  if (o.user !== undefined && o.pass === undefined) problems.push({ path: 'pass', message: 'a user needs a password' });
  if (o.pass !== undefined && o.user === undefined) problems.push({ path: 'user', message: 'a password needs a user' });
  if (o.token !== undefined && o.user !== undefined) problems.push({ path: 'token', message: 'give a token or a user and password, not both' });
  if ((o.tls?.cert === undefined) !== (o.tls?.key === undefined)) problems.push({ path: 'tls', message: 'a client certificate needs its key (tls.cert and tls.key together)' });
  if (problems.length > 0) throw new InputError('bad NATS connection options', problems);
  return servers;
}

function clientOptions(o: NatsConnectOptions, servers: string[], timeoutMs: number): ConnectionOptions {
  return {
    servers,
    name: o.name ?? 'gridtwin',
    timeout: timeoutMs,
    reconnect: o.reconnect ?? true,
    reconnectTimeWait: o.reconnectWaitMs ?? 250,
    maxReconnectAttempts: o.maxReconnectAttempts ?? -1,
    ...(o.user !== undefined ? { user: o.user, pass: o.pass } : {}),
    ...(o.token !== undefined ? { token: o.token } : {}),
    ...(o.tls ? { tls: { ...o.tls } } : {}),
  };
}

/** nats://user:secret@host → nats://user:***@host (a URL may carry credentials). */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
