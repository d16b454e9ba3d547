// What the composed site step reports per window adds up: POI = (IT + cooling + auxiliaries) ×
// connected share − battery, the energy above a constraint is the exact integral, and cooling
// adds electrical power that rises with the IT power it removes.
import { describe, expect, it } from 'vitest';
import { MW, S, between, run, sitesFrom } from './helpers.ts';

describe('energy balance at the POI', () => {
  it('POI·Δt = (IT + cooling + aux)·Δt − battery·Δt in every window, to 1e-9, with the battery charging and discharging', () => {
    const reg = sitesFrom(`  dc1:
    auxiliary_load: 12 MW
    ai_load:
      rated_power: 100 MW
      period: 3 s
      duty: 0.6
      ramp_up: 200 MW/s
    cooling: {}
    battery:
      energy: 2 MWh
      power: 30 MW
      poi_ceiling: 90 MW
      recharge_power: 6 MW
      soc_initial: 40%
`);
    reg.setInput('dc1', 'constraint', 80 * MW, 4_321_000);
    const rows = run(reg, 0, 60 * S, 700_000); // 0.7 s windows: not aligned with the 3 s period
    for (const r of rows) {
      const gross = (r.itMean + r.coolingMean + 12 * MW) * r.connectedMean;
      expect(r.connectedMean).toBeCloseTo(1, 12);
      expect(Math.abs(r.poiMean - (gross - r.battMean)) / r.poiMean, `window ending ${r.t1 / S} s`).toBeLessThan(1e-9);
      expect(r.poiMax).toBeGreaterThanOrEqual(r.poiMean * (1 - 1e-12));
      expect(r.poiMin).toBeLessThanOrEqual(r.poiMean * (1 + 1e-12));
    }
    // Both directions occurred, so the balance was checked with the battery's sign either way.
    expect(rows.some((r) => r.battMean > 1 * MW)).toBe(true);
    expect(rows.some((r) => r.battMean < -1 * MW)).toBe(true);
    expect(rows.every((r) => r.coolingMean > 0)).toBe(true);
  });
});

describe('energy above a constraint', () => {
  it('a 110/30 MW square wave over a 50 MW constraint from 0.5 s to 7.25 s: 60 MW × 5.55 s = 333 MJ', () => {
    // Compute phases (duty 0.8 of 2 s, sharp edges) [0, 1.6), [2, 3.6), [4, 5.6), [6, 7.6) s; the
    // constraint covers 1.1 + 1.6 + 1.6 + 1.25 = 5.55 s of them, split by 1 s windows as below.
    const reg = sitesFrom(`  dc1:\n    auxiliary_load: 10 MW\n    ai_load:\n      rated_power: 100 MW\n      edge_time: 0 s\n`);
    reg.setInput('dc1', 'constraint', 50 * MW, 500_000);
    reg.setInput('dc1', 'constraint', Infinity, 7_250_000);
    const rows = run(reg, 0, 10 * S, 1 * S);
    const total = rows.reduce((s, r) => s + r.excessEnergy, 0);
    expect(total).toBeCloseTo(60 * MW * 5.55, 0);
    expect(rows.map((r) => r.excessEnergy / MW)).toEqual([
      60 * 0.5, 60 * 0.6, 60 * 1, 60 * 0.6, 60 * 1, 60 * 0.6, 60 * 1, 60 * 0.25, 0, 0,
    ].map((x) => expect.closeTo(x, 9)));
  });

  it('a battery shaving the POI below the constraint leaves no excess; without it the same load breaches', () => {
    const site = (battery: string) => `  dc1:\n    ai_load:\n      rated_power: 100 MW\n      duty: 1\n${battery}`;
    const withBattery = sitesFrom(site(`    battery:\n      energy: 10 MWh\n      power: 30 MW\n      poi_ceiling: 80 MW\n`));
    const without = sitesFrom(site(''));
    for (const reg of [withBattery, without]) reg.setInput('dc1', 'constraint', 85 * MW, 2 * S);
    const shaved = between(run(withBattery, 0, 20 * S, 1 * S), 2, 20);
    const breached = between(run(without, 0, 20 * S, 1 * S), 2, 20);
    expect(shaved.every((r) => r.excessEnergy === 0)).toBe(true);
    expect(breached.reduce((s, r) => s + r.excessEnergy, 0)).toBeCloseTo(15 * MW * 18, 0);
  });
});

describe('cooling power', () => {
  const site = (id: string, mw: number) => `  ${id}:\n    ai_load:\n      rated_power: ${mw} MW\n      duty: 1\n    cooling:\n      design_heat: 100 MW\n`;

  it('rises with IT power: the same 100 MW loop at 30, 60 and 100 MW of IT, pumps fixed, heat rejection 2 % of the heat', () => {
    const reg = sitesFrom(site('low', 30) + site('mid', 60) + site('high', 100));
    run(reg, 0, 30 * S, 1 * S);
    const a = reg.arrays.site;
    const cooling = [0, 1, 2].map((i) => a.coolingMean[i]);
    expect(cooling[0]).toBeGreaterThan(0);
    expect(cooling[1]).toBeGreaterThan(cooling[0]);
    expect(cooling[2]).toBeGreaterThan(cooling[1]);
    // Same pumps (flows set by the design heat); the plant's fans take 2 % of the heat rejected.
    expect(cooling[1] - cooling[0]).toBeCloseTo(0.02 * 30 * MW, 0);
    expect(cooling[2] - cooling[1]).toBeCloseTo(0.02 * 40 * MW, 0);
    // And the POI carries it.
    for (let i = 0; i < 3; i++) expect(a.poiMean[i]).toBeCloseTo(a.itMean[i] + a.coolingMean[i], 3);
  });

  it('follows a job stop with the loop’s lag: unchanged for a minute, then down to the idle level within 20 min', () => {
    const reg = sitesFrom(site('dc1', 100));
    reg.setInput('dc1', 'running', 0, 10 * S);
    const rows = run(reg, 0, 1800 * S, 10 * S);
    const before = rows[0].coolingMean;
    const at = (s: number) => rows.find((r) => r.t1 === s * S)!;
    expect(at(20).itMean).toBe(20 * MW); // IT is at idle at once …
    expect(at(70).coolingMean).toBe(before); // … the heat reaches the plant through the loop's pipes later
    expect(at(300).coolingMean).toBeLessThan(before);
    expect(at(1800).coolingMean).toBeCloseTo(before - 0.02 * 80 * MW, -3); // within 1 kW
  });
});
