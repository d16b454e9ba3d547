// Governors (models/grid-governors.ts) inside the swing model: reference case F3 (Anderson &
// Mirheydar reheat SFR, closed-form second-order response) and the first-order droop with headroom.
import { describe, expect, it } from 'vitest';
import { GridFrequency, type GovernorParams } from '../../../models/grid-frequency.ts';
import { runGridSchedule } from '../../../models/grid-schedule.ts';

const MW = 1e6;
const f0 = 50;

describe('F3: Anderson–Mirheydar reheat SFR (H = 4 s, R = 0.05, D = 1, F_H = 0.3, T_R = 8 s, Km = 0.95, ΔP = 0.2 pu)', () => {
  const H = 4;
  const R = 0.05;
  const D = 1;
  const FH = 0.3;
  const TR = 8;
  const Km = 0.95;
  const dP = 0.2;
  const S = 1000 * MW; // any base: the response in pu does not depend on it

  // Closed form. Δω(s) = −ΔP/s · (R·ωn²/(D·R + Km)) · (1 + T_R·s)/(s² + 2ζωn·s + ωn²).
  // Step response of ωn²(1 + T·s)/(s² + 2σs + ωn²): y = 1 − e^(−σt)·(cos ωd·t + B·sin ωd·t) with
  // σ = ζωn, ωd = ωn√(1 − ζ²), B = (σ − ωn²·T)/ωd  (y(0) = 0, y'(0+) = ωn²·T by the initial-value theorem).
  const wn = Math.sqrt((D * R + Km) / (2 * H * R * TR));
  const zeta = (wn * (2 * H * R + (D * R + Km * FH) * TR)) / (2 * (D * R + Km));
  const sigma = zeta * wn;
  const wd = wn * Math.sqrt(1 - zeta * zeta);
  const B = (sigma - wn * wn * TR) / wd;
  const K = (-R * dP) / (D * R + Km);
  const dw = (t: number) => K * (1 - Math.exp(-sigma * t) * (Math.cos(wd * t) + B * Math.sin(wd * t)));
  // Nadir where y' = e^(−σt)·(ωn²T·cos ωd·t + (σB + ωd)·sin ωd·t) = 0 for the first time: ωd·t = atan2(ωn²T, −(σB + ωd)).
  const tNadir = Math.atan2(wn * wn * TR, -(sigma * B + wd)) / wd;
  const nadir = dw(tNadir);

  /** The SFR in SI: E_k = H·S; damping D pu ⇒ k_D·P_dem = D·S/f0, with P_dem = S. */
  function sfr(swing: 'linear' | 'energy'): GridFrequency {
    const gov: GovernorParams = { id: 'reheat', kind: 'reheat', rating: S, droop: R, gain: Km, hpFraction: FH, reheatTime: TR };
    const m = new GridFrequency({ f0, demand: S, kineticEnergy: H * S, damping: D / f0, swing, governors: [gov] });
    runGridSchedule(m, { until: 60, step: 0.01, disturbances: [{ at: 0, kind: 'generation-loss', power: dP * S }] });
    return m;
  }

  it('the closed form itself: Δω_ss = −R·ΔP/(D·R + Km) = −0.0100 pu, nadir at a real turning point', () => {
    expect(K).toBeCloseTo(-0.01, 12);
    expect(zeta).toBeGreaterThan(0);
    expect(zeta).toBeLessThan(1); // underdamped: a nadir exists
    // the turning point is a minimum of Δω: lower than just before and just after
    expect(nadir).toBeLessThan(dw(tNadir - 0.01));
    expect(nadir).toBeLessThan(dw(tNadir + 0.01));
  });

  it('steady state, nadir and nadir time within 1 % of the closed form (per-unit linear swing, as in the paper)', () => {
    const m = sfr('linear');
    const r = m.report();
    expect(Math.abs((m.frequency - f0) / f0 / K - 1)).toBeLessThan(0.01);
    expect(Math.abs((r.nadir.f - f0) / f0 / nadir - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.nadir.t / tNadir - 1)).toBeLessThan(0.01);
    // The nadir is also the first arrest.
    expect(r.firstArrest).toEqual(r.nadir);
    // The whole trace, not only the nadir: governor output at 60 s is ΔP − D·|Δω|.
    expect(m.governorOutputs()[0].power / S).toBeCloseTo(dP + D * K, 4);
  });

  it('the energy-exact swing stays within 1 % of the same closed form at this 2 % deviation', () => {
    const m = sfr('energy');
    const r = m.report();
    expect(Math.abs((m.frequency - f0) / f0 / K - 1)).toBeLessThan(0.01);
    expect(Math.abs((r.nadir.f - f0) / f0 / nadir - 1)).toBeLessThan(0.01); // 0.27 % deeper
    expect(Math.abs(r.nadir.t / tNadir - 1)).toBeLessThan(0.01); // 0.94 % earlier
  });
});

describe('first-order droop governor', () => {
  const S = 10_000 * MW;
  const R = 0.05;
  const demand = 30_000 * MW;
  const kD = 0.01; // D = 300 MW/Hz
  const droopGain = S / (R * f0); // 4,000 MW/Hz

  it('settles where droop and damping share the loss: Δf = −ΔP/(D + S/(R·f0))', () => {
    const m = new GridFrequency({ f0, demand, kineticEnergy: 150e9, damping: kD, governors: [{ id: 'g', kind: 'droop', rating: S, droop: R, timeConstant: 5 }] });
    runGridSchedule(m, { until: 120, step: 0.02, disturbances: [{ at: 0, kind: 'generation-loss', power: 1000 * MW }] });
    const df = -(1000 * MW) / (demand * kD + droopGain);
    expect(m.frequency - f0).toBeCloseTo(df, 5);
    expect(m.governorOutputs()[0].power).toBeCloseTo(-droopGain * df, -3); // W, to the kW
  });

  it('clipped to its headroom: the remainder falls on damping, Δf = −(ΔP − headroom)/D', () => {
    const headroom = 400 * MW;
    const m = new GridFrequency({
      f0,
      demand,
      kineticEnergy: 150e9,
      damping: kD,
      governors: [{ id: 'g', kind: 'droop', rating: S, droop: R, timeConstant: 5, headroom }],
    });
    let maxOut = 0;
    runGridSchedule(m, {
      until: 200,
      step: 0.02,
      disturbances: [{ at: 0, kind: 'generation-loss', power: 1000 * MW }],
      onStep: (g) => (maxOut = Math.max(maxOut, g.governorOutputs()[0].power)),
    });
    expect(maxOut).toBe(headroom);
    expect(m.frequency - f0).toBeCloseTo(-(600 * MW) / (demand * kD), 3);
  });

  it('a deadband keeps the governor still for small deviations', () => {
    const m = new GridFrequency({
      f0,
      demand,
      kineticEnergy: 150e9,
      damping: kD,
      governors: [{ id: 'g', kind: 'droop', rating: S, droop: R, timeConstant: 5, deadband: 0.2 }],
    });
    // 30 MW alone gives Δf_ss = −0.1 Hz on damping: inside the 0.2 Hz deadband.
    runGridSchedule(m, { until: 200, step: 0.02, disturbances: [{ at: 0, kind: 'generation-loss', power: 30 * MW }] });
    expect(m.governorOutputs()[0].power).toBe(0);
    expect(m.frequency - f0).toBeCloseTo(-0.1, 3);
  });
});
