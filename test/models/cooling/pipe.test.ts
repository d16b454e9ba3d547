// Transport delay (volume-indexed ring buffer): the fluid leaving is the fluid that entered one
// pipe volume of flow earlier, at any flow and any step, without smearing a step beyond one slice.
import { describe, expect, it } from 'vitest';
import { PIPE_SLOTS, pipeFill, pipeOutlet, pipePush, pipeSlices } from '../../../models/cooling-pipe.ts';
import { loop, run } from './helpers.ts';

function pipe(temp: number) {
  const slots = Array.from({ length: PIPE_SLOTS }, () => new Float64Array(1));
  pipeFill(slots, 0, temp);
  return { slots, h: PIPE_SLOTS - 1 };
}

/** Drives a 0.5 m³ pipe with inlet `tin(t)` and flow `q(t)` (m³/s) in steps of dt; returns outlet samples. */
function drive(tin: (t: number) => number, q: (t: number) => number, dt: number, seconds: number): number[] {
  const p = pipe(tin(0));
  const out: number[] = [];
  let t = 0;
  for (let k = 0; k < Math.round(seconds / dt); k++) {
    p.h = pipePush(p.slots, 0, p.h, pipeSlices(q(t) * dt, 0.5), tin(t), tin(t + dt));
    t += dt;
    out.push(pipeOutlet(p.slots, 0, p.h));
  }
  return out;
}

describe('pipe transport delay', () => {
  it('a ramp at the inlet leaves exactly V/V̇ later (0.5 m³ at 0.025 m³/s → 20 s), at any step', () => {
    for (const dt of [0.1, 0.5, 1, 3]) {
      const out = drive((t) => 300 + 0.1 * t, () => 0.025, dt, 60);
      // Outlet at time t = inlet at t − 20 s (linear inlet ⇒ exact, no slice error).
      const k = out.length - 1;
      expect(out[k]).toBeCloseTo(300 + 0.1 * ((k + 1) * dt - 20), 9);
    }
  });

  it('half the flow doubles the delay', () => {
    const out = drive((t) => 300 + 0.1 * t, () => 0.0125, 0.5, 100);
    expect(out[Math.round(90 / 0.5) - 1]).toBeCloseTo(300 + 0.1 * (90 - 40), 9);
  });

  it('with a varying flow the delay is set by the volume pumped, not by time', () => {
    // 0.05 m³/s for 5 s (0.25 m³), then 0.0125 m³/s: the next 0.25 m³ takes 20 s, so what entered
    // at t = 0 leaves at t = 25 s.
    const q = (t: number) => (t < 5 ? 0.05 : 0.0125);
    const out = drive((t) => 300 + 0.01 * t, q, 0.25, 40);
    expect(out[Math.round(25 / 0.25) - 1]).toBeCloseTo(300, 9);
  });

  it('a step at the inlet is not smeared over more than one slice (V/15 of flow), as a chain of mixed tanks would', () => {
    const out = drive((t) => (t > 10 ? 310 : 300), () => 0.025, 0.05, 60);
    const rise = out.map((v, k) => ({ t: (k + 1) * 0.05, v })).filter((s) => s.v > 300.001 && s.v < 309.999);
    // The step enters between 10 and 10.05 s and leaves 20 s later; one slice is 20/15 s.
    expect(rise[0].t).toBeGreaterThanOrEqual(30 - 20 / 15);
    expect(rise[rise.length - 1].t).toBeLessThanOrEqual(30 + 20 / 15 + 0.05);
    expect(out[Math.round(32 / 0.05)]).toBe(310);
    expect(out[Math.round(28 / 0.05)]).toBe(300);
  });

  it('no flow: nothing moves and the outlet holds', () => {
    const out = drive((t) => 300 + t, () => 0, 0.5, 10);
    expect(out.every((v) => v === 300)).toBe(true);
  });

  it('a step longer than the whole pipe keeps only the newest samples (outlet = inlet of V ago)', () => {
    const out = drive((t) => 300 + t, () => 1, 2, 10); // 2 m³ per step through 0.5 m³
    expect(out[4]).toBeCloseTo(300 + 10 - 0.5, 9);
  });
});

describe('transport delays inside the loop', () => {
  it('an IT step reaches the CDU inlet one return-pipe delay later (0.5 m³ of PG25 at 31.48 kg/s = 16.1 s)', () => {
    const delay = (0.5 * 1016) / 31.48;
    const slice = delay / (PIPE_SLOTS - 1);
    const a = loop({ stepUs: 100_000 }, 1.2e6).arrays;
    const in0 = a.tCduIn[0];
    const plateMoved: number[] = [];
    const inletMoved: number[] = [];
    run(a, 40, 0.1, 2e6, (t) => {
      if (a.tManifold[0] - in0 > 1e-9) plateMoved.push(t);
      if (a.tCduIn[0] - in0 > 1e-9) inletMoved.push(t);
    });
    expect(plateMoved[0]).toBeCloseTo(0.1, 9); // the manifold moves in the first step
    expect(inletMoved[0]).toBeGreaterThan(delay - slice);
    expect(inletMoved[0]).toBeLessThan(delay + 0.1);
  });
});
