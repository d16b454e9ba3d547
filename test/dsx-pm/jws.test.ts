// JWS sign/verify for the DSX `data` field: the RFC 7520 §4.1 vector byte for byte, ES256 round
// trips, and every rejection path mapped to its rule id.
import { readFile } from 'node:fs/promises';
import { CompactSign, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createSigner, verify, type Signer } from '../../sim/bindings/dsx-pm/jws.ts';
import { generateKeyPair } from '../../sim/bindings/dsx-pm/keys.ts';
import { TrustStore } from '../../sim/bindings/dsx-pm/trust-store.ts';
import { RandomStream } from '../../sim/random/streams.ts';

interface CookbookVector {
  input: { payload: string; key: JWK; alg: string };
  signing: { protected: Record<string, string>; protected_b64u: string };
  output: { compact: string };
}
const cookbook = JSON.parse(
  await readFile(new URL('../../../shared/reference/jose-cookbook/jws/4_1.rsa_v15_signature.json', import.meta.url), 'utf8'),
) as CookbookVector;
const { d, p, q, dp, dq, qi, ...cookbookPublic } = cookbook.input.key;
void [d, p, q, dp, dq, qi];

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const decode = (seg: string) => Buffer.from(seg, 'base64url').toString('utf8');

const isv = await generateKeyPair({ role: 'isv' });
const stranger = await generateKeyPair({ role: 'isv', kid: 'isv-not-registered' });
const trust = new TrustStore({ isv: isv.publicJwks, poweragent: { keys: [cookbookPublic] } });
const isvSigner: Signer = await createSigner(isv.privateJwk);
const payload = JSON.stringify({ targets: [{ interval: {}, load_constraint: { value: 400, unit: 'megawatt' } }] });

describe('RFC 7520 §4.1 RS256 vector (jose cookbook)', () => {
  it('signing the vector payload with its key and header yields exactly output.compact', async () => {
    const signer = await createSigner(cookbook.input.key, { alg: 'RS256' });
    const jws = await signer.sign(cookbook.input.payload);
    expect(jws).toBe(cookbook.output.compact);
    expect(jws.split('.')[0]).toBe(cookbook.signing.protected_b64u);
  });

  it('verifies output.compact with the public half of the vector key and returns the payload', async () => {
    const r = await trust.verify(cookbook.output.compact, 'poweragent');
    expect(r).toMatchObject({ ok: true, alg: 'RS256', kid: 'bilbo.baggins@hobbiton.example' });
    if (r.ok) expect(new TextDecoder().decode(r.payload)).toBe(cookbook.input.payload);
  });
});

describe('ES256 sign and verify', () => {
  it('round-trips a payload, with a protected header of exactly {"alg","kid"}', async () => {
    const jws = await isvSigner.sign(payload);
    expect(decode(jws.split('.')[0])).toBe(`{"alg":"ES256","kid":"${isv.privateJwk.kid}"}`);
    expect(jws).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/); // AsyncAPI JwsCompactSerialization
    const r = await trust.verify(jws, 'isv');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(new TextDecoder().decode(r.payload)).toBe(payload);
      expect(r.header).toEqual({ alg: 'ES256', kid: isv.privateJwk.kid });
    }
  });

  it('signs byte payloads the same as their UTF-8 string', async () => {
    const jws = await isvSigner.sign(new TextEncoder().encode(payload));
    expect(jws.split('.')[1]).toBe(b64(payload));
  });

  it('refuses to build a signer from a public key or a key without kid', async () => {
    await expect(createSigner(isv.publicJwks.keys[0])).rejects.toThrow(/not a private key/);
    const { kid, ...noKid } = isv.privateJwk;
    void kid;
    await expect(createSigner(noKid)).rejects.toThrow(/no kid/);
    await expect(createSigner(isv.privateJwk, { alg: 'RS256' })).rejects.toThrow(/key is for alg ES256, not RS256/);
  });
});

const good = await isvSigner.sign(payload);
const [h, pl, sig] = good.split('.');

describe('verify rejections', () => {
  it('DSX-JWS-004 when the payload was changed after signing', async () => {
    const r = await trust.verify(`${h}.${b64(payload.replace('400', '900'))}.${sig}`, 'isv');
    expect(r).toMatchObject({ ok: false, rule: 'DSX-JWS-004' });
  });

  it('DSX-JWS-004 when the signature was changed', async () => {
    const i = 20; // a middle character: every bit of it is signature, unlike the last one
    const flipped = sig.slice(0, i) + (sig[i] === 'A' ? 'B' : 'A') + sig.slice(i + 1);
    expect(await trust.verify(`${h}.${pl}.${flipped}`, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-004' });
  });

  it('DSX-JWS-004 when the signature belongs to another message from the same key', async () => {
    const other = (await isvSigner.sign('{"other":true}')).split('.')[2];
    expect(await trust.verify(`${h}.${pl}.${other}`, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-004' });
  });

  it('DSX-JWS-003 when the kid is not in the trusted set', async () => {
    const jws = await (await createSigner(stranger.privateJwk)).sign(payload);
    const r = await trust.verify(jws, 'isv');
    expect(r).toMatchObject({ ok: false, rule: 'DSX-JWS-003' });
    if (!r.ok) expect(r.reason).toContain('isv-not-registered');
  });

  it('DSX-JWS-003 when the header has no kid', async () => {
    const { importJWK } = await import('jose');
    const jws = await new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'ES256' }).sign(await importJWK(isv.privateJwk, 'ES256'));
    expect(await trust.verify(jws, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-003' });
  });

  it('DSX-JWS-003 when a trusted kid is used with an alg its key cannot do', async () => {
    const forged = `${b64(JSON.stringify({ alg: 'RS256', kid: isv.privateJwk.kid }))}.${pl}.${sig}`;
    const r = await trust.verify(forged, 'isv');
    expect(r).toMatchObject({ ok: false, rule: 'DSX-JWS-003' });
    if (!r.ok) expect(r.reason).toMatch(/not as an RS256 key/);
  });

  it('DSX-JWS-002 for alg none, with or without a signature segment', async () => {
    const none = b64(JSON.stringify({ alg: 'none', kid: isv.privateJwk.kid }));
    expect(await trust.verify(`${none}.${pl}.`, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-002' });
    expect(await trust.verify(`${none}.${pl}.${sig}`, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-002' });
  });

  it('DSX-JWS-002 for HS256 signed with the public key as HMAC secret (key confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(isv.publicJwks.keys[0]));
    const jws = await new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'HS256', kid: isv.privateJwk.kid }).sign(secret);
    expect(await trust.verify(jws, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-002' });
  });

  it.each([['ES384'], ['EdDSA'], ['PS256'], ['es256']])('DSX-JWS-002 for alg %s', async (alg) => {
    const hdr = b64(JSON.stringify({ alg, kid: isv.privateJwk.kid }));
    expect(await trust.verify(`${hdr}.${pl}.${sig}`, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-002' });
  });

  it('DSX-JWS-002 when alg is missing', async () => {
    const hdr = b64(JSON.stringify({ kid: isv.privateJwk.kid }));
    expect(await trust.verify(`${hdr}.${pl}.${sig}`, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-002' });
  });

  const hdrOk = h;
  const garbage: Array<[string, unknown]> = [
    ['empty string', ''],
    ['no dots', 'abc'],
    ['two parts', `${hdrOk}.${pl}`],
    ['four parts', `${good}.x`],
    ['only dots', '..'],
    ['header not base64url', `!!!.${pl}.${sig}`],
    ['header with base64 padding', `${hdrOk}=.${pl}.${sig}`],
    ['header not JSON', `${b64('not json')}.${pl}.${sig}`],
    ['header a JSON array', `${b64('[1,2]')}.${pl}.${sig}`],
    ['header JSON null', `${b64('null')}.${pl}.${sig}`],
    ['header not UTF-8', `${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.${pl}.${sig}`],
    ['header with crit', `${b64(JSON.stringify({ alg: 'ES256', kid: isv.privateJwk.kid, crit: ['b64'], b64: false }))}.${pl}.${sig}`],
    ['empty payload segment', `${hdrOk}..${sig}`],
    ['payload with standard-base64 characters', `${hdrOk}.${pl}+/.${sig}`],
    ['empty signature segment', `${hdrOk}.${pl}.`],
    // 4k+1 base64url characters cannot encode whole bytes.
    ['signature of impossible base64url length', `${hdrOk}.${pl}.${sig.slice(0, sig.length - ((sig.length - 1) % 4))}`],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an object', { protected: hdrOk, payload: pl, signature: sig }],
    ['bytes', new TextEncoder().encode(good)],
  ];
  it.each(garbage)('DSX-JWS-001 for %s', async (_name, input) => {
    expect(await trust.verify(input, 'isv')).toMatchObject({ ok: false, rule: 'DSX-JWS-001' });
  });

  it('never throws and never accepts on 2000 random mutations of a valid JWS', async () => {
    const rng = new RandomStream('jws-fuzz', 'mutations');
    const alphabet = 'ABCxyz019-_.=+/ \u00e9\u0000';
    for (let n = 0; n < 2000; n++) {
      const chars = [...good];
      const edits = 1 + Math.floor(rng.next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rng.next() * chars.length);
        const op = rng.next();
        if (op < 0.4) chars[at] = alphabet[Math.floor(rng.next() * alphabet.length)];
        else if (op < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, alphabet[Math.floor(rng.next() * alphabet.length)]);
      }
      const mutated = chars.join('');
      if (mutated === good) continue;
      const r = await trust.verify(mutated, 'isv');
      // A mutation can only survive if it left the signed bytes and signature unchanged.
      if (r.ok) expect(new TextDecoder().decode(r.payload)).toBe(payload);
      else expect(r.rule).toMatch(/^DSX-JWS-00[1-4]$/);
    }
  });
});
