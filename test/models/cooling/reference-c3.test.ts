// Reference case C3 (../shared/reference-cases.md): a 60 % → 100 % utilisation step on a cold
// plate. Expected: the cold-plate outlet settles with τ ≈ 2 s (within 10 %); the facility loop
// responds over minutes. The C1 loop runs at steady state with 1.2 MW, then IT power steps to
// 2 MW; the facility steps the cooling in 10 ms sub-steps, the model at its internal step.
import { describe, expect, it } from 'vitest';
import { degC, loop, run } from './helpers.ts';

/** Samples taken after each physics step (the state only moves then), at times `dt`, 2·dt, … */
interface Trace {
  dt: number;
  plate: number[]; // cold-plate outlet, K
  rejected: number[]; // heat rejected at the plant, W
  plate0: number;
  rejected0: number;
}

function stepResponse(stepUs: number, seconds: number): Trace {
  const a = loop({ stepUs }, 1.2e6).arrays;
  const dt = stepUs / 1e6;
  const tr: Trace = { dt, plate: [], rejected: [], plate0: a.tPlate[0], rejected0: a.heatRejected[0] };
  const every = Math.round(dt / 0.01);
  let k = 0;
  run(a, seconds, 0.01, 2e6, () => {
    if (++k % every === 0) {
      tr.plate.push(a.tPlate[0]);
      tr.rejected.push(a.heatRejected[0]);
    }
  });
  return tr;
}

/** Value at time t (s), linear between samples (y0 at t = 0). */
const at = (x: number[], y0: number, dt: number, t: number) => {
  const k = t / dt - 1;
  const lo = Math.floor(k);
  const a = lo < 0 ? y0 : x[lo];
  return a + (k - lo) * (x[lo + 1] - a);
};

/** Time (s) at which a trace first reaches `share` of the way from y0 to y1, linear between samples. */
function timeTo(x: number[], y0: number, y1: number, share: number, dt: number): number {
  let prev = 0;
  for (let k = 0; k < x.length; k++) {
    const s = (x[k] - y0) / (y1 - y0);
    if (s >= share) return (k + (share - prev) / (s - prev)) * dt;
    prev = s;
  }
  return Infinity;
}

describe('C3: 60 % → 100 % step on the cold plates', () => {
  // The plate outlet's first rise is ΔQ/(ṁ·c_p); the loop's return (≈ 35 s later) adds the rest.
  const jump = 0.8e6 / (31.48 * 3950);

  for (const stepUs of [100_000, 500_000, 1_000_000]) {
    it(`internal step ${stepUs / 1e3} ms: the plate outlet follows 1 − e^(−t/τ) with τ = 2 s within 10 %`, () => {
      const tr = stepResponse(stepUs, 30);
      // τ from single samples, −t/ln(1 − y(t)/Δ), at 1–6 s and from the 63.2 % crossing.
      const taus = [1, 2, 3, 4, 6].map((s) => -s / Math.log(1 - (at(tr.plate, tr.plate0, tr.dt, s) - tr.plate0) / jump));
      const t63 = timeTo(tr.plate, tr.plate0, tr.plate0 + jump, 1 - Math.exp(-1), tr.dt);
      console.log(`C3 step ${stepUs / 1e3} ms: τ from samples ${taus.map((x) => x.toFixed(3)).join(', ')} s; 63.2 % after ${t63.toFixed(1)} s`);
      for (const tau of taus) expect(Math.abs(tau / 2 - 1)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(t63 / 2 - 1)).toBeLessThanOrEqual(0.1);
      // Settled on its first plateau (before the loop's return brings a warmer supply back).
      expect(Math.abs(at(tr.plate, tr.plate0, tr.dt, 25) - tr.plate0 - jump)).toBeLessThan(0.01 * jump);
    });
  }

  it('the facility loop responds over minutes: unchanged for the first minute, 63 % after 2–10 min, settled (1 %) within 15 min', () => {
    const tr = stepResponse(500_000, 1800);
    const share60 = (at(tr.rejected, tr.rejected0, tr.dt, 60) - tr.rejected0) / 0.8e6;
    const t63 = timeTo(tr.rejected, tr.rejected0, 2e6, 1 - Math.exp(-1), tr.dt);
    let settled = tr.rejected.length;
    while (settled > 0 && Math.abs(tr.rejected[settled - 1] - 2e6) < 0.01 * 0.8e6) settled--;
    const settledS = (settled + 1) * tr.dt;
    console.log(`C3 facility: heat rejected moved ${(100 * share60).toFixed(1)} % of the step after 60 s, 63 % after ${(t63 / 60).toFixed(2)} min, within 1 % after ${(settledS / 60).toFixed(2)} min`);
    expect(share60).toBeLessThan(0.05);
    expect(t63).toBeGreaterThanOrEqual(120);
    expect(t63).toBeLessThanOrEqual(600);
    expect(settledS).toBeLessThanOrEqual(900);
  });

  it('after the transient the loop sits at the 2 MW steady state (rack supply 29.8 °C)', () => {
    const a = loop({}, 1.2e6).arrays;
    run(a, 3600, 0.5, 2e6);
    expect(degC(a.tRackSupply[0])).toBeCloseTo(29.8, 2);
    expect(a.heatRejected[0]).toBeCloseTo(2e6, -1);
  });
});
