// Pump and valve rate limits as seen through the loop (flows, CDU power ∝ flow³), and the
// rack-supply alarms (levels, hysteresis, counter, time in alarm).
import { describe, expect, it } from 'vitest';
import { setCoolingInput, stepCooling } from '../../../models/cooling-loop.ts';
import { K, degC, loop, run } from './helpers.ts';

describe('actuators', () => {
  it('the CDU pump goes from stopped to full flow in 30 s; CDU power follows speed³', () => {
    const a = loop({ secFlowSet: 0, stepUs: 500_000 }).arrays;
    expect(a.cduPower[0]).toBe(0);
    setCoolingInput(a, 0, 'secFlowSet', 31.48);
    run(a, 15, 0.5, 0);
    expect(a.pumpSpeed[0]).toBeCloseTo(0.5, 12);
    expect(a.cduPower[0]).toBeCloseTo(74e3 / 8, 6);
    run(a, 15, 0.5, 0);
    expect(a.pumpSpeed[0]).toBeCloseTo(1, 12);
    expect(a.secFlow[0]).toBeCloseTo(31.48 * (1 - 0.5 / 30 / 2), 10); // mean over the last step, still ramping
    run(a, 0.5, 0.5, 0);
    expect(a.secFlow[0]).toBeCloseTo(31.48, 10);
    expect(a.cduPower[0]).toBeCloseTo(74e3, 6);
  });

  it('the facility valve takes 120 s for a full stroke; primary flow and its pump power follow', () => {
    const a = loop({ primFlowSet: 0, stepUs: 500_000 }).arrays;
    setCoolingInput(a, 0, 'primFlowSet', 32.3);
    run(a, 60, 0.5, 0);
    expect(a.valvePos[0]).toBeCloseTo(0.5, 12);
    run(a, 59, 0.5, 0);
    expect(a.valvePos[0]).toBeLessThan(1);
    run(a, 1, 0.5, 0);
    expect(a.valvePos[0]).toBeCloseTo(1, 12);
    run(a, 0.5, 0.5, 0);
    expect(a.primFlow[0]).toBeCloseTo(32.3, 10);
    expect(a.primPumpPower[0]).toBeCloseTo(15e3, 6);
  });

  it('setpoints above the maximum flow are held at 100 %; a closed valve stops heat reaching the plant', () => {
    const a = loop({}, 2e6).arrays;
    setCoolingInput(a, 0, 'secFlowSet', 100);
    setCoolingInput(a, 0, 'primFlowSet', 0);
    run(a, 300, 0.5, 2e6);
    expect(a.pumpSpeed[0]).toBe(1);
    expect(a.valvePos[0]).toBe(0);
    expect(a.cduHeat[0]).toBe(0);
    // With no heat removed the IT loop warms by Q/C_total: well above its starting point.
    expect(degC(a.tRackSupply[0])).toBeGreaterThan(35);
  });
});

describe('rack supply alarms', () => {
  it('warning above 32 °C, critical above 35 °C, cleared below again; each rise counts once', () => {
    const a = loop({}, 2e6).arrays; // rack supply 29.8 °C at 26.8 °C facility supply
    const hold = (supplyC: number) => {
      stepCooling(a, 0, 0, 2e6, K(supplyC));
      run(a, 300, 0.5, 2e6);
    };
    hold(29.8); // rack ≈ 32.8 °C
    expect([a.alarmLevel[0], a.alarmKind[0], a.alarmCount[0]]).toEqual([1, 1, 1]);
    hold(33); // rack ≈ 36 °C
    expect([a.alarmLevel[0], a.alarmKind[0], a.alarmCount[0]]).toEqual([2, 1, 2]);
    hold(26.8);
    expect([a.alarmLevel[0], a.alarmKind[0], a.alarmCount[0]]).toEqual([0, 0, 2]);
    expect(a.alarmTime[0]).toBeGreaterThan(300);
  });

  it('below the low limit (18 °C, condensation) a low warning is raised', () => {
    const a = loop({}, 2e6).arrays;
    stepCooling(a, 0, 0, 2e6, K(13));
    run(a, 300, 0.5, 2e6); // rack ≈ 16 °C
    expect([a.alarmLevel[0], a.alarmKind[0], a.alarmCount[0]]).toEqual([1, -1, 1]);
  });

  it('hysteresis: hovering 0.2 K either side of the warning limit raises one alarm, not one per crossing', () => {
    const a = loop({}, 2e6).arrays;
    for (let k = 0; k < 10; k++) {
      stepCooling(a, 0, 0, 2e6, K(k % 2 ? 28.8 : 29.2)); // rack ≈ 31.8 / 32.2 °C
      run(a, 120, 0.5, 2e6);
    }
    expect(a.alarmCount[0]).toBe(1);
    expect(a.alarmLevel[0]).toBe(1);
    stepCooling(a, 0, 0, 2e6, K(28));
    run(a, 120, 0.5, 2e6); // 31 °C: more than 0.5 K inside the limit
    expect(a.alarmLevel[0]).toBe(0);
  });
});
