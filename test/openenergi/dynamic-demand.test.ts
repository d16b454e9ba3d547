// The gateway's Dynamic Demand switch for the AI-training load (sim/bindings/openenergi/dynamic-demand.ts)
// and the battery's state-of-charge alert (soc-alert.ts).
import { describe, expect, it } from 'vitest';
import { DynamicDemand } from '../../sim/bindings/openenergi/dynamic-demand.ts';
import { SocAlert } from '../../sim/bindings/openenergi/soc-alert.ts';
import { makeBatteryTable } from '../../models/battery.ts';

const S = 1_000_000;
const defaults = { 'oe-add': 0, 'oe-multiply-high': 1, 'oe-multiply-low': 1 };
const dd = () => new DynamicDemand({ low: 49.7, release: 0.05, maxDuration: 60 * S, nominal: 50 });

describe('Dynamic Demand switch', () => {
  it('defers at the trigger, not above it, and resumes only past the release band', () => {
    const d = dd();
    expect(d.update(0, 49.71, defaults, 1e6)).toBeUndefined();
    expect(d.update(1 * S, 49.7, defaults, 1e6)).toEqual({ kind: 'start', at: 1 * S });
    expect(d.deferring).toBe(true);
    expect(d.baseline).toBe(1e6);
    expect(d.update(2 * S, 49.74, defaults, 5e5)).toBeUndefined();
    expect(d.update(3 * S, 49.75, defaults, 5e5)).toEqual({ kind: 'end', at: 3 * S, reason: 'recovered' });
    expect(d.switches).toBe(1);
  });

  it('acts on the effective frequency: oe-add −0.8 at 50 Hz is 49.6 Hz effective', () => {
    const d = dd();
    expect(d.effective(50, { ...defaults, 'oe-add': -0.8 })).toBeCloseTo(49.6, 12);
    expect(d.update(0, 50, { ...defaults, 'oe-add': -0.8 }, 1e6)?.kind).toBe('start');
  });

  it('ends after the longest deferral and does not chatter back until the frequency recovered', () => {
    const d = dd();
    d.update(0, 49.5, defaults, 1e6);
    expect(d.update(60 * S, 49.5, defaults, 1e6)).toEqual({ kind: 'end', at: 60 * S, reason: 'max_duration' });
    expect(d.update(61 * S, 49.5, defaults, 1e6)).toBeUndefined();
    expect(d.update(62 * S, 49.8, defaults, 1e6)).toBeUndefined();
    expect(d.update(63 * S, 49.6, defaults, 1e6)?.kind).toBe('start');
  });
});

describe('state-of-charge alert', () => {
  const at = (soc: number) => {
    const b = makeBatteryTable({ energyCap: 1e9, dischargeMax: 1e6, socMin: 0.1 }).arrays;
    b.energy[0] = soc * 1e9;
    return b;
  };
  it('raises WARN near the floor, escalates to ERROR at it, and resolves with INFO only 5 % above', () => {
    const a = new SocAlert('b1', 0.1);
    expect(a.update(at(0.5), 0)).toBeUndefined();
    expect(a.update(at(0.115), 0)).toMatchObject({ entity: 'b1', level: 2 });
    expect(a.update(at(0.1), 0)).toMatchObject({ level: 3 });
    expect(a.update(at(0.13), 0)).toBeUndefined(); // between WARN and clear: stays raised
    expect(a.update(at(0.16), 0)).toMatchObject({ level: 1, text: expect.stringContaining('back to 16.0 %') });
    expect(a.update(at(0.5), 0)).toBeUndefined();
  });
});
