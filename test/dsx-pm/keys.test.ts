// Key generation, key files, and every way a key file can be wrong: each must become an InputError
// (exit 2) that names the file, says what is wrong and how to fix it.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../sim/errors.ts';
import { createSigner } from '../../sim/bindings/dsx-pm/jws.ts';
import { ephemeralKeyPair, generateKeyPair, loadJwks, loadPrivateJwk, writeKeyFiles } from '../../sim/bindings/dsx-pm/keys.ts';
import { TrustStore } from '../../sim/bindings/dsx-pm/trust-store.ts';

const dir = await mkdtemp(join(tmpdir(), 'gridtwin-keys-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const es = await generateKeyPair({ role: 'isv' });
const rsa = await generateKeyPair({ role: 'infra', alg: 'RS256' });

describe('generateKeyPair', () => {
  it('makes an ES256 pair whose default kid is role + 16-char thumbprint prefix', async () => {
    const pub = es.publicJwks.keys[0];
    const thumb = await calculateJwkThumbprint(pub, 'sha256');
    expect(es.privateJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: `isv-${thumb.slice(0, 16)}` });
    expect(typeof es.privateJwk.d).toBe('string');
    expect(es.publicJwks.keys).toHaveLength(1);
    expect(pub).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: es.privateJwk.kid });
    expect(pub).not.toHaveProperty('d');
  });

  it('makes a 2048-bit RS256 pair with no private members in the public set', () => {
    expect(rsa.privateJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(Buffer.from(rsa.privateJwk.n as string, 'base64url').length * 8).toBe(2048);
    for (const m of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(rsa.publicJwks.keys[0]).not.toHaveProperty(m);
  });

  it('uses an explicit kid as given', async () => {
    expect((await generateKeyPair({ role: 'poweragent', kid: 'dps-2026' })).privateJwk.kid).toBe('dps-2026');
  });

  it('gives ephemeral keys the deterministic kid gridtwin:<role>:<identifier> but fresh key material', async () => {
    const a = await ephemeralKeyPair('poweragent', 'dps-prod');
    const b = await ephemeralKeyPair('poweragent', 'dps-prod');
    expect(a.privateJwk.kid).toBe('gridtwin:poweragent:dps-prod');
    expect(b.privateJwk.kid).toBe(a.privateJwk.kid);
    expect(b.privateJwk.d).not.toBe(a.privateJwk.d);
  });
});

describe('writeKeyFiles', () => {
  it('writes <role>.private.jwk.json with mode 0600 and <role>.jwks.json that load and verify each other', async () => {
    const out = join(dir, 'gen');
    const paths = await writeKeyFiles(out, 'isv', 'ES256');
    expect(paths.privateKeyPath).toBe(join(out, 'isv.private.jwk.json'));
    expect(paths.jwksPath).toBe(join(out, 'isv.jwks.json'));
    expect((await stat(paths.privateKeyPath)).mode & 0o777).toBe(0o600);
    const priv = await loadPrivateJwk(paths.privateKeyPath);
    const jwks = await loadJwks(paths.jwksPath);
    expect(priv.kid).toBe(paths.kid);
    const jws = await (await createSigner(priv)).sign('{}');
    expect(await new TrustStore({ isv: jwks }).verify(jws, 'isv')).toMatchObject({ ok: true, kid: paths.kid });
  });

  it('refuses to replace existing key files unless told to, and then rewrites the private key as 0600', async () => {
    const out = join(dir, 'again');
    const first = await writeKeyFiles(out, 'infra', 'ES256');
    const err = await writeKeyFiles(out, 'infra', 'ES256').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems.map((p) => p.path)).toEqual([first.privateKeyPath, first.jwksPath]);
    expect(JSON.parse(await readFile(first.privateKeyPath, 'utf8')).kid).toBe(first.kid);
    await chmod(first.privateKeyPath, 0o644);
    const second = await writeKeyFiles(out, 'infra', 'RS256', 'infra-rotated', { overwrite: true });
    expect(second.kid).toBe('infra-rotated');
    expect((await stat(second.privateKeyPath)).mode & 0o777).toBe(0o600);
  });
});

/** Writes `content` (a string is written as-is, anything else as JSON) and returns the path. */
async function file(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return err as InputError;
}

const { kid: _k, ...esNoKid } = es.privateJwk;
const { d: _d, ...esPublicAsPrivate } = es.privateJwk;
void [_k, _d];

describe('loadPrivateJwk errors', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not JSON', '{"kty": "EC",', /not JSON/],
    ['a JSON array', [es.privateJwk], /not a JWK.*JSON array/],
    ['an object without kty', { kid: 'x' }, /no "kty"/],
    ['a key set where a private key is expected', es.publicJwks, /public key set \(JWKS\), not a private JWK/],
    ['a public key', esPublicAsPrivate, /public key \(no "d"\)/],
    ['a key without kid', esNoKid, /missing kid/],
    ['an unsupported alg', { ...es.privateJwk, alg: 'ES384' }, /unsupported alg "ES384"/],
    ['an HMAC secret', { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac', alg: 'HS256' }, /unsupported alg "HS256"/],
    ['an unsupported curve', { ...es.privateJwk, alg: undefined, crv: 'P-384' }, /unsupported key.*crv=P-384/],
    ['an encryption key', { ...es.privateJwk, use: 'enc' }, /use "enc"/],
    ['broken key material', { ...es.privateJwk, x: es.privateJwk.y }, /key material is invalid/],
  ];
  it.each(cases)('rejects %s, naming the file and hinting at keys generate', async (name, content, message) => {
    const path = await file(`private-${name.replaceAll(' ', '-')}.json`, content);
    const err = await inputError(loadPrivateJwk(path, { role: 'poweragent' }));
    expect(err.exitCode).toBe(ExitCode.badInput);
    expect(err.message).toContain(path);
    expect(err.problems[0].path).toBe(path);
    expect(err.problems.map((p) => p.message).join('\n')).toMatch(message);
    expect(err.problems[0].hint).toBeTruthy();
  });

  it('rejects a missing file with a hint on how to create one', async () => {
    const path = join(dir, 'nope', 'isv.private.jwk.json');
    const err = await inputError(loadPrivateJwk(path, { role: 'isv' }));
    expect(err.message).toContain(path);
    expect(err.problems[0]).toMatchObject({ path, message: 'file not found', hint: 'create one with: gridtwin keys generate --role isv --out keys/' });
  });

  it('rejects a directory', async () => {
    expect((await inputError(loadPrivateJwk(dir))).problems[0].message).toMatch(/is a directory/);
  });

  it('fills in alg from the key type when the file omits it', async () => {
    const { alg: _a, ...noAlg } = rsa.privateJwk;
    void _a;
    expect((await loadPrivateJwk(await file('rsa-no-alg.json', noAlg))).alg).toBe('RS256');
  });
});

describe('loadJwks errors', () => {
  const pub = es.publicJwks.keys[0];
  const { kid: _pk, ...pubNoKid } = pub;
  void _pk;
  const cases: Array<[string, unknown, RegExp, string]> = [
    ['not JSON', 'keys: []', /not JSON/, ''],
    ['a single JWK', pub, /single JWK, not a key set/, ''],
    ['an object without keys', { kty: undefined, foo: 1 }, /no "keys" array/, ''],
    ['an empty set', { keys: [] }, /empty/, ''],
    ['a private key inside the set', { keys: [es.privateJwk] }, /private key material \("d"\)/, '#keys[0]'],
    ['a key without kid', { keys: [pubNoKid] }, /missing kid/, '#keys[0]'],
    ['an unsupported alg', { keys: [{ ...pub, alg: 'EdDSA' }] }, /unsupported alg "EdDSA"/, '#keys[0]'],
    ['a non-object member', { keys: ['abc'] }, /not a JWK/, '#keys[0]'],
  ];
  it.each(cases)('rejects %s, naming the file', async (name, content, message, where) => {
    const path = await file(`jwks-${name.replaceAll(' ', '-')}.json`, content);
    const err = await inputError(loadJwks(path));
    expect(err.message).toContain(path);
    expect(err.problems[0].path).toBe(`${path}${where}`);
    expect(err.problems[0].message).toMatch(message);
    expect(err.problems[0].hint).toBeTruthy();
  });

  it('rejects a missing file', async () => {
    const path = join(dir, 'missing.jwks.json');
    expect((await inputError(loadJwks(path))).problems[0]).toMatchObject({ path, message: 'file not found' });
  });

  it('reports every bad member at once', async () => {
    const path = await file('jwks-many.json', { keys: [rsa.privateJwk, pubNoKid, pub, pub] });
    const err = await inputError(loadJwks(path));
    expect(err.problems.map((p) => p.path)).toEqual([`${path}#keys[0]`, `${path}#keys[1]`, `${path}#keys[3]`]);
    expect(err.problems[2].message).toMatch(/duplicate kid/);
  });
});
