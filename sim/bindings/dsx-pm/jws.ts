// JWS compact serialization for the DSX `data` field (Power Management 1.7.0, "Data Field Security";
// AsyncAPI JwsCompactSerialization). Senders sign with ES256 (default) or RS256 and a protected
// header of exactly {"alg","kid"}; receivers verify against the keys trusted for the sender's role
// *before* they parse the payload, and get a rule id instead of an exception for anything hostile.
import { CompactSign, compactVerify, importJWK, type CryptoKey, type JWK } from 'jose';
import { InputError } from '../../errors.ts';

export const JWS_ALGS = ['ES256', 'RS256'] as const;
export type JwsAlg = (typeof JWS_ALGS)[number];

export function isJwsAlg(x: unknown): x is JwsAlg {
  return typeof x === 'string' && (JWS_ALGS as readonly string[]).includes(x);
}

/** Conformance rule ids for the `data` field; each cites one requirement of the profile. */
export const JWS_RULES = {
  /** Not a JWS compact serialization (RFC 7515 §7.1; AsyncAPI pattern). */
  malformed: 'DSX-JWS-001',
  /** `alg` is not ES256 or RS256 ("Algorithm: ES256 ... or RS256"). */
  alg: 'DSX-JWS-002',
  /** `kid` missing, or not a key trusted for the sender ("The kid ... identifies the signing key"). */
  kid: 'DSX-JWS-003',
  /** Signature does not verify ("Provides: Data integrity and authenticity"). */
  signature: 'DSX-JWS-004',
} as const;
export type JwsRule = (typeof JWS_RULES)[keyof typeof JWS_RULES];

/** The protected header as received: alg and kid checked, other members passed through untouched. */
export interface JwsHeader {
  alg: JwsAlg;
  kid: string;
  [name: string]: unknown;
}

export interface VerifiedJws {
  ok: true;
  payload: Uint8Array;
  header: JwsHeader;
  kid: string;
  alg: JwsAlg;
}
export interface RejectedJws {
  ok: false;
  rule: JwsRule;
  reason: string;
}
export type VerifyResult = VerifiedJws | RejectedJws;

/** Signs payloads for one key; created once per key so the key is imported once. */
export interface Signer {
  readonly alg: JwsAlg;
  readonly kid: string;
  sign(payload: string | Uint8Array): Promise<string>;
}

/**
 * The keys one sender is trusted with (see trust-store.ts). `has` answers "is this kid trusted at
 * all"; `resolve` returns the key for (alg, kid), or undefined when the kid is trusted but its key
 * does not fit `alg` (e.g. an EC key named in an RS256 header).
 */
export interface TrustedKeys {
  /** Who these keys belong to, for messages, e.g. "role isv". */
  readonly label: string;
  has(kid: string): boolean;
  resolve(header: { alg: JwsAlg; kid: string }): Promise<CryptoKey | undefined>;
}

/** Why `jwk` cannot sign (or verify) with `alg`, or undefined if it can. */
export function keyAlgProblem(jwk: JWK, alg: JwsAlg): string | undefined {
  if (jwk.alg !== undefined && jwk.alg !== alg) return `key is for alg ${jwk.alg}, not ${alg}`;
  if (alg === 'ES256' && !(jwk.kty === 'EC' && jwk.crv === 'P-256')) {
    return `ES256 needs an EC P-256 key, got kty=${jwk.kty ?? '?'}${jwk.crv ? ` crv=${jwk.crv}` : ''}`;
  }
  if (alg === 'RS256' && jwk.kty !== 'RSA') return `RS256 needs an RSA key, got kty=${jwk.kty ?? '?'}`;
  return undefined;
}

/** The alg a key implies when it does not name one: EC P-256 → ES256, RSA → RS256. */
export function algForKey(jwk: JWK): JwsAlg | undefined {
  if (isJwsAlg(jwk.alg)) return jwk.alg;
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'RSA') return 'RS256';
  return undefined;
}

/** Resolves alg and kid for a signing key, or throws InputError saying what is missing. */
export function signingIdentity(privateJwk: JWK, opts: { alg?: JwsAlg; kid?: string } = {}) {
  const alg = opts.alg ?? algForKey(privateJwk) ?? 'ES256';
  const kid = opts.kid ?? privateJwk.kid;
  const problems: string[] = [];
  if (typeof kid !== 'string' || kid.length === 0) problems.push('no kid: the JWS header must name the signing key');
  if (typeof privateJwk.d !== 'string') problems.push('not a private key (no "d"): cannot sign');
  const mismatch = keyAlgProblem(privateJwk, alg);
  if (mismatch) problems.push(mismatch);
  if (problems.length > 0) {
    throw new InputError(
      `signing key cannot be used: ${problems.join('; ')}`,
      problems.map((message) => ({ path: `privateJwk${kid ? `(${kid})` : ''}`, message })),
      'BAD_KEY',
    );
  }
  return { alg, kid: kid as string };
}

/** The protected header a DSX sender emits: exactly {"alg","kid"} in that order. */
export function protectedHeader(alg: JwsAlg, kid: string): { alg: JwsAlg; kid: string } {
  return { alg, kid };
}

const utf8 = new TextEncoder();
const toBytes = (payload: string | Uint8Array) => (typeof payload === 'string' ? utf8.encode(payload) : payload);

/** Signer backed by jose (WebCrypto). Async; see jws-fast-signer.ts for the synchronous node:crypto path. */
export async function createSigner(privateJwk: JWK, opts: { alg?: JwsAlg; kid?: string } = {}): Promise<Signer> {
  const { alg, kid } = signingIdentity(privateJwk, opts);
  const key = await importJWK(privateJwk, alg);
  const header = protectedHeader(alg, kid);
  return {
    alg,
    kid,
    sign: (payload) => new CompactSign(toBytes(payload)).setProtectedHeader(header).sign(key),
  };
}

const B64URL = /^[A-Za-z0-9_-]+$/;
/** Non-empty, unpadded base64url whose length can be a whole number of bytes. */
const isB64url = (s: string) => B64URL.test(s) && s.length % 4 !== 1;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Short, printable rendering of hostile values for reasons. */
function preview(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? typeof v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

const reject = (rule: JwsRule, reason: string): RejectedJws => ({ ok: false, rule, reason });

/**
 * Verifies a JWS compact string against the keys trusted for its sender. Checks run in the order a
 * receiver learns things: structure and header (001), alg (002), kid (003), remaining segments
 * (001), signature (004) — so `alg: none` with an empty signature reports 002, not 001.
 * Never throws.
 */
export async function verify(jws: unknown, trust: TrustedKeys): Promise<VerifyResult> {
  try {
    if (typeof jws !== 'string') return reject(JWS_RULES.malformed, `data is ${jws === null ? 'null' : typeof jws}, not a JWS compact string`);
    const parts = jws.split('.');
    if (parts.length !== 3) return reject(JWS_RULES.malformed, `compact JWS has 3 dot-separated parts, got ${parts.length}`);
    const [h, p, s] = parts;
    if (!isB64url(h)) return reject(JWS_RULES.malformed, 'protected header is not base64url');
    let header: unknown;
    try {
      header = JSON.parse(strictUtf8.decode(Buffer.from(h, 'base64url')));
    } catch {
      return reject(JWS_RULES.malformed, 'protected header is not UTF-8 JSON');
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header)) {
      return reject(JWS_RULES.malformed, 'protected header is not a JSON object');
    }
    const hdr = header as Record<string, unknown>;
    // RFC 7515 §4.1.11: a recipient must reject critical extensions it does not understand; we understand none.
    if (Object.hasOwn(hdr, 'crit')) return reject(JWS_RULES.malformed, 'protected header has "crit"; no critical extensions are supported');
    const { alg, kid } = hdr;
    if (!isJwsAlg(alg)) return reject(JWS_RULES.alg, `alg ${alg === undefined ? 'missing' : preview(alg)}; only ES256 and RS256 are allowed`);
    if (typeof kid !== 'string' || kid.length === 0) return reject(JWS_RULES.kid, 'protected header has no kid');
    if (!trust.has(kid)) return reject(JWS_RULES.kid, `kid ${preview(kid)} is not trusted for ${trust.label}`);
    if (!isB64url(p)) return reject(JWS_RULES.malformed, 'payload is empty or not base64url');
    if (!isB64url(s)) return reject(JWS_RULES.malformed, 'signature is empty or not base64url');
    const key = await trust.resolve({ alg, kid });
    if (key === undefined) return reject(JWS_RULES.kid, `kid ${preview(kid)} is trusted for ${trust.label} but not as an ${alg} key`);
    const result = await compactVerify(jws, key, { algorithms: [alg] });
    return { ok: true, payload: result.payload, header: hdr as JwsHeader, kid, alg };
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ERR_JWS_INVALID') return reject(JWS_RULES.malformed, (err as Error).message);
    // Signature mismatch, and anything else jose refuses at the last step (e.g. an RSA key under 2048 bits).
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return reject(JWS_RULES.signature, 'signature does not verify');
    return reject(JWS_RULES.signature, `verification failed: ${(err as Error)?.message ?? String(err)}`);
  }
}
