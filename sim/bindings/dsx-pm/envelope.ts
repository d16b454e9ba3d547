// The DSX CloudEvents envelope as the simulation emits it (Power Management 1.7.0, "CloudEvents
// Message Format"): structured-mode JSON whose `data` is the JWS compact string. One function builds
// it, in one attribute order, so every publisher's bytes look the same.
import { parseRfc3339 } from './rfc3339.ts';
import { formatSource, type DsxRole } from './source.ts';
import { parseTraceparent, parseTracestate } from './traceparent.ts';

/**
 * "1.0.2" is what the DSX schema requires (`const: '1.0.2'`); "1.0" is what CloudEvents 1.0.x
 * requires of producers and what stock SDKs accept. The profile chooses; see docs/spec-decisions.md.
 */
export const DSX_SPECVERSIONS = ['1.0.2', '1.0'] as const;
export type DsxSpecversion = (typeof DSX_SPECVERSIONS)[number];
export const DEFAULT_DSX_SPECVERSION: DsxSpecversion = '1.0.2';
export const DSX_DATACONTENTTYPE = 'application/json';

/** The envelope, in the order its members are serialised. */
export interface DsxEnvelope {
  specversion: DsxSpecversion;
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: typeof DSX_DATACONTENTTYPE;
  subject: string;
  traceparent: string;
  tracestate?: string;
  correlationid?: string;
  /** JWS compact serialization of the JSON payload. */
  data: string;
}

export interface EnvelopeAttrs {
  specversion?: DsxSpecversion;
  /** UUIDv4 from the publisher's RandomStream (`uuid4()`). */
  id: string;
  role: DsxRole;
  identifier: string;
  type: string;
  /** RFC 3339 UTC with `Z`: use `Epoch.iso(t)`. */
  time: string;
  subject: string;
  traceparent: string;
  tracestate?: string;
  correlationid?: string;
  data: string;
}

/**
 * Builds the structured-mode event. Inputs come from gridtwin's own code, so a malformed one is a bug
 * and throws (exit 1); conformance faults meant for a counterpart are injected after building.
 */
export function buildEnvelope(a: EnvelopeAttrs): DsxEnvelope {
  const time = parseRfc3339(a.time);
  if (!time.ok || time.value.offset !== 'Z' || !time.value.upperCase) throw new RangeError(`envelope time must be RFC 3339 UTC with Z (Epoch.iso), got ${a.time}`);
  if (!parseTraceparent(a.traceparent).ok) throw new RangeError(`invalid traceparent ${a.traceparent}`);
  if (a.tracestate !== undefined && !parseTracestate(a.tracestate).ok) throw new RangeError(`invalid tracestate ${a.tracestate}`);
  return {
    specversion: a.specversion ?? DEFAULT_DSX_SPECVERSION,
    id: a.id,
    source: formatSource(a.role, a.identifier),
    type: a.type,
    time: a.time,
    datacontenttype: DSX_DATACONTENTTYPE,
    subject: a.subject,
    traceparent: a.traceparent,
    // Optional members are left out, not set to undefined or null, so the JSON has no empty keys.
    ...(a.tracestate !== undefined ? { tracestate: a.tracestate } : {}),
    ...(a.correlationid !== undefined ? { correlationid: a.correlationid } : {}),
    data: a.data,
  };
}

/** The MQTT PUBLISH payload: UTF-8 JSON, no whitespace, members in envelope order. */
export function encodeEnvelope(env: DsxEnvelope): Buffer {
  return Buffer.from(JSON.stringify(env), 'utf8');
}
