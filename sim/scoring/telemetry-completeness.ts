// Telemetry completeness: for every device, the share of its telemetry slots (every `interval`
// from the first slot to the end of the run) whose reading reached the broker on time — seen by the
// engine's observer at most `onTime` after the slot. A reading that arrives later (a backlog after a
// connection loss) counts as late, one that never arrives (dropped as stale, lost) as missing.
// Each slot counts once per device, however often it arrives (QoS 1 may deliver twice).
import type { Micros } from '../time.ts';

export class TelemetryCompleteness {
  private readonly slots: Uint8Array[];
  private readonly onTimeCount: Float64Array;
  late = 0;

  constructor(
    devices: number,
    private readonly interval: Micros,
    private readonly onTime: Micros,
    private readonly duration: Micros,
  ) {
    const n = Math.floor(duration / interval) + 1;
    this.slots = Array.from({ length: devices }, () => new Uint8Array(n));
    this.onTimeCount = new Float64Array(devices);
  }

  /** Device `k`'s reading for `slot` reached the broker at simulation time `arrival`. */
  observed(k: number, slot: Micros, arrival: Micros): void {
    const j = Math.round(slot / this.interval);
    const seen = this.slots[k];
    if (j < 1 || j >= seen.length || seen[j]) return;
    if (arrival - j * this.interval > this.onTime) {
      seen[j] = 2;
      this.late++;
      return;
    }
    seen[j] = 1;
    this.onTimeCount[k]++;
  }

  /** Slot of a reading from its `time` member (UNIX s) on the run's epoch (ms at sim time 0). */
  slotOf(timeS: number, epochMs: number): Micros {
    return Math.round(((timeS * 1000 - epochMs) * 1000) / this.interval) * this.interval;
  }

  /** Mean share over devices and the worst device's share, for slots up to simulation time `end`. */
  metrics(end: Micros): { telemetry_completeness: number; telemetry_completeness_min: number } | Record<string, never> {
    const expected = Math.floor(Math.min(end, this.duration) / this.interval);
    if (expected === 0 || this.slots.length === 0) return {};
    let sum = 0;
    let min = 1;
    for (const c of this.onTimeCount) {
      const share = Math.min(1, c / expected);
      sum += share;
      if (share < min) min = share;
    }
    return { telemetry_completeness: sum / this.slots.length, telemetry_completeness_min: min };
  }
}
