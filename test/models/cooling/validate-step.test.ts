// Parameter validation (what the scenario loader reports) and the internal step: the exported
// maximum, the check that rejects a coarser step, and the accuracy that justifies the maximum.
import { describe, expect, it } from 'vitest';
import { COOLING_MAX_STEP_US, setCoolingInput, validateCoolingParams, type CoolingParams } from '../../../models/cooling-loop.ts';
import { K, loop, run } from './helpers.ts';

const problems = (p: CoolingParams) => validateCoolingParams(p);
const fields = (p: CoolingParams) => problems(p).map((x) => x.field);

describe('internal step', () => {
  it('the maximum is 1 s: 1 s is accepted, anything coarser is rejected with the limit in the message', () => {
    expect(COOLING_MAX_STEP_US).toBe(1_000_000);
    expect(problems({ stepUs: 1_000_000 })).toEqual([]);
    const p = problems({ stepUs: 1_000_001 });
    expect(p).toHaveLength(1);
    expect(p[0].field).toBe('stepUs');
    expect(p[0].message).toMatch(/too coarse.*at most 1 s/);
  });

  it('a step longer than the return pipe\'s delay at full flow is rejected (the loop closes through it)', () => {
    // 0.01 m³ of PG25 at 31.48 kg/s passes in 0.32 s.
    const p = problems({ returnPipeVolume: 0.01, stepUs: 500_000 });
    expect(p.map((x) => x.field)).toEqual(['stepUs']);
    expect(p[0].message).toMatch(/transport delay/);
    expect(problems({ returnPipeVolume: 0.01, stepUs: 300_000 })).toEqual([]);
  });

  it('the step is not a whole number of µs, or not positive', () => {
    expect(fields({ stepUs: 0 })).toEqual(['stepUs']);
    expect(fields({ stepUs: 1.5 })).toEqual(['stepUs']);
  });

  it('1 s steps follow a 100 ms reference within 0.05 K through pump, valve and IT steps', () => {
    const trace = (stepUs: number) => {
      const a = loop({ stepUs }, 1.2e6).arrays;
      const out: number[][] = [];
      const sample = (t: number) => {
        if (Math.abs(t - Math.round(t)) < 1e-6) out.push([a.tPlate[0], a.tManifold[0], a.tRackSupply[0], a.tCduPrim[0], a.tFacility[0]]);
      };
      run(a, 20, 0.1, 2e6, sample);
      setCoolingInput(a, 0, 'secFlowSet', 20);
      run(a, 60, 0.1, 2e6, sample);
      setCoolingInput(a, 0, 'primFlowSet', 20);
      run(a, 600, 0.1, (t) => (Math.floor(t / 5) % 2 ? 2e6 : 1e6), sample);
      return out;
    };
    const fine = trace(100_000);
    const coarse = trace(1_000_000);
    let worst = 0;
    fine.forEach((row, k) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - coarse[k][j])))));
    console.log(`step accuracy: largest difference 1 s vs 100 ms over 680 s of transients ${worst.toFixed(4)} K`);
    expect(worst).toBeLessThan(0.05);
  });
});

describe('validateCoolingParams', () => {
  it('accepts the defaults', () => {
    expect(problems({})).toEqual([]);
  });

  it('rejects non-positive volumes, flows and properties', () => {
    expect(fields({ facilityVolume: -1 })).toEqual(['facilityVolume']);
    expect(fields({ supplyPipeVolume: 0 })).toEqual(['supplyPipeVolume']);
    expect(fields({ secFlowMax: 0 })).toEqual(expect.arrayContaining(['secFlowMax']));
    expect(fields({ primCp: -4180 })).toEqual(['primCp']);
    expect(fields({ plateTau: 0 })).toEqual(['plateTau']);
  });

  it('rejects shares and coefficients outside [0, 1] (a plant with COP < 1 is an input error)', () => {
    expect(fields({ liquidShare: 1.2 })).toEqual(['liquidShare']);
    expect(fields({ rejectionCoef: 1.5 })).toEqual(['rejectionCoef']);
    expect(fields({ cduSecShare: 1 })).toEqual(['cduSecShare']);
  });

  it('a temperature in °C given as K gets a hint to write the unit', () => {
    const p = problems({ facSupplyTemp: 26.8 });
    expect(p.map((x) => x.field)).toEqual(['facSupplyTemp']);
    expect(p[0].hint).toMatch(/degC/);
  });

  it('alarm limits out of order, and a hysteresis wider than the band, are reported', () => {
    expect(fields({ supplyHighWarn: K(36), supplyHighCrit: K(35) })).toEqual(['supplyHighWarn']);
    expect(fields({ supplyLowLimit: K(33) })).toEqual(['supplyHighWarn']);
    expect(fields({ alarmHysteresis: 8 })).toEqual(['alarmHysteresis']);
  });

  it('negative actuator times and pump powers, a fractional plate count and NaN are reported, all at once', () => {
    const f = fields({ valveStrokeTime: -1, pumpPowerMax: -5, plateCount: 2.5, cduUa: NaN });
    expect(f).toEqual(expect.arrayContaining(['valveStrokeTime', 'pumpPowerMax', 'plateCount', 'cduUa']));
  });
});
