// `gridtwin keys generate` writes a private JWK and a public JWKS that load back with the same
// loaders a run uses, and never replaces existing keys without --force.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadJwks, loadPrivateJwk } from '../../sim/bindings/dsx-pm/keys.ts';
import { runCli } from './capture-io.ts';

const dir = await mkdtemp(join(tmpdir(), 'gridtwin-keys-cli-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

function printed(stdout: string): { privateKey: string; jwks: string; kid: string } {
  const field = (label: string) => new RegExp(`^${label} +(\\S+)`, 'm').exec(stdout)?.[1] ?? '';
  return { privateKey: field('private key'), jwks: field('public JWKS'), kid: field('kid') };
}

describe('gridtwin keys generate', () => {
  it('writes an ES256 pair that loads back, and prints both paths and the kid', async () => {
    const out = join(dir, 'es');
    const r = await runCli(['keys', 'generate', '--role', 'poweragent', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const p = printed(r.stdout);
    expect(p.privateKey).toBe(join(out, 'poweragent.private.jwk.json'));
    expect(p.jwks).toBe(join(out, 'poweragent.jwks.json'));
    expect(p.kid).toMatch(/^poweragent-/);
    const priv = await loadPrivateJwk(p.privateKey, { role: 'poweragent' });
    const set = await loadJwks(p.jwks, { role: 'poweragent' });
    expect(priv).toMatchObject({ kid: p.kid, alg: 'ES256', kty: 'EC' });
    expect(set.keys).toEqual([expect.objectContaining({ kid: p.kid, alg: 'ES256' })]);
  });

  it('honours --alg RS256 and --kid', async () => {
    const out = join(dir, 'rs');
    const r = await runCli(['keys', 'generate', '--role', 'isv', '--out', out, '--alg', 'RS256', '--kid', 'isv-2026-01']);
    expect(r.code).toBe(0);
    expect(printed(r.stdout).kid).toBe('isv-2026-01');
    expect(await loadPrivateJwk(join(out, 'isv.private.jwk.json'))).toMatchObject({ kid: 'isv-2026-01', alg: 'RS256', kty: 'RSA' });
  });

  it('refuses to overwrite existing keys without --force, and replaces them with it', async () => {
    const out = join(dir, 'again');
    expect((await runCli(['keys', 'generate', '--role', 'infra', '--out', out])).code).toBe(0);
    const before = await readFile(join(out, 'infra.private.jwk.json'), 'utf8');

    const refused = await runCli(['keys', 'generate', '--role', 'infra', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists');
    expect(refused.stderr).toContain('--force');
    expect(await readFile(join(out, 'infra.private.jwk.json'), 'utf8')).toBe(before);

    const forced = await runCli(['keys', 'generate', '--role', 'infra', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(join(out, 'infra.private.jwk.json'), 'utf8')).not.toBe(before);
  });

  it.each([
    [['keys'], 'missing subcommand'],
    [['keys', 'rotate'], "unknown subcommand 'rotate'"],
    [['keys', 'generate', '--out', 'x'], '--role: is required'],
    [['keys', 'generate', '--role', 'grid', '--out', 'x'], "unknown role 'grid'"],
    [['keys', 'generate', '--role', 'isv'], '--out: is required'],
    [['keys', 'generate', '--role', 'isv', '--out', 'x', '--alg', 'HS256'], "unsupported algorithm 'HS256'"],
    [['keys', 'generate', 'extra', '--role', 'isv', '--out', 'x'], "unexpected argument 'extra'"],
  ])('%j exits 2: %s', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('hint:');
  });
});
