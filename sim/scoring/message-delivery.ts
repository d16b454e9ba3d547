// Open Energi telemetry completeness: readings and events are sent on change, not on a fixed slot,
// so completeness is counted per message: of the readings and events each device produced, the
// share seen by the engine's observer at most `onTime` after they were produced. Later arrivals (a
// backlog after a connection loss) count as late; messages never seen (evicted from a full
// buffer, still buffered at the end, lost) as missing. Each message counts once (QoS 1 may
// deliver twice).
import type { Micros } from '../time.ts';

export class MessageDelivery {
  private readonly pending: Array<Map<string, Micros>>;
  private readonly produced: Float64Array;
  private readonly onTimeCount: Float64Array;
  late = 0;

  constructor(
    devices: number,
    private readonly onTime: Micros,
  ) {
    this.pending = Array.from({ length: devices }, () => new Map());
    this.produced = new Float64Array(devices);
    this.onTimeCount = new Float64Array(devices);
  }

  /** Device `k` produced the message identified by `key` at simulation time `t`. */
  produce(k: number, key: string, t: Micros): void {
    if (this.pending[k].has(key)) return;
    this.pending[k].set(key, t);
    this.produced[k]++;
  }

  /** Device `k`'s message `key` reached the broker at simulation time `arrival`. */
  observe(k: number, key: string, arrival: Micros): void {
    const t = this.pending[k].get(key);
    if (t === undefined) return;
    this.pending[k].delete(key);
    if (arrival - t > this.onTime) this.late++;
    else this.onTimeCount[k]++;
  }

  /** Messages produced but never seen (so far). */
  missing(): number {
    return this.pending.reduce((n, m) => n + m.size, 0);
  }

  metrics(): Record<string, number> {
    const n = this.produced.length;
    if (n === 0) return {};
    let sum = 0;
    let min = 1;
    let counted = 0;
    for (let k = 0; k < n; k++) {
      if (this.produced[k] === 0) continue;
      const share = this.onTimeCount[k] / this.produced[k];
      sum += share;
      min = Math.min(min, share);
      counted++;
    }
    if (counted === 0) return {};
    return { oe_telemetry_completeness: sum / counted, oe_telemetry_completeness_min: min, oe_telemetry_late: this.late, oe_telemetry_missing: this.missing() };
  }
}
