// The CloudEvents 1.0.2 type system (spec.md "Type System") as value checks: each function returns
// why a value is not of the type, or undefined when it is. Used for core and extension attributes.

export const CE_TYPES = ['Boolean', 'Integer', 'String', 'Binary', 'URI', 'URI-reference', 'Timestamp'] as const;
export type CeType = (typeof CE_TYPES)[number];

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/** Integer: a whole JSON number in the signed 32-bit range. */
export function integerProblem(v: number): string | undefined {
  if (!Number.isInteger(v)) return `${v} is not an integer (JSON numbers in attributes must be whole)`;
  if (v < INT32_MIN || v > INT32_MAX) return `${v} is outside the 32-bit Integer range`;
  return undefined;
}

/**
 * String: no control characters (U+0000-001F, U+007F-009F), no Unicode noncharacters, no unpaired
 * surrogates. Scans code units once; fast for the ASCII strings that make up nearly all traffic.
 */
export function stringProblem(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return `contains control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
    if (c < 0xd800) continue;
    if (c <= 0xdbff) {
      const lo = s.charCodeAt(i + 1);
      if (!(lo >= 0xdc00 && lo <= 0xdfff)) return 'contains an unpaired surrogate';
      const cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
      if ((cp & 0xfffe) === 0xfffe) return `contains noncharacter U+${cp.toString(16).toUpperCase()}`;
      i++;
    } else if (c <= 0xdfff) {
      return 'contains an unpaired surrogate';
    } else if ((c >= 0xfdd0 && c <= 0xfdef) || c >= 0xfffe) {
      return `contains noncharacter U+${c.toString(16).toUpperCase()}`;
    }
  }
  return undefined;
}

// RFC 3986 §3 / Appendix A, composed from its ABNF. IP literals are checked for their character set
// only (not full IPv6 syntax): enough to tell a URI reference from free text.
const PCT = '%[0-9A-Fa-f]{2}';
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;
const SEGMENT_NZ_NC = `(?:[${UNRESERVED}${SUB_DELIMS}@]|${PCT})+`;
const HOST = `(?:\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+)\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*)`;
const AUTHORITY = `(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*@)?${HOST}(?::[0-9]*)?`;
const PATH_ABEMPTY = `(?:/${SEGMENT})*`;
const PATH_ABSOLUTE = `/(?:${SEGMENT_NZ}(?:/${SEGMENT})*)?`;
const PATH_ROOTLESS = `${SEGMENT_NZ}(?:/${SEGMENT})*`;
const PATH_NOSCHEME = `${SEGMENT_NZ_NC}(?:/${SEGMENT})*`;
const QUERY = `(?:${PCHAR}|[/?])*`;
const SCHEME = '[A-Za-z][A-Za-z0-9+\\-.]*';
const HIER_PART = `(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${PATH_ROOTLESS}|)`;
const RELATIVE_PART = `(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${PATH_NOSCHEME}|)`;
const ABSOLUTE_URI = new RegExp(`^${SCHEME}:${HIER_PART}(?:\\?${QUERY})?$`);
const URI_WITH_FRAGMENT = new RegExp(`^${SCHEME}:${HIER_PART}(?:\\?${QUERY})?(?:#${QUERY})?$`);
const RELATIVE_REF = new RegExp(`^${RELATIVE_PART}(?:\\?${QUERY})?(?:#${QUERY})?$`);

/** URI-reference (RFC 3986 §4.1): a URI or a relative reference. */
export function uriReferenceProblem(s: string): string | undefined {
  return URI_WITH_FRAGMENT.test(s) || RELATIVE_REF.test(s) ? undefined : 'is not an RFC 3986 URI-reference';
}

/**
 * URI: CloudEvents cites RFC 3986 §4.3 `absolute-URI`, which has no fragment. A fragment is reported
 * separately so callers can treat it as a warning: many producers put JSON-pointer fragments in
 * `dataschema`.
 */
export function absoluteUriProblem(s: string): { error?: string; fragment?: true } {
  if (ABSOLUTE_URI.test(s)) return {};
  if (URI_WITH_FRAGMENT.test(s)) return { fragment: true };
  return { error: 'is not an absolute RFC 3986 URI (scheme required)' };
}

// RFC 2045 §5.1: token := 1*<any US-ASCII CHAR except SPACE, CTLs, or tspecials>.
const TOKEN = "[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+";
const QUOTED = '"(?:[^"\\\\\\r]|\\\\.)*"';
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:[ \\t]*;[ \\t]*${TOKEN}=(?:${TOKEN}|${QUOTED}))*$`);

/** RFC 2046 media type: `type "/" subtype *(";" parameter)`. */
export function mediaTypeProblem(s: string): string | undefined {
  return MEDIA_TYPE.test(s) ? undefined : 'is not an RFC 2046 media type (type/subtype[; name=value])';
}

/** Media types whose data is JSON: subtype `json` or a `+json` suffix (JSON format §3.1.1). */
export function isJsonMediaType(s: string): boolean {
  const essence = s.split(';')[0].trim().toLowerCase();
  return /^[^/]+\/(?:json|[^/]*\+json)$/.test(essence);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Binary: RFC 4648 §4 base64 with padding. */
export function base64Problem(s: string): string | undefined {
  return BASE64.test(s) ? undefined : 'is not RFC 4648 base64';
}
