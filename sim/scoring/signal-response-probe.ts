// How fast a device's power answers a portfolio-management signal: when a signal point takes
// effect, the gateway states the change in power the new variables ask for at that moment (its
// response curve at the effective frequency, or the Dynamic Demand switch they trigger); the
// latency is the time to the first sample of the entity's power that moved at least half of it in
// that direction. Changes smaller than MIN_CHANGE_W are not timed; one not seen within `giveUp`
// counts as never (+Infinity).
import type { ProbeLog } from './probe-log.ts';
import type { Micros } from '../time.ts';

const MIN_CHANGE_W = 100;

interface Watch {
  t0: Micros;
  before: number;
  delta: number;
}

export class SignalResponseProbe {
  private readonly watches = new Map<string, Watch[]>();
  timed = 0;
  untimed = 0;

  constructor(
    private readonly probes: ProbeLog,
    private readonly giveUp: Micros,
  ) {}

  /** A signal point took effect at t0 on entity `key`, whose power was `before` W; it asks for `delta` W. */
  expect(key: string, t0: Micros, before: number, delta: number): void {
    if (!(Math.abs(delta) >= MIN_CHANGE_W)) {
      this.untimed++;
      return;
    }
    const list = this.watches.get(key) ?? [];
    list.push({ t0, before, delta });
    this.watches.set(key, list);
  }

  /** The entity's mean power (W) over the sample ending at `t`. */
  sample(key: string, t: Micros, power: number): void {
    const list = this.watches.get(key);
    if (!list || list.length === 0) return;
    this.watches.set(
      key,
      list.filter((w) => {
        if (t <= w.t0) return true;
        if ((power - w.before) * Math.sign(w.delta) >= 0.5 * Math.abs(w.delta)) {
          this.probes.sample('signal_latency', (t - w.t0) / 1e6);
          this.timed++;
          return false;
        }
        if (t - w.t0 >= this.giveUp) {
          this.probes.sample('signal_latency', Infinity);
          this.timed++;
          return false;
        }
        return true;
      }),
    );
  }
}
