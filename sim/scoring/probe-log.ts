// Probes measure what the control plane achieved (DESIGN.md "Scoring"): named distributions of
// durations and named accumulators, filled by the engine and the bindings as the run goes.
import { Distribution } from './histogram.ts';

export class ProbeLog {
  private readonly dists = new Map<string, Distribution>();
  private readonly sums = new Map<string, number>();

  /** Adds one sample (SI units; +Infinity for "never happened"). */
  sample(name: string, value: number): void {
    let d = this.dists.get(name);
    if (!d) {
      d = new Distribution();
      this.dists.set(name, d);
    }
    d.add(value);
  }

  add(name: string, value: number): void {
    this.sums.set(name, (this.sums.get(name) ?? 0) + value);
  }

  sum(name: string): number {
    return this.sums.get(name) ?? 0;
  }

  distribution(name: string): Distribution {
    return this.dists.get(name) ?? new Distribution();
  }

  names(): string[] {
    return [...this.dists.keys()].sort();
  }

  /** `<name>_p50/_p99/_max` for every distribution plus the sums, for threshold evaluation. */
  metrics(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, d] of this.dists) {
      out[`${name}_p50`] = d.percentile(50);
      out[`${name}_p99`] = d.percentile(99);
      out[`${name}_max`] = d.max();
    }
    for (const [name, v] of this.sums) out[name] = v;
    return out;
  }
}
