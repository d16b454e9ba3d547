// Frequency history for services that act on a delayed measurement (detection lag). Samples sit on
// a fixed grid of absolute times k·period, interpolated from the integrator's step ends, so the
// buffer's size and content do not depend on how the caller split its steps. All state is in one
// Float64Array (hashable, copyable).
//
// Layout: [lastK, count, tEnd, fEnd, ring…]; ring[k mod cap] holds f(k·period).
const LAST_K = 0;
const COUNT = 1;
const T_END = 2;
const F_END = 3;
const HEAD = 4;
/** Slack for float time comparisons (s); far below the µs resolution of simulation time. */
const EPS = 1e-9;

export const HISTORY_PERIOD_S = 0.005;

export class FrequencyHistory {
  readonly data: Float64Array;
  private readonly cap: number;

  constructor(
    maxLag: number,
    f: number,
    t = 0,
    readonly period = HISTORY_PERIOD_S,
  ) {
    this.cap = Math.ceil(maxLag / period) + 3;
    this.data = new Float64Array(HEAD + this.cap);
    const k = Math.floor(t / period + EPS);
    this.data[LAST_K] = k;
    this.data[COUNT] = 1;
    this.data[T_END] = t;
    this.data[F_END] = f;
    this.data[HEAD + (k % this.cap)] = f;
  }

  /** Appends the step from (t0, f0) to (t1, f1); t0 must be the previous step's end. */
  record(t0: number, f0: number, t1: number, f1: number): void {
    const d = this.data;
    const span = t1 - t0;
    for (let k = d[LAST_K] + 1; k * this.period <= t1 + EPS; k++) {
      const w = span > 0 ? Math.min(1, Math.max(0, (k * this.period - t0) / span)) : 1;
      d[HEAD + (k % this.cap)] = f0 + (f1 - f0) * w;
      d[LAST_K] = k;
      d[COUNT] = Math.min(this.cap, d[COUNT] + 1);
    }
    d[T_END] = t1;
    d[F_END] = f1;
  }

  /**
   * Frequency at time τ. The step in progress runs from the recorded end (tEnd, fEnd) to (t1, f1)
   * (a predicted value inside a Heun step); τ inside it is interpolated on that segment. Before the
   * oldest sample the oldest value is used (before the run: the initial frequency, a steady grid).
   */
  at(tau: number, t1: number, f1: number): number {
    const d = this.data;
    const tA = d[T_END];
    const fA = d[F_END];
    if (tau >= tA) return t1 > tA ? fA + ((f1 - fA) * Math.min(1, (tau - tA) / (t1 - tA))) : f1;
    const last = d[LAST_K];
    const tLast = last * this.period;
    const fLast = d[HEAD + (last % this.cap)];
    if (tau >= tLast) return tA > tLast ? fLast + ((fA - fLast) * (tau - tLast)) / (tA - tLast) : fA;
    const oldest = last - d[COUNT] + 1;
    if (tau <= oldest * this.period) return d[HEAD + (oldest % this.cap)];
    const j = Math.min(last - 1, Math.max(oldest, Math.floor(tau / this.period)));
    const fj = d[HEAD + (j % this.cap)];
    const fk = d[HEAD + ((j + 1) % this.cap)];
    return fj + ((fk - fj) * (tau - j * this.period)) / this.period;
  }
}
