// The node:crypto signer must be a drop-in for the jose one: same compact format, verifiable by jose,
// byte-identical where the algorithm is deterministic (RS256).
import { readFile } from 'node:fs/promises';
import { compactVerify, importJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createFastSigner } from '../../sim/bindings/dsx-pm/jws-fast-signer.ts';
import { createSigner } from '../../sim/bindings/dsx-pm/jws.ts';
import { generateKeyPair } from '../../sim/bindings/dsx-pm/keys.ts';
import { TrustStore } from '../../sim/bindings/dsx-pm/trust-store.ts';

const cookbook = JSON.parse(
  await readFile(new URL('../../../shared/reference/jose-cookbook/jws/4_1.rsa_v15_signature.json', import.meta.url), 'utf8'),
) as { input: { payload: string; key: JWK }; output: { compact: string } };

const payload = '{"feeds":{"main-a":{"compliant":true}},"snapshot_time":"2026-01-01T00:00:00.000Z"}';

describe('fast (node:crypto) signer', () => {
  it('reproduces the RFC 7520 §4.1 RS256 vector exactly', () => {
    expect(createFastSigner(cookbook.input.key).signSync(cookbook.input.payload)).toBe(cookbook.output.compact);
  });

  it('byte-matches the jose signer for RS256 on a generated key', async () => {
    const { privateJwk } = await generateKeyPair({ role: 'infra', alg: 'RS256' });
    const viaJose = await (await createSigner(privateJwk)).sign(payload);
    const fast = createFastSigner(privateJwk);
    expect(fast.signSync(payload)).toBe(viaJose);
    expect(await fast.sign(new TextEncoder().encode(payload))).toBe(viaJose);
  });

  it('produces ES256 signatures that jose verifies, with the same header and payload segments as jose', async () => {
    const keys = await generateKeyPair({ role: 'poweragent' });
    const fast = createFastSigner(keys.privateJwk);
    const jws = fast.signSync(payload);
    const viaJose = await (await createSigner(keys.privateJwk)).sign(payload);
    // ECDSA is randomised, so only the signing input can match; the signature must be raw r||s (64 bytes).
    expect(jws.split('.').slice(0, 2)).toEqual(viaJose.split('.').slice(0, 2));
    expect(Buffer.from(jws.split('.')[2], 'base64url')).toHaveLength(64);
    const { payload: out, protectedHeader } = await compactVerify(jws, await importJWK(keys.publicJwks.keys[0], 'ES256'));
    expect(new TextDecoder().decode(out)).toBe(payload);
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: keys.privateJwk.kid });
    expect(await new TrustStore({ poweragent: keys.publicJwks }).verify(jws, 'poweragent')).toMatchObject({ ok: true });
  });

  it('refuses RSA keys under 2048 bits, which jose would refuse to verify', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'jwk' });
    expect(() => createFastSigner({ ...small, kid: 'small' } as JWK)).toThrow(/at least 2048 bits/);
  });
});
