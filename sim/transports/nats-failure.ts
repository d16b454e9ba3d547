// Turns what nats.js and Node report about a NATS or JetStream failure into one sentence a user can
// act on, as a ConnectionError (exit 3) with the raw error attached as the cause. Only the message
// is decided here; the callers decide when to fail.

import { ConnectionError } from '../errors.ts';

/** JetStream API error codes (nats-server's `err_code`) gridtwin reacts to. */
export const JsErr = {
  streamNotFound: 10059,
  consumerNotFound: 10014,
  subjectsOverlap: 10065,
  streamNameInUse: 10058,
} as const;

interface NatsLikeError {
  message?: string;
  code?: unknown;
  chainedError?: { message?: string; code?: unknown };
  api_error?: { code: number; err_code: number; description: string };
}

const asErr = (err: unknown) => (err ?? {}) as NatsLikeError;

/** nats-server's JetStream error code of an API failure, if it was one. */
export function jsErrCode(err: unknown): number | undefined {
  return asErr(err).api_error?.err_code;
}

/** Why the first connect failed, e.g. for `cannot connect to NATS at URL: <why>`. */
export function describeConnectFailure(err: unknown, ctx: { tls: boolean; timeoutMs: number }): string {
  const e = asErr(err);
  const code = typeof e.code === 'string' ? e.code : '';
  const inner = e.chainedError?.message;
  switch (code) {
    case 'CONNECTION_REFUSED':
      return `connection refused: nothing listens there (is nats-server running?)${inner ? ` (${inner})` : ''}`;
    case 'AUTHORIZATION_VIOLATION':
      return 'the server refused the credentials (Authorization Violation): check user/pass or token';
    case 'AUTHENTICATION_EXPIRED':
    case 'ACCOUNT_EXPIRED':
      return `the server says the credentials expired (${code})`;
    case 'TIMEOUT':
    case 'CONNECTION_TIMEOUT':
      return `no answer within ${ctx.timeoutMs} ms (is it a NATS server, and is it overloaded?)`;
    case 'SERVER_OPT_NA':
      return e.message === 'tls'
        ? 'TLS was asked for but the server offers none: drop the tls options or enable TLS on the server'
        : `the server lacks an option the client needs (${e.message})`;
  }
  if (isTlsCode(code)) {
    return `TLS handshake failed: ${e.message} (${code}); check tls.ca against the server's certificate and that the host name is in it`;
  }
  if (/tls/i.test(e.message ?? '') && !ctx.tls) return `the server requires TLS: give tls options (${e.message})`;
  return code ? `${e.message ?? code} (${code})` : (e.message ?? String(err));
}

/** Why a publish got no stored-acknowledgement. `down` says the connection was not up at the time. */
export function describePublishFailure(err: unknown, subject: string, timeoutMs: number): string {
  const e = asErr(err);
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === '503') return `no JetStream stream captures '${subject}' (no responders): create the family's stream first`;
  if (code === 'TIMEOUT') {
    return `no JetStream acknowledgement within ${timeoutMs} ms; the message may or may not be stored — republish it with the same message id to be sure`;
  }
  if (code === 'CONNECTION_CLOSED' || code === 'CONNECTION_DRAINING') return 'the connection has been closed';
  if (e.api_error) return `the server refused it: ${e.api_error.description} (JetStream error ${e.api_error.err_code})`;
  return code ? `${e.message ?? code} (${code})` : (e.message ?? String(err));
}

/** A JetStream API call (stream or consumer management) failed. */
export function apiFailure(url: string, what: string, err: unknown): ConnectionError {
  const e = asErr(err);
  const why = e.api_error
    ? `${e.api_error.description} (JetStream error ${e.api_error.err_code})`
    : e.code === '503'
      ? 'JetStream did not answer (no responders): is nats-server running with -js?'
      : e.code === 'TIMEOUT'
        ? 'no answer from JetStream in time'
        : (e.message ?? String(err));
  return new ConnectionError(url, `${what} on ${url} failed: ${why}`, { cause: err });
}

/** Node's TLS failures: OpenSSL verification codes and ERR_TLS_* / ERR_SSL_* codes. */
function isTlsCode(code: string): boolean {
  return code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT') || code.includes('SELF_SIGNED') || code.startsWith('UNABLE_TO_') || code === 'TLS';
}
