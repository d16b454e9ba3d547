// The gateway's Dynamic Demand algorithm for the AI-training load (a low-frequency-only switching
// load): when the effective frequency falls to `low` the gateway caps the GPUs to their floor —
// consumption deferred within the next window — and lifts the cap once the effective frequency is
// `release` above `low` again, or after `maxDuration` (availability is declared "for up to 30
// minutes"). Each switch is an Open Energi switch request: switch-ffr-start with value "-1" (low),
// then switch-ffr-end. The load cannot bring consumption forward (no dummy-work input while a job
// runs), so it offers no high-frequency response (docs/spec-decisions.md).
import type { Micros } from '../../time.ts';
import { effectiveFrequency } from '../../../models/effective-frequency.ts';
import type { OeValues } from './signal-state.ts';

export interface DynamicDemandSettings {
  /** Hz: defer at or below this effective frequency. */
  low: number;
  /** Hz above `low` at which the deferral ends. */
  release: number;
  maxDuration: Micros;
  /** Nominal frequency of the grid (the spec's 50 Hz). */
  nominal: number;
}

export type Switch = { kind: 'start'; at: Micros } | { kind: 'end'; at: Micros; reason: 'recovered' | 'max_duration' };

export class DynamicDemand {
  /** When the current deferral started (undefined: not deferring). */
  private since: Micros | undefined;
  /** IT power just before the deferral, W (the response is measured from it). */
  baseline = 0;
  /** Number of deferrals started so far. */
  switches = 0;
  /** A deferral hit maxDuration: no new one until the frequency has recovered (no chattering). */
  private lockedOut = false;

  constructor(private readonly s: DynamicDemandSettings) {}

  /** Hz: the effective frequency at or below which the load defers. */
  get low(): number {
    return this.s.low;
  }

  get deferring(): boolean {
    return this.since !== undefined;
  }

  /** The effective frequency for a grid frequency `f` and the entity's variables. */
  effective(f: number, v: OeValues): number {
    return effectiveFrequency(f, this.s.nominal, v['oe-add'], v['oe-multiply-high'], v['oe-multiply-low']);
  }

  /**
   * Called at every window end with the grid frequency the site sees, the entity's variables and
   * the load's IT power: returns a switch when the load must change state now.
   */
  update(t: Micros, f: number, v: OeValues, itPower: number): Switch | undefined {
    const fe = this.effective(f, v);
    if (this.since === undefined) {
      if (this.lockedOut && fe >= this.s.low + this.s.release) this.lockedOut = false;
      if (this.lockedOut || !(fe <= this.s.low)) return undefined;
      this.since = t;
      this.baseline = itPower;
      this.switches++;
      return { kind: 'start', at: t };
    }
    if (t - this.since >= this.s.maxDuration) {
      this.lockedOut = true;
      return this.end(t, 'max_duration');
    }
    if (fe >= this.s.low + this.s.release) return this.end(t, 'recovered');
    return undefined;
  }

  private end(t: Micros, reason: 'recovered' | 'max_duration'): Switch {
    this.since = undefined;
    return { kind: 'end', at: t, reason };
  }
}
