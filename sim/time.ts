// Simulation time is an integer count of microseconds (DESIGN.md rule 2). Helpers here are the only
// place where seconds and microseconds meet, so rounding happens once and the same way everywhere.

/** Simulation time or duration in integer microseconds. */
export type Micros = number;

export const US_PER_S = 1_000_000;
export const US_PER_MS = 1_000;

/** Seconds (SI, possibly fractional) to integer microseconds, rounding to nearest. */
export function secondsToMicros(seconds: number): Micros {
  return Math.round(seconds * US_PER_S);
}

export function microsToSeconds(us: Micros): number {
  return us / US_PER_S;
}

/** Throws unless `t` is a safe, non-negative integer number of microseconds. */
export function assertMicros(t: number, what = 'time'): Micros {
  if (!Number.isSafeInteger(t) || t < 0) {
    throw new RangeError(`${what} must be a non-negative integer number of microseconds, got ${t}`);
  }
  return t;
}

/**
 * Maps simulation time onto wall-clock-style timestamps: the run's wall-clock start in real-time
 * runs, the scenario's declared start in fast runs. Message timestamps come only from here.
 */
export class Epoch {
  constructor(readonly startMs: number) {}

  /** RFC 3339 UTC timestamp with millisecond precision and a `Z` suffix. */
  iso(t: Micros): string {
    return new Date(this.startMs + Math.floor(t / US_PER_MS)).toISOString();
  }

  /** UNIX milliseconds for simulation time `t`. */
  ms(t: Micros): number {
    return this.startMs + t / US_PER_MS;
  }

  /** Simulation time for an absolute UNIX-millisecond instant (may be negative: before the run). */
  fromMs(ms: number): Micros {
    return Math.round((ms - this.startMs) * US_PER_MS);
  }
}
