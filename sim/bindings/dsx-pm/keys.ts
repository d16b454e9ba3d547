// Signing keys for DSX senders: generation (for `gridtwin keys generate` and for runs that name no key
// files), key files on disk, and loaders that turn every way a key file can be wrong into an
// InputError (exit 2) naming the file, the problem and how to fix it.
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair as joseGenerateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import { InputError, type InputProblem } from '../../errors.ts';
import { jwksProblems, privateJwkProblems, type KeyProblem } from './jwk-checks.ts';
import { algForKey, type JwsAlg } from './jws.ts';
import { isDsxRole, type DsxRole } from './source.ts';

/** A private signing JWK that passed the checks: kid and alg are always set. */
export type PrivateJwk = JWK & { kid: string; alg: JwsAlg; d: string };

export interface GeneratedKeys {
  privateJwk: PrivateJwk;
  publicJwks: { keys: JWK[] };
}

export interface KeyFilePaths {
  privateKeyPath: string;
  jwksPath: string;
  kid: string;
}

/** Length of the thumbprint prefix in default kids: 16 base64url chars = 96 bits, plenty to tell keys apart. */
const KID_THUMBPRINT_CHARS = 16;

const keysHint = (role?: string) => `create one with: gridtwin keys generate --role ${role ?? 'isv'} --out keys/`;

/**
 * A fresh key pair for `role`. The default kid is `<role>-<first 16 chars of the RFC 7638 thumbprint>`,
 * so two keys for one role never share a kid and the kid says whose key it is.
 */
export async function generateKeyPair(opts: { role: DsxRole; alg?: JwsAlg; kid?: string }): Promise<GeneratedKeys> {
  const alg = opts.alg ?? 'ES256';
  if (!isDsxRole(opts.role)) throw new InputError(`unknown role '${String(opts.role)}'`, [{ path: 'role', message: 'expected isv, poweragent or infra' }]);
  const { privateKey, publicKey } = await joseGenerateKeyPair(alg, { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = opts.kid ?? `${opts.role}-${(await calculateJwkThumbprint(pub, 'sha256')).slice(0, KID_THUMBPRINT_CHARS)}`;
  const meta = { kid, alg, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), ...meta } as PrivateJwk;
  return { privateJwk, publicJwks: { keys: [{ ...pub, ...meta }] } };
}

/**
 * Key pair for a run that names no key files. The key material is new each run (it never leaves the
 * process), but the kid is deterministic, `gridtwin:<role>:<identifier>`, so traffic and reports
 * name the same kid from run to run.
 */
export function ephemeralKeyPair(role: DsxRole, identifier: string, alg: JwsAlg = 'ES256'): Promise<GeneratedKeys> {
  return generateKeyPair({ role, alg, kid: `gridtwin:${role}:${identifier}` });
}

/**
 * Writes `<role>.private.jwk.json` (mode 0600) and `<role>.jwks.json` into `outDir`. Refuses to
 * replace existing files unless `overwrite` is set: silently replacing a private key would orphan
 * every counterpart that trusts it.
 */
export async function writeKeyFiles(
  outDir: string,
  role: DsxRole,
  alg: JwsAlg = 'ES256',
  kid?: string,
  opts: { overwrite?: boolean } = {},
): Promise<KeyFilePaths> {
  const privateKeyPath = join(outDir, `${role}.private.jwk.json`);
  const jwksPath = join(outDir, `${role}.jwks.json`);
  if (!opts.overwrite) {
    // Check both before writing either, so a refusal never leaves a half-replaced pair behind.
    const existing = (await Promise.all([privateKeyPath, jwksPath].map(async (p) => ((await exists(p)) ? p : undefined)))).filter((p) => p !== undefined);
    if (existing.length > 0) {
      throw new InputError(
        `key file ${existing[0]} already exists`,
        existing.map((path) => ({ path, message: 'refusing to replace an existing key file', hint: 'pick another --out directory, or pass --force to replace the keys' })),
        'KEY_EXISTS',
      );
    }
  }
  const keys = await generateKeyPair({ role, alg, kid });
  await mkdir(outDir, { recursive: true });
  // Remove first so the private key is always written into a new file created 0600, never into an
  // existing file that might be world-readable.
  await rm(privateKeyPath, { force: true });
  await writeFile(privateKeyPath, `${JSON.stringify(keys.privateJwk, null, 2)}\n`, { mode: 0o600 });
  await writeFile(jwksPath, `${JSON.stringify(keys.publicJwks, null, 2)}\n`);
  // `mode` passes through the umask: set it explicitly.
  await chmod(privateKeyPath, 0o600);
  return { privateKeyPath, jwksPath, kid: keys.privateJwk.kid };
}

const exists = (path: string) => stat(path).then(() => true, () => false);

/** Reads and parses a JSON file, or throws InputError saying why it could not. */
async function readJsonFile(path: string, what: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const known: Record<string, string> = { ENOENT: 'file not found', EISDIR: 'is a directory, not a file', EACCES: 'permission denied' };
    const message = known[code ?? ''] ?? `cannot read: ${(err as Error).message}`;
    throw new InputError(`cannot read ${what} ${path}: ${message}`, [{ path, message, hint }], 'BAD_KEY_FILE');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = `not JSON: ${(err as Error).message}`;
    throw new InputError(`${what} ${path} is not JSON`, [{ path, message, hint }], 'BAD_KEY_FILE');
  }
}

function toInputError(path: string, what: string, problems: KeyProblem[], hint: string): InputError {
  const list: InputProblem[] = problems.map((p) => ({ path: `${path}${p.where}`, message: p.message, hint: p.hint ?? hint }));
  return new InputError(`${what} ${path} cannot be used: ${problems[0].message}`, list, 'BAD_KEY_FILE');
}

/** Loads a private signing JWK; fills in `alg` from the key type when the file omits it. */
export async function loadPrivateJwk(path: string, opts: { role?: DsxRole } = {}): Promise<PrivateJwk> {
  const hint = keysHint(opts.role);
  const doc = await readJsonFile(path, 'private key file', hint);
  const problems = privateJwkProblems(doc);
  if (problems.length > 0) throw toInputError(path, 'private key file', problems, hint);
  const jwk = doc as PrivateJwk;
  return { ...jwk, alg: algForKey(jwk) as JwsAlg };
}

/** Loads a set of trusted public keys (`{"keys": [...]}`). */
export async function loadJwks(path: string, opts: { role?: DsxRole } = {}): Promise<JSONWebKeySet> {
  const hint = `use the ${opts.role ?? '<role>'}.jwks.json that ${keysHint(opts.role).replace('create one with: ', '')} wrote for the sender`;
  const doc = await readJsonFile(path, 'key set file', hint);
  const problems = jwksProblems(doc);
  if (problems.length > 0) throw toInputError(path, 'key set file', problems, hint);
  return doc as JSONWebKeySet;
}
