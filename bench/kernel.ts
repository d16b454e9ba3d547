// Kernel throughput: events executed per second of wall time on one core, for workloads shaped like
// a twin's (telemetry on shared cadences, many staggered periods) and for the worst case the heap
// can see (every event at a distinct random time). Each workload is warmed up first (so the JIT has
// compiled the hot path), then measured several times on a fresh kernel; the median is reported.
import { Kernel } from '../sim/kernel/kernel.ts';
import { emit, info, median } from './report.ts';

const TARGET = { of: 'value', op: '>=', limit: 5_000_000 } as const;
const REPEATS = 5;
const MS = 1_000;
const S = 1_000_000;

interface Workload {
  name: string;
  about: string;
  /** Builds the kernel and its processes; returns how to run it up to a simulation time. */
  setup(): { kernel: Kernel; check(): number };
  /** Simulation time covering roughly `events` events. */
  horizon(events: number): number;
  /** Generator workloads: kernel events per process wake-up (a timeout event plus a resume event). */
  eventsPerWakeup?: number;
}

/** 1,000 devices reporting every 100 ms, 1 s or 4 s, in phase: many events share an instant. */
const sharedCadences: Workload = {
  name: 'shared-cadences',
  about: '1,000 periodic processes on shared 100 ms / 1 s / 4 s cadences',
  setup() {
    const kernel = new Kernel();
    let work = 0;
    const periods = [100 * MS, 1 * S, 4 * S];
    for (let i = 0; i < 1000; i++) {
      const period = periods[i % 3];
      const tick = () => {
        work += i; // a token of work, so the callback cannot be optimised away
        kernel.after(period, tick);
      };
      kernel.schedule(0, tick);
    }
    return { kernel, check: () => work };
  },
  // Per simulated second: 334 × 10 + 333 × 1 + 333 × 0.25 events.
  horizon: (events) => Math.ceil(events / (334 * 10 + 333 + 333 / 4)) * S,
};

/** 10,000 processes at 7 prime-ish periods, each with its own phase: nearly every time is distinct. */
const staggered: Workload = {
  name: 'staggered-10k',
  about: '10,000 processes at 7 staggered prime-ish periods (1009..1039 ms)',
  setup() {
    const kernel = new Kernel();
    let work = 0;
    const periods = [1009, 1013, 1019, 1021, 1031, 1033, 1039].map((p) => p * MS);
    for (let i = 0; i < 10_000; i++) {
      const period = periods[i % periods.length];
      const tick = () => {
        work += i;
        kernel.after(period, tick);
      };
      // Phases spread over the period in µs steps (7919 is prime, so they do not line up).
      kernel.schedule((i * 7919) % period, tick);
    }
    return { kernel, check: () => work };
  },
  horizon: (events) => Math.ceil((events / 10_000) * 1.024 * S),
};

/** Worst case: 1,000 pending events, each rescheduling itself at now + uniform 1..1e6 µs. */
const randomTimes: Workload = {
  name: 'random-times',
  about: 'worst case: 1,000 pending, each reschedules at now + random 1..1e6 µs (seeded LCG)',
  setup() {
    const kernel = new Kernel();
    let state = 12345;
    // Numerical Recipes LCG: deterministic and far cheaper than the event it feeds, so the figure
    // measures the heap, not the generator.
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return 1 + (state % 1_000_000);
    };
    let work = 0;
    const tick = () => {
      work++;
      kernel.after(next(), tick);
    };
    for (let i = 0; i < 1000; i++) kernel.schedule(next(), tick);
    return { kernel, check: () => work };
  },
  // Mean delay 0.5 s with 1,000 pending: ~2,000 events per simulated second.
  horizon: (events) => Math.ceil(events / 2000) * S,
};

/** The generator-process path: the same shared cadences, written as `yield kernel.timeout(p)`. */
const generators: Workload = {
  name: 'generator-processes',
  about: '1,000 generator processes (yield kernel.timeout) on 100 ms / 1 s / 4 s cadences',
  eventsPerWakeup: 2,
  setup() {
    const kernel = new Kernel();
    let work = 0;
    const periods = [100 * MS, 1 * S, 4 * S];
    for (let i = 0; i < 1000; i++) {
      const period = periods[i % 3];
      kernel.process(function* () {
        for (;;) {
          yield kernel.timeout(period);
          work += i;
        }
      });
    }
    return { kernel, check: () => work };
  },
  // Each wake-up is two events (the timeout firing, then the process resuming).
  horizon: (events) => Math.ceil(events / 2 / (334 * 10 + 333 + 333 / 4)) * S,
};

/** Runs the workload to `horizon` in engine-sized windows; returns events and seconds. */
function measure(w: Workload, events: number): { events: number; seconds: number } {
  const { kernel, check } = w.setup();
  const end = w.horizon(events);
  // The engine advances the kernel window by window; 100 ms windows keep that per-window cost in.
  const window = 100 * MS;
  const t0 = performance.now();
  for (let t = window; t <= end; t += window) kernel.runUntil(t);
  const seconds = (performance.now() - t0) / 1000;
  if (check() === 0) throw new Error(`${w.name}: no work was done`);
  return { events: kernel.processed, seconds };
}

export async function kernelBench(): Promise<void> {
  for (const w of [sharedCadences, staggered, randomTimes, generators]) {
    info(`kernel ${w.name}: ${w.about}`);
    measure(w, 1_000_000); // warm-up: not reported
    const rates: number[] = [];
    const wakeups: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const m = measure(w, 2_000_000);
      rates.push(m.events / m.seconds);
      if (w.eventsPerWakeup) wakeups.push(m.events / w.eventsPerWakeup / m.seconds);
      info(`  run ${r + 1}: ${m.events} events in ${m.seconds.toFixed(3)} s = ${(rates[r] / 1e6).toFixed(2)} M/s`);
    }
    emit({ name: `kernel.${w.name}.events_per_s`, value: median(rates), unit: 'events/s', target: TARGET });
    if (w.eventsPerWakeup) emit({ name: `kernel.${w.name}.wakeups_per_s`, value: median(wakeups), unit: 'wakeups/s' });
  }
}
