// Trust is per sender role: a key trusted for one role never verifies traffic claimed by another.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { createSigner } from '../../sim/bindings/dsx-pm/jws.ts';
import { generateKeyPair } from '../../sim/bindings/dsx-pm/keys.ts';
import { TrustStore } from '../../sim/bindings/dsx-pm/trust-store.ts';

const isv = await generateKeyPair({ role: 'isv' });
const agent = await generateKeyPair({ role: 'poweragent', alg: 'RS256' });
const store = new TrustStore({ isv: isv.publicJwks, poweragent: agent.publicJwks });
const isvJws = await (await createSigner(isv.privateJwk)).sign('{"targets":[]}');

describe('TrustStore', () => {
  it('verifies a JWS from a role with the keys trusted for that role', async () => {
    expect(await store.verify(isvJws, 'isv')).toMatchObject({ ok: true, kid: isv.privateJwk.kid, alg: 'ES256' });
    const agentJws = await (await createSigner(agent.privateJwk)).sign('{}');
    expect(await store.verify(agentJws, 'poweragent')).toMatchObject({ ok: true, alg: 'RS256' });
  });

  it('rejects an ISV-signed JWS arriving as power-agent traffic with DSX-JWS-003', async () => {
    const r = await store.verify(isvJws, 'poweragent');
    expect(r).toMatchObject({ ok: false, rule: 'DSX-JWS-003' });
    if (!r.ok) expect(r.reason).toContain('role poweragent');
  });

  it('rejects every kid for a role with no configured keys', async () => {
    expect(await store.verify(isvJws, 'infra')).toMatchObject({ ok: false, rule: 'DSX-JWS-003' });
  });

  it('refuses key sets holding private keys or duplicate kids, naming the role', () => {
    const leaked = { keys: [isv.privateJwk] };
    expect(() => new TrustStore({ isv: leaked })).toThrow(InputError);
    try {
      new TrustStore({ infra: { keys: [isv.publicJwks.keys[0], isv.publicJwks.keys[0]] } });
      expect.unreachable();
    } catch (err) {
      expect((err as InputError).problems.map((p) => p.path)).toEqual(['trust.infra#keys[1]']);
      expect((err as InputError).problems[0].message).toMatch(/duplicate kid/);
    }
  });
});
