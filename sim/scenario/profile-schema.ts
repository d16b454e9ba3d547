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

export const ProfilesSchema = z
  .strictObject({
    'dsx-pm': DsxProfileSchema.optional(),
    powernaut: PowernautProfileSchema.optional().describe('Powernaut MQTT 5 streaming: sites and resources stream to a flexibility platform and follow its setpoints'),
    openenergi: OpenEnergiProfileSchema.optional().describe('Open Energi (IoT-Hub-style MQTT 3.1.1): site gateways report readings, events and schedules and follow portfolio-management signals'),
  })
  .describe('protocol profiles; wdpc is planned');

export type DsxProfileConfig = z.output<typeof DsxProfileSchema>;
export type PowernautProfileConfig = z.output<typeof PowernautProfileSchema>;
export type OpenEnergiProfileConfig = z.output<typeof OpenEnergiProfileSchema>;
