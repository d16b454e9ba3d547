// The scenario schema, defined once (DESIGN.md rule 4): the TypeScript type (`Scenario`), the
// runtime validator (`ScenarioSchema`) and the JSON Schema for editors (`gridtwin schema`) all
// come from these zod definitions. Unknown keys are errors everywhere.
import { z } from 'zod';
import { duration, identifier, quantity } from './fields.ts';
import { SiteSchema } from './site-schema.ts';
import { TimelineEntrySchema } from './timeline-schema.ts';
import { ProfilesSchema } from './profile-schema.ts';
import { GridSchema } from './grid-schema.ts';

export const RunSchema = z.strictObject({
  duration: duration({ above: 0 }).describe('simulated time the run covers'),
  window: duration({ above: 0 })
    .prefault('1 s')
    .describe('kernel window Δ: models step between window boundaries, messages flush at them'),
  seed: z.union([z.number().int(), z.string().min(1)]).default(1).describe('root seed (overridden by --seed)'),
  mode: z.enum(['fast', 'realtime']).default('fast').describe('fast: as fast as the CPU allows; realtime: paced'),
  start: z.iso
    .datetime({ offset: true })
    .default('2026-01-01T00:00:00Z')
    .describe('wall-clock instant that simulation time 0 maps to in fast runs'),
  workers: z.number().int().min(0).max(64).optional().describe('model worker threads (0: main thread)'),
  timeseries: z
    .strictObject({
      interval: duration({ above: 0 }).optional().describe('one row per this much simulated time (default: every window)'),
      sites: z
        .union([z.enum(['all', 'none']), z.array(identifier)])
        .default('all')
        .describe('sites with their own columns; the fleet totals are always written'),
    })
    .prefault({})
    .describe('what timeseries.csv holds: large fleets and long runs want fewer rows and columns'),
});

export const BrokerSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^mqtts?:\/\/[^/\s]+$/, { error: 'use mqtt://host:port or mqtts://host:port' })
      .optional()
      .describe('external broker (absent: the embedded broker)'),
    username: z.string().optional(),
    password: z.string().optional(),
    ca: z.string().optional().describe('PEM file of the CA for mqtts:// (relative to the scenario)'),
    cert: z.string().optional().describe('client certificate PEM for mTLS'),
    key: z.string().optional().describe('client key PEM for mTLS'),
    embedded_port: z.number().int().min(0).max(65535).default(0).describe('port of the embedded broker (0: any free port)'),
  })
  .describe('where the protocol traffic goes');

export const ScenarioSchema = z.strictObject({
  name: z.string().min(1).optional().describe('default: the file name without extension'),
  description: z.string().optional(),
  run: RunSchema,
  broker: BrokerSchema.prefault({}),
  grid: GridSchema.prefault({}),
  sites: z.record(identifier, SiteSchema).default({}).describe('sites by identifier'),
  timeline: z.array(TimelineEntrySchema).default([]),
  profiles: ProfilesSchema.prefault({}),
  thresholds: z
    .array(z.string())
    .default([])
    .describe("pass/fail conditions, e.g. 'dr_response_latency_p99 < 5 s', 'conformance_failures == 0'"),
  sweep: z
    .strictObject({
      params: z
        .record(z.string(), z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number(), z.boolean()])).min(1)]))
        .describe("swept scenario paths and their values: a list ('0,50,100 MWh' or [0 MWh, 50 MWh]) or a range ('120..220:5 GVAs')"),
      seeds: z.number().int().min(1).max(10_000).default(1).describe('seeds per point (seed k is the same at every point)'),
    })
    .optional()
    .describe('what `gridtwin sweep` varies when no --param is given; `gridtwin run` ignores it'),
});

/** A validated scenario: all quantities in SI, all durations in integer microseconds. */
export type Scenario = z.output<typeof ScenarioSchema>;
/** The scenario as written in YAML. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** JSON Schema (draft 2020-12) of the YAML form, for editors and `gridtwin schema`. */
export function scenarioJsonSchema(): object {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $id: 'https://gridtwin.dev/schema/scenario.json', title: 'gridtwin scenario', ...schema };
}
