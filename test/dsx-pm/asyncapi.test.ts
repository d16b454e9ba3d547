import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DATA_SCHEMAS,
  ENVELOPE_SCHEMAS,
  PM_SPEC_PATH,
  loadPowerManagementSpec,
  schemaValidator,
  validateSchema,
  type DataSchemaName,
  type EnvelopeSchemaName,
} from '../../sim/bindings/dsx-pm/asyncapi.ts';

const REFERENCE = new URL('../../../shared/reference/dsx-power-management/', import.meta.url);
const VENDORED = new URL('../../proto/dsx-pm/', import.meta.url);

const UUID_A = '3f0c8a52-6a1e-4c1b-9a55-0d3a3b7f1e21';
const UUID_B = 'b6f1d7a4-2c3e-4f5a-8b9c-1d2e3f4a5b6c';
const T0 = '2026-03-01T12:00:00Z';
const KW = (value: number) => ({ value, unit: 'kilowatt' });
const JWS = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJ0YXJnZXRzIjpbXX0.c2lnbmF0dXJl';

const data: Record<DataSchemaName, Record<string, unknown>> = {
  SetLoadTargetData: {
    targets: [
      {
        interval: { start_time: T0, end_time: '2026-03-01T13:00:00.250+01:00' },
        feed_tags: ['main-a'],
        load_constraint: { value: 42.5, unit: 'megawatt' },
        strategy: { best_effort: true },
      },
      { interval: {}, load_constraint: null }, // null removes the constraint
    ],
  },
  PowerStateStatusData: {
    snapshot_time: T0,
    feeds: {
      'main-a': {
        metadata: { power_minimum: KW(100), power_maximum: KW(5000), default_constraint: KW(4000) },
        targets: [
          { active: true, load_constraint: KW(3000), interval: { start_time: T0 }, strategy: {}, correlation_id: UUID_A },
        ],
        calculated_load: KW(2900.5),
        in_flight: false,
        event: 'target_set',
        power_event_start_time: T0,
        compliant: true,
      },
    },
  },
  PowerBreachAlertData: {
    feed_tag: 'main-a',
    status: 'active',
    severity: 'critical',
    breach: { breach_id: UUID_B, detected_at: T0 },
    target: { correlation_id: UUID_A, load_constraint: KW(3000) },
    measured_load: KW(3700),
    shed_hints: [{ resource_id: 'node-17', resource_type: 'node', action: 'power_cap', priority: 1, target_power: KW(2) }],
    infrastructure_actions: ['SHUTDOWN_NODES', 'SHUTDOWN_RACKS'],
  },
  PowerBreachEnforcementData: {
    breach_id: UUID_B,
    feed_tag: 'main-a',
    action: 'applied',
    code: 'partial',
    diag_msg: '1 of 2 resources capped',
    results: [
      { resource_id: 'node-17', resource_type: 'node', requested_action: 'power_cap', code: 'applied', applied_power: KW(2.1) },
      { resource_id: 'node-18', resource_type: 'node', requested_action: 'power_cap', code: 'failed', message: 'BMC unreachable after 3 retries' },
    ],
    timestamp: T0,
  },
};

const envelopeFor: Record<EnvelopeSchemaName, [type: string, subject: string, data: DataSchemaName]> = {
  LoadTargetSetEvent: ['grid.loadtarget.set.v1', 'loadtarget', 'SetLoadTargetData'],
  PowerStateStatusEvent: ['grid.powerstate.status.v1', 'powerstate', 'PowerStateStatusData'],
  PowerBreachAlertEvent: ['grid.powerbreach.alert.v1', 'powerbreach', 'PowerBreachAlertData'],
  PowerBreachEnforcementEvent: ['grid.powerbreach.enforcement.v1', 'powerbreach', 'PowerBreachEnforcementData'],
};

function envelope(name: EnvelopeSchemaName, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const [type, subject] = envelopeFor[name];
  return {
    specversion: '1.0.2',
    id: UUID_A,
    source: '//grid/v1/isv/acme-energy',
    type,
    time: T0,
    datacontenttype: 'application/json',
    subject,
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    tracestate: 'rojo=00f067aa0ba902b7',
    correlationid: UUID_B,
    data: JWS,
    ...overrides,
  };
}

/** A deep copy with one change at a dotted path; `undefined` deletes the key. */
function withChange<T>(value: T, path: string, replacement: unknown): T {
  const copy = structuredClone(value) as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1];
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy as T;
}

describe('vendored AsyncAPI document', () => {
  it('is byte-identical to the reference copy, with its licence', () => {
    expect(readFileSync(PM_SPEC_PATH).equals(readFileSync(new URL('power-management.yaml', REFERENCE)))).toBe(true);
    expect(readFileSync(new URL('LICENSE', VENDORED)).equals(readFileSync(new URL('LICENSE', REFERENCE)))).toBe(true);
  });

  it('records its provenance', () => {
    const provenance = readFileSync(new URL('PROVENANCE.md', VENDORED), 'utf8');
    expect(provenance).toContain('NVIDIA/dsx-exchange');
    expect(provenance).toContain('schemas/asyncapi/power-management/power-management.yaml');
    expect(provenance).toContain('3190e006f63588824ea4e5dec3ea4baab101c1f9');
    expect(provenance).toContain('unmodified');
  });

  it('parses as the Power Management 1.7.0 AsyncAPI 3.1.0 document', () => {
    const doc = loadPowerManagementSpec();
    expect([doc.asyncapi, doc.info.title, doc.info.version]).toEqual(['3.1.0', 'Power Management', '1.7.0']);
    expect(loadPowerManagementSpec()).toBe(doc); // loaded once
  });
});

describe('schema validators built from components.schemas', () => {
  it.each(DATA_SCHEMAS)('accepts a valid %s', (name) => {
    expect(validateSchema(name, data[name])).toEqual([]);
  });

  it.each(ENVELOPE_SCHEMAS)('accepts a valid %s with a JWS string or a plaintext object as data', (name) => {
    expect(validateSchema(name, envelope(name))).toEqual([]);
    expect(validateSchema(name, envelope(name, { data: data[envelopeFor[name][2]] }))).toEqual([]);
  });

  it('accepts optional attributes left out and properties the schema does not list', () => {
    const minimal = envelope('PowerStateStatusEvent', { tracestate: undefined, correlationid: undefined, vendorext: 'x' });
    delete minimal.tracestate;
    delete minimal.correlationid;
    expect(validateSchema('PowerStateStatusEvent', minimal)).toEqual([]);
    expect(validateSchema('SetLoadTargetData', { targets: [{ interval: {}, load_constraint: KW(1) }], extra: 1 })).toEqual([]);
  });

  it('caches compiled validators', () => {
    expect(schemaValidator('LoadTargetSetEvent')).toBe(schemaValidator('LoadTargetSetEvent'));
  });

  const reject: [string, DataSchemaName | EnvelopeSchemaName, () => unknown, string][] = [
    ['missing required attribute', 'LoadTargetSetEvent', () => withChange(envelope('LoadTargetSetEvent'), 'traceparent', undefined), '/traceparent: is required'],
    ['missing nested required field', 'PowerBreachAlertData', () => withChange(data.PowerBreachAlertData, 'breach.detected_at', undefined), '/breach/detected_at: is required'],
    ['wrong enum', 'PowerBreachAlertData', () => withChange(data.PowerBreachAlertData, 'status', 'open'), '/status: must be one of "active", "escalated", "resolved" (got "open")'],
    ['wrong type', 'PowerStateStatusData', () => withChange(data.PowerStateStatusData, 'feeds.main-a.in_flight', 'yes'), '/feeds/main-a/in_flight: must be boolean (got "yes")'],
    ['bad uuid', 'PowerBreachEnforcementData', () => withChange(data.PowerBreachEnforcementData, 'breach_id', 'breach-1'), '/breach_id: must be a valid uuid (got "breach-1")'],
    ['urn-prefixed uuid', 'LoadTargetSetEvent', () => envelope('LoadTargetSetEvent', { id: `urn:uuid:${UUID_A}` }), '/id: must be a valid uuid'],
    ['impossible date', 'PowerStateStatusData', () => withChange(data.PowerStateStatusData, 'snapshot_time', '2026-02-30T00:00:00Z'), '/snapshot_time: must be a valid date-time'],
    ['date-time without offset', 'PowerBreachEnforcementData', () => withChange(data.PowerBreachEnforcementData, 'timestamp', '2026-03-01T12:00:00'), '/timestamp: must be a valid date-time'],
    ['date-time with a space', 'LoadTargetSetEvent', () => envelope('LoadTargetSetEvent', { time: '2026-03-01 12:00:00Z' }), '/time: must be a valid date-time'],
    ['date-time with an hours-only offset', 'LoadTargetSetEvent', () => envelope('LoadTargetSetEvent', { time: '2026-03-01T12:00:00+02' }), '/time: must be a valid date-time'],
    ['negative PowerUnit value', 'PowerBreachAlertData', () => withChange(data.PowerBreachAlertData, 'measured_load', KW(-1)), '/measured_load/value: must be >= 0 (got -1)'],
    ['unknown power unit', 'PowerBreachAlertData', () => withChange(data.PowerBreachAlertData, 'measured_load', { value: 1, unit: 'gigawatt' }), '/measured_load/unit: must be one of'],
    ['empty targets array', 'SetLoadTargetData', () => ({ targets: [] }), '/targets: must NOT have fewer than 1 items'],
    ['priority below 1', 'PowerBreachAlertData', () => withChange(data.PowerBreachAlertData, 'shed_hints', [{ resource_id: 'n', resource_type: 'gpu', action: 'throttle', priority: 0 }]), '/shed_hints/0/priority: must be >= 1'],
    ['specversion 1.0', 'PowerStateStatusEvent', () => envelope('PowerStateStatusEvent', { specversion: '1.0' }), '/specversion: must be "1.0.2" (got "1.0")'],
    ['type of another channel', 'PowerBreachAlertEvent', () => envelope('PowerBreachAlertEvent', { type: 'grid.powerstate.status.v1' }), '/type: must be "grid.powerbreach.alert.v1"'],
    ['source with an unknown role', 'LoadTargetSetEvent', () => envelope('LoadTargetSetEvent', { source: '//grid/v1/dsx-flex-agent/x' }), '/source: must match'],
    ['traceparent with upper-case hex', 'LoadTargetSetEvent', () => envelope('LoadTargetSetEvent', { traceparent: '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01' }), '/traceparent: must match'],
    ['datacontenttype', 'LoadTargetSetEvent', () => envelope('LoadTargetSetEvent', { datacontenttype: 'application/jose' }), '/datacontenttype: must be "application/json"'],
    ['data that is not a JWS', 'LoadTargetSetEvent', () => envelope('LoadTargetSetEvent', { data: 'header.payload' }), '/data: must match'],
    ['plaintext data that breaks the data schema', 'LoadTargetSetEvent', () => envelope('LoadTargetSetEvent', { data: { targets: [] } }), '/data/targets: must NOT have fewer than 1 items'],
    ['load_constraint that is neither object nor null', 'SetLoadTargetData', () => ({ targets: [{ interval: {}, load_constraint: 5 }] }), '/targets/0/load_constraint: must be object (got 5)'],
    ['not an object at all', 'PowerBreachAlertEvent', () => 'hello', '(root): must be object (got "hello")'],
  ];

  it.each(reject)('rejects %s, naming the path', (_what, name, value, expected) => {
    const errors = validateSchema(name, value());
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.includes(expected)), errors.join('\n')).toBe(true);
  });

  it('reports only the real problem when data fails the plaintext branch of the JWS | object union', () => {
    const errors = validateSchema('LoadTargetSetEvent', envelope('LoadTargetSetEvent', { data: { targets: [] } }));
    expect(errors).toEqual(['/data/targets: must NOT have fewer than 1 items']);
  });

  it('reports every problem, capped for hostile input', () => {
    const targets = Array.from({ length: 100 }, () => ({ interval: { start_time: 'x' }, load_constraint: KW(-1) }));
    const errors = validateSchema('SetLoadTargetData', { targets });
    expect(errors).toHaveLength(21);
    expect(errors[20]).toMatch(/^… and \d+ more$/);
    const long = validateSchema('LoadTargetSetEvent', envelope('LoadTargetSetEvent', { id: 'x'.repeat(10_000) }));
    expect(long.every((e) => e.length < 200)).toBe(true);
  });
});
