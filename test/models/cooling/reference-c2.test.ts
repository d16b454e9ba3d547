// Reference case C2 (../shared/reference-cases.md): one 1 kW OAM cold plate (OCP OAI cooling
// guidelines 2023 via LBNL Modelica Buildings). DI water at 3 L/min: R = 0.0160 K/W, case − inlet
// = 16.0 K; PG25 at 1.0 L/min: R = 0.0245 K/W, 24.5 K; tolerance 0.1 K. Each plate runs in a loop
// of its own (CDU, pipes, facility side scaled to 1 kW) until steady, and T_case − T_in is read
// from the model's outputs.
import { describe, expect, it } from 'vitest';
import {
  OCP_PLATE_FIT,
  PG25,
  PLATE_FLOW_EXP,
  WATER,
  convectionFactor,
  coolingParamsForSite,
  plateRConvFor,
  plateResistance,
  validateCoolingParams,
  type Fluid,
} from '../../../models/cooling-loop.ts';
import { loop, run } from './helpers.ts';

const LPM = 1e-3 / 60; // m³/s per L/min

/** Case − inlet of a single 1 kW plate with `fluid` at `lpm` L/min, after 10 min at 1 kW. */
function plateRise(fluid: Fluid, lpm: number): number {
  const flow = lpm * LPM * fluid.rho;
  const params = coolingParamsForSite(1000, {
    plateCount: 1,
    secRho: fluid.rho,
    secCp: fluid.cp,
    plateRConv: plateRConvFor(fluid),
    secFlowMax: flow,
    secFlowSet: flow,
    stepUs: 100_000,
  });
  expect(validateCoolingParams(params)).toEqual([]);
  const a = loop(params).arrays;
  run(a, 600, 0.1, 1000);
  return a.caseTemp[0] - a.tRackSupply[0];
}

describe('C2: 1 kW OAM cold plate, R(V̇) fitted through the two OCP points', () => {
  it('DI water at 3 L/min: case − inlet = 16.0 K within 0.1 K', () => {
    const rise = plateRise(WATER, 3);
    console.log(`C2 DI water 3 L/min: case − inlet ${rise.toFixed(4)} K (published 16.0 K)`);
    expect(Math.abs(rise - 16.0)).toBeLessThanOrEqual(0.1);
  });

  it('PG25 at 1.0 L/min: case − inlet = 24.5 K within 0.1 K', () => {
    const rise = plateRise(PG25, 1);
    console.log(`C2 PG25 1.0 L/min: case − inlet ${rise.toFixed(4)} K (published 24.5 K)`);
    expect(Math.abs(rise - 24.5)).toBeLessThanOrEqual(0.1);
  });

  it('the fit splits R into a flow-independent part and a convective part ∝ V̇^−0.8 (both positive)', () => {
    expect(OCP_PLATE_FIT.rBase).toBeGreaterThan(0);
    expect(OCP_PLATE_FIT.rConvWater).toBeGreaterThan(0);
    console.log(`C2 fit: rBase ${OCP_PLATE_FIT.rBase.toFixed(5)} K/W, rConv(water, 1 L/min) ${OCP_PLATE_FIT.rConvWater.toFixed(5)} K/W, PG25 factor ${convectionFactor(PG25).toFixed(3)}`);
  });

  it('more flow lowers R towards rBase; PG25 needs more flow than water for the same R', () => {
    const r = (f: Fluid, lpm: number) => plateResistance(OCP_PLATE_FIT.rBase, plateRConvFor(f), PLATE_FLOW_EXP, lpm * LPM);
    expect(r(WATER, 1)).toBeGreaterThan(r(WATER, 3));
    expect(r(WATER, 3)).toBeGreaterThan(r(WATER, 10));
    expect(r(WATER, 1e6)).toBeCloseTo(OCP_PLATE_FIT.rBase, 5);
    expect(r(PG25, 1)).toBeGreaterThan(r(WATER, 1));
    // Same convective resistance needs V̇_PG/V̇_water = F^(1/0.8).
    expect(r(PG25, 3 * convectionFactor(PG25) ** (1 / PLATE_FLOW_EXP))).toBeCloseTo(r(WATER, 3), 12);
  });
});
