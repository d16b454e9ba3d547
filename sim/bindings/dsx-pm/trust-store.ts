// Which public keys are trusted for which sender role. A JWS from role R verifies only with a key
// trusted for R, so an ISV key can never pass as a power agent's even when both sets are loaded.
// Each role's set is a jose local JWKS (createLocalJWKSet), which imports each key once and caches it.
import { createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { InputError } from '../../errors.ts';
import { verify, type TrustedKeys, type VerifyResult } from './jws.ts';
import { jwksProblems } from './jwk-checks.ts';
import { DSX_ROLES, type DsxRole } from './source.ts';

type LocalSet = ReturnType<typeof createLocalJWKSet>;

class RoleKeys implements TrustedKeys {
  private readonly kids: ReadonlySet<string>;
  private readonly set: LocalSet | undefined;

  constructor(
    readonly label: string,
    jwks: JSONWebKeySet | undefined,
  ) {
    this.kids = new Set((jwks?.keys ?? []).map((k) => k.kid as string));
    this.set = jwks && jwks.keys.length > 0 ? createLocalJWKSet(jwks) : undefined;
  }

  has(kid: string): boolean {
    return this.kids.has(kid);
  }

  async resolve(header: { alg: 'ES256' | 'RS256'; kid: string }) {
    if (!this.set) return undefined;
    try {
      return await this.set(header);
    } catch (err) {
      // The kid is trusted but no key under it fits this alg (wrong kty/crv, or the JWK names another alg).
      if ((err as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY') return undefined;
      throw err;
    }
  }
}

export class TrustStore {
  private readonly byRole = new Map<DsxRole, RoleKeys>();

  /** Throws InputError listing every problem in every set (private keys, missing or duplicate kids, ...). */
  constructor(jwksByRole: Partial<Record<DsxRole, JSONWebKeySet>>) {
    const problems = DSX_ROLES.flatMap((role) => {
      const jwks = jwksByRole[role];
      return jwks ? jwksProblems(jwks).map((p) => ({ path: `trust.${role}${p.where}`, message: p.message })) : [];
    });
    if (problems.length > 0) throw new InputError('trusted key sets are invalid', problems, 'BAD_KEY');
    for (const role of DSX_ROLES) this.byRole.set(role, new RoleKeys(`role ${role}`, jwksByRole[role]));
  }

  /** The keys trusted for `role` (empty when none were configured: every kid is then DSX-JWS-003). */
  forRole(role: DsxRole): TrustedKeys {
    const keys = this.byRole.get(role);
    if (!keys) throw new RangeError(`unknown DSX role '${String(role)}'`);
    return keys;
  }

  /** Verifies a JWS that arrived from `role`. Never throws on hostile input. */
  verify(jws: unknown, role: DsxRole): Promise<VerifyResult> {
    return verify(jws, this.forRole(role));
  }
}
