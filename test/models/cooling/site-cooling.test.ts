// The helper the facility calls each sub-step (`stepCooling`): any sub-step partition gives the
// same physics, IT energy is conserved into heat, input changes land at their time, heat reuse
// and electrical power are accounted, scaled sites match C1, and instances do not interact.
import { describe, expect, it } from 'vitest';
import { coolingParamsForSite, flushCooling, makeCoolingTable, initCooling, setCoolingInput, stepCooling, type CoolingTable } from '../../../models/cooling-loop.ts';
import { K, degC, loop, run, storedHeat } from './helpers.ts';

/** IT heat for the transients below: 1.2 MW, 2 MW after 10 s, 1.5 MW after 200 s. */
const itHeat = (t: number) => (t < 10 ? 1.2e6 : t < 200 ? 2e6 : 1.5e6);

describe('stepCooling', () => {
  it('sub-steps of 10 ms, 100 ms, 0.5 s, 2 s or 5 s give the same loop (within 1 µK)', () => {
    const results = [0.01, 0.1, 0.5, 2, 5].map((sub) => {
      const a = loop({}, 1.2e6).arrays;
      run(a, 420, sub, itHeat);
      return [a.tPlate[0], a.tRackSupply[0], a.tFacility[0]];
    });
    for (const r of results.slice(1)) for (let k = 0; k < 3; k++) expect(Math.abs(r[k] - results[0][k])).toBeLessThan(1e-6);
  });

  it('every joule of IT power becomes heat: ∫IT = heat rejected + recovered + heat stored (within 0.2 %)', () => {
    const a = loop({ reuseDemand: 3e5 }, 1.2e6).arrays;
    const stored0 = storedHeat(a);
    const wave = (t: number) => (Math.floor(t / 30) % 2 ? 2e6 : 1.2e6); // 60 s training-like swing
    run(a, 3600, 0.01, wave);
    flushCooling(a, 0);
    expect(a.itHeatEnergy[0]).toBeCloseTo(1.6e6 * 3600, -3);
    const out = a.rejectedEnergy[0] + a.recoveredEnergy[0] + storedHeat(a) - stored0;
    console.log(`energy balance: IT ${(a.itHeatEnergy[0] / 3.6e9).toFixed(4)} MWh, rejected + recovered + stored ${(out / 3.6e9).toFixed(4)} MWh`);
    expect(Math.abs(out / a.itHeatEnergy[0] - 1)).toBeLessThan(0.002);
  });

  it('a facility supply change lands at its sub-step, not at the next internal step', () => {
    // +3.2 K at t = 10.25 s, inside the model's 10–10.5 s step; the CDU primary outlet (τ ≈ 3 s) is
    // read at 11 s and compared with a 50 ms internal step (10.25 s on its grid).
    const primaryAt11 = (stepUs: number, changeAt: number) => {
      const a = loop({ stepUs }, 2e6).arrays;
      run(a, changeAt, 0.01, 2e6);
      stepCooling(a, 0, 0, 2e6, K(30));
      expect(a.accTime[0]).toBe(0); // the pending interval was stepped at the old supply
      run(a, 11 - changeAt, 0.01, 2e6);
      flushCooling(a, 0);
      return a.tCduPrim[0];
    };
    const fine = primaryAt11(50_000, 10.25);
    const coarse = primaryAt11(500_000, 10.25);
    const late = primaryAt11(50_000, 10.5);
    console.log(`supply change: primary outlet at 11 s fine ${degC(fine).toFixed(4)} °C, 0.5 s step ${degC(coarse).toFixed(4)} °C, change 0.25 s late ${degC(late).toFixed(4)} °C`);
    expect(Math.abs(coarse - fine)).toBeLessThan(Math.abs(late - fine) / 10);
  });

  it('a flow-setpoint change through setCoolingInput starts the pump ramp at its time', () => {
    const a = loop({}, 0).arrays;
    run(a, 1.3, 0.1, 0);
    setCoolingInput(a, 0, 'secFlowSet', 0);
    run(a, 3, 0.1, 0); // 3 s at 1/30 per s from full speed
    flushCooling(a, 0);
    expect(a.pumpSpeed[0]).toBeCloseTo(0.9, 9);
  });

  it('an IT step inside an internal step still gives the plate τ = 2 s (within 10 %) from the next step on', () => {
    // 1 s internal step; the heat steps at t = 0.3 s, so the 0–1 s step sees its mean (energy kept).
    const a = loop({ stepUs: 1_000_000 }, 1.2e6).arrays;
    const p0 = a.tPlate[0];
    const plateAt = new Map<number, number>(); // absolute time (whole s) → plate outlet
    run(a, 11, 0.01, (t) => (t < 0.3 - 1e-9 ? 1.2e6 : 2e6), (t) => {
      if (Math.abs(t - Math.round(t)) < 1e-6) plateAt.set(Math.round(t), a.tPlate[0]);
    });
    const jump = 0.8e6 / (31.48 * 3950);
    for (const t of [2, 3, 4, 6]) {
      const tau = -(t - 0.3) / Math.log(1 - (plateAt.get(t)! - p0) / jump);
      expect(Math.abs(tau / 2 - 1)).toBeLessThan(0.1);
    }
  });
});

describe('heat reuse and electrical power', () => {
  it('the reuse consumer takes its demand from facility water above 35 °C; the dry coolers reject the rest at 2 %', () => {
    const a = loop({ reuseDemand: 5e5 }, 2e6).arrays;
    run(a, 1, 0.5, 2e6);
    expect(a.heatRecovered[0]).toBeCloseTo(5e5, 0);
    expect(a.heatRejected[0]).toBeCloseTo(1.5e6, 0);
    expect(a.rejectionPower[0]).toBeCloseTo(0.02 * 1.5e6, 0);
    expect(a.coolingPower[0]).toBeCloseTo(74e3 + 15e3 + 0.02 * 1.5e6, 0);
  });

  it('reuse is limited to the heat above its useful temperature: ṁ·c_p·(41.6 − 35 °C) ≈ 0.89 MW', () => {
    const a = loop({ reuseDemand: 5e6 }, 2e6).arrays;
    run(a, 1, 0.5, 2e6);
    expect(a.heatRecovered[0]).toBeCloseTo(32.3 * 4180 * (a.tFacility[0] - K(35)), 0);
    expect(a.heatRecovered[0] / 1e6).toBeCloseTo(0.893, 2);
  });

  it('IT heat not captured by the liquid goes to the air side at 0.25 W/W', () => {
    const a = loop({ liquidShare: 0.8 }, 2e6).arrays;
    run(a, 1, 0.5, 2e6);
    expect(a.airHeat[0]).toBeCloseTo(4e5, 3);
    expect(a.airCoolingPower[0]).toBeCloseTo(1e5, 3);
    expect(a.heatRejected[0]).toBeCloseTo(1.6e6, 0);
  });

  it('manifolds exchanging heat with a 25 °C room: the loop settles where initCooling starts it, and the room takes UA·(T − T_room)', () => {
    const a = loop({ manifoldUa: 5000 }, 0).arrays;
    run(a, 3 * 3600, 1, 2e6);
    const b = loop({ manifoldUa: 5000 }, 2e6).arrays;
    expect(a.tManifold[0]).toBeCloseTo(b.tManifold[0], 6);
    expect(a.tRackSupply[0]).toBeCloseTo(b.tRackSupply[0], 6);
    const toRoom = 5000 * (a.tManifold[0] - K(25));
    expect(a.heatRejected[0] + toRoom).toBeCloseTo(2e6, 0);
  });

  it('a 300 MW site scaled from C1 has C1\'s temperatures and 150 × its cooling power', () => {
    const a = loop(coolingParamsForSite(300e6), 300e6).arrays;
    run(a, 60, 0.5, 300e6);
    expect(degC(a.tRackSupply[0])).toBeCloseTo(29.8, 6);
    expect(degC(a.tFacility[0])).toBeCloseTo(41.61, 2);
    expect(a.coolingPower[0]).toBeCloseTo(150 * 129e3, 0);
  });
});

describe('struct-of-arrays', () => {
  it('instances in one table are independent: stepping three together equals stepping each alone', () => {
    const params = [{}, { stepUs: 200_000, facSupplyTemp: K(24) }, coolingParamsForSite(5e6)];
    const heat = [1.5e6, 1e6, 4e6];
    const together = makeCoolingTable(...params).arrays;
    params.forEach((p, i) => initCooling(together, i, p, heat[i]));
    for (let k = 0; k < 2000; k++) for (let i = 2; i >= 0; i--) stepCooling(together, i, 0.05, heat[i] * (1 + 0.3 * Math.sin(k / 50)));
    params.forEach((p, i) => {
      const alone: CoolingTable = makeCoolingTable(p).arrays;
      initCooling(alone, 0, p, heat[i]);
      for (let k = 0; k < 2000; k++) stepCooling(alone, 0, 0.05, heat[i] * (1 + 0.3 * Math.sin(k / 50)));
      expect(alone.tPlate[0]).toBe(together.tPlate[i]);
      expect(alone.tFacility[0]).toBe(together.tFacility[i]);
      expect(alone.coolingEnergy[0]).toBe(together.coolingEnergy[i]);
    });
  });
});
