// Scenario schema: the grid — its nominal frequency and, optionally, the frequency model (single-bus
// swing equation, governors, response services, frequency-triggered trips such as LFDD). Units in,
// SI out; `toGridParams` turns the validated block into the model's parameter object.
import { z } from 'zod';
import { duration, fraction, identifier, quantity } from './fields.ts';
import type { FrequencyTripParams, GovernorParams, GridParams, ResponseServiceParams } from '../../models/grid-params.ts';
import {
  dynamicContainmentHigh,
  dynamicContainmentLow,
  ercotFastFrequencyResponse,
  frequencyContainmentReserve,
  type CurvePoint,
} from '../../models/response-curves.ts';
import { GB_LFDD_STAGES, lfddBlocks } from '../../models/lfdd.ts';

const deviation = quantity('frequency', { min: -Infinity }).describe('frequency deviation Δf, e.g. -0.5 Hz');
const share = fraction(-1, 1);

const Governor = z.strictObject({
  id: identifier,
  kind: z.enum(['droop', 'reheat']).default('droop'),
  rating: quantity('power', { above: 0 }).describe('S_g: the power the droop is based on'),
  droop: fraction().describe('R, e.g. 5%'),
  gain: z.number().positive().optional().describe('Km (reheat), default 1'),
  time_constant: duration().optional().describe('T_g (droop), default 0'),
  hp_fraction: fraction().optional().describe('F_H (reheat)'),
  reheat_time: duration().optional().describe('T_R (reheat)'),
  headroom: quantity('power').optional(),
  footroom: quantity('power').optional(),
  deadband: quantity('frequency').optional(),
});

const Service = z.strictObject({
  id: identifier,
  capacity: quantity('power', { above: 0 }),
  preset: z
    .enum(['dynamic_containment_low', 'dynamic_containment_high', 'ercot_ffr', 'fcr'])
    .optional()
    .describe('published service terms; the keys below override them'),
  curve: z
    .array(z.tuple([deviation, share]))
    .min(1)
    .optional()
    .describe('[Δf, share of capacity] points, Δf non-decreasing, e.g. [[-0.5 Hz, 100%], [-0.015 Hz, 0%]]'),
  deadband: quantity('frequency').optional(),
  detection_lag: duration().optional(),
  ramp_time: duration({ above: 0 }).optional().describe('time from zero to full output (the ramp limit)'),
  delivered: fraction().optional().describe('share of the capacity actually delivered'),
  hold: duration().optional().describe('once triggered, hold the largest response this long'),
});

const Trip = z.strictObject({
  id: identifier,
  threshold: quantity('frequency', { above: 0 }),
  delay: duration().prefault('0 s'),
  direction: z.enum(['under', 'over']).default('under'),
  effect: z.enum(['shed_load', 'lose_generation']).default('shed_load'),
  share: fraction().optional().describe('share of the initial demand'),
  power: quantity('power').optional(),
});

export const GridModelSchema = z.strictObject({
  demand: quantity('power').describe('frequency-sensitive system demand at t = 0'),
  inertia: quantity('energy', { above: 0 }).describe('E_k = Σ H·S, e.g. 210 GVAs'),
  damping: fraction(0, 0.2).describe('load damping as a share of demand per Hz, e.g. 1.75%'),
  swing: z.enum(['energy', 'linear']).default('energy'),
  step: duration({ above: 0 }).prefault('10 ms').describe('internal step, at most 20 ms'),
  below_threshold: quantity('frequency', { above: 0 }).optional().describe('"time below" is reported against this'),
  governors: z.array(Governor).default([]),
  services: z.array(Service).default([]),
  lfdd: z
    .strictObject({ preset: z.enum(['gb_england_wales']), relay_delay: duration().prefault('0.2 s') })
    .optional()
    .describe('low-frequency demand disconnection from a published table'),
  trips: z.array(Trip).default([]).describe('other frequency-triggered trips (load or generation)'),
});

export const GridSchema = z.strictObject({
  nominal_frequency: quantity('frequency', { above: 0 }).prefault('50 Hz'),
  model: GridModelSchema.optional().describe('the grid frequency model; absent: frequency is not simulated'),
});

export type GridConfig = z.output<typeof GridSchema>;
export type GridModelConfig = z.output<typeof GridModelSchema>;

function service(s: GridModelConfig['services'][number], f0: number): ResponseServiceParams {
  const base: ResponseServiceParams = (() => {
    switch (s.preset) {
      case 'dynamic_containment_low':
        return dynamicContainmentLow(s.id, s.capacity, f0);
      case 'dynamic_containment_high':
        return dynamicContainmentHigh(s.id, s.capacity, f0);
      case 'ercot_ffr':
        return ercotFastFrequencyResponse(s.id, s.capacity, f0);
      case 'fcr':
        return frequencyContainmentReserve(s.id, s.capacity);
      default:
        return { id: s.id, capacity: s.capacity, curve: [] };
    }
  })();
  return {
    ...base,
    ...(s.curve ? { curve: s.curve as CurvePoint[] } : {}),
    ...(s.deadband !== undefined ? { deadband: s.deadband } : {}),
    ...(s.detection_lag !== undefined ? { detectionLag: s.detection_lag / 1e6 } : {}),
    ...(s.ramp_time !== undefined ? { ramp: 1e6 / s.ramp_time } : {}),
    ...(s.delivered !== undefined ? { deliveredShare: s.delivered } : {}),
    ...(s.hold !== undefined ? { hold: s.hold / 1e6 } : {}),
  };
}

function governor(g: GridModelConfig['governors'][number]): GovernorParams {
  return {
    id: g.id,
    kind: g.kind,
    rating: g.rating,
    droop: g.droop,
    ...(g.gain !== undefined ? { gain: g.gain } : {}),
    ...(g.time_constant !== undefined ? { timeConstant: g.time_constant / 1e6 } : {}),
    ...(g.hp_fraction !== undefined ? { hpFraction: g.hp_fraction } : {}),
    ...(g.reheat_time !== undefined ? { reheatTime: g.reheat_time / 1e6 } : {}),
    ...(g.headroom !== undefined ? { headroom: g.headroom } : {}),
    ...(g.footroom !== undefined ? { footroom: g.footroom } : {}),
    ...(g.deadband !== undefined ? { deadband: g.deadband } : {}),
  };
}

/** The model's parameter object for a validated grid block (SI; durations from µs to s). */
export function toGridParams(grid: GridConfig): GridParams | undefined {
  const m = grid.model;
  if (!m) return undefined;
  const f0 = grid.nominal_frequency;
  const trips: FrequencyTripParams[] = [
    ...(m.lfdd ? lfddBlocks(GB_LFDD_STAGES, m.lfdd.relay_delay / 1e6) : []),
    ...m.trips.map((t) => ({
      id: t.id,
      threshold: t.threshold,
      delay: t.delay / 1e6,
      direction: t.direction,
      effect: t.effect === 'lose_generation' ? ('lose-generation' as const) : ('shed-load' as const),
      ...(t.share !== undefined ? { share: t.share } : {}),
      ...(t.power !== undefined ? { power: t.power } : {}),
    })),
  ];
  return {
    f0,
    demand: m.demand,
    kineticEnergy: m.inertia,
    damping: m.damping,
    swing: m.swing,
    governors: m.governors.map(governor),
    services: m.services.map((s) => service(s, f0)),
    trips,
    ...(m.below_threshold !== undefined ? { belowThreshold: m.below_threshold } : {}),
    rocofWindow: 2,
  };
}
