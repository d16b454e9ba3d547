// Scenario schema: protocol profiles and their roles. A role is either played by gridtwin
// (simulated / reference / scripted) or `live`: a real system on the broker, under test.
import { z } from 'zod';
import { duration, fraction, identifier } from './fields.ts';

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

export const ProfilesSchema = z
  .strictObject({
    'dsx-pm': DsxProfileSchema.optional(),
  })
  .describe('protocol profiles; powernaut, openenergi and wdpc are planned');

export type DsxProfileConfig = z.output<typeof DsxProfileSchema>;
