// The progress bar of `gridtwin run` on stderr: simulation time against the run's duration, wall
// time and message rate, redrawn in place at most 10 times a second. It only draws on a terminal
// (both streams): in a pipe or a CI log a carriage-return bar is noise.
import type { TextSink } from './io.ts';

export interface ProgressSample {
  simSeconds: number;
  durationSeconds: number;
  messages: number;
}

/** Minimum wall time between two redraws (10 per second). */
export const REDRAW_INTERVAL_MS = 100;
const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\x1b[K';

/** One line, e.g. `[#########---------------]  37%  sim 222/600 s  wall 3.1 s  1,204 msg/s`. */
export function renderProgressLine(p: ProgressSample, wallSeconds: number): string {
  const share = p.durationSeconds > 0 ? Math.min(1, Math.max(0, p.simSeconds / p.durationSeconds)) : 1;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const pct = `${Math.floor(share * 100)}%`.padStart(4);
  const rate = wallSeconds > 0 ? Math.round(p.messages / wallSeconds) : 0;
  return `${bar} ${pct}  sim ${fmt(p.simSeconds)}/${fmt(p.durationSeconds)} s  wall ${wallSeconds.toFixed(1)} s  ${rate.toLocaleString('en-US')} msg/s`;
}

function fmt(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}

export class ProgressBar {
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly start: number;

  /** `now` is a wall clock in ms (injectable so tests control time). */
  constructor(
    private readonly sink: TextSink,
    readonly enabled: boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  update(p: ProgressSample): void {
    if (!this.enabled) return;
    const t = this.now();
    const last = p.simSeconds >= p.durationSeconds;
    if (!last && t - this.lastDraw < REDRAW_INTERVAL_MS) return;
    this.lastDraw = t;
    this.drawn = true;
    this.sink.write(`${CLEAR_LINE}${renderProgressLine(p, (t - this.start) / 1000)}`);
  }

  /** Erases the bar so what follows (errors, the scorecard) starts on a clean line. */
  finish(): void {
    if (this.drawn) this.sink.write(CLEAR_LINE);
    this.drawn = false;
  }
}
