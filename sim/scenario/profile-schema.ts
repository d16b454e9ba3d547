// Scenario schema: protocol profiles and their roles. A role is either played by gridtwin
// (simulated / reference / scripted) or `live`: a real system on the broker, under test.
import { z } from 'zod';
import { duration, fraction, identifier, quantity } from './fields.ts';

const keyPath = z.string().min(1).describe('path to a private JWK written by `gridtwin keys generate` (relative to the scenario)');
const jwksPath = z.string().min(1).describe('path to a public JWKS (relative to the scenario)');

export const DsxProfileSchema = z.strictObject({
  specversion: z
    .enum(['1.0.2', '1.0'])
    .default('1.0.2')
    .describe('CloudEvents specversion to emit and expect (the DSX schema says 1.0.2; CloudEvents says 1.0)'),
  alg: z.enum(['ES256', 'RS256']).default('ES256').describe('JWS algorithm for gridtwin-signed events'),
  time_zone: z
    .enum(['Z', 'utc', 'any'])
    .default('Z')
    .describe("how strictly inbound `time` must be UTC (DSX-ENV-006): 'Z' only, 'utc' also +00:00, 'any' offset"),
  require_correlationid: z
    .boolean()
    .default(true)
    .describe('reject grid.loadtarget.set.v1 without correlationid (DSX-CORR-004); false: the agent assigns one'),
  command_latency: duration()
    .prefault('0 s')
    .describe('network/processing latency added to the next window boundary before a command takes effect'),
  heartbeat: duration({ above: 0 }).prefault('10 s').describe('period of grid.powerstate.status.v1 heartbeats'),
  target_set_deadline: duration({ above: 0 })
    .prefault('5 s')
    .describe('a target_set status must follow an accepted load target within this time (DSX-BEH-001)'),
  breach: z
    .strictObject({
      tolerance: fraction().prefault(0.02).describe('load above constraint × (1 + tolerance) counts as over'),
      grace: duration().prefault('30 s').describe('time a ramp may take before being over the constraint is a breach'),
      escalate_after: duration().prefault('30 s').describe('time an active breach lasts before escalation'),
    })
    .prefault({}),
  poweragent: z
    .strictObject({
      mode: z.enum(['simulated', 'live']).default('simulated'),
      id: identifier.default('dps-sim'),
      site: identifier.optional().describe('site the simulated agent manages (required when simulated)'),
      key: keyPath.optional(),
    })
    .prefault({}),
  infra: z
    .strictObject({
      mode: z.enum(['simulated', 'live', 'none']).default('simulated'),
      id: identifier.default('ima-sim'),
      key: keyPath.optional(),
    })
    .prefault({}),
  isv: z
    .strictObject({
      mode: z
        .enum(['reference', 'scripted', 'live'])
        .default('reference')
        .describe('reference: built-in ISV reacting to demand response; scripted: loadtarget timeline entries; live: a real ISV'),
      id: identifier.default('gridtwin-isv'),
      key: keyPath.optional(),
    })
    .prefault({}),
  trust: z
    .strictObject({ isv: jwksPath.optional(), poweragent: jwksPath.optional(), infra: jwksPath.optional() })
    .prefault({})
    .describe('JWKS trusted for events from each role; required for live roles'),
});

export const PowernautProfileSchema = z.strictObject({
  platform: z
    .enum(['reference', 'live'])
    .default('reference')
    .describe('reference: built-in flexibility platform sending the timeline\'s setpoint entries; live: a real platform (real time only)'),
  sites: z
    .union([z.literal('all'), z.array(identifier).min(1)])
    .default('all')
    .describe('sites that stream to the platform (a replicated site names all its replicas)'),
  resources: z
    .array(z.enum(['battery', 'load']))
    .default(['battery', 'load'])
    .describe('resources of each site: battery (with SoC, where the site has one), load (the AI-training load as a flexible load)'),
  site_meters: z.boolean().default(true).describe('stream each site\'s POI meter on site/{id}/data (false: resources only)'),
  interval: duration({ above: 0 }).prefault('4 s').describe('telemetry period per site and resource (the spec: every 4 seconds)'),
  qos: z.union([z.literal(1), z.literal(2)]).default(1).describe('QoS of telemetry (QoS 0 is not supported by the platform)'),
  include_time: z.boolean().default(true).describe('send the optional `time` member (recommended by the spec)'),
  stale_after: duration({ above: 0 }).prefault('1 min').describe('buffered readings older than this are dropped at the sender (stale_dropped)'),
  on_time: duration({ above: 0 }).optional().describe('a reading reached the broker on time within this of its slot (default: interval)'),
  batch_max: z.number().int().min(1).max(1000).default(15).describe('most readings in one JSON-array batch of a backlog'),
  command_latency: duration().prefault('0 s').describe('added to the next window boundary before a setpoint takes effect'),
  max_command_size: z.number().int().min(64).max(1_000_000).default(4096).describe('larger setpoint payloads (bytes) are rejected'),
  session_expiry: duration({ above: 0 }).prefault('1 h').describe('MQTT 5 session expiry of the persistent device sessions'),
  reconnect: z
    .strictObject({
      initial: duration({ above: 0 }).prefault('1 s').describe('first pause after a connection loss'),
      max: duration({ above: 0 }).prefault('30 s').describe('the pause doubles per failed attempt up to this'),
    })
    .prefault({}),
  client_id: z
    .string()
    .min(1)
    .default('gridtwin-{scenario}-{device}')
    .describe('client ID template per device: {scenario}, {site}, {device}; stable across reconnects'),
  auth: z
    .strictObject({
      mode: z
        .enum(['broker', 'edge', 'cloud'])
        .default('broker')
        .describe('broker: the broker section\'s credentials; edge: per-site credentials; cloud: one cloud-cloud credential for all'),
      username: z.string().min(1).optional().describe('edge: template with {site}; cloud: the cloud key'),
      password: z.string().min(1).optional().describe('edge: template with {site}; cloud: the cloud secret'),
    })
    .prefault({}),
});

export const OpenEnergiProfileSchema = z.strictObject({
  portfolio: z
    .enum(['reference', 'live'])
    .default('reference')
    .describe("reference: built-in portfolio manager sending the timeline's oe_signal / oe_schedule_signal entries; live: a real one (real time only)"),
  sites: z
    .union([z.literal('all'), z.array(identifier).min(1)])
    .default('all')
    .describe('sites with a gateway device (a replicated site names all its replicas)'),
  entities: z
    .array(z.enum(['meter', 'battery', 'load']))
    .default(['meter', 'battery', 'load'])
    .describe('entities of each device: meter (the POI), battery (frequency tracking, where the site has one), load (the AI-training load as a Dynamic Demand load)'),
  device_id: z
    .string()
    .min(1)
    .default('gridtwin-{scenario}-{site}')
    .describe('device ID template ({scenario}, {site}); the MQTT client ID is the device ID'),
  parsing: z.enum(['strict', 'lenient']).default('strict').describe('inbound signals: strict follows the field tables; lenient also takes the forms of the spec\'s examples (docs/spec-decisions.md O…)'),
  time_zone: z.string().min(1).default('UTC').describe('IANA zone for offset-less datetimes and week-date spans, e.g. Europe/London'),
  qos: z.union([z.literal(0), z.literal(1)]).default(1).describe('QoS of device messages (the hub does not support QoS 2)'),
  sample: duration({ above: 0 }).prefault('1 s').describe('how often the gateway reads its entities for report-on-change'),
  change: fraction().prefault(0.05).describe('a reading is sent when it changed by more than this share since the last sent value'),
  heartbeat: duration({ above: 0 }).prefault('12 h').describe('… or when this long has passed since it was last sent'),
  batch_max: z.number().int().min(1).max(1000).default(50).describe('most messages in one JSON-array batch'),
  buffer_capacity: z.number().int().min(1).optional().describe('messages the retrying client buffers per device (default: 24 h of FFR data)'),
  retry: z
    .strictObject({
      step: duration({ above: 0 }).prefault('2 s').describe('linear back-off step per consecutive failure'),
      max: duration({ above: 0 }).prefault('60 s').describe('longest back-off'),
    })
    .prefault({}),
  on_time: duration({ above: 0 }).prefault('4 s').describe('a message reached the broker on time within this of its reading'),
  max_command_size: z.number().int().min(64).max(10_000_000).default(65_536).describe('larger cloud-to-device payloads (bytes) are rejected'),
  command_latency: duration().prefault('0 s').describe('added to the next window boundary before a signal point takes effect'),
  dynamic_demand: z
    .strictObject({
      low: quantity('frequency', { above: 0 }).prefault('49.7 Hz').describe('the load defers consumption at or below this effective frequency'),
      release: quantity('frequency', { min: 0 }).prefault('0.05 Hz').describe('… and resumes once it is this far above `low` again'),
      max_duration: duration({ above: 0 }).prefault('30 min').describe('longest deferral (availability is declared for up to 30 min)'),
    })
    .prefault({}),
  auth: z
    .strictObject({
      username: z.string().min(1).optional().describe('template with {device} (default: the broker section\'s)'),
      password: z.string().min(1).optional().describe('template with {device}, e.g. a SAS token per device'),
    })
    .prefault({}),
});

const SPARKPLUG_ID = /^[^/+#\u0000]+$/;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** Hints for keys whose form is a pattern (the loader shows them with the problem). */
export const PATTERN_HINTS: Readonly<Record<string, string>> = {
  [String(SPARKPLUG_ID)]: "a Sparkplug id is one MQTT topic level: no '/', '+', '#' (e.g. gridtwin)",
  [String(HEX_KEY)]: 'a 256-bit key as 64 hex digits, e.g. the output of `openssl rand -hex 32`',
};

const rate = (table1: string, what: string) =>
  z
    .union([z.literal('off'), duration({ above: 0 })])
    .prefault(table1)
    .describe(`${what}: how often it is published (WDPC Table 1: ${table1}), or off`);

export const WdpcProfileSchema = z.strictObject({
  sites: z
    .union([z.literal('all'), z.array(identifier).min(1)])
    .default('all')
    .describe('sites published on the bus, one Sparkplug edge node each (a replicated site names all its replicas)'),
  group: z
    .string()
    .regex(SPARKPLUG_ID, "not a Sparkplug group_id: it contains '/', '+', '#' or NUL")
    .default('gridtwin')
    .describe('Sparkplug group_id of the edge nodes'),
  nodes_per_rack: z.number().int().min(1).max(1000).default(8).describe('compute nodes per rack in the facility → rack → node → GPU hierarchy'),
  rates: z
    .strictObject({
      node_power: rate('100 ms', 'node power (a ComponentDataStream per compute node)'),
      components: rate('100 ms', 'component metrics (a ComponentDataStream per GPU)'),
      thermal: rate('1 s', 'thermal (ThermalSystemData of the cooling loop)'),
      infrastructure: rate('1 s', 'infrastructure status and facility power (InfrastructureStatus, PowerSystemData)'),
      grid: rate('15 min', 'grid / external data (GridOperatorData)'),
      workload: rate('1 s', 'workload data with intent signals (WorkloadDataPublication)'),
    })
    .prefault({}),
  intent: z
    .strictObject({
      lead: duration({ above: 0 }).prefault('30 min').describe('the job announces each planned transition this long before it'),
    })
    .prefault({}),
  consumer: z
    .enum(['intent', 'reactive', 'none', 'live'])
    .default('intent')
    .describe('intent: built-in consumer pre-positions each battery from the intent signals; reactive: it subscribes but leaves the battery to react; none: no consumer; live: a real one sends the NCMDs (real time)'),
  key_id: z.string().min(1).max(64).default('gridtwin-test').describe('HMAC key id in every envelope'),
  key: z
    .string()
    .regex(HEX_KEY, 'must be 64 hex digits')
    .optional()
    .describe('HMAC-SHA256 key, 64 hex digits (default: derived from the seed; fine for tests, not a secret)'),
  freshness: duration({ above: 0 }).prefault('5 s').describe('envelopes older or newer than this at receipt are stale (WDPC-SEC-005)'),
  command_latency: duration().prefault('0 s').describe('added to the next window boundary before an NCMD takes effect'),
  nats: z
    .strictObject({
      url: z.string().min(1).optional().describe('nats:// URL of a JetStream server (default: a private nats-server on a free loopback port)'),
      storage: z.enum(['memory', 'file']).default('memory').describe('JetStream storage of the WDPC streams'),
    })
    .optional()
    .describe('also publish every sealed envelope into NATS JetStream, one stream per family, hierarchy subjects'),
});

export const ProfilesSchema = z
  .strictObject({
    'dsx-pm': DsxProfileSchema.optional(),
    powernaut: PowernautProfileSchema.optional().describe('Powernaut MQTT 5 streaming: sites and resources stream to a flexibility platform and follow its setpoints'),
    openenergi: OpenEnergiProfileSchema.optional().describe('Open Energi (IoT-Hub-style MQTT 3.1.1): site gateways report readings, events and schedules and follow portfolio-management signals'),
    wdpc: WdpcProfileSchema.optional().describe('WDPC data bus: the facility → rack → node → GPU hierarchy from the physics over Sparkplug B (and NATS JetStream), sealed protobuf envelopes, intent signals, a consumer pre-positioning the battery'),
  })
  .describe('protocol profiles');

export type DsxProfileConfig = z.output<typeof DsxProfileSchema>;
export type PowernautProfileConfig = z.output<typeof PowernautProfileSchema>;
export type OpenEnergiProfileConfig = z.output<typeof OpenEnergiProfileSchema>;
export type WdpcProfileConfig = z.output<typeof WdpcProfileSchema>;
