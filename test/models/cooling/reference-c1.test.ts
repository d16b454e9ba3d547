// Reference case C1 (../shared/reference-cases.md): Google "Project Deschutes" CDU from the LBNL
// Modelica Buildings data records — 2 MW, facility supply 26.8 °C at 32.30 kg/s, IT loop
// 31.48 kg/s PG25, approach 3 K. Published: rack supply ≈ 29.8 °C, facility return ≈ 41.6 °C,
// rack return ≈ 45 °C (±1.5 K), CDU electrical ≈ 74 kW. The loop starts cold and runs to steady
// state with 2 MW of IT heat, stepped the way the facility steps it (100 ms sub-steps).
import { describe, expect, it } from 'vitest';
import { coolingSteadyState, validateCoolingParams } from '../../../models/cooling-loop.ts';
import { degC, loop, run } from './helpers.ts';

describe('C1: Project Deschutes CDU at 2 MW', () => {
  const t = loop();
  const a = t.arrays;
  run(a, 2 * 3600, 0.1, 2e6);
  const supply = degC(a.tRackSupply[0]);
  const rackReturn = degC(a.tManifold[0]);
  const facilityReturn = degC(a.tCduPrim[0]);
  console.log(
    `C1 measured: rack supply ${supply.toFixed(2)} °C, rack return ${rackReturn.toFixed(2)} °C, facility return ${facilityReturn.toFixed(2)} °C, ` +
      `CDU electrical ${(a.cduPower[0] / 1e3).toFixed(1)} kW, cooling total ${(a.coolingPower[0] / 1e3).toFixed(1)} kW, case ${degC(a.caseTemp[0]).toFixed(1)} °C`,
  );

  it('the default (C1) parameters pass validation', () => {
    expect(validateCoolingParams({})).toEqual([]);
  });

  it('rack supply ≈ 29.8 °C within 1.5 K (the CDU holds its 3 K approach with the ε-NTU exchanger in the loop)', () => {
    expect(Math.abs(supply - 29.8)).toBeLessThanOrEqual(1.5);
  });

  it('facility return ≈ 26.8 + 2e6/(32.30·4180) = 41.6 °C within 1.5 K', () => {
    expect(Math.abs(facilityReturn - 41.6)).toBeLessThanOrEqual(1.5);
  });

  it('rack return ≈ 45 °C within 1.5 K (PG25 c_p 3,950 J/(kg·K) gives 29.8 + 16.1)', () => {
    expect(Math.abs(rackReturn - 45)).toBeLessThanOrEqual(1.5);
  });

  it('CDU electrical ≈ 74 kW at design flow (pumps ∝ flow³, no published tolerance: 2 % asserted)', () => {
    expect(Math.abs(a.cduPower[0] - 74e3)).toBeLessThanOrEqual(0.02 * 74e3);
  });

  it('at steady state all 2 MW reaches the plant: heat through the CDU and heat rejected equal the IT heat', () => {
    expect(a.cduHeat[0]).toBeCloseTo(2e6, -1);
    expect(a.heatRejected[0] + a.heatRecovered[0]).toBeCloseTo(2e6, -1);
    expect(a.alarmLevel[0]).toBe(0);
  });

  it('the steady state the loop runs to is the one `initCooling` starts from (within 1 mK)', () => {
    const s = coolingSteadyState(a, 0, 2e6);
    expect(Math.abs(s.rackSupply - a.tRackSupply[0])).toBeLessThan(1e-3);
    expect(Math.abs(s.rackReturn - a.tManifold[0])).toBeLessThan(1e-3);
    expect(Math.abs(s.facilityReturn - a.tFacility[0])).toBeLessThan(1e-3);
  });
});
