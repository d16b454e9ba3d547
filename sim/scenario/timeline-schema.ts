// Scenario schema: the timeline — what happens when. Each entry has a time `at` (from the start of
// the run) and a `type`; the grid-operator entries are published on gridtwin's grid feed, the
// physical ones act on the models, `loadtarget` entries are sent by gridtwin's scripted ISV,
// `setpoint` entries by the Powernaut reference flexibility platform, `oe_signal` and
// `oe_schedule_signal` entries by the Open Energi reference portfolio manager.
import { z } from 'zod';
import { duration, fraction, identifier, quantity } from './fields.ts';

const common = {
  at: duration().describe('time from the start of the run'),
  id: identifier.optional().describe('name used in reports (default: <type>-<n>)'),
};

const DemandResponse = z.strictObject({
  ...common,
  type: z.literal('demand_response'),
  site: identifier,
  reduction: quantity('power', { above: 0 }).describe('load reduction requested, from the load at request time'),
  duration: duration({ above: 0 }).describe('how long the reduction must hold'),
  deadline: duration().prefault('60 s').describe('time after the request by which the reduction must be in place'),
});

const JobStop = z.strictObject({ ...common, type: z.literal('job_stop'), site: identifier });
const JobStart = z.strictObject({ ...common, type: z.literal('job_start'), site: identifier });

const Fault = z.strictObject({
  ...common,
  type: z.literal('fault'),
  site: identifier,
  kind: z.enum(['cap_ignored']).describe('cap_ignored: part of the IT load ignores GPU power caps'),
  fraction: fraction().describe('share of the IT load affected'),
  duration: duration({ above: 0 }).optional().describe('absent: until the end of the run or enforcement'),
});

const Frequency = z.strictObject({
  ...common,
  type: z.literal('frequency'),
  value: quantity('frequency', { above: 0 }).describe('grid frequency published on the grid feed'),
});

const Price = z.strictObject({
  ...common,
  type: z.literal('price'),
  value: z.number().describe('price per MWh'),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'use an ISO 4217 code such as EUR or USD' }),
});

const LoadTarget = z.strictObject({
  ...common,
  type: z.literal('loadtarget'),
  feed_tags: z.array(identifier).optional().describe('absent or empty: all feeds'),
  constraint: z
    .union([quantity('power', { above: 0 }), z.null()])
    .describe("power limit, or null to remove the active constraint"),
  start: duration().optional().describe('delay from `at` to the interval start (absent: start_time omitted, i.e. now)'),
  length: duration({ above: 0 }).optional().describe('interval length (absent: end_time omitted, until replaced)'),
  best_effort: z.boolean().default(false),
});

const Setpoint = z.strictObject({
  ...common,
  type: z.literal('setpoint'),
  resource: identifier.describe('Powernaut resource id, e.g. dc1-battery or dc1-load (sent by the reference flexibility platform)'),
  value: z
    .union([quantity('power', { min: -Infinity }), z.null()])
    .describe('power the resource should have, consumption positive (W, sent as an integer); null cancels: back to baseline'),
  start: duration().prefault('0 s').describe('delay from `at` to timing.start'),
  length: duration({ above: 0 }).describe('timing.end − timing.start'),
});

/** Which Open Energi entities a portfolio-manager entry targets (sent to each owning device). */
const oeTargets = {
  sites: z.union([z.literal('all'), z.array(identifier).min(1)]).default('all').describe('sites whose devices receive it'),
  assets: z.array(z.enum(['battery', 'load'])).min(1).default(['battery', 'load']).describe('entities targeted on each site'),
};
const oeVariables = {
  'oe-add': z.number().optional().describe('added (halved) to the effective frequency, Hz'),
  'oe-multiply-high': z.number().optional().describe('multiplies the deviation above 50 Hz'),
  'oe-multiply-low': z.number().optional().describe('multiplies the deviation below 50 Hz'),
};
const OeSignal = z.strictObject({
  ...common,
  type: z.literal('oe_signal'),
  ...oeTargets,
  signal_type: z.string().min(1).max(64).default('oe-vars').describe('the message\'s `type` (name of the group of variables)'),
  points: z
    .array(z.strictObject({ start: duration().describe('delay from `at` to the point\'s start_at'), ...oeVariables }))
    .min(1)
    .describe('signal points in time order; the last should leave the entities safe (oe-add 0, multipliers 1)'),
});
const OeScheduleSignal = z.strictObject({
  ...common,
  type: z.literal('oe_schedule_signal'),
  ...oeTargets,
  variable: z.enum(['oe-add', 'oe-multiply-high', 'oe-multiply-low']),
  schedule: z
    .array(
      z.strictObject({
        span: z.string().min(1).nullable().default(null).describe('ISO 8601 interval, e.g. 2026-W48-1T16:00:00/PT2H (null: the default)'),
        repeat: z.string().min(1).nullable().default(null).describe('ISO 8601 duration between repeats, e.g. P1W (null: once)'),
        value: z.number(),
      }),
    )
    .min(1)
    .describe('intervals; the first that matches wins'),
});

const GridEvent = (type: 'generation_loss' | 'load_loss') =>
  z.strictObject({
    ...common,
    type: z.literal(type),
    power: quantity('power', { above: 0 }).describe(type === 'generation_loss' ? 'generation that trips' : 'demand that disconnects'),
    inertia: quantity('energy').optional().describe('kinetic energy that leaves with tripped synchronous units'),
  });
const VoltageDip = z.strictObject({
  ...common,
  type: z.literal('voltage_dip'),
  site: identifier,
  voltage: fraction(0, 1.2).describe('voltage during the dip, per unit (e.g. 0.3)'),
  duration: duration({ above: 0 }).describe('how long the dip lasts, e.g. 50 ms'),
});
const Reconnect = z.strictObject({
  ...common,
  type: z.literal('reconnect'),
  site: identifier.describe('an operator orders the site back onto the grid after a transfer to backup'),
});
const GenerationLoss = GridEvent('generation_loss');
const LoadLoss = GridEvent('load_loss');

export const TimelineEntrySchema = z.discriminatedUnion('type', [
  DemandResponse,
  JobStop,
  JobStart,
  Fault,
  Frequency,
  Price,
  LoadTarget,
  Setpoint,
  OeSignal,
  OeScheduleSignal,
  GenerationLoss,
  LoadLoss,
  VoltageDip,
  Reconnect,
]);

export type TimelineEntry = z.output<typeof TimelineEntrySchema>;
export type DemandResponseEntry = z.output<typeof DemandResponse>;
export type FaultEntry = z.output<typeof Fault>;
export type LoadTargetEntry = z.output<typeof LoadTarget>;
export type SetpointEntry = z.output<typeof Setpoint>;
export type OeSignalEntry = z.output<typeof OeSignal>;
export type OeScheduleSignalEntry = z.output<typeof OeScheduleSignal>;
export type GridEventEntry = z.output<typeof GenerationLoss> | z.output<typeof LoadLoss>;
