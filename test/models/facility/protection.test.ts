// Data-center protection inside the composed site step (reference case A4's logic): three voltage
// dips within the window transfer the site to backup — the grid sees no load, only the battery —
// and an operator's reconnect brings the load back along the configured ramp.
import { describe, expect, it } from 'vitest';
import type { SiteRegistry } from '../../../sim/engine/site-registry.ts';
import { MS, MW, S, between, run, sitesFrom } from './helpers.ts';

/** 100 MW flat + 10 MW auxiliaries, a battery exporting a 5 MW setpoint, the A4 rule, 10 s reconnection. */
function site(): SiteRegistry {
  return sitesFrom(`  dc1:
    auxiliary_load: 10 MW
    ai_load:
      rated_power: 100 MW
      duty: 1
    battery:
      energy: 10 MWh
      power: 20 MW
      mode: setpoint
      setpoint: 5 MW
    protection:
      dips_to_transfer: 3
      window: 60 s
      reconnect_time: 10 s
`);
}

function dip(reg: SiteRegistry, atS: number, pu = 0.3, ms = 50): void {
  reg.setInput('dc1', 'voltage', pu, Math.round(atS * S));
  reg.setInput('dc1', 'voltage', 1, Math.round(atS * S) + ms * MS);
}

describe('protection in the site step', () => {
  it('dips 1–2 do nothing; the third (at 30.5 s) transfers the site: connected share 0, POI = − battery', () => {
    const reg = site();
    dip(reg, 10);
    dip(reg, 20);
    dip(reg, 30.5);
    const rows = run(reg, 0, 60 * S, 1 * S);
    for (const r of between(rows, 0, 30)) expect(r.connectedMean).toBeCloseTo(1, 12);
    const w = rows.find((r) => r.t0 === 30 * S)!;
    expect(w.connectedMean).toBeCloseTo(0.5, 12); // transferred at 30.500 s exactly
    expect(w.poiMean).toBeCloseTo(110 * MW * 0.5 - w.battMean, 3);
    for (const r of between(rows, 31, 60)) {
      expect(r.connectedMean).toBe(0);
      expect(r.itMean).toBe(100 * MW); // the IT load runs on, on backup power
      expect(r.battMean).toBeCloseTo(5 * MW, 3);
      expect(r.poiMean).toBe(-r.battMean);
      expect(r.poiMax).toBeLessThan(0);
    }
    expect(reg.arrays.protection.lastTransferUs[0]).toBe(30.5 * S);
  });

  it('stays off until an operator reconnects, then returns at 1/10 s⁻¹: mean shares 0.05, 0.15 … 0.95, then 1', () => {
    const reg = site();
    dip(reg, 1);
    dip(reg, 2);
    dip(reg, 3);
    reg.setInput('dc1', 'reconnect', 1, 40 * S);
    const rows = run(reg, 0, 55 * S, 1 * S);
    for (const r of between(rows, 4, 40)) expect(r.connectedMean).toBe(0);
    const ramp = between(rows, 40, 50);
    expect(ramp.map((r) => r.connectedMean)).toEqual(ramp.map((_, k) => expect.closeTo(0.05 + 0.1 * k, 12)));
    for (const r of between(rows, 40, 55)) {
      // IT and auxiliaries are constant, so the window balance holds with the mean share.
      const expected = 110 * MW * r.connectedMean - r.battMean;
      expect(Math.abs(r.poiMean - expected) / Math.abs(expected), `window ending ${r.t1 / S} s`).toBeLessThan(1e-9);
    }
    for (const r of between(rows, 50, 55)) expect(r.connectedMean).toBeCloseTo(1, 12);
    expect(reg.arrays.protection.refusedCommands[0]).toBe(0);
  });

  it('a reconnect order before any transfer, or while the voltage is still low, is refused and changes nothing', () => {
    const reg = site();
    reg.setInput('dc1', 'reconnect', 1, 1 * S); // not transferred
    dip(reg, 2);
    dip(reg, 3);
    dip(reg, 4, 0.3, 2000); // third dip, lasting 2 s: transferred at 4 s
    reg.setInput('dc1', 'reconnect', 1, 5 * S); // voltage still at 0.3 pu
    const rows = run(reg, 0, 20 * S, 1 * S);
    expect(reg.arrays.protection.refusedCommands[0]).toBe(2);
    for (const r of between(rows, 4, 20)) expect(r.connectedMean).toBe(0);
  });

  it('dips spread wider than the window never transfer', () => {
    const reg = site();
    for (const t of [1, 40, 80, 120]) dip(reg, t);
    const rows = run(reg, 0, 130 * S, 1 * S);
    expect(rows.every((r) => Math.abs(r.connectedMean - 1) < 1e-12)).toBe(true);
    expect(reg.arrays.protection.dipsCounted[0]).toBe(4);
    expect(reg.arrays.protection.transfers[0]).toBe(0);
  });
});
