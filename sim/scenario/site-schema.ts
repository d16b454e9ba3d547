// Scenario schema: a site — an AI-training load, an optional battery and the POI meter that sums
// them. The minimal models of the engine-core issue; richer physics extends these blocks.
import { z } from 'zod';
import { duration, fraction, identifier, quantity } from './fields.ts';

export const AiLoadSchema = z
  .strictObject({
    rated_power: quantity('power', { above: 0 }).describe('IT power with every GPU in its compute phase'),
    idle_fraction: fraction()
      .prefault(0.2)
      .describe('power in the communication phase as a share of rated power (idle/TDP)'),
    period: duration({ above: 0 }).prefault('2 s').describe('training iteration period (square-wave period)'),
    duty: fraction().prefault(0.8).describe('share of each iteration spent computing'),
    power_floor: fraction()
      .prefault(0)
      .describe('GPU minimum power floor as a share of rated power; smooths the square wave'),
    ramp_up: quantity('powerRate', { above: 0 }).optional().describe('fastest rise of IT power (absent: unlimited)'),
    ramp_down: quantity('powerRate', { above: 0 }).optional().describe('fastest fall of IT power (absent: unlimited)'),
    step: duration({ above: 0 }).prefault('10 ms').describe('internal integration step inside each window'),
    running: z.boolean().default(true).describe('whether the training job runs at the start'),
    nodes: z.number().int().min(1).max(100000).default(64).describe('GPU nodes sharing the load (names the resources in shed hints)'),
  })
  .describe('AI-training load: iteration-synchronous square wave with a power floor and ramp limits');

export const BatterySchema = z
  .strictObject({
    energy: quantity('energy', { above: 0 }).describe('usable energy capacity'),
    power: quantity('power', { above: 0 }).describe('charge and discharge power limit'),
    charge_efficiency: fraction().prefault(0.95),
    discharge_efficiency: fraction().prefault(0.95),
    soc_initial: fraction().prefault(0.5),
    soc_min: fraction().prefault(0.1),
    soc_max: fraction().prefault(0.9),
    mode: z
      .enum(['idle', 'peak_shave'])
      .default('peak_shave')
      .describe('peak_shave: discharge to keep the POI at or below poi_ceiling, recharge below it'),
    poi_ceiling: quantity('power').optional().describe('POI level the battery defends in peak_shave mode'),
    recharge_power: quantity('power').optional().describe('charging power used below the ceiling (default: 10 % of power)'),
  })
  .describe('battery: energy reservoir with efficiencies, power and state-of-charge limits');

export const SiteSchema = z.strictObject({
  feeds: z
    .array(identifier)
    .min(1)
    .default(['main'])
    .describe('feed tags of the site; load divides evenly across them'),
  auxiliary_load: quantity('power').prefault('0 W').describe('constant non-IT load (cooling, auxiliaries)'),
  ai_load: AiLoadSchema,
  battery: BatterySchema.optional(),
  limits: z
    .strictObject({
      power_minimum: quantity('power'),
      power_maximum: quantity('power', { above: 0 }),
    })
    .optional()
    .describe('feed metadata reported by the power agent (defaults: idle load and rated + auxiliary load)'),
});

export type AiLoadConfig = z.output<typeof AiLoadSchema>;
export type BatteryConfig = z.output<typeof BatterySchema>;
export type SiteConfig = z.output<typeof SiteSchema>;

export const siteId = identifier;
