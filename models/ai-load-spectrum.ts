// Where a load trace puts its energy in frequency: a plain DFT of the bins that matter and
// Parseval for the rest. Used to check that a training load's swing lands in the 0.1–20 Hz band
// utilities watch for forced oscillations (reference case A3) and to report the share there.

/** |X_k|² of the DFT of `x` (mean removed by the caller if wanted) at bin k. */
export function dftPower(x: ArrayLike<number>, k: number): number {
  const n = x.length;
  const w = (2 * Math.PI * k) / n;
  // Goertzel's recurrence: one multiply-add per sample, no table of sines.
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let j = 0; j < n; j++) {
    const s0 = x[j] + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

export interface BandShare {
  /** Share of the fluctuation's energy (mean removed) in [fLo, fHi], 0..1. */
  share: number;
  /** Frequency of the strongest bin inside the band (Hz). */
  peakHz: number;
  /** Frequency resolution (Hz). */
  binHz: number;
}

/**
 * Share of the energy of the fluctuation of `x` (samples every `dt` s, mean removed) that lies in
 * [fLo, fHi] Hz. Total energy by Parseval (Σ (x − mean)² · n = Σ_k |X_k|²), band energy from the
 * DFT bins in the band, counted twice for the mirrored negative frequencies (a bin at exactly
 * Nyquist once). Exact for a record of whole periods; otherwise leakage spreads energy to the
 * neighbouring bins.
 */
export function bandEnergyShare(x: ArrayLike<number>, dt: number, fLo: number, fHi: number): BandShare {
  const n = x.length;
  let mean = 0;
  for (let j = 0; j < n; j++) mean += x[j];
  mean /= n;
  const y = new Float64Array(n);
  let total = 0;
  for (let j = 0; j < n; j++) {
    y[j] = x[j] - mean;
    total += y[j] * y[j];
  }
  total *= n;
  const binHz = 1 / (n * dt);
  const kLo = Math.max(1, Math.ceil(fLo / binHz - 1e-9));
  const kHi = Math.min(Math.floor(n / 2), Math.floor(fHi / binHz + 1e-9));
  let band = 0;
  let peak = 0;
  let peakK = 0;
  for (let k = kLo; k <= kHi; k++) {
    const p = dftPower(y, k);
    band += 2 * k === n ? p : 2 * p;
    if (p > peak) (peak = p), (peakK = k);
  }
  return { share: total > 0 ? band / total : 0, peakHz: peakK * binHz, binHz };
}
