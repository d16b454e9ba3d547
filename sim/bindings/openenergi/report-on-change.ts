// When a reading must be sent (message format 2.0.0, "Power Consumption Readings", "Availability
// Readings", "Response Readings"): "A new reading should be generated whenever the [value]
// increases or decreases by more than 5% since its last sent value, or every 12 hours, whichever
// comes first." One tracker per device serves all its series, keyed by e.g. `entity/type`.
// Pure and deterministic: time (UNIX ms of the reading) is passed in.

export interface ReportOnChangeOptions {
  /** Relative change, against the last sent value, above which a value is sent. Default 0.05. */
  fraction?: number;
  /** Longest time between two sends of one series (UNIX ms apart). Default 12 h. */
  heartbeatMs?: number;
  /**
   * Smallest change worth a reading, in the value's unit. Default 0.1 (kW readings are rounded to
   * 100 W). A change below it is not sent even when it is more than `fraction` of a tiny last value
   * (it would not show once rounded), and from a last sent value of 0 — where any percentage of 0
   * is 0 — a change of at least this much is sent.
   */
  resolution?: number;
}

export const REPORT_FRACTION = 0.05;
export const HEARTBEAT_MS = 12 * 3_600_000;
export const KW_RESOLUTION = 0.1;

interface Sent {
  value: number;
  atMs: number;
}

export class ReportOnChange {
  private readonly fraction: number;
  private readonly heartbeatMs: number;
  /** Compared with a relative slack so that 0.1 kW steps in binary (0.30000000000000004 − 0.2) count. */
  private readonly resolution: number;
  /** Last sent value per key, in first-offer order (Map order: `due` is deterministic). */
  private readonly sent = new Map<string, Sent>();

  constructor(o: ReportOnChangeOptions = {}) {
    this.fraction = o.fraction ?? REPORT_FRACTION;
    this.heartbeatMs = o.heartbeatMs ?? HEARTBEAT_MS;
    this.resolution = o.resolution ?? KW_RESOLUTION;
    if (!(this.fraction >= 0) || !(this.heartbeatMs > 0) || !(this.resolution >= 0)) {
      throw new RangeError(`ReportOnChange: fraction ≥ 0, heartbeatMs > 0 and resolution ≥ 0 needed, got ${this.fraction}, ${this.heartbeatMs}, ${this.resolution}`);
    }
  }

  /**
   * Whether `value` must be sent now for `key`: the first value, a change of more than `fraction`
   * of the last sent value (from 0: a change of at least `resolution`), or `heartbeatMs` since the
   * last send. A true answer records the value as sent at `nowMs` — the caller sends it.
   */
  offer(key: string, value: number, nowMs: number): boolean {
    if (!Number.isFinite(value)) throw new RangeError(`ReportOnChange.offer(${key}): value must be finite, got ${value}`);
    const last = this.sent.get(key);
    if (last === undefined || this.mustSend(last, value, nowMs)) {
      this.sent.set(key, { value, atMs: nowMs });
      return true;
    }
    return false;
  }

  private mustSend(last: Sent, value: number, nowMs: number): boolean {
    if (nowMs - last.atMs >= this.heartbeatMs) return true;
    const change = Math.abs(value - last.value);
    if (change < this.resolution * (1 - 1e-9)) return false;
    return last.value === 0 ? change > 0 : change > this.fraction * Math.abs(last.value);
  }

  /** Keys whose heartbeat is due at `nowMs` (in first-offer order): offer their current value. */
  due(nowMs: number): string[] {
    const keys: string[] = [];
    for (const [key, last] of this.sent) if (nowMs - last.atMs >= this.heartbeatMs) keys.push(key);
    return keys;
  }

  /** The last sent value of `key` and when (UNIX ms), if any. */
  lastSent(key: string): Readonly<Sent> | undefined {
    return this.sent.get(key);
  }

  /** Forgets `key`: its next offer is sent as a first value (e.g. after an entity restarts). */
  forget(key: string): void {
    this.sent.delete(key);
  }
}
