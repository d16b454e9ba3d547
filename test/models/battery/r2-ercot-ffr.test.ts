// Reference case R2, the battery's part (../shared/reference-cases.md; ERCOT NPRR 863): fast
// frequency response — full response within 15 cycles (0.25 s) once f ≤ 59.85 Hz, sustained for
// 15 min if energy allows. The battery adds its 50 ms inverter lag to the service's detection and
// ramp; "full" is the 2 % settling band (≥ 98 % of the contract), as in R1.
import { describe, expect, it } from 'vitest';
import { frParamsFromService } from '../../../models/battery.ts';
import { ercotFastFrequencyResponse, FFR_SUSTAIN_S } from '../../../models/response-curves.ts';
import { MW, MWh, drive, firstAt, one, type Sample } from './helpers.ts';

const cap = 100 * MW;
const trigger = 1; // s: frequency steps to 59.8 Hz
/** A relay that sees 59.85 Hz within three cycles, and a triggered (stepped) deployment. */
const relay = { frLag: 0.05, frRamp: Infinity };

function run(energyMWh: number, over: object, until: number, dt: number, recoverAt = trigger + 6): Sample[] {
  const a = one({ energyCap: energyMWh * MWh, dischargeMax: cap, soc: 0.5, ...frParamsFromService(ercotFastFrequencyResponse('ffr', cap), 60, over) });
  return drive(a, until, dt, (t0) => (a.frequency[0] = t0 < trigger - 1e-9 || t0 >= recoverAt ? 60 : 59.8))
    .filter((x) => x.t > trigger + 1e-9)
    .map((x) => ({ ...x, t: x.t - trigger }));
}

describe('R2: battery on ERCOT FFR, 100 MW', () => {
  it('with a three-cycle relay and a stepped deployment: ≥ 98 % within 0.25 s (0.05 s + τ·ln 50 = 0.246 s)', () => {
    const s = run(100, relay, trigger + 2, 0.005);
    const t98 = firstAt(s, cap, 0.98);
    expect(t98).toBeLessThanOrEqual(0.25 + 1e-9);
    expect(t98).toBeCloseTo(0.05 + 0.05 * Math.log(50), 2);
    expect(s.filter((x) => x.t <= 0.05 + 1e-9).every((x) => x.power === 0)).toBe(true); // nothing before the relay sees it
  });

  it('FINDING: with the grid model\u2019s FFR defaults (0.1 s detection, 10 pu/s) the 50 ms converter reaches 98 % only at 0.35 s', () => {
    // 0.1 s lag + 0.1 s ramp; the converter trails the ramp and is 10 pu/s·τ·(1 − e^(−2)) = 43 % short
    // at 0.2 s, then closes the gap as e^(−t/τ): 98 % at 0.2 + τ·ln(0.432/0.02) = 0.354 s. Those
    // defaults (chosen for the grid model, which has no converter) leave no room for one.
    const s = run(100, {}, trigger + 2, 0.005);
    const t98 = firstAt(s, cap, 0.98);
    expect(t98).toBeGreaterThan(0.25);
    expect(t98).toBeCloseTo(0.2 + 0.05 * Math.log((10 * 0.05 * (1 - Math.exp(-2))) / 0.02), 1);
  });

  it('sustains full output for 15 minutes although frequency recovered after 6 s, then releases', () => {
    const s = run(100, relay, trigger + FFR_SUSTAIN_S + 10, 0.02);
    const held = s.filter((x) => x.t >= 1 && x.t < FFR_SUSTAIN_S); // settled: e^(−19) of the step
    expect(held.every((x) => Math.abs(x.power - cap) < 1e-6 * cap)).toBe(true);
    expect(s[s.length - 1].power).toBeLessThan(1e-6 * cap); // released after the hold, frequency at 60 Hz
    expect(s[s.length - 1].soc).toBeGreaterThan(0.1); // 100 MWh had the energy: 25 MWh of 40 available
  });

  it('a battery without the energy for 15 minutes delivers until socMin and stops exactly there', () => {
    // 40 MWh at SoC 0.5: (0.5 − 0.1)·40 MWh·η_d = 15.2 MWh at 100 MW = 547.2 s, plus the energy the
    // converter did not deliver while rising (τ·100 MW = 5 MJ: 0.05 s) and the 0.05 s relay.
    const s = run(40, relay, trigger + 700, 0.02);
    const empty = s.find((x) => x.power < 0.5 * cap && x.t > 1)!;
    expect(empty.t).toBeCloseTo(0.05 + 0.05 + (0.4 * 40 * MWh * 0.95) / cap, 1);
    const after = s.filter((x) => x.t > empty.t);
    expect(after.every((x) => x.soc === (0.1 * 40 * MWh) / (40 * MWh) && x.power === 0)).toBe(true);
  });
});
