// Keys for the DSX roles of a run. Every role gridtwin plays signs with the key file the scenario
// names, or with an ephemeral key made for the run. Every role's events are verified against the
// JWKS the scenario trusts for it plus gridtwin's own public key when gridtwin plays that role. The
// public keys of gridtwin's roles are written to <run>/keys/ so a live counterpart can trust them.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JSONWebKeySet, JWK } from 'jose';
import type { DsxProfileConfig } from '../../scenario/profile-schema.ts';
import { ephemeralKeyPair, loadJwks, loadPrivateJwk, type PrivateJwk } from './keys.ts';
import { createFastSigner, type FastSigner } from './jws-fast-signer.ts';
import { TrustStore } from './trust-store.ts';
import { DSX_ROLES, type DsxRole } from './source.ts';

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

export function publicOf(jwk: JWK): JWK {
  return Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_MEMBERS.has(k))) as JWK;
}

export interface RoleKeys {
  signers: Partial<Record<DsxRole, FastSigner>>;
  trust: TrustStore;
  publicJwks: Partial<Record<DsxRole, JSONWebKeySet>>;
}

/** `played`: the roles gridtwin plays, with the identifier each publishes under. */
export async function prepareRoleKeys(
  cfg: DsxProfileConfig,
  played: Partial<Record<DsxRole, string>>,
  scenarioDir: string,
  outDir: string,
): Promise<RoleKeys> {
  const signers: RoleKeys['signers'] = {};
  const publicJwks: RoleKeys['publicJwks'] = {};
  for (const role of DSX_ROLES) {
    const identifier = played[role];
    if (identifier === undefined) continue;
    const keyPath = cfg[role].key;
    const priv: PrivateJwk = keyPath
      ? await loadPrivateJwk(resolve(scenarioDir, keyPath), { role })
      : (await ephemeralKeyPair(role, identifier, cfg.alg)).privateJwk;
    signers[role] = createFastSigner(priv, { alg: priv.alg });
    // The first signature with a key costs milliseconds (key set-up, JIT); pay it before the clock starts.
    signers[role]!.signSync('{}');
    publicJwks[role] = { keys: [publicOf(priv)] };
  }
  const trusted: Partial<Record<DsxRole, JSONWebKeySet>> = {};
  for (const role of DSX_ROLES) {
    const file = cfg.trust[role];
    const fromFile = file ? (await loadJwks(resolve(scenarioDir, file), { role })).keys : [];
    const own = publicJwks[role]?.keys ?? [];
    const ownKids = new Set(own.map((k) => k.kid));
    const keys = [...own, ...fromFile.filter((k) => !ownKids.has(k.kid))];
    // A role nobody plays or trusts gets no set: its events then fail DSX-JWS-003 (no trusted kid).
    if (keys.length > 0) trusted[role] = { keys };
  }
  const dir = join(outDir, 'keys');
  await mkdir(dir, { recursive: true });
  for (const [role, jwks] of Object.entries(publicJwks)) {
    await writeFile(join(dir, `${role}.jwks.json`), `${JSON.stringify(jwks, null, 2)}\n`);
  }
  return { signers, trust: new TrustStore(trusted), publicJwks };
}
