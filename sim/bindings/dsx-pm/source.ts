// The DSX `source` attribute names the publisher: //grid/v1/<role>/<identifier>
// (Power Management 1.7.0, "Source Format"; AsyncAPI BaseCloudEvent.source.pattern).
// Roles are also the unit of trust: a key is trusted for exactly one sender role.

export const DSX_ROLES = ['isv', 'poweragent', 'infra'] as const;
export type DsxRole = (typeof DSX_ROLES)[number];

export function isDsxRole(x: unknown): x is DsxRole {
  return typeof x === 'string' && (DSX_ROLES as readonly string[]).includes(x);
}

/** The AsyncAPI pattern, verbatim: `^//grid/v1/(isv|poweragent|infra)/[^/]+$`. */
export const DSX_SOURCE_PATTERN = /^\/\/grid\/v1\/(isv|poweragent|infra)\/([^/]+)$/;

/** `//grid/v1/<role>/<identifier>`; throws if the identifier could not round-trip through the pattern. */
export function formatSource(role: DsxRole, identifier: string): string {
  if (!isDsxRole(role)) throw new RangeError(`unknown DSX role '${String(role)}'`);
  if (identifier.length === 0 || identifier.includes('/')) {
    throw new RangeError(`DSX identifier must be non-empty and contain no '/', got '${identifier}'`);
  }
  return `//grid/v1/${role}/${identifier}`;
}

/** Role and identifier of a DSX source URI, or undefined when it does not match the pattern. */
export function parseSource(source: string): { role: DsxRole; identifier: string } | undefined {
  const m = DSX_SOURCE_PATTERN.exec(source);
  if (!m) return undefined;
  return { role: m[1] as DsxRole, identifier: m[2] };
}
