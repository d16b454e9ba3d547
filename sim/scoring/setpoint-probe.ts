// What the flexibility platform's setpoints achieved, judged on the resources' own 4 s readings
// (what the platform verifies delivery with):
//   latency  — from a setpoint's arrival (or its start, if later) to the first reading that moved
//              at least half the requested change from the reading before; never: +Infinity
//   tracking — RMS of (reading − setpoint) over readings whose whole interval one setpoint covered
//   energy   — delivered / requested over activation periods, against the baseline reading taken
//              just before the period began: Σ (reading − b)·sign(v − b)·Δ ÷ Σ |v − b|·Δ
import type { ProbeLog } from './probe-log.ts';
import type { Micros } from '../time.ts';

interface Watch {
  t0: Micros;
  to: Micros;
  before: number;
  target: number;
}

interface ResourceState {
  last?: { slot: Micros; value: number };
  /** The value followed now and since when (null: baseline). */
  applied: number | null;
  since: Micros;
  /** Baseline reading of the current activation period. */
  baseline?: number;
  watches: Watch[];
}

/** Requested changes smaller than this (W) are not timed. */
const MIN_CHANGE_W = 1;

export class SetpointProbe {
  private readonly resources = new Map<string, ResourceState>();
  private trackSq = 0;
  private trackN = 0;
  private delivered = 0;
  private requested = 0;

  constructor(
    private readonly probes: ProbeLog,
    private readonly interval: Micros,
  ) {}

  private state(id: string): ResourceState {
    let s = this.resources.get(id);
    if (!s) {
      s = { applied: null, since: 0, watches: [] };
      this.resources.set(id, s);
    }
    return s;
  }

  /** An accepted setpoint with a value, arriving at `arrival`, for [from, to). */
  command(id: string, arrival: Micros, from: Micros, to: Micros, value: number): void {
    const s = this.state(id);
    const t0 = Math.max(arrival, from);
    const before = s.last?.value;
    if (before === undefined || Math.abs(value - before) < MIN_CHANGE_W) return;
    s.watches.push({ t0, to, before, target: value });
  }

  /** The resource changed what it follows at `since` (null: back to baseline). */
  applied(id: string, value: number | null, since: Micros): void {
    const s = this.state(id);
    if (s.applied === null && value !== null) s.baseline = s.last?.value;
    if (value === null) s.baseline = undefined;
    s.applied = value;
    s.since = since;
  }

  /** A reading of the resource for the interval ending at `slot`. */
  reading(id: string, slot: Micros, value: number): void {
    const s = this.state(id);
    const covered = s.applied !== null && s.since <= slot - this.interval;
    if (covered) {
      const v = s.applied as number;
      this.trackSq += (value - v) ** 2;
      this.trackN++;
      if (s.baseline !== undefined) {
        const dt = this.interval / 1e6;
        this.requested += Math.abs(v - s.baseline) * dt;
        this.delivered += (value - s.baseline) * Math.sign(v - s.baseline) * dt;
      }
    }
    s.watches = s.watches.filter((w) => {
      if (slot <= w.t0) return true;
      if (Math.abs(value - w.before) >= 0.5 * Math.abs(w.target - w.before) && Math.sign(value - w.before) === Math.sign(w.target - w.before)) {
        this.probes.sample('setpoint_latency', (slot - w.t0) / 1e6);
        return false;
      }
      if (slot - this.interval >= w.to) {
        this.probes.sample('setpoint_latency', Infinity);
        return false;
      }
      return true;
    });
    s.last = { slot, value };
  }

  /** Metrics (SI): tracking error (W) and the delivered share of the requested energy. */
  /** `end`: where the run stopped; a change still awaited then counts as never only if its window was over. */
  finish(end: Micros): Record<string, number> {
    for (const s of this.resources.values()) {
      for (const w of s.watches) if (w.to <= end) this.probes.sample('setpoint_latency', Infinity);
      s.watches = [];
    }
    const out: Record<string, number> = {};
    if (this.trackN > 0) out.setpoint_tracking_error_rms = Math.sqrt(this.trackSq / this.trackN);
    if (this.requested > 0) {
      out.setpoint_energy_ratio = this.delivered / this.requested;
      out.setpoint_energy_requested = this.requested;
      out.setpoint_energy_delivered = this.delivered;
    }
    return out;
  }
}
