// Subjects and stream names of the WDPC bus on NATS JetStream. Every subject has the same depth,
//   wdpc.<family>.<facility>.<rack>.<node>.<component>
// so a filter can name any level (one rack: wdpc.component.dc1.r00.*.*) and a rack-level message
// (rack PDU, `node` and `component` absent) is still inside its rack's filter. An absent level is
// the token `_`. Ids become single tokens by percent-encoding (W9). Pure.

import { InputError } from '../errors.ts';

/** The hierarchy levels below the family, in subject order. */
export const LEVELS = ['facility', 'rack', 'node', 'component'] as const;
export type Level = (typeof LEVELS)[number];

/** A place in the facility → rack → node → component hierarchy; any level but facility may be absent. */
export interface HierarchyPath {
  facility: string;
  rack?: string;
  node?: string;
  component?: string;
}

/** The token of an absent level. An id that is literally `_` is escaped (`%5F`), so they never clash. */
export const ABSENT = '_';

/** Longest escaped id, in bytes: subjects stay far below nats-server's 4 KiB control line. */
export const MAX_TOKEN_BYTES = 255;

const FAMILY = /^[a-z][a-z0-9-]{0,31}$/;
const PREFIX = /^[A-Z][A-Z0-9_]{0,31}$/;
/** Printable ASCII except the NATS separators and wildcards ('.', '*', '>'), space and '%' itself. */
const KEEP = /^[\x21-\x24\x26-\x29\x2B-\x2D\x2F-\x3D\x3F-\x7E]$/;

/**
 * One id as one subject token: characters outside printable ASCII, the separators/wildcards
 * '.', '*', '>', space and '%' are replaced by the %XX of their UTF-8 bytes. Reversible
 * (parseSubjectToken). Empty ids and ids escaping to more than MAX_TOKEN_BYTES are an InputError.
 */
export function subjectToken(id: string, what = 'id'): string {
  if (typeof id !== 'string' || id.length === 0) throw new InputError(`a ${what} must be a non-empty string to become a NATS subject token`);
  if (id === ABSENT) return '%5F';
  let out = '';
  for (const ch of id) {
    if (KEEP.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.length > MAX_TOKEN_BYTES) {
    throw new InputError(`${what} '${id.slice(0, 40)}…' is too long for a subject token (${out.length} bytes escaped, at most ${MAX_TOKEN_BYTES})`);
  }
  return out;
}

/** The id a token stands for; InputError for a malformed escape or bytes that are not UTF-8. */
export function parseSubjectToken(token: string): string {
  if (token === '%5F') return ABSENT;
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c !== 0x25) {
      if (!KEEP.test(token[i])) throw new InputError(`'${token}' is not an escaped subject token (raw character at ${i})`);
      bytes.push(c);
      continue;
    }
    const hex = token.slice(i + 1, i + 3);
    if (!/^[0-9A-F]{2}$/.test(hex)) throw new InputError(`'${token}' has a malformed %-escape at ${i}`);
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    throw new InputError(`'${token}' decodes to bytes that are not UTF-8`);
  }
}

/** A message family name (`power`, `thermal`, …): lower-case letters, digits and '-', up to 32. */
export function checkFamily(family: string): string {
  if (typeof family !== 'string' || !FAMILY.test(family)) {
    throw new InputError(`'${String(family)}' is not a WDPC message family name`, [
      { path: 'family', message: 'must match [a-z][a-z0-9-]{0,31}', hint: 'e.g. workload, infrastructure, component, power, thermal, grid, marketplace' },
    ]);
  }
  return family;
}

/** `WDPC_<FAMILY>` ('-' becomes '_'); the prefix is upper-case letters, digits and '_'. */
export function streamName(family: string, prefix = 'WDPC'): string {
  if (!PREFIX.test(prefix)) throw new InputError(`'${prefix}' is not a stream name prefix (upper-case letters, digits, '_')`);
  return `${prefix}_${checkFamily(family).toUpperCase().replace(/-/g, '_')}`;
}

/** The subjects one family's stream captures: exactly the six-token WDPC subjects. */
export function familySubjects(family: string): string {
  return `wdpc.${checkFamily(family)}.*.*.*.*`;
}

/**
 * The subject for a place in the hierarchy. Positional: facility, rack, node, component; pass
 * undefined for an absent level (e.g. a facility CDU: `wdpcSubject('thermal', 'dc1', undefined, undefined, 'cdu1')`).
 */
export function wdpcSubject(family: string, facility: string, rack?: string, node?: string, component?: string): string {
  return hierarchySubject(family, { facility, rack, node, component });
}

export function hierarchySubject(family: string, path: HierarchyPath): string {
  const tokens = LEVELS.map((level) => (level !== 'facility' && path[level] === undefined ? ABSENT : subjectToken(path[level] as string, level)));
  return `wdpc.${checkFamily(family)}.${tokens.join('.')}`;
}

/**
 * A consumer filter: the named levels fixed, the others '*' (any id or absent). `family` '*'
 * would span streams, which a consumer cannot, so it is a family name.
 * `wdpcFilter('component', { facility: 'dc1', rack: 'r00' })` → `wdpc.component.dc1.r00.*.*`.
 */
export function wdpcFilter(family: string, path: Partial<HierarchyPath> = {}): string {
  const tokens = LEVELS.map((level) => (path[level] === undefined ? '*' : subjectToken(path[level] as string, level)));
  return `wdpc.${checkFamily(family)}.${tokens.join('.')}`;
}

/** Family and hierarchy of a WDPC subject (ids unescaped, absent levels left out); InputError if it is not one. */
export function parseWdpcSubject(subject: string): { family: string } & HierarchyPath {
  const parts = subject.split('.');
  if (parts.length !== 6 || parts[0] !== 'wdpc' || !FAMILY.test(parts[1]) || parts[2] === ABSENT) {
    throw new InputError(`'${subject}' is not a WDPC subject (wdpc.<family>.<facility>.<rack>.<node>.<component>)`);
  }
  const out: { family: string } & HierarchyPath = { family: parts[1], facility: parseSubjectToken(parts[2]) };
  for (const [i, level] of (['rack', 'node', 'component'] as const).entries()) {
    const token = parts[3 + i];
    if (token !== ABSENT) out[level] = parseSubjectToken(token);
  }
  return out;
}

/** A subject a message can be published on: non-empty tokens, no wildcards, no whitespace. */
export function isPublishableSubject(subject: string): boolean {
  return typeof subject === 'string' && subject.length > 0 && subject.split('.').every((t) => t.length > 0 && !/[*>\s]/.test(t) && !t.includes('\0'));
}
