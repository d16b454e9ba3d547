// Mean and 95 % confidence interval of a metric across a point's seeds: Student's t for small
// samples (a planner sweeps 5–30 seeds, where 1.96 would claim too much confidence).

/** Two-sided 97.5 % quantiles of Student's t for 1…30 degrees of freedom (standard tables). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export interface MeanCi {
  n: number;
  mean: number;
  /** Half-width of the 95 % interval (0 for one sample: no spread is known, the band collapses). */
  half: number;
  min: number;
  max: number;
}

export function meanCi(values: number[]): MeanCi | undefined {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return undefined;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, half: 0, min: mean, max: mean };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const t = n - 1 <= 30 ? T975[n - 2] : 1.96;
  return { n, mean, half: (t * sd) / Math.sqrt(n), min: Math.min(...xs), max: Math.max(...xs) };
}

/**
 * Wilson score interval (95 %) of a pass share: honest at 0/n and n/n, where the normal
 * approximation claims certainty — 8 passes in 8 seeds is a pass rate of 68–100 %, not 100 %.
 */
export function wilson(passed: number, n: number): { share: number; lo: number; hi: number } | undefined {
  if (n === 0) return undefined;
  const z = 1.959964;
  const p = passed / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { share: p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
