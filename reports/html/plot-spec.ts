// What an HTML page hands to its inlined plot script: one entry per chart. Plain data (JSON), so
// the page's script is the same for run reports, sweep reports and comparisons.

export interface PlotSeries {
  label: string;
  /** Aligned with PlotSpec.xs; null leaves a gap. */
  values: Array<number | null>;
  /** Optional band around the series (e.g. a 95 % confidence interval), drawn shaded. */
  band?: { lo: Array<number | null>; hi: Array<number | null> };
  /** 'line' (default), 'points' (markers only) or 'step' (value held until the next x). */
  style?: 'line' | 'points' | 'step';
  /** Colour as #rrggbb (bands append an alpha); default: the page's palette by series index. */
  color?: string;
}

export interface PlotSpec {
  /** Unique within the page; the body places it with plotDiv(id). */
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  xs: number[];
  series: PlotSeries[];
  /** Vertical markers on the x axis (scenario events), labelled on hover. */
  markers?: Array<{ x: number; label: string }>;
  /** Horizontal reference lines (limits). */
  hLines?: Array<{ y: number; label: string }>;
  height?: number;
  /** Fixed x range, e.g. [0, simulated seconds], so the charts of one run line up. */
  xRange?: [number, number];
  /** x is seconds: label its ticks as durations (m:ss, h:mm) on time-friendly steps. */
  xDuration?: boolean;
  /** A lane chart: y value i is drawn and labelled as the category yCategories[i]. */
  yCategories?: string[];
  /** Charts with the same key share the cursor and the x zoom. */
  syncKey?: string;
}
