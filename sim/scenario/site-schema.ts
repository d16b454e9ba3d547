// Scenario schema: a site — an AI-training load, an optional battery and the POI meter that sums
// them. The minimal models of the engine-core issue; richer physics extends these blocks.
import { z } from 'zod';
import { duration, fraction, identifier, quantity } from './fields.ts';

export const AiLoadSchema = z
  .strictObject({
    rated_power: quantity('power', { above: 0 }).describe('GPU power of the site with every GPU in its compute phase'),
    gpus: z.number().int().min(1).max(10_000_000).optional().describe('GPUs in the job (default: rated_power / 1 kW)'),
    tdp: quantity('power', { above: 0 }).optional().describe('thermal design power per GPU (default: rated_power / gpus)'),
    idle_fraction: fraction().prefault(0.2).describe('idle GPU power as a share of TDP (idle/TDP)'),
    comm_fraction: fraction().optional().describe('communication-phase power as a share of TDP (default: idle_fraction)'),
    overhead: quantity('power').prefault('0 W').describe('non-GPU IT power (CPUs, network, storage), constant'),
    period: duration({ above: 0 }).prefault('2 s').describe('training iteration period (square-wave period)'),
    duty: fraction().prefault(0.8).describe('share of each iteration spent computing'),
    edge_time: duration().prefault('10 ms').describe('rise and fall time of the square-wave edges'),
    checkpoints: z
      .strictObject({
        interval: duration({ above: 0 }),
        duration: duration({ above: 0 }),
        depth: fraction().prefault(1).describe('share of (compute − idle) the power drops by'),
      })
      .optional()
      .describe('periodic checkpoint dips'),
    failures: z
      .strictObject({
        mtbf: duration({ above: 0 }).describe('mean time between job failures (seeded draws)'),
        recovery: duration().prefault('10 min').describe('time from a failure to the restart'),
      })
      .optional(),
    power_floor: fraction().prefault(0).describe('GPU minimum power floor as a share of TDP; smooths the square wave'),
    ramp_up: quantity('powerRate', { above: 0 }).optional().describe('fastest rise of the site GPU power (absent: unlimited)'),
    ramp_down: quantity('powerRate', { above: 0 }).optional().describe('fastest fall of the site GPU power (absent: unlimited)'),
    ramp_down_hysteresis: duration().prefault('0 s').describe('hold after the target drops before ramping down'),
    dummy_work: z
      .strictObject({
        level: fraction().describe('fill the low phase with dummy work up to this share of TDP'),
        slowdown: fraction().prefault(0.05).describe('throughput lost while dummy work runs'),
      })
      .optional(),
    rack_storage: z
      .strictObject({
        energy: quantity('energy', { above: 0 }),
        power: quantity('power', { above: 0 }),
        efficiency: fraction().prefault(0.95).describe('one-way efficiency'),
        time_constant: duration({ above: 0 }).prefault('10 s').describe('of the rack input reference'),
      })
      .optional()
      .describe('energy buffers in the racks that absorb the swing'),
    step: duration({ above: 0 }).prefault('10 ms').describe('internal integration step inside each window (at most 100 ms)'),
    running: z.boolean().default(true).describe('whether the training job runs at the start'),
    nodes: z.number().int().min(1).max(100000).default(64).describe('GPU nodes sharing the load (names the resources in shed hints)'),
  })
  .describe('AI-training load: iteration-synchronous square wave with checkpoints, failures and mitigations');

const FrequencyResponse = z
  .strictObject({
    preset: z.enum(['dynamic_containment_low', 'dynamic_containment_high', 'ercot_ffr', 'fcr']).optional(),
    capacity: quantity('power', { above: 0 }).describe('contracted power'),
    curve: z
      .array(z.tuple([quantity('frequency', { min: -Infinity }), fraction(-1, 1)]))
      .min(1)
      .max(8)
      .optional()
      .describe('[Δf, share] points (+ discharge); overrides the preset'),
    deadband: quantity('frequency').optional(),
    detection_lag: duration().optional(),
    ramp_time: duration({ above: 0 }).optional().describe('time from zero to full response'),
    hold: duration().optional(),
  })
  .describe('frequency response on top of the base mode (the contracted power is reserved for it)');

export const BatterySchema = z
  .strictObject({
    energy: quantity('energy', { above: 0 }).describe('usable energy capacity'),
    power: quantity('power', { above: 0 }).describe('discharge power limit'),
    charge_power: quantity('power', { above: 0 }).optional().describe('charge power limit (default: power)'),
    c_rate: z.number().positive().optional().describe('C-rate limit per hour, e.g. 1 (|P| ≤ C·energy/1 h)'),
    charge_efficiency: fraction().prefault(0.95),
    discharge_efficiency: fraction().prefault(0.95),
    self_discharge: fraction().prefault(0).describe('share of the stored energy lost per day'),
    soc_initial: fraction().prefault(0.5),
    soc_min: fraction().prefault(0.1),
    soc_max: fraction().prefault(0.9),
    inverter_lag: duration().prefault('50 ms').describe('first-order time constant of the inverter'),
    mode: z
      .enum(['idle', 'setpoint', 'peak_shave'])
      .default('peak_shave')
      .describe('peak_shave: hold the POI at or below poi_ceiling and/or limit its ramp; setpoint: follow `setpoint`'),
    poi_ceiling: quantity('power').optional().describe('POI level the battery defends in peak_shave mode'),
    poi_ramp: quantity('powerRate', { above: 0 }).optional().describe('largest rate of change of the POI the battery allows'),
    recharge_power: quantity('power').optional().describe('power used to restore soc_target (default: 10 % of power)'),
    soc_target: fraction().optional().describe('state of charge restored when the POI allows it (default: soc_max)'),
    setpoint: quantity('power', { min: -Infinity }).optional().describe('setpoint mode: + discharge, − charge'),
    frequency_response: FrequencyResponse.optional(),
  })
  .describe('battery: energy reservoir with efficiencies, limits, inverter lag; peak shaving, ramp limiting, frequency response');

export const CoolingSchema = z
  .strictObject({
    design_heat: quantity('power', { above: 0 }).optional().describe('heat the loop is sized for (default: rated GPU power + overhead)'),
    facility_supply: quantity('temperature').prefault('26.8 degC').describe('facility water supply temperature at the CDU'),
    coolant: z.enum(['pg25', 'water']).default('pg25').describe('IT-loop coolant'),
    liquid_share: fraction().prefault(1).describe('share of IT heat the liquid loop captures (the rest is air-cooled)'),
    heat_reuse: quantity('power').prefault('0 W').describe('heat a reuse consumer can take'),
    step: duration({ above: 0 }).prefault('1 s').describe('internal step of the loop (at most 1 s)'),
  })
  .describe('liquid cooling: cold plates, CDU (ε-NTU), pipes with transport delay, facility water, heat rejection');

export const PoiSchema = z
  .strictObject({
    ramp_limit: quantity('powerRate', { above: 0 }).describe("the utility's limit on how fast the POI load may fall"),
    burner: quantity('power').optional().describe('load burner power that enforces it (absent: unlimited)'),
  })
  .describe('point of interconnection: a ramp-down limit enforced by a load burner');

export const ProtectionSchema = z
  .strictObject({
    dips_to_transfer: z.number().int().min(1).max(8).default(3),
    window: duration({ above: 0 }).prefault('60 s').describe('the dips must fall within this window'),
    dip_threshold: fraction().prefault(0.7).describe('voltage (pu) below which a disturbance starts'),
    recover_threshold: fraction(0, 1.2).prefault(0.9).describe('voltage (pu) at which it ends'),
    min_dip: duration().prefault('0 s').describe('a disturbance counts once it lasts this long'),
    reconnect_time: duration({ above: 0 }).prefault('10 min').describe('time to ramp the load back after the operator reconnects'),
  })
  .describe('voltage-sensitive protection: N dips within a window transfer the site to backup until an operator reconnects it');

export const SiteSchema = z.strictObject({
  replicas: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1)
    .describe('identical copies of this site, named <id>-1 … <id>-N (a fleet); each draws its own seeded failures'),
  feeds: z
    .array(identifier)
    .min(1)
    .default(['main'])
    .describe('feed tags of the site; load divides evenly across them'),
  auxiliary_load: quantity('power').prefault('0 W').describe('constant non-IT load (cooling, auxiliaries)'),
  ai_load: AiLoadSchema,
  cooling: CoolingSchema.optional(),
  battery: BatterySchema.optional(),
  poi: PoiSchema.optional(),
  protection: ProtectionSchema.optional(),
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
export type CoolingConfig = z.output<typeof CoolingSchema>;

export const siteId = identifier;
