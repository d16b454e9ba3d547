// Open Energi's effective frequency (message format 2.0.0, "Open Energi Signal Types"): the grid
// frequency GF as the device's frequency-response algorithm sees it after portfolio-management
// signals,
//   0.5·(2·oeMultiplyHigh·(GF − 50) + oeAdd) + 50   if GF ≥ 50
//   0.5·(2·oeMultiplyLow ·(GF − 50) + oeAdd) + 50   otherwise
// i.e. f0 + m·(GF − f0) + oeAdd/2. The spec writes 50 Hz; the nominal frequency of the response
// curve takes its place so a 60 Hz system works the same way (docs/spec-decisions.md, O-decisions).

/** The effective frequency, Hz. With the defaults (add 0, multipliers 1) it is `f` itself. */
export function effectiveFrequency(f: number, f0: number, add: number, mulHigh: number, mulLow: number): number {
  if (add === 0 && mulHigh === 1 && mulLow === 1) return f;
  return f0 + (f >= f0 ? mulHigh : mulLow) * (f - f0) + 0.5 * add;
}
