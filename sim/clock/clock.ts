// Fast (virtual) and real time. Real time paces against an absolute schedule — window k is due at
// wall time t0 + k·Δ, never "previous + Δ" — so lag never accumulates; how late each window was is
// measured and reported, not hidden. This is the only engine module that reads the wall clock.
import { setTimeout as sleep } from 'node:timers/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Micros } from '../time.ts';
import { Distribution } from '../scoring/histogram.ts';

export interface Clock {
  readonly mode: 'fast' | 'realtime';
  /** UNIX ms that simulation time 0 maps to (message timestamps). */
  readonly epochMs: number;
  /** Starts the clock: in real time, simulation time 0 is now. */
  start(): void;
  /** Waits until wall time reaches simulation time `t` (fast: returns at once). */
  waitUntil(t: Micros): Promise<void> | undefined;
  /** Simulation time the wall clock stands at (real time only). */
  simNow(): Micros;
  /** Lateness of each awaited instant, in seconds. */
  readonly lateness: Distribution;
}

export class FastClock implements Clock {
  readonly mode = 'fast';
  readonly lateness = new Distribution();

  constructor(readonly epochMs: number) {}

  start(): void {}

  waitUntil(): undefined {
    return undefined;
  }

  simNow(): Micros {
    throw new Error('a fast clock has no wall-clock position; use the kernel time');
  }
}

export class RealtimeClock implements Clock {
  readonly mode = 'realtime';
  readonly lateness = new Distribution();
  private t0 = 0;
  epochMs = 0;

  start(): void {
    this.t0 = performance.now();
    this.epochMs = Date.now();
  }

  simNow(): Micros {
    return Math.max(0, Math.round((performance.now() - this.t0) * 1000));
  }

  async waitUntil(t: Micros): Promise<void> {
    const target = this.t0 + t / 1000;
    for (;;) {
      const remaining = target - performance.now();
      if (remaining <= 0) break;
      // Timers fire up to ~1 ms late; sleep to just short of the target, then yield to the event
      // loop (so inbound messages keep flowing) until it arrives.
      if (remaining > 2) await sleep(remaining - 1.5);
      else await yieldToLoop();
    }
    this.lateness.add((performance.now() - target) / 1000);
  }
}
