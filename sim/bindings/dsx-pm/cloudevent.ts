// A generic validator and reader for the CloudEvents JSON event format (spec.md v1.0.2,
// formats/json-format.md), independent of DSX: required and optional context attributes, the type
// system, extension naming, `data` vs `data_base64`, and JSON batches. The DSX-specific rules built
// on top of it are in envelope-checks.ts.
import { absoluteUriProblem, base64Problem, integerProblem, mediaTypeProblem, stringProblem, uriReferenceProblem, type CeType } from './ce-types.ts';
import { parseRfc3339 } from './rfc3339.ts';

export interface CloudEventIssue {
  /** Member the issue is about: '' for the whole event, `time`, `[2].id` inside a batch. */
  path: string;
  message: string;
  /** 'error' breaks a MUST; 'warning' a SHOULD (e.g. extension names longer than 20 characters). */
  severity: 'error' | 'warning';
}

export interface CloudEventOptions {
  /** Accepted `specversion` values, e.g. ['1.0'] for stock CloudEvents, ['1.0.2'] for the DSX profile. */
  specversions: readonly string[];
  /** Extension attributes whose type is known, so their string encodings are checked and decoded. */
  extensions?: Readonly<Record<string, CeType>>;
}

export type CeValue = boolean | number | string | Uint8Array | Date;

/** A parsed event: null attributes dropped (JSON format §2.2), Timestamps as Date, Binary as bytes. */
export interface CloudEvent {
  specversion: string;
  id: string;
  source: string;
  type: string;
  datacontenttype?: string;
  dataschema?: string;
  subject?: string;
  time?: Date;
  /** Present when the `data` member is (it may be JSON null). */
  data?: unknown;
  /** Decoded `data_base64`. */
  dataBinary?: Uint8Array;
  extensions: Record<string, CeValue>;
}

export type ParseResult<T> = { ok: true; value: T; warnings: CloudEventIssue[] } | { ok: false; issues: CloudEventIssue[] };

const REQUIRED = ['specversion', 'id', 'source', 'type'] as const;
const OPTIONAL: Readonly<Record<string, CeType>> = { datacontenttype: 'String', dataschema: 'URI', subject: 'String', time: 'Timestamp' };
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
const NAME_SOFT_LIMIT = 20;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Checks one attribute value against a CloudEvents type; returns the decoded value or pushes issues. */
function readTyped(name: string, v: unknown, type: CeType, path: string, issues: CloudEventIssue[]): CeValue | undefined {
  const err = (message: string) => void issues.push({ path, message: `${name} ${message}`, severity: 'error' });
  if (type === 'Boolean') return typeof v === 'boolean' ? v : err(`must be a JSON boolean, got ${jsonType(v)}`);
  if (type === 'Integer') {
    if (typeof v !== 'number') return err(`must be a JSON integer, got ${jsonType(v)}`);
    const p = integerProblem(v);
    return p ? err(p) : v;
  }
  if (typeof v !== 'string') return err(`must be a string, got ${jsonType(v)}`);
  const bad = stringProblem(v);
  if (bad) return err(bad);
  switch (type) {
    case 'String':
      return v;
    case 'Binary': {
      const p = base64Problem(v);
      return p ? err(p) : new Uint8Array(Buffer.from(v, 'base64'));
    }
    case 'URI': {
      const p = absoluteUriProblem(v);
      if (p.error) return err(p.error);
      if (p.fragment) issues.push({ path, message: `${name} has a fragment; RFC 3986 §4.3 absolute-URI has none`, severity: 'warning' });
      return v;
    }
    case 'URI-reference': {
      const p = uriReferenceProblem(v);
      return p ? err(p) : v;
    }
    case 'Timestamp': {
      const r = parseRfc3339(v);
      return r.ok ? new Date(r.value.epochMs) : err(`is not an RFC 3339 timestamp: ${r.reason}`);
    }
  }
}

function readEvent(obj: unknown, opts: CloudEventOptions, prefix: string): { issues: CloudEventIssue[]; event?: CloudEvent } {
  const issues: CloudEventIssue[] = [];
  const at = (member: string) => `${prefix}${prefix && member ? '.' : ''}${member}`;
  if (!isObject(obj)) return { issues: [{ path: prefix, message: `event must be a JSON object, got ${jsonType(obj)}`, severity: 'error' }] };
  const event: Partial<CloudEvent> & { extensions: Record<string, CeValue> } = { extensions: {} };

  for (const name of REQUIRED) {
    const v = obj[name];
    if (v === undefined) issues.push({ path: at(name), message: `required attribute ${name} is missing`, severity: 'error' });
    else if (v === null) issues.push({ path: at(name), message: `required attribute ${name} is null`, severity: 'error' });
    else if (typeof v !== 'string') issues.push({ path: at(name), message: `${name} must be a string, got ${jsonType(v)}`, severity: 'error' });
    else if (v.length === 0) issues.push({ path: at(name), message: `${name} must be a non-empty string`, severity: 'error' });
    else {
      const value = readTyped(name, v, name === 'source' ? 'URI-reference' : 'String', at(name), issues);
      if (typeof value === 'string') event[name] = value;
    }
  }
  if (event.specversion !== undefined && !opts.specversions.includes(event.specversion)) {
    const expected = opts.specversions.map((s) => JSON.stringify(s)).join(' or ');
    const message = `unsupported specversion ${JSON.stringify(event.specversion)}; expected ${expected}`;
    issues.push({ path: at('specversion'), message, severity: 'error' });
  }

  for (const [name, type] of Object.entries(OPTIONAL)) {
    const v = obj[name];
    if (v === undefined || v === null) continue; // null means unset (JSON format §2.2)
    if (v === '') {
      issues.push({ path: at(name), message: `${name} must be non-empty when present`, severity: 'error' });
      continue;
    }
    const value = readTyped(name, v, type, at(name), issues);
    if (value === undefined) continue;
    if (name === 'datacontenttype') {
      const p = mediaTypeProblem(value as string);
      if (p) issues.push({ path: at(name), message: `${name} ${p}`, severity: 'error' });
      else event.datacontenttype = value as string;
    } else (event as Record<string, unknown>)[name] = value;
  }

  const hasData = Object.hasOwn(obj, 'data');
  const b64 = obj.data_base64;
  if (hasData) event.data = obj.data;
  if (b64 !== undefined && b64 !== null) {
    if (hasData) issues.push({ path: at('data_base64'), message: 'data and data_base64 are mutually exclusive (JSON format §3.1.1)', severity: 'error' });
    const bytes = readTyped('data_base64', b64, 'Binary', at('data_base64'), issues);
    if (bytes instanceof Uint8Array) event.dataBinary = bytes;
  }

  for (const [name, v] of Object.entries(obj)) {
    if (name === 'data' || name === 'data_base64' || (REQUIRED as readonly string[]).includes(name) || name in OPTIONAL) continue;
    if (!ATTRIBUTE_NAME.test(name)) {
      issues.push({ path: at(name), message: `extension name ${JSON.stringify(name)} must be lower-case ASCII letters and digits only`, severity: 'error' });
    } else if (name.length > NAME_SOFT_LIMIT) {
      issues.push({ path: at(name), message: `extension name ${name} is longer than ${NAME_SOFT_LIMIT} characters (SHOULD NOT)`, severity: 'warning' });
    }
    if (v === null || v === undefined) continue; // undefined cannot come from JSON; treat it as unset too
    const known = opts.extensions?.[name];
    // Unknown extensions: the JSON type decides (JSON format §2.2); only strings are ambiguous, and stay strings.
    const type: CeType | undefined = known ?? (typeof v === 'boolean' ? 'Boolean' : typeof v === 'number' ? 'Integer' : typeof v === 'string' ? 'String' : undefined);
    if (!type) {
      issues.push({ path: at(name), message: `extension ${name} has a JSON ${jsonType(v)}; attribute values must be boolean, integer or string`, severity: 'error' });
      continue;
    }
    const value = readTyped(name, v, type, at(name), issues);
    if (value !== undefined) event.extensions[name] = value;
  }

  return hasErrors(issues) ? { issues } : { issues, event: event as CloudEvent };
}

/** Every problem with one event in the CloudEvents JSON format. No error-severity issue means valid. */
export function checkCloudEvent(obj: unknown, opts: CloudEventOptions): CloudEventIssue[] {
  return readEvent(obj, opts, '').issues;
}

export function parseCloudEvent(obj: unknown, opts: CloudEventOptions): ParseResult<CloudEvent> {
  const { issues, event } = readEvent(obj, opts, '');
  return event ? { ok: true, value: event, warnings: issues } : { ok: false, issues };
}

function readBatch(arr: unknown, opts: CloudEventOptions): { issues: CloudEventIssue[]; events: CloudEvent[] } {
  if (!Array.isArray(arr)) return { issues: [{ path: '', message: `a batch must be a JSON array, got ${jsonType(arr)}`, severity: 'error' }], events: [] };
  const issues: CloudEventIssue[] = [];
  const events: CloudEvent[] = [];
  arr.forEach((item, i) => {
    const r = readEvent(item, opts, `[${i}]`);
    issues.push(...r.issues);
    if (r.event) events.push(r.event);
  });
  // The conformance suite (invalidBatchMixedSpecVersions) expects one spec version per batch.
  const versions = new Set(arr.filter(isObject).map((e) => e.specversion).filter((v) => typeof v === 'string'));
  if (versions.size > 1) issues.push({ path: '', message: `batch mixes specversions ${[...versions].map((v) => JSON.stringify(v)).join(', ')}`, severity: 'error' });
  return { issues, events };
}

/** Every problem with a JSON batch (application/cloudevents-batch+json). */
export function checkBatch(arr: unknown, opts: CloudEventOptions): CloudEventIssue[] {
  return readBatch(arr, opts).issues;
}

export function parseBatch(arr: unknown, opts: CloudEventOptions): ParseResult<CloudEvent[]> {
  const { issues, events } = readBatch(arr, opts);
  return issues.some((i) => i.severity === 'error') ? { ok: false, issues } : { ok: true, value: events, warnings: issues };
}

export const hasErrors = (issues: readonly CloudEventIssue[]) => issues.some((i) => i.severity === 'error');
