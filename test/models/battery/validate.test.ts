// Battery parameter validation (models/battery-validate.ts): each physically bad value is a problem
// with its field and a hint; good parameters give none.
import { describe, expect, it } from 'vitest';
import { BATTERY_FR_MAX_STEP_S, BATTERY_MAX_STEP_S, BatteryMode, type BatteryParams } from '../../../models/battery.ts';
import { selfDischargePerSecond, validateBatteryParams } from '../../../models/battery-validate.ts';
import { dynamicContainmentLow } from '../../../models/response-curves.ts';
import { frParamsFromService } from '../../../models/battery-fr.ts';
import { MW, MWh } from './helpers.ts';

const good: BatteryParams = { energyCap: 129 * MWh, dischargeMax: 100 * MW, mode: BatteryMode.poi, poiCeiling: 400 * MW, poiRamp: 0.5 * MW };
const fields = (p: BatteryParams, step?: number) => validateBatteryParams({ ...good, ...p }, step).map((x) => x.field);

describe('battery parameter validation', () => {
  it('accepts a sound battery, with frequency response too', () => {
    expect(validateBatteryParams(good, 1)).toEqual([]);
    expect(validateBatteryParams({ ...good, ...frParamsFromService(dynamicContainmentLow('dc', 50 * MW), 50) }, 0.01)).toEqual([]);
  });

  it.each<[string, BatteryParams, string]>([
    ['no capacity', { energyCap: 0 }, 'energyCap'],
    ['negative power', { dischargeMax: -1 }, 'dischargeMax'],
    ['efficiency above 1', { etaCharge: 1.05 }, 'etaCharge'],
    ['zero discharge efficiency', { etaDischarge: 0 }, 'etaDischarge'],
    ['self-discharge given per day as if per second', { selfDischarge: 1 }, 'selfDischarge'],
    ['negative inverter lag', { invTau: -0.1 }, 'invTau'],
    ['C-rate of zero', { cRate: 0 }, 'cRate'],
    ['unknown mode', { mode: 7 }, 'mode'],
    ['negative ramp limit', { poiRamp: -1 }, 'poiRamp'],
    ['initial SoC outside the window', { soc: 0.95 }, 'soc'],
    ['restore target outside the window', { socTarget: 0.05 }, 'socTarget'],
    ['a contract above the power rating', { ...frParamsFromService(dynamicContainmentLow('dc', 150 * MW), 50) }, 'frCapacity'],
    ['a curve that goes back in frequency', { frCapacity: 10 * MW, frCurve: [[0.1, -1], [-0.1, 1]] }, 'frCurve'],
    ['a share beyond ±1', { frCapacity: 10 * MW, frCurve: [[-0.1, 2]] }, 'frCurve'],
    ['too many points', { frCapacity: 10 * MW, frCurve: Array.from({ length: 9 }, (_, k) => [k * 0.01, 0] as const) }, 'frCurve'],
  ])('%s → %s', (_name, p, field) => {
    expect(fields(p)).toContain(field);
  });

  it('SoC limits reversed or equal are one problem on socMin', () => {
    expect(validateBatteryParams({ ...good, socMin: 0.9, socMax: 0.1 })).toEqual([
      { field: 'socMin', message: '(0.9) must be below socMax (0.1)', hint: 'the SoC limits are reversed or equal' },
    ]);
    expect(fields({ socMin: 0.5, socMax: 0.5 })).toEqual(['socMin']);
  });

  it('a step too coarse for the model is rejected, with frequency response more strictly', () => {
    expect(fields({}, BATTERY_MAX_STEP_S)).toEqual([]);
    expect(fields({}, 2 * BATTERY_MAX_STEP_S)).toEqual(['step']);
    const fr = frParamsFromService(dynamicContainmentLow('dc', 50 * MW), 50);
    expect(fields(fr, BATTERY_FR_MAX_STEP_S)).toEqual([]);
    const p = validateBatteryParams({ ...good, ...fr }, 0.1);
    expect(p.map((x) => x.field)).toEqual(['step']);
    expect(p[0].message).toContain('with frequency response');
  });

  it('selfDischargePerSecond converts a daily loss exactly', () => {
    const s = selfDischargePerSecond(0.02);
    expect(Math.exp(86_400 * Math.log1p(-s))).toBeCloseTo(0.98, 12); // the form the step uses
    expect(validateBatteryParams({ ...good, selfDischarge: s })).toEqual([]);
  });
});
