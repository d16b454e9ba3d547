// The battery and the POI ramp limiter inside the composed site step: peak shaving holds the POI at
// its ceiling while the energy lasts (and the SoC output is the energy the battery delivered), the
// burner makes the POI fall no faster than the utility's limit after a job stop (A1 in small), and
// the site's frequency input drives a battery's frequency response.
import { describe, expect, it } from 'vitest';
import { MS, MW, MWh, S, between, integral, run, sitesFrom } from './helpers.ts';

describe('peak shaving', () => {
  // 100 MW flat, ceiling 95 MW: 5 MW from a 1 MWh battery at 50 % (floor 10 %) with η_d = 0.95
  // lasts 0.4 × 3600 MJ × 0.95 / 5 MW = 273.6 s (plus ≈ τ_inv = 50 ms of lag at the start).
  const site = () =>
    sitesFrom(`  dc1:
    ai_load:
      rated_power: 100 MW
      duty: 1
    battery:
      energy: 1 MWh
      power: 10 MW
      poi_ceiling: 95 MW
`);

  it('holds the POI at 95 MW while energy lasts (273.6 s), then lets the full 100 MW through at soc_min', () => {
    const rows = run(site(), 0, 300 * S, 1 * S);
    for (const r of between(rows, 1, 273)) {
      expect(r.poiMean, `window ending ${r.t1 / S} s`).toBeCloseTo(95 * MW, 0);
      expect(r.poiMax).toBeLessThanOrEqual(95 * MW + 1);
    }
    const lastHeld = rows.filter((r) => r.poiMax <= 95 * MW + 1).at(-1)!;
    expect(lastHeld.t1 / S).toBe(273); // the window ending at 274 s holds the end of the energy
    for (const r of between(rows, 275, 300)) {
      expect(r.poiMean).toBe(100 * MW);
      expect(r.battMean).toBe(0);
      expect(r.soc).toBeCloseTo(0.1, 12);
    }
  });

  it('reports a SoC that is the delivered energy: SoC = 0.5 − ∫P dt / (η_d · 1 MWh) after every window', () => {
    const reg = site();
    const rows = run(reg, 0, 280 * S, 1 * S);
    let delivered = 0;
    for (const r of rows) {
      delivered += r.battMean * r.span;
      expect(r.soc, `window ending ${r.t1 / S} s`).toBeCloseTo(0.5 - delivered / (0.95 * MWh), 9);
    }
    expect(rows.at(-1)!.soc).toBe(reg.arrays.battery.energy[0] / reg.arrays.battery.energyCap[0]);
    expect(delivered).toBeCloseTo(0.4 * 0.95 * MWh, -3); // everything down to soc_min, within 1 kJ
  });
});

describe('POI ramp limit enforced by a load burner (A1 in small)', () => {
  // 50 MW flat; a job stop at 10 s takes IT to idle (10 MW) at once. Limit 4 MW/min: the POI
  // falls 40 MW over 600 s; the burner peaks at 40 MW and burns ½ · 40 MW · 600 s = 12,000 MJ.
  const site = (poi: string) => {
    const reg = sitesFrom(`  dc1:\n    ai_load:\n      rated_power: 50 MW\n      duty: 1\n${poi}`);
    reg.setInput('dc1', 'running', 0, 10 * S);
    return reg;
  };
  const rate = (4 * MW) / 60;

  it('the POI falls no faster than 4 MW/min and reaches idle 600 s after the stop', () => {
    const reg = site(`    poi:\n      ramp_limit: 4 MW/min\n`);
    const rows = run(reg, 0, 700 * S, 1 * S);
    for (let k = 1; k < rows.length; k++) {
      const prev = rows[k - 1];
      const r = rows[k];
      expect(r.poiMin, `window ending ${r.t1 / S} s`).toBeGreaterThanOrEqual(prev.poiEnd - rate * r.span - 1);
    }
    const at = (s: number) => rows.find((r) => r.t1 === s * S)!;
    expect(at(10).poiEnd).toBe(50 * MW);
    expect(at(11).poiEnd).toBeCloseTo(50 * MW - rate, 0);
    expect(at(310).poiEnd).toBeCloseTo(30 * MW, 0);
    expect(at(609).poiEnd).toBeGreaterThan(10 * MW + rate / 2);
    expect(at(611).poiEnd).toBeCloseTo(10 * MW, 0);
    expect(at(611).itMean).toBe(10 * MW);
    const p = reg.arrays.poiRamp;
    expect(p.burnerPeak[0]).toBeCloseTo(40 * MW, -4); // within 10 kW: one 10 ms sub-step of the ramp
    expect(p.burnerEnergy[0] / (0.5 * 40 * MW * 600)).toBeCloseTo(1, 3);
    expect(integral(rows, 'burnerMean') / p.burnerEnergy[0]).toBeCloseTo(1, 3);
    expect(p.shortfallEnergy[0]).toBe(0);
  });

  it('without the POI block the same stop drops 40 MW within one window', () => {
    const rows = run(site(''), 0, 20 * S, 1 * S);
    expect(rows[9].poiEnd - rows[10].poiEnd).toBe(40 * MW);
  });

  it('a 20 MW burner cannot hold a 40 MW drop: the POI steps 20 MW down and the rest is counted as shortfall', () => {
    const reg = site(`    poi:\n      ramp_limit: 4 MW/min\n      burner: 20 MW\n`);
    const rows = run(reg, 0, 320 * S, 1 * S);
    // 10 MW + a full 20 MW burner, then down the ramp line for the 99 sub-steps after the first
    expect(rows[10].poiEnd).toBeCloseTo(30 * MW - rate * 0.99, 0);
    expect(reg.arrays.poiRamp.burnerPeak[0]).toBe(20 * MW);
    expect(reg.arrays.poiRamp.shortfallEnergy[0]).toBeGreaterThan(0);
  });
});

describe('frequency response driven by the site frequency input', () => {
  it('49.4 Hz from 5 s: a Dynamic Containment low battery waits its 0.5 s lag, ramps at 2/s, then discharges at capacity', () => {
    const reg = sitesFrom(`  dc1:
    ai_load:
      rated_power: 100 MW
      duty: 1
    battery:
      energy: 5 MWh
      power: 10 MW
      mode: idle
      frequency_response: { preset: dynamic_containment_low, capacity: 10 MW }
`);
    reg.setInput('dc1', 'frequency', 49.4, 5 * S);
    const rows = run(reg, 0, 8 * S, 10 * MS);
    const first = rows.find((r) => r.battMean !== 0)!;
    // The lag's history samples every lag/12 ≈ 42 ms: the response starts within one sample (and one step) of 5.5 s.
    expect(first.t0).toBeGreaterThanOrEqual(5.5 * S);
    expect(first.t0).toBeLessThanOrEqual(5.5 * S + 42 * MS + 10 * MS);
    // The ramp: 0.25 s after the lag at most half the capacity is commanded.
    expect(rows.find((r) => r.t1 === 5.75 * S)!.battMean).toBeLessThanOrEqual(5 * MW);
    for (const r of between(rows, 6.5, 8)) {
      expect(r.battMean).toBeGreaterThan(0.999 * 10 * MW);
      expect(r.battMean).toBeLessThanOrEqual(10 * MW);
      expect(r.poiMean).toBeCloseTo(100 * MW - r.battMean, 3);
    }
    expect(rows.at(-1)!.soc).toBeLessThan(0.5);
  });

  it('49.9 Hz, on the curve’s first segment, asks for a proportional share: 5 % × 0.085/0.185 of 10 MW', () => {
    // 49.9 Hz: between 49.985 Hz (0 %) and 49.8 Hz (5 %): 5 % × 0.085/0.185 of 10 MW ≈ 0.23 MW.
    const reg = sitesFrom(`  dc1:\n    ai_load:\n      rated_power: 100 MW\n      duty: 1\n    battery:\n      energy: 5 MWh\n      power: 10 MW\n      mode: idle\n      frequency_response: { preset: dynamic_containment_low, capacity: 10 MW }\n`);
    reg.setInput('dc1', 'frequency', 49.9, 1 * S);
    const rows = run(reg, 0, 5 * S, 1 * S);
    expect(rows.at(-1)!.battMean).toBeCloseTo((10 * MW * 0.05 * 0.085) / 0.185, 0);
  });
});
