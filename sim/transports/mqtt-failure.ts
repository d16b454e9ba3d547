// Turns what mqtt.js and Node report about a failed connection into one sentence a user can act
// on. The raw error always stays attached as the cause; this only decides the message.

import { ErrorWithReasonCode, ReasonCodes } from 'mqtt';

export interface FailureContext {
  displayUrl: string;
  secure: boolean;
  protocolVersion: 4 | 5;
  connectTimeoutMs: number;
}

/** CONNACK codes meaning "I don't speak that protocol version": 3.1.1 code 1, MQTT 5 code 0x84. */
const UNSUPPORTED_VERSION = new Set([1, 0x84]);

/** The error firstConnack() records when the socket closed with no error and no CONNACK. */
export const CLOSED_BEFORE_CONNACK = 'the broker closed the connection before CONNACK';

/** Why the first connection attempt to a broker failed, e.g. for `cannot connect to URL: <why>`. */
export function describeConnectFailure(err: unknown, ctx: FailureContext): string {
  if (err instanceof ErrorWithReasonCode) return describeRefusal(err.code, ctx);
  const e = err as (Error & { code?: unknown }) | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = e?.message ?? String(err);
  if (message === 'connack timeout') {
    return `no CONNACK within ${ctx.connectTimeoutMs} ms (is it an MQTT broker, and is it overloaded?)`;
  }
  if (message === CLOSED_BEFORE_CONNACK) return `${message}; ${tlsPortHint(ctx)}`;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused: nothing listens on that port (is the broker running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name not found (${code})`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable (${code})`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `connection reset by the broker before CONNACK (${code}); ${tlsPortHint(ctx)}`;
  }
  if (code !== undefined && isTlsCode(code)) {
    const hint = code.includes('CERTIFICATE_REQUIRED')
      ? 'the broker wants a client certificate: give tls.cert and tls.key'
      : "check tls.ca against the broker's certificate and that the host name is in it";
    return `TLS handshake failed: ${openSslReason(message)} (${code}); ${hint}`;
  }
  return code !== undefined ? `${message} (${code})` : message;
}

/** Why the broker itself refused the CONNECT (a CONNACK with a non-zero code). */
export function describeRefusal(code: number, ctx: FailureContext): string {
  const text = reasonText(code);
  const base = `the broker refused the connection: ${text} (CONNACK code ${code})`;
  if (ctx.protocolVersion === 5 && UNSUPPORTED_VERSION.has(code)) {
    // aedes, the embedded broker, answers an MQTT 5 CONNECT with a 3.1.1 CONNACK carrying code 1.
    return (
      `${base}: this broker speaks MQTT 3.1.1 only, not MQTT 5. ` +
      'The embedded broker (aedes) speaks MQTT 3.1.1 only; use --broker with Mosquitto for MQTT 5'
    );
  }
  // Mosquitto answers a wrong password with "not authorized", so both get the same hint.
  if (code === 4 || code === 5 || code === 0x86 || code === 0x87) {
    return `${base}: check the user name and password, and the broker's access rules`;
  }
  return base;
}

/** A plain client on a TLS port (or the reverse) is the usual reason a broker hangs up at once. */
function tlsPortHint(ctx: FailureContext): string {
  return ctx.secure ? 'is that port a TLS listener?' : 'if that port is a TLS listener, use mqtts://';
}

/** OpenSSL's "<hex>:error:<code>:<lib>:<func>:<reason>:<file>:<line>:..." shortened to its reason. */
function openSslReason(message: string): string {
  const fields = message.split(':');
  return /^[0-9A-F]+$/.test(fields[0] ?? '') && fields[1] === 'error' && fields[5] ? fields[5] : message.trim();
}

/** Node's TLS failures: OpenSSL verification codes and ERR_TLS_* / ERR_SSL_* codes. */
function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT') ||
    code.includes('SELF_SIGNED') ||
    code.includes('UNABLE_TO_')
  );
}

/** Why a SUBSCRIBE failed: the filters the broker refused with their codes, or the client's reason. */
export function describeSubscribeFailure(filters: string[], codes: number[], err: Error | null | undefined): string {
  const refused = filters
    .map((filter, i) => ({ filter, code: codes[i] }))
    .filter((g) => typeof g.code === 'number' && g.code >= 0x80)
    .map((g) => `'${g.filter}' (code ${g.code}: ${reasonText(g.code)})`);
  if (refused.length > 0) return `the broker refused ${refused.join(', ')}`;
  return err?.message ?? 'no SUBACK';
}

/** Why an established connection went away: a DISCONNECT from the broker, a socket error, or a close. */
export function describeLoss(disconnectCode: number | undefined, lastError: unknown): string {
  if (disconnectCode !== undefined) {
    return `the broker sent DISCONNECT (code ${disconnectCode}: ${disconnectCode === 0 ? 'normal disconnection' : reasonText(disconnectCode)})`;
  }
  if (lastError instanceof Error) {
    const code = (lastError as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${lastError.message} (${code})` : lastError.message;
  }
  return 'the broker closed the connection';
}

function reasonText(code: number): string {
  return ReasonCodes[code as keyof typeof ReasonCodes] || 'failure';
}
