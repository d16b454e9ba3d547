// Grid frequency swing equation (models/grid-frequency.ts): reference cases F1, F2 and F4 in
// ../shared/reference-cases.md, plus exact landing of staged disturbances and inertia removal.
import { describe, expect, it } from 'vitest';
import { GridFrequency, type GridParams } from '../../../models/grid-frequency.ts';
import { runGridSchedule } from '../../../models/grid-schedule.ts';

const MW = 1e6;
const GWs = 1e9; // GW·s = GVA·s in J
const mHz = 1e-3;

function grid(p: Partial<GridParams>): GridFrequency {
  return new GridFrequency({ f0: 50, demand: 29_000 * MW, kineticEnergy: 210 * GWs, damping: 0, ...p });
}

describe('F1: 1,000 MW loss on E_k = 210 GVA·s, no damping, no response', () => {
  for (const step of [0.01, 0.02]) {
    it(`energy-exact: RoCoF 0.1190 Hz/s at once, f(10 s) = 50·√(1 − 10/210) = 48.795 Hz (step ${step * 1000} ms)`, () => {
      const m = grid({});
      m.applyDisturbance({ kind: 'generation-loss', power: 1000 * MW });
      expect(Math.abs(m.rocof() - -0.119)).toBeLessThan(1 * mHz); // 1000e6·50/(2·210e9) = 0.11905
      runGridSchedule(m, { until: 10, step });
      expect(m.frequency).toBeCloseTo(48.795, 3);
      expect(Math.abs(m.frequency - 50 * Math.sqrt(1 - 10 / 210))).toBeLessThan(1 * mHz);
    });
  }

  it('linearised form: f(10 s) = 50 − 10·0.11905 = 48.810 Hz', () => {
    const m = grid({ swing: 'linear' });
    runGridSchedule(m, { until: 10, step: 0.01, disturbances: [{ at: 0, kind: 'generation-loss', power: 1000 * MW }] });
    expect(Math.abs(m.frequency - 48.81)).toBeLessThan(1 * mHz);
  });
});

describe('F2: pure load damping D, no governors', () => {
  // demand 40 GW at 2.5 %/Hz → D = 1,000 MW/Hz; ΔP = 1,000 MW → Δf_ss = −1 Hz, τ = 2·E_k/(D·f0) = 8.4 s.
  const demand = 40_000 * MW;
  const kD = 0.025;
  const D = demand * kD;
  const dP = 1000 * MW;
  const Ek = 210 * GWs;
  const f0 = 50;

  it('linearised form follows Δf(t) = −(ΔP/D)·(1 − e^(−t·D·f0/(2E_k))) within 1 mHz for 60 s', () => {
    const m = grid({ demand, damping: kD, swing: 'linear' });
    let worst = 0;
    runGridSchedule(m, {
      until: 60,
      step: 0.02,
      disturbances: [{ at: 0, kind: 'generation-loss', power: dP }],
      onStep: (g) => {
        const expected = -(dP / D) * (1 - Math.exp((-g.time * D * f0) / (2 * Ek)));
        worst = Math.max(worst, Math.abs(g.frequency - f0 - expected));
      },
    });
    expect(worst).toBeLessThan(1 * mHz);
    expect(m.frequency - f0).toBeCloseTo(-(dP / D) * (1 - Math.exp((-60 * D * f0) / (2 * Ek))), 4);
  });

  it('energy-exact form follows its own closed form c·t = G(f) − G(f0), G(f) = −(a·ln|a − b·f| − (a − b·f))/b², within 1 mHz', () => {
    // f·df/dt = c·(a − b·f) with c = f0²/(2E_k), a = D·f0 − ΔP, b = D; G is ∫ f/(a − b·f) df.
    const c = (f0 * f0) / (2 * Ek);
    const a = D * f0 - dP;
    const b = D;
    const G = (f: number) => -(a * Math.log(Math.abs(a - b * f)) - (a - b * f)) / (b * b);
    const exact = (t: number) => {
      let lo = a / b + 1e-12; // steady state (49 Hz), approached from above
      let hi = f0;
      for (let k = 0; k < 200; k++) {
        const mid = (lo + hi) / 2;
        if (G(mid) - G(f0) < c * t) hi = mid;
        else lo = mid;
      }
      return (lo + hi) / 2;
    };
    const m = grid({ demand, damping: kD });
    let worst = 0;
    runGridSchedule(m, {
      until: 60,
      step: 0.02,
      disturbances: [{ at: 0, kind: 'generation-loss', power: dP }],
      onStep: (g) => (worst = Math.max(worst, Math.abs(g.frequency - exact(g.time)))),
    });
    expect(worst).toBeLessThan(1 * mHz);
    expect(m.frequency).toBeGreaterThan(49); // approaches the same steady state from above
  });
});

/** Time (s) the frequency takes to fall from 59.7 to 59.3 Hz after a 2,750 MW loss at t = 0. */
function ercotFallTime(kineticEnergy: number, swing: 'energy' | 'linear'): number {
  const m = new GridFrequency({ f0: 60, demand: 40_000 * MW, kineticEnergy, damping: 0, swing });
  let prevT = 0;
  let prevF = 60;
  let t597 = NaN;
  let t593 = NaN;
  runGridSchedule(m, {
    until: 1,
    step: 0.005,
    disturbances: [{ at: 0, kind: 'generation-loss', power: 2750 * MW }],
    onStep: (g) => {
      const cross = (level: number) => prevT + ((g.time - prevT) * (prevF - level)) / (prevF - g.frequency);
      if (Number.isNaN(t597) && g.frequency <= 59.7) t597 = cross(59.7);
      if (Number.isNaN(t593) && g.frequency <= 59.3) t593 = cross(59.3);
      prevT = g.time;
      prevF = g.frequency;
    },
  });
  return t593 - t597;
}

describe('F4: ERCOT 2,750 MW loss at 60 Hz', () => {
  it('with 94 GW·s the fall from 59.7 to 59.3 Hz takes ≈ 0.456 s (±5 %)', () => {
    const energy = ercotFallTime(94 * GWs, 'energy');
    const linear = ercotFallTime(94 * GWs, 'linear');
    expect(Math.abs(energy / 0.456 - 1)).toBeLessThan(0.05); // 0.4520 s: f² falls linearly
    expect(Math.abs(linear / 0.456 - 1)).toBeLessThan(0.05); // 0.4558 s: the ERCOT figure's form
  });

  it('removing ≈ 8 GW·s with the tripped units gives the ≥ 0.416 s bound (±5 %)', () => {
    // 94 − 8 = 86 GW·s; the inertia leaves with the disturbance.
    const m = new GridFrequency({ f0: 60, demand: 40_000 * MW, kineticEnergy: 94 * GWs, damping: 0 });
    m.applyDisturbance({ kind: 'generation-loss', power: 2750 * MW, inertia: 8 * GWs });
    expect(m.rocof()).toBeCloseTo((-2750 * MW * 60) / (2 * 86 * GWs), 9);
    const fall = ercotFallTime(86 * GWs, 'energy');
    expect(Math.abs(fall / 0.416 - 1)).toBeLessThan(0.05); // 0.4135 s (linearised: 0.4170 s)
    expect(fall).toBeLessThan(ercotFallTime(94 * GWs, 'energy'));
  });
});

describe('staged disturbances land exactly at their time', () => {
  it('losses at 0, 0.345 and 0.75 s with a 10 ms step match the piecewise closed form f² = f0²·(1 − ∫ΔP dt/E_k) to 1 µHz', () => {
    const losses = [
      { at: 0, power: 150 * MW },
      { at: 0.345, power: 737 * MW },
      { at: 0.75, power: 594 * MW },
    ];
    const m = grid({});
    runGridSchedule(m, { until: 2, step: 0.01, disturbances: losses.map((l) => ({ ...l, kind: 'generation-loss' as const })) });
    const energy = losses.reduce((e, l) => e + l.power * (2 - l.at), 0);
    expect(Math.abs(m.frequency - 50 * Math.sqrt(1 - energy / (210 * GWs)))).toBeLessThan(1e-6);
    // Applying the 0.345 s loss on the 10 ms grid (at 0.35 s) would be off by 737 MW·5 ms → 0.44 mHz.
    const rounded = 50 * Math.sqrt(1 - (energy - 737 * MW * 0.005) / (210 * GWs));
    expect(Math.abs(m.frequency - rounded)).toBeGreaterThan(0.4 * mHz);
  });

  it('a load loss raises frequency at ΔP·f0/(2·E_k)', () => {
    const m = grid({});
    m.applyDisturbance({ kind: 'load-loss', power: 1000 * MW });
    expect(m.rocof()).toBeCloseTo(0.119048, 5);
    runGridSchedule(m, { until: 1, step: 0.01 });
    expect(m.frequency).toBeGreaterThan(50.118);
  });

  it('a step longer than the model allows is refused', () => {
    expect(() => grid({}).step(0.05)).toThrow(/outside 0–0.02 s/);
  });
});
