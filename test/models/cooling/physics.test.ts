// The formula pieces of the cooling loop: the exact node update, the counterflow ε-NTU exchanger
// with UA ∝ ṁ^0.8, the design-point inversion and the actuator rate limits.
import { describe, expect, it } from 'vitest';
import { cduConductance, cduUaFromApproach, counterflowEffectiveness, counterflowNtu, nodeStep, rampEnd, rampMean } from '../../../models/cooling-physics.ts';

describe('nodeStep: exact exponential update of C·dT/dt = b(t) − G·T', () => {
  it('constant input: T(dt) = b/G + (T0 − b/G)·e^(−G·dt/C) for small and stiff a', () => {
    for (const a of [1e-6, 1e-3, 0.01, 0.5, 3, 50]) {
      const C = 1000;
      const G = 20;
      const dt = (a * C) / G;
      const eq = 5000 / G;
      expect(nodeStep(300, C, G, 5000, 5000, dt)).toBeCloseTo(eq + (300 - eq) * Math.exp(-a), 10);
    }
  });

  it('linear input over the step matches a 100,000-step RK4 reference within 1e-9 K', () => {
    const [C, G, b0, b1, dt, T0] = [2.5e5, 1.2e5, 3.6e7, 3.9e7, 1, 300];
    let T = T0;
    const n = 100_000;
    const h = dt / n;
    const f = (t: number, x: number) => (b0 + ((b1 - b0) * t) / dt - G * x) / C;
    for (let k = 0; k < n; k++) {
      const t = k * h;
      const k1 = f(t, T);
      const k2 = f(t + h / 2, T + (h / 2) * k1);
      const k3 = f(t + h / 2, T + (h / 2) * k2);
      const k4 = f(t + h, T + h * k3);
      T += (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    expect(Math.abs(nodeStep(T0, C, G, b0, b1, dt) - T)).toBeLessThan(1e-9);
  });

  it('never overshoots: a stiff node (a = 10⁶) lands on the end-of-step equilibrium b1/G less the ramp lag ḃ·C/G²', () => {
    // b rises 1e7 W/s: the node trails its equilibrium by (1e7/1e6)·(1/1e6) = 1e-5 K.
    expect(nodeStep(300, 1, 1e6, 3.1e8, 3.2e8, 1)).toBeCloseTo(320 - 1e-5, 9);
  });

  it('without flow (G = 0) it integrates the heat: T0 + dt·(b0 + b1)/(2C)', () => {
    expect(nodeStep(300, 1000, 0, 1000, 3000, 2)).toBeCloseTo(304, 12);
  });
});

describe('counterflow ε-NTU', () => {
  it('ε(NTU, Cr) and NTU(ε, Cr) are inverse, including Cr = 1 and near it', () => {
    for (const cr of [0, 0.3, 0.921, 1 - 1e-12, 1]) {
      for (const ntu of [0.1, 1, 4.5, 12]) expect(counterflowNtu(counterflowEffectiveness(ntu, cr), cr)).toBeCloseTo(ntu, 6);
    }
  });

  it('limits: ε = 1 − e^(−NTU) for Cr = 0, NTU/(1 + NTU) for Cr = 1, ε → 1 for large NTU', () => {
    expect(counterflowEffectiveness(2, 0)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(counterflowEffectiveness(3, 1)).toBeCloseTo(0.75, 12);
    expect(counterflowEffectiveness(3, 1 - 1e-10)).toBeCloseTo(0.75, 8);
    expect(counterflowEffectiveness(200, 0.5)).toBeCloseTo(1, 12);
  });

  it('the C1 design point: UA from the 3 K approach gives ε ≈ 0.843 and UA ≈ 0.556 MW/K', () => {
    const d = { heat: 2e6, facilitySupply: 299.95, approach: 3, secFlow: 31.48, secCp: 3950, primFlow: 32.3, primCp: 4180 };
    const ua = cduUaFromApproach(d);
    const cs = 31.48 * 3950;
    const eps = counterflowEffectiveness(ua / cs, cs / (32.3 * 4180));
    expect(eps * cs * (3 + 2e6 / cs)).toBeCloseTo(2e6, 3); // Q = ε·C_min·(T_return − T_fs)
    expect(eps).toBeCloseTo(0.843, 3);
    expect(ua / 1e6).toBeCloseTo(0.556, 3);
    expect(() => cduUaFromApproach({ ...d, approach: 0 })).toThrow(/ε/);
  });

  it('UA ∝ ṁ^0.8 when both flows scale together; zero flow on either side gives UA = 0', () => {
    const ua = (s: number, p: number) => cduConductance(5e5, 0.5, 0.8, s, 30, p, 32);
    expect(ua(15, 16) / ua(30, 32)).toBeCloseTo(0.5 ** 0.8, 12);
    expect(ua(30, 32)).toBeCloseTo(5e5, 6);
    expect(ua(15, 32)).toBeGreaterThan(ua(15, 16)); // one side alone limits less
    expect(ua(0, 32)).toBe(0);
    expect(ua(30, 0)).toBe(0);
  });
});

describe('actuator rate limits', () => {
  it('a valve with a 120 s stroke moves 1/120 per second; its mean over the step is the trapezoid', () => {
    expect(rampEnd(0, 1, 120, 1)).toBeCloseTo(1 / 120, 15);
    expect(rampMean(0, 1, 120, 1)).toBeCloseTo(1 / 240, 15);
    expect(rampEnd(0.5, 0, 120, 30)).toBeCloseTo(0.25, 15);
  });

  it('reaching the target part-way: the end is the target and the mean weighs both parts', () => {
    // 0.9 → 1 with a 30 s ramp takes 3 s of a 6 s step: mean = (0.95·3 + 1·3)/6.
    expect(rampEnd(0.9, 1, 30, 6)).toBe(1);
    expect(rampMean(0.9, 1, 30, 6)).toBeCloseTo((0.95 * 3 + 3) / 6, 14);
  });

  it('travel time 0 means instantaneous', () => {
    expect(rampEnd(0, 0.7, 0, 0.5)).toBe(0.7);
    expect(rampMean(0, 0.7, 0, 0.5)).toBe(0.7);
  });
});
