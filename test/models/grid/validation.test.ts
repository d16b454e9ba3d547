// Parameter validation of the grid model (models/grid-params.ts validateGridParams): physically
// bad values and a step too coarse come back as problems {field, message, hint} for the loader.
import { describe, expect, it } from 'vitest';
import { GRID_MAX_STEP_S, GridFrequency, validateGridParams, type GridParams } from '../../../models/grid-frequency.ts';
import { gb20190809Grid } from '../../../models/grid-gb-2019.ts';
import { dynamicContainmentLow, ercotFastFrequencyResponse, frequencyContainmentReserve } from '../../../models/response-curves.ts';

const good: GridParams = { f0: 50, demand: 29e9, kineticEnergy: 210e9, damping: 0.0175 };
const fields = (p: GridParams, dt?: number) => validateGridParams(p, dt).map((x) => x.field);

describe('validateGridParams', () => {
  it('accepts the published services and the GB 2019 grid at a 10 ms step', () => {
    const services = [dynamicContainmentLow('dc', 50e6), frequencyContainmentReserve('fcr', 3e9), ercotFastFrequencyResponse('ffr', 1e8)];
    expect(validateGridParams({ ...good, services }, 0.01)).toEqual([]);
    expect(validateGridParams(gb20190809Grid().params, 0.01)).toEqual([]);
  });

  it('rejects negative or zero inertia, with a hint in SI', () => {
    const [p] = validateGridParams({ ...good, kineticEnergy: -1 });
    expect(p.field).toBe('kinetic_energy');
    expect(p.message).toMatch(/inertia/);
    expect(p.hint).toMatch(/210e9 J/);
    expect(fields({ ...good, kineticEnergy: 0 })).toEqual(['kinetic_energy']);
  });

  it('rejects a step coarser than the model allows (and a non-positive one)', () => {
    expect(fields(good, 0.05)).toEqual(['step']);
    expect(validateGridParams(good, 0.05)[0].message).toMatch(/too coarse.*max 20 ms/);
    expect(fields(good, 0)).toEqual(['step']);
    expect(fields(good, GRID_MAX_STEP_S)).toEqual([]);
  });

  it('rejects bad frequency, demand and damping', () => {
    expect(fields({ ...good, f0: 0, demand: -5, damping: -0.01 })).toEqual(['f0', 'demand', 'damping']);
    expect(fields({ ...good, damping: 0.5 })).toEqual(['damping']); // 50 %/Hz: a unit slip (%/Hz given as /Hz)
  });

  it('rejects governors with a non-positive droop, F_H outside 0–1 or a lag shorter than the step', () => {
    const gov = { id: 'g', kind: 'reheat' as const, rating: 1e9, droop: 0.05, hpFraction: 0.3, reheatTime: 8 };
    expect(fields({ ...good, governors: [gov] }, 0.01)).toEqual([]);
    expect(fields({ ...good, governors: [{ ...gov, droop: 0 }] })).toEqual(['governors[0].droop']);
    expect(fields({ ...good, governors: [{ ...gov, hpFraction: 1.3 }] })).toEqual(['governors[0].hp_fraction']);
    expect(fields({ ...good, governors: [{ ...gov, reheatTime: 0.005 }] }, 0.01)).toEqual(['governors[0].reheat_time']);
    expect(fields({ ...good, governors: [{ ...gov, headroom: -1 }] })).toEqual(['governors[0].headroom']);
  });

  it('rejects services with reversed curves, shares above 100 % or impossible lags', () => {
    const dc = dynamicContainmentLow('dc', 50e6);
    expect(fields({ ...good, services: [{ ...dc, curve: [...dc.curve].reverse() }] })).toContain('services[0].curve[1]');
    expect(fields({ ...good, services: [{ ...dc, deliveredShare: 1.2 }] })).toEqual(['services[0].delivered_share']);
    expect(fields({ ...good, services: [{ ...dc, curve: [[-0.5, 1.5], [0, 0]] }] })).toEqual(['services[0].curve[0]']);
    expect(fields({ ...good, services: [{ ...dc, detectionLag: -0.1 }] })).toEqual(['services[0].detection_lag']);
    expect(fields({ ...good, services: [{ ...dc, ramp: 0 }] })).toEqual(['services[0].ramp']);
    expect(fields({ ...good, services: [{ ...dc, curve: [[0, 0]] }] })).toEqual(['services[0].curve']);
  });

  it('rejects LFDD blocks with a negative delay or a share above 100 %', () => {
    const block = { id: 'b', threshold: 48.8, delay: 0.2, direction: 'under' as const, effect: 'shed-load' as const, share: 0.05 };
    expect(fields({ ...good, trips: [{ ...block, delay: -0.1, share: 2 }] })).toEqual(['trips[0].delay', 'trips[0].share']);
  });

  it('the model refuses to start with bad parameters, naming each problem', () => {
    expect(() => new GridFrequency({ ...good, kineticEnergy: -1, damping: -1 })).toThrow(/kinetic_energy: .*; damping: /);
  });

  it('a disturbance cannot remove more inertia than there is, nor have negative power', () => {
    const m = new GridFrequency(good);
    expect(() => m.applyDisturbance({ kind: 'generation-loss', power: 1e9, inertia: 300e9 })).toThrow(/below E_k/);
    expect(() => m.applyDisturbance({ kind: 'load-loss', power: -1 })).toThrow(/≥ 0 W/);
  });
});
