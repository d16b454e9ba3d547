// Open Energi signals act on the battery's frequency response through the effective frequency
// f0 + m·(f − f0) + oeAdd/2 (models/effective-frequency.ts): the battery's power follows it.
import { describe, expect, it } from 'vitest';
import { frParamsFromService, type BatteryParams } from '../../../models/battery.ts';
import { frequencyContainmentReserve } from '../../../models/response-curves.ts';
import { effectiveFrequency } from '../../../models/effective-frequency.ts';
import { MW, MWh, drive, one } from './helpers.ts';

/** FCR-like: full ±10 MW at ∓0.2 Hz, no lag or ramp, instant converter. */
const fcr = (p: BatteryParams = {}) =>
  one({ energyCap: 100 * MWh, dischargeMax: 100 * MW, invTau: 0, ...frParamsFromService(frequencyContainmentReserve('fcr', 10 * MW), 50, { frRamp: Infinity }), ...p });

/** Settled power (W, + discharge) at grid frequency f with the given signal inputs. */
function settled(f: number, add = 0, mulHigh = 1, mulLow = 1): number {
  const a = fcr();
  a.frAdd[0] = add;
  a.frMulHigh[0] = mulHigh;
  a.frMulLow[0] = mulLow;
  const s = drive(a, 2, 0.1, () => (a.frequency[0] = f));
  return s[s.length - 1].power;
}

describe('effective frequency formula (spec: 0.5·(2·m·(GF − 50) + oeAdd) + 50)', () => {
  it('is the identity with the default signals', () => {
    for (const f of [49.2, 49.95, 50, 50.3]) expect(effectiveFrequency(f, 50, 0, 1, 1)).toBe(f);
  });

  it('matches the spec formula above and below 50 Hz, multiplier chosen by the side of the grid frequency', () => {
    const spec = (gf: number, add: number, mh: number, ml: number) => 0.5 * (2 * (gf >= 50 ? mh : ml) * (gf - 50) + add) + 50;
    for (const [gf, add, mh, ml] of [[49.8, 0.1, 1.1, 2], [50.2, -0.5, 3, 0.5], [50, 0.2, 7, 7], [49.9, 0, 0, 1]]) {
      expect(effectiveFrequency(gf, 50, add, mh, ml)).toBeCloseTo(spec(gf, add, mh, ml), 12);
    }
  });
});

describe('the battery follows the effective frequency', () => {
  it('at 50 Hz an oe-add of −0.2 makes it respond as at 49.9 Hz (half the add): discharges 5 MW', () => {
    expect(settled(50)).toBeCloseTo(0, 6);
    expect(settled(50, -0.2)).toBeCloseTo(5 * MW, 0);
  });

  it('oe-multiply-low doubles the response below 50 Hz and leaves the high side alone', () => {
    expect(settled(49.95, 0, 1, 2)).toBeCloseTo(2 * settled(49.95), 0);
    expect(settled(50.05, 0, 1, 2)).toBeCloseTo(settled(50.05), 6);
  });

  it('oe-multiply-high of 0 switches the high-frequency response off, not the low one', () => {
    expect(settled(50.1, 0, 0, 1)).toBeCloseTo(0, 6);
    expect(settled(49.9, 0, 0, 1)).toBeCloseTo(settled(49.9), 6);
    expect(settled(49.9)).toBeCloseTo(5 * MW, 0);
  });
});
