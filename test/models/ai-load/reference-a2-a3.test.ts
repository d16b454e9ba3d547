// Reference cases A2 and A3 (../shared/reference-cases.md): the power floor's effect on the swing,
// exact; and where the training wave puts its energy in frequency, within 1 %.
import { describe, expect, it } from 'vitest';
import { bandEnergyShare } from '../../../models/ai-load-spectrum.ts';
import { MS, S, site, table, trace } from './helpers.ts';

const swing = (x: Float64Array) => Math.max(...x) - Math.min(...x);

describe('A2: minimum power floor', () => {
  it('idle/TDP = 0.2, floor 0.9: the swing is (1 − 0.9)/(1 − 0.2) = 12.5 % of the unmitigated swing, exactly', () => {
    // Settled trace over two periods, 1 ms samples (edges included).
    const unmitigated = trace(table(site(100, { stepUs: MS })), 0, 6 * S, MS).slice(2000);
    const floored = trace(table(site(100, { stepUs: MS, floorShare: 0.9 })), 0, 6 * S, MS).slice(2000);
    expect(swing(floored) / swing(unmitigated)).toBeCloseTo(0.125, 12);
  });
});

/**
 * Share of the fluctuation energy of a trapezoidal pulse train (period T, duty d, edges τ) in the
 * harmonics k/T ∈ [fLo, fHi]: c_k ∝ sin(πkd)/(πk)·sinc(πkτ/T), AC energy = Σ_k≥1 2|c_k|².
 */
function analyticShare(T: number, d: number, tau: number, fLo: number, fHi: number): number {
  let band = 0;
  let total = 0;
  for (let k = 1; k <= 200_000; k++) {
    const x = (Math.PI * k * tau) / T;
    const sinc = x === 0 ? 1 : Math.sin(x) / x;
    const e = (Math.sin(Math.PI * k * d) / (Math.PI * k)) ** 2 * sinc * sinc;
    total += e;
    if (k / T >= fLo && k / T <= fHi) band += e;
  }
  return band / total;
}

describe('A3: energy of the training wave in the 0.1–20 Hz band', () => {
  for (const T of [0.5, 1, 2, 5]) {
    for (const edges of [0, 10]) {
      it(`T_iter ${T} s, ${edges} ms edges: fundamental at ${1 / T} Hz, band share = the Fourier series within 1 %`, () => {
        // 20 whole periods sampled at 1 ms from a settled wave (one period skipped).
        const x = trace(table(site(100, { stepUs: MS, periodUs: T * S, riseUs: edges * MS, fallUs: edges * MS })), 0, 21 * T * S, MS).slice(T * 1000);
        const r = bandEnergyShare(x, 1e-3, 0.1, 20);
        expect(r.peakHz).toBeCloseTo(1 / T, 9);
        expect(r.peakHz >= 0.1 && r.peakHz <= 20).toBe(true);
        const expected = analyticShare(T, 0.8, (edges * MS) / S, 0.1, 20);
        expect(Math.abs(r.share / expected - 1)).toBeLessThan(0.01);
        console.log(`A3 T=${T} s edges=${edges} ms: share in 0.1–20 Hz measured ${(100 * r.share).toFixed(2)} %, series ${(100 * expected).toFixed(2)} %`);
      });
    }
  }
});
