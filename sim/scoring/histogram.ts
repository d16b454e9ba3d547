// Latency and duration distributions. Probe samples are few (one per request or target), so the
// exact values are kept and percentiles are exact (nearest-rank); values may be +Infinity for
// "never happened", which then dominates the upper percentiles — honestly.

export class Distribution {
  private values: number[] = [];
  private sorted = true;

  add(v: number): void {
    if (this.values.length > 0 && v < this.values[this.values.length - 1]) this.sorted = false;
    this.values.push(v);
  }

  get count(): number {
    return this.values.length;
  }

  private ordered(): number[] {
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    return this.values;
  }

  /** Nearest-rank percentile, p in (0, 100]; NaN when empty. */
  percentile(p: number): number {
    const v = this.ordered();
    if (v.length === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * v.length));
    return v[rank - 1];
  }

  max(): number {
    const v = this.ordered();
    return v.length ? v[v.length - 1] : NaN;
  }

  mean(): number {
    const v = this.values;
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  }

  summary(): { count: number; p50: number; p99: number; max: number; mean: number } {
    return { count: this.count, p50: this.percentile(50), p99: this.percentile(99), max: this.max(), mean: this.mean() };
  }
}
