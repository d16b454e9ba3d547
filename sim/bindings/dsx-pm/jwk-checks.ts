// What can be wrong with a signing key or a trusted key set, as a list of problems (DESIGN.md rule 4:
// report everything at once). Shared by the key-file loaders and the trust store so a bad key is
// described the same way wherever it comes from.
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { algForKey, isJwsAlg, keyAlgProblem } from './jws.ts';

export interface KeyProblem {
  /** Where in the document: '' for the whole document, '#keys[2]' for one member of a set. */
  where: string;
  message: string;
  hint?: string;
}

/** JWK members that only private (or secret) keys carry (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const MIN_RSA_BITS = 2048; // RFC 7518 §3.3

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function describeShape(x: unknown): string {
  if (Array.isArray(x)) return 'a JSON array';
  if (x === null) return 'null';
  return `a JSON ${typeof x}`;
}

/** Problems shared by private and public keys: kty, alg, use, kid. */
function commonProblems(jwk: Record<string, unknown>, where: string): KeyProblem[] {
  const out: KeyProblem[] = [];
  const label = typeof jwk.kid === 'string' ? ` (kid ${jwk.kid})` : '';
  if (jwk.alg !== undefined && !isJwsAlg(jwk.alg)) {
    out.push({ where, message: `unsupported alg ${JSON.stringify(jwk.alg)}${label}; DSX signs with ES256 or RS256` });
  } else {
    const alg = algForKey(jwk as JWK);
    const mismatch = alg ? keyAlgProblem(jwk as JWK, alg) : undefined;
    if (!alg || mismatch) {
      const crv = typeof jwk.crv === 'string' ? ` crv=${jwk.crv}` : '';
      out.push({ where, message: `unsupported key${label}: kty=${String(jwk.kty)}${crv}${mismatch ? ` (${mismatch})` : ''}; DSX needs EC P-256 (ES256) or RSA (RS256)` });
    }
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') out.push({ where, message: `key${label} has use ${JSON.stringify(jwk.use)}; signing keys must have use "sig"` });
  if (typeof jwk.kid !== 'string' || jwk.kid.length === 0) {
    out.push({ where, message: 'missing kid: every DSX key needs a kid so the JWS header can name it' });
  }
  return out;
}

/** Checks that node:crypto accepts the key material (e.g. the point is on the curve) and the RSA size. */
function materialProblem(jwk: Record<string, unknown>, kind: 'private' | 'public'): string | undefined {
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }) : createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (err) {
    return `key material is invalid: ${(err as Error).message}`;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (jwk.kty === 'RSA' && (bits === undefined || bits < MIN_RSA_BITS)) return `RSA key has ${bits} bits; RS256 needs at least ${MIN_RSA_BITS}`;
  return undefined;
}

/** Problems with a document that should be one private signing JWK. Empty means usable. */
export function privateJwkProblems(doc: unknown): KeyProblem[] {
  if (!isObject(doc)) return [{ where: '', message: `not a JWK: expected a JSON object with "kty", got ${describeShape(doc)}` }];
  if (Array.isArray(doc.keys)) {
    return [{ where: '', message: 'this is a public key set (JWKS), not a private JWK', hint: 'pass the <role>.private.jwk.json file here; <role>.jwks.json is for the receiving side' }];
  }
  if (typeof doc.kty !== 'string') return [{ where: '', message: 'not a JWK: no "kty" member' }];
  const out = commonProblems(doc, '');
  if (typeof doc.d !== 'string') out.push({ where: '', message: 'this is a public key (no "d"); signing needs the private key' });
  if (out.length === 0) {
    const bad = materialProblem(doc, 'private');
    if (bad) out.push({ where: '', message: bad });
  }
  return out;
}

/** Problems with a document that should be a set of trusted public keys. Empty means usable. */
export function jwksProblems(doc: unknown): KeyProblem[] {
  if (!isObject(doc)) return [{ where: '', message: `not a JWKS: expected a JSON object {"keys": [...]}, got ${describeShape(doc)}` }];
  if (!Array.isArray(doc.keys)) {
    return typeof doc.kty === 'string'
      ? [{ where: '', message: 'this is a single JWK, not a key set', hint: 'wrap public keys as {"keys": [ ... ]}; gridtwin keys generate writes <role>.jwks.json in that form' }]
      : [{ where: '', message: 'not a JWKS: no "keys" array' }];
  }
  if (doc.keys.length === 0) return [{ where: '', message: 'the key set is empty: no sender could be verified' }];
  const out: KeyProblem[] = [];
  const seen = new Set<string>();
  doc.keys.forEach((key: unknown, i: number) => {
    const where = `#keys[${i}]`;
    if (!isObject(key)) return void out.push({ where, message: `not a JWK: got ${describeShape(key)}` });
    if (typeof key.kty !== 'string') return void out.push({ where, message: 'not a JWK: no "kty" member' });
    const secret = PRIVATE_MEMBERS.filter((m) => key[m] !== undefined);
    if (secret.length > 0) {
      out.push({
        where,
        message: `holds private key material (${secret.map((m) => `"${m}"`).join(', ')}); a trusted key set must hold public keys only`,
        hint: 'share <role>.jwks.json, never <role>.private.jwk.json',
      });
    }
    const common = commonProblems(key, where);
    out.push(...common);
    if (typeof key.kid === 'string') {
      if (seen.has(key.kid)) out.push({ where, message: `duplicate kid ${JSON.stringify(key.kid)}: a kid must name exactly one key` });
      seen.add(key.kid);
    }
    if (secret.length === 0 && common.length === 0) {
      const bad = materialProblem(key, 'public');
      if (bad) out.push({ where, message: bad });
    }
  });
  return out;
}
