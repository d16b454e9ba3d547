// What every section of report.html shares: the run summary, one time axis (0 … simulated time)
// so plots, timeline and message rates line up, the bucket width for downsampling, and the scenario
// events drawn as markers on every time chart.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { bucketWidthFor } from '../html/streaming-downsample.ts';

/** About this many buckets over the run: enough for a full-width chart, bounded for a 24 h run. */
export const PLOT_BUCKETS = 2000;
/** Markers beyond this many would hide the lines they annotate; the timeline lists them all. */
const MAX_MARKERS = 12;

export interface ReportFrame {
  summary: RunSummary;
  xRange: [number, number];
  bucketWidth: number;
  markers: Array<{ x: number; label: string }>;
}

export function reportFrame(summary: RunSummary, buckets = PLOT_BUCKETS): ReportFrame {
  const span = summary.run.simulated_s > 0 ? summary.run.simulated_s : summary.run.duration_s;
  const markers = summary.events
    .filter((e) => e.kind === 'scenario' || e.kind === 'physics')
    .slice(0, MAX_MARKERS)
    .map((e) => ({ x: e.t, label: shorten(e.what, 28) }));
  return { summary, xRange: [0, span > 0 ? span : 1], bucketWidth: bucketWidthFor(span, buckets), markers };
}

export function shorten(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}
