// What a caller asks of an MQTT connection, checked once and turned into the resolved form the
// connection and the socket builder use. Every mistake here is the user's (a --broker flag, a key
// path, a scenario's session settings), so it is reported as InputError (exit 2), before any socket.

import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import { InputError, type InputProblem } from '../errors.ts';
import { isValidTopicName } from './topic-filter.ts';

export type QoS = 0 | 1 | 2;

export interface MqttTlsOptions {
  /** CA certificate(s) that sign the broker's certificate: PEM text or a path to a PEM file. */
  ca?: string;
  /** Client certificate for mutual TLS: PEM text or a path. */
  cert?: string;
  /** Client private key for mutual TLS: PEM text or a path. */
  key?: string;
  /** Default true. Turning it off accepts any broker certificate: for debugging only. */
  rejectUnauthorized?: boolean;
}

export interface MqttWill {
  topic: string;
  payload: Buffer | string;
  qos?: QoS;
  retain?: boolean;
}

export interface MqttConnectOptions {
  /** `mqtt://host[:1883]` or `mqtts://host[:8883]`; user:password@ in the URL is accepted. */
  url: string;
  /** 4 = MQTT 3.1.1 (default), 5 = MQTT 5. */
  protocolVersion?: 4 | 5;
  clientId?: string;
  /** Clean session (3.1.1) / clean start (5). Default true. */
  clean?: boolean;
  /** MQTT 5 only: how long the broker keeps the session after a disconnect. */
  sessionExpirySeconds?: number;
  username?: string;
  password?: string;
  tls?: MqttTlsOptions;
  will?: MqttWill;
  /** Budget for the TCP/TLS handshake plus CONNACK, per attempt. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** MQTT keep-alive in seconds. Default 30. */
  keepalive?: number;
  /** Reconnect after a broker loss. Default true. The first connect is never retried. */
  reconnect?: boolean;
  /** Pause between reconnect attempts. Default 1000 ms. */
  reconnectPeriodMs?: number;
  /**
   * Back-off: each failed reconnect attempt doubles the pause, up to this many ms; a successful
   * reconnect resets it to reconnectPeriodMs. Default: no back-off (a fixed pause).
   */
  reconnectBackoffMaxMs?: number;
  /** Publishes held while the broker is lost; beyond it they are rejected. Default 10000. */
  offlineQueueLimit?: number;
  /**
   * Upper bound on QoS 1/2 publishes awaiting their acknowledgement. For MQTT 5 the broker's
   * Receive Maximum from CONNACK lowers it further (exceeding it is a protocol error). Default 1000.
   */
  maxInflight?: number;
  /**
   * Writes made while one chunk of received data is handled go out in one socket write, after the
   * chunk (a subscriber receiving a burst acknowledges it in one write instead of one per message).
   * Default false.
   */
  coalesceWrites?: boolean;
}

/** The checked options. `displayUrl` never contains a password: it goes into errors and logs. */
export interface ResolvedMqttOptions {
  displayUrl: string;
  secure: boolean;
  host: string;
  port: number;
  protocolVersion: 4 | 5;
  clientId?: string;
  clean: boolean;
  sessionExpirySeconds?: number;
  username?: string;
  password?: string;
  tls: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean };
  will?: MqttWill;
  connectTimeoutMs: number;
  keepalive: number;
  reconnect: boolean;
  reconnectPeriodMs: number;
  reconnectBackoffMaxMs: number;
  offlineQueueLimit: number;
  maxInflight: number;
  coalesceWrites: boolean;
}

export function resolveMqttOptions(opts: MqttConnectOptions): ResolvedMqttOptions {
  const problems: InputProblem[] = [];
  const bad = (path: string, message: string, hint?: string) => problems.push({ path, message, hint });

  let parsed: URL | undefined;
  try {
    parsed = new URL(opts.url);
  } catch {
    bad('url', `'${opts.url}' is not a URL`, 'use mqtt://host:port or mqtts://host:port');
  }
  const secure = parsed?.protocol === 'mqtts:';
  if (parsed && parsed.protocol !== 'mqtt:' && parsed.protocol !== 'mqtts:') {
    bad('url', `unsupported scheme '${parsed.protocol}'`, 'use mqtt:// or mqtts://');
  }
  if (parsed && parsed.pathname !== '' && parsed.pathname !== '/') {
    bad('url', `unexpected path '${parsed.pathname}'`, 'an MQTT broker URL has no path');
  }
  // URL keeps the brackets of an IPv6 literal; sockets want the bare address.
  const host = (parsed?.hostname ?? '').replace(/^\[(.*)\]$/, '$1');
  if (parsed && host === '') bad('url', 'no host name', 'use mqtt://host:port');
  const port = parsed?.port ? Number(parsed.port) : secure ? 8883 : 1883;

  const protocolVersion = opts.protocolVersion ?? 4;
  if (protocolVersion !== 4 && protocolVersion !== 5) {
    bad('protocolVersion', `unsupported MQTT protocol version ${String(protocolVersion)}`, 'use 4 (MQTT 3.1.1) or 5');
  }
  const clean = opts.clean ?? true;
  if (!clean && !opts.clientId) {
    bad('clientId', 'a persistent session (clean: false) needs a fixed clientId', 'set clientId');
  }
  if (opts.sessionExpirySeconds !== undefined) {
    if (protocolVersion !== 5) {
      bad('sessionExpirySeconds', 'session expiry is an MQTT 5 property', 'use protocolVersion 5 or drop it');
    } else if (!isUint(opts.sessionExpirySeconds, 0xffffffff)) {
      bad('sessionExpirySeconds', 'must be an integer between 0 and 4294967295');
    }
  }
  if (opts.tls && parsed && !secure) {
    bad('tls', `TLS options given for a plain ${parsed.protocol}// URL`, 'use mqtts:// to connect with TLS');
  }
  if (opts.will && !isValidTopicName(opts.will.topic)) {
    bad('will.topic', `'${opts.will.topic}' is not a valid topic name`, 'a will topic has no wildcards');
  }
  const connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
  if (!isUint(connectTimeoutMs, 3_600_000) || connectTimeoutMs === 0) bad('connectTimeoutMs', 'must be a positive integer');
  const keepalive = opts.keepalive ?? 30;
  if (!isUint(keepalive, 65_535)) bad('keepalive', 'must be an integer between 0 and 65535 seconds');
  const reconnectPeriodMs = opts.reconnectPeriodMs ?? 1000;
  if (!isUint(reconnectPeriodMs, 3_600_000) || reconnectPeriodMs === 0) bad('reconnectPeriodMs', 'must be a positive integer');
  const reconnectBackoffMaxMs = opts.reconnectBackoffMaxMs ?? reconnectPeriodMs;
  if (!isUint(reconnectBackoffMaxMs, 3_600_000) || reconnectBackoffMaxMs < reconnectPeriodMs) {
    bad('reconnectBackoffMaxMs', 'must be an integer of at least reconnectPeriodMs');
  }
  const offlineQueueLimit = opts.offlineQueueLimit ?? 10_000;
  if (!isUint(offlineQueueLimit, Number.MAX_SAFE_INTEGER)) bad('offlineQueueLimit', 'must be a non-negative integer');
  // Packet identifiers are 16-bit, so no more than 65535 publishes can await an ack at once.
  const maxInflight = opts.maxInflight ?? 1000;
  if (!isUint(maxInflight, 65_535) || maxInflight === 0) bad('maxInflight', 'must be an integer between 1 and 65535');

  const tls = {
    ca: loadPem(opts.tls?.ca, 'tls.ca', bad),
    cert: loadPem(opts.tls?.cert, 'tls.cert', bad),
    key: loadPem(opts.tls?.key, 'tls.key', bad),
    rejectUnauthorized: opts.tls?.rejectUnauthorized ?? true,
  };
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    bad('tls', 'mutual TLS needs both tls.cert and tls.key');
  }

  if (problems.length > 0) {
    throw new InputError(`invalid MQTT connection settings for ${opts.url}`, problems, 'BAD_MQTT_OPTIONS');
  }
  const username = opts.username ?? (parsed?.username ? decodeURIComponent(parsed.username) : undefined);
  const password = opts.password ?? (parsed?.password ? decodeURIComponent(parsed.password) : undefined);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  const userPart = username ? `${encodeURIComponent(username)}${password ? ':***' : ''}@` : '';
  return {
    displayUrl: `${secure ? 'mqtts' : 'mqtt'}://${userPart}${hostPart}:${port}`,
    secure,
    host,
    port,
    protocolVersion,
    clientId: opts.clientId,
    clean,
    sessionExpirySeconds: opts.sessionExpirySeconds,
    username,
    password,
    tls,
    will: opts.will,
    connectTimeoutMs,
    keepalive,
    reconnect: opts.reconnect ?? true,
    reconnectPeriodMs,
    reconnectBackoffMaxMs,
    offlineQueueLimit,
    maxInflight,
    coalesceWrites: opts.coalesceWrites ?? false,
  };
}

/** The resolved options in mqtt.js's terms (the socket itself comes from mqtt-stream.ts). */
export function mqttJsOptions(o: ResolvedMqttOptions): IClientOptions {
  return {
    protocolVersion: o.protocolVersion,
    clientId: o.clientId,
    clean: o.clean,
    username: o.username,
    password: o.password,
    keepalive: o.keepalive,
    connectTimeout: o.connectTimeoutMs,
    reconnectPeriod: o.reconnect ? o.reconnectPeriodMs : 0,
    // After the first CONNACK, a refused reconnect (e.g. "server unavailable" while a broker
    // restarts) must not stop the retries; a refused first connect is ended by the connection.
    reconnectOnConnackError: true,
    // Offline buffering is the publish pipeline's job, where it is bounded and counted.
    queueQoSZero: false,
    resubscribe: true,
    properties: o.sessionExpirySeconds !== undefined ? { sessionExpiryInterval: o.sessionExpirySeconds } : undefined,
    will: o.will
      ? { topic: o.will.topic, payload: Buffer.from(o.will.payload), qos: o.will.qos ?? 0, retain: o.will.retain ?? false }
      : undefined,
    // mqtt.js calls its debug logger several times per packet; even disabled, that costs more than
    // the packet's encoding (a 10,000-device fleet publishes 10,000 packets at once). DEBUG=mqttjs*
    // still turns mqtt.js's own logging on.
    ...(MQTTJS_DEBUG ? {} : { log: noLog }),
  };
}

const MQTTJS_DEBUG = /mqttjs/.test(process.env.DEBUG ?? '');
function noLog(): void {}

function isUint(value: unknown, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** PEM material may be given inline (from a secret store) or as a file path (from a flag). */
function loadPem(
  value: string | undefined,
  path: string,
  bad: (path: string, message: string, hint?: string) => void,
): string | undefined {
  if (value === undefined) return undefined;
  if (value.includes('-----BEGIN ')) return value;
  try {
    return readFileSync(value, 'utf8');
  } catch (err) {
    bad(path, `cannot read '${value}': ${(err as Error).message}`, 'give PEM text or the path of a readable PEM file');
    return undefined;
  }
}
