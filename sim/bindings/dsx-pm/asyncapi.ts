// The DSX Power Management AsyncAPI document (vendored, unmodified) and JSON Schema validators built
// straight from its `components.schemas` — DESIGN.md rule 4: payloads are validated against the
// published schemas, never hand copies. Everything is loaded lazily, once per process.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { parse as parseYaml } from 'yaml';

/** The vendored spec; shipped with the product (see proto/dsx-pm/PROVENANCE.md). */
export const PM_SPEC_PATH = fileURLToPath(
  new URL('../../../proto/dsx-pm/power-management.yaml', import.meta.url),
);

/** `$id` under which `components.schemas` is registered, so `#/components/schemas/X` refs resolve. */
export const PM_SCHEMA_ID = 'https://gridtwin.invalid/dsx-pm/power-management-1.7.0.json';

export const ENVELOPE_SCHEMAS = [
  'LoadTargetSetEvent',
  'PowerStateStatusEvent',
  'PowerBreachAlertEvent',
  'PowerBreachEnforcementEvent',
] as const;
export type EnvelopeSchemaName = (typeof ENVELOPE_SCHEMAS)[number];

export const DATA_SCHEMAS = [
  'SetLoadTargetData',
  'PowerStateStatusData',
  'PowerBreachAlertData',
  'PowerBreachEnforcementData',
] as const;
export type DataSchemaName = (typeof DATA_SCHEMAS)[number];

export type SchemaName = EnvelopeSchemaName | DataSchemaName;

/** A JSON value as parsed from YAML. Only the parts we read are typed, the rest stays open. */
export type JsonObject = { [key: string]: unknown };

/** The slice of the AsyncAPI document gridtwin reads. */
export interface PmAsyncApiDoc extends JsonObject {
  asyncapi: string;
  info: { title: string; version: string };
  channels: Record<string, JsonObject>;
  operations: Record<string, JsonObject>;
  components: { schemas: Record<string, JsonObject>; messages: Record<string, JsonObject> };
}

/**
 * Returns `[]` when the value is valid, otherwise one readable line per problem, each starting with
 * the JSON Pointer of the offending value (`/data/targets/0/load_constraint/unit: must be one of …`).
 */
export type SchemaValidator = (value: unknown) => readonly string[];

/** Shared result for valid values, so the hot path allocates nothing. */
export const NO_ERRORS: readonly string[] = Object.freeze([]);

/** Hostile inputs can produce thousands of errors; a report needs the first few. */
const MAX_ERRORS = 20;
const MAX_SHOWN_VALUE = 60;

let cachedDoc: PmAsyncApiDoc | undefined;

/** Parses the vendored YAML once and checks the top-level shape gridtwin depends on. */
export function loadPowerManagementSpec(): PmAsyncApiDoc {
  if (cachedDoc) return cachedDoc;
  const doc = parseYaml(readFileSync(PM_SPEC_PATH, 'utf8')) as unknown;
  if (!isObject(doc) || typeof doc.asyncapi !== 'string' || !isObject(doc.info)) {
    throw new Error(`${PM_SPEC_PATH} is not an AsyncAPI document`);
  }
  for (const key of ['channels', 'operations', 'components'] as const) {
    if (!isObject(doc[key])) throw new Error(`${PM_SPEC_PATH}: missing '${key}'`);
  }
  const components = doc.components as JsonObject;
  if (!isObject(components.schemas) || !isObject(components.messages)) {
    throw new Error(`${PM_SPEC_PATH}: missing components.schemas or components.messages`);
  }
  cachedDoc = doc as PmAsyncApiDoc;
  return cachedDoc;
}

/** Resolves a local `$ref` such as `#/components/schemas/PowerUnit` against the document. */
export function resolveRef(ref: string, doc: PmAsyncApiDoc = loadPowerManagementSpec()): JsonObject {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got '${ref}'`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  if (!isObject(node)) throw new Error(`$ref '${ref}' does not resolve in ${PM_SPEC_PATH}`);
  return node;
}

/** `#/components/schemas/PowerUnit` → `PowerUnit`; undefined for any other kind of ref. */
export function schemaNameOfRef(ref: unknown): string | undefined {
  const prefix = '#/components/schemas/';
  return typeof ref === 'string' && ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, SchemaValidator>();

/** The compiled validator for one envelope or data schema (compiled on first use, then cached). */
export function schemaValidator(name: SchemaName): SchemaValidator {
  let validator = compiled.get(name);
  if (!validator) {
    const fn = schemaAjv().getSchema(`${PM_SCHEMA_ID}#/components/schemas/${name}`);
    if (!fn) throw new Error(`schema '${name}' not found in ${PM_SPEC_PATH}`);
    validator = wrap(fn);
    compiled.set(name, validator);
  }
  return validator;
}

/** Convenience: validate and return the error lines in one call. */
export function validateSchema(name: SchemaName, value: unknown): readonly string[] {
  return schemaValidator(name)(value);
}

function schemaAjv(): Ajv {
  if (ajv) return ajv;
  const instance = new Ajv({
    // AsyncAPI 3 schema objects are a superset of JSON Schema draft-07, Ajv's default dialect.
    // Strict mode makes any keyword Ajv does not understand a load-time error instead of a
    // silently ignored constraint; `examples` and `description` are draft-07 annotations.
    strict: true,
    allErrors: true, // a report wants every problem, not the first
    verbose: true, // keeps the offending value on each error so the message can show it
    formats: {
      // OpenAPI-ism: `format: double` on numbers. Every JSON number already is an IEEE double,
      // so ajv-formats' definition accepts all numbers; `minimum` etc. still apply.
      double: fullFormats.double,
      // ajv-formats' uuid also accepts a `urn:uuid:` prefix; the JSON Schema `uuid` format is
      // the bare RFC 4122 string form (hex case-insensitive, RFC 4122 §3). Version checks
      // (UUIDv4) are conformance rules, not schema validation.
      uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'date-time': rfc3339DateTime(),
    },
  });
  instance.addKeyword('components'); // the wrapper below only groups the schemas
  const spec = loadPowerManagementSpec();
  instance.addSchema({ $id: PM_SCHEMA_ID, components: { schemas: spec.components.schemas } });
  ajv = instance;
  return ajv;
}

/**
 * RFC 3339 §5.6 `date-time`. ajv-formats checks the calendar (days per month, leap seconds) but
 * also accepts a space for `T` and `+hh` / `+hhmm` offsets, which §5.6 does not; this grammar
 * check runs first so the lax forms are rejected.
 */
function rfc3339DateTime(): { type: 'string'; validate: (s: string) => boolean } {
  const grammar = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
  const calendar = fullFormats['date-time'];
  const check =
    typeof calendar === 'object' && 'validate' in calendar && typeof calendar.validate === 'function'
      ? (calendar.validate as (s: string) => boolean)
      : undefined;
  if (!check) throw new Error('ajv-formats date-time definition has an unexpected shape');
  return { type: 'string', validate: (s) => grammar.test(s) && check(s) };
}

function wrap(fn: ValidateFunction): SchemaValidator {
  return (value) => (fn(value) ? NO_ERRORS : describeErrors(fn.errors ?? []));
}

/** Turns Ajv errors into `path: problem (got value)` lines, dropping `oneOf` branch noise. */
export function describeErrors(errors: readonly ErrorObject[]): string[] {
  const kept = pruneOneOfBranches(errors);
  const lines: string[] = [];
  for (const e of kept) {
    const line = describeError(e);
    if (!lines.includes(line)) lines.push(line);
  }
  if (lines.length > MAX_ERRORS) {
    const more = lines.length - MAX_ERRORS;
    lines.length = MAX_ERRORS;
    lines.push(`… and ${more} more`);
  }
  return lines;
}

/**
 * `data` is `oneOf: [JWS string, plaintext object]` and `load_constraint` is `oneOf: [object, null]`.
 * When a value fails such a union, Ajv also reports "must be string" / "must be null" for the
 * branches whose type did not match at all — true, but it hides the real problem. Those type
 * errors are dropped whenever a more specific error exists at or below the same path.
 */
function pruneOneOfBranches(errors: readonly ErrorObject[]): readonly ErrorObject[] {
  const unionPaths = new Set(
    errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath),
  );
  if (unionPaths.size === 0) return errors;
  const specific = (path: string) =>
    errors.some(
      (e) =>
        e.keyword !== 'type' &&
        e.keyword !== 'oneOf' &&
        e.keyword !== 'anyOf' &&
        (e.instancePath === path || e.instancePath.startsWith(`${path}/`)),
    );
  return errors.filter((e) => {
    if (!unionPaths.has(e.instancePath) || !specific(e.instancePath)) return true;
    return e.keyword !== 'type' && e.keyword !== 'oneOf' && e.keyword !== 'anyOf';
  });
}

function describeError(e: ErrorObject): string {
  const path = e.instancePath === '' ? '(root)' : e.instancePath;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const prop = String(p.missingProperty).replace(/~/g, '~0').replace(/\//g, '~1');
      return `${e.instancePath}/${prop}: is required`;
    }
    case 'enum':
      return `${path}: must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')} (got ${show(e.data)})`;
    case 'const':
      return `${path}: must be ${show(p.allowedValue)} (got ${show(e.data)})`;
    case 'type':
      return `${path}: must be ${String(p.type)} (got ${show(e.data)})`;
    case 'format':
      return `${path}: must be a valid ${String(p.format)} (got ${show(e.data)})`;
    case 'pattern':
      return `${path}: must match ${String(p.pattern)} (got ${show(e.data)})`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${path}: ${e.message ?? e.keyword} (got ${show(e.data)})`;
    default:
      return `${path}: ${e.message ?? e.keyword}`;
  }
}

/** A short, safe rendering of an offending value: hostile inputs may be huge. */
function show(v: unknown): string {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') {
    return JSON.stringify(v.length > MAX_SHOWN_VALUE ? `${v.slice(0, MAX_SHOWN_VALUE)}…` : v);
  }
  if (Array.isArray(v)) return `array(${v.length})`;
  return typeof v;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
