// The "Plots" section of report.html: timeseries.csv read as a stream, each chart's columns
// downsampled while reading (min/max per time bucket, reports/html/streaming-downsample.ts), so a
// 24 h run at 100 ms never holds all its rows; the full-resolution CSV stays on disk.
import { escapeHtml, plotDiv } from '../html/page.ts';
import type { PlotSpec } from '../html/plot-spec.ts';
import { StreamingDownsampler } from '../html/streaming-downsample.ts';
import { openLines } from '../read-lines.ts';
import { chartsForColumns, type ChartDef } from './columns.ts';
import type { ReportFrame } from './frame.ts';

export interface TimeseriesSection {
  html: string;
  plots: PlotSpec[];
  /** Rows read from the CSV (full resolution) and points per series kept for the page. */
  rowsIn: number;
  pointsKept: number;
}

export async function timeseriesSection(path: string, frame: ReportFrame): Promise<TimeseriesSection> {
  const lines = await openLines(path);
  const empty = (why: string): TimeseriesSection => ({ html: section(`<p class="muted">${escapeHtml(why)}</p>`), plots: [], rowsIn: 0, pointsKept: 0 });
  if (!lines) return empty('This run folder has no timeseries.csv.');
  let charts: ChartDef[] | undefined;
  let samplers: StreamingDownsampler[] = [];
  let buffers: Array<Array<number | null>> = [];
  let seen: Uint32Array = new Uint32Array(0);
  let nonzero: Uint32Array = new Uint32Array(0);
  let row: number[] = [];
  for await (const line of lines) {
    if (!charts) {
      const header = line.split(',');
      charts = chartsForColumns(header);
      samplers = charts.map((c) => new StreamingDownsampler({ series: c.series.length, bucketWidth: frame.bucketWidth }));
      buffers = charts.map((c) => c.series.map(() => null));
      seen = new Uint32Array(header.length);
      nonzero = new Uint32Array(header.length);
      row = new Array<number>(header.length).fill(NaN);
      continue;
    }
    if (line === '') continue;
    const cells = line.split(',');
    for (let i = 0; i < row.length; i++) {
      const c = cells[i];
      const v = c === undefined || c === '' ? NaN : Number(c);
      row[i] = v;
      if (Number.isFinite(v)) {
        seen[i]++;
        if (v !== 0) nonzero[i]++;
      }
    }
    const t = row[0];
    for (let k = 0; k < charts.length; k++) {
      const defs = charts[k].series;
      const buf = buffers[k];
      for (let j = 0; j < defs.length; j++) {
        const v = row[defs[j].column];
        buf[j] = Number.isFinite(v) ? v * (defs[j].scale ?? 1) : null;
      }
      samplers[k].push(t, buf);
    }
  }
  if (!charts) return empty('timeseries.csv is empty.');
  const rowsIn = samplers[0]?.rowsIn ?? 0;
  if (rowsIn === 0) return empty('timeseries.csv has no rows: the run stopped before its first output interval.');

  const plots: PlotSpec[] = [];
  const blocks: string[] = [];
  let pointsKept = 0;
  charts.forEach((chart, k) => {
    const data = samplers[k].finish();
    const keep = chart.series
      .map((s, j) => j)
      .filter((j) => seen[chart.series[j].column] > 0 && !(chart.series[j].hideIfZero && nonzero[chart.series[j].column] === 0));
    if (keep.length === 0 || (chart.needs && !chart.needs.some((c) => seen[c] > 0))) return;
    pointsKept = Math.max(pointsKept, data.xs.length);
    const id = `ts-${chart.id}`;
    plots.push({
      id,
      title: chart.title,
      xLabel: 'simulated time',
      yLabel: chart.yLabel,
      xs: data.xs,
      series: keep.map((j) => {
        const def = chart.series[j];
        return { label: def.label, values: data.ys[j], ...(def.style === 'step' ? { style: 'step' as const } : {}), ...(def.color ? { color: def.color } : {}) };
      }),
      markers: frame.markers,
      hLines: chart.id === 'frequency' ? frequencyLines(frame) : undefined,
      xRange: frame.xRange,
      xDuration: true,
      syncKey: 'run-time',
      height: 260,
    });
    blocks.push(`<div class="chart"><p class="note">${escapeHtml(chart.note)}</p>${plotDiv(id)}</div>`);
  });
  const reduced =
    pointsKept < rowsIn
      ? `Drawn from ${rowsIn.toLocaleString('en-US')} rows, reduced to the minimum and maximum of each time bucket (at most ${pointsKept.toLocaleString('en-US')} points per series) so spikes stay visible; timeseries.csv has every row.`
      : `${rowsIn.toLocaleString('en-US')} rows, every one drawn.`;
  const intro = `<p class="muted">Drag to zoom (all charts follow), double-click to zoom out. Dashed lines mark scenario events. ${escapeHtml(reduced)}</p>`;
  return { html: section(intro + (blocks.length ? blocks.join('\n') : '<p class="muted">No column of timeseries.csv has data.</p>')), plots, rowsIn, pointsKept };
}

function section(inner: string): string {
  return `<section id="plots"><h2>Plots</h2>\n${inner}\n</section>`;
}

function frequencyLines(frame: ReportFrame): PlotSpec['hLines'] {
  const g = frame.summary.grid;
  if (!g) return undefined;
  return [
    { y: g.nominal_frequency_hz, label: `nominal ${g.nominal_frequency_hz} Hz` },
    { y: g.time_below.threshold_hz, label: `${g.time_below.threshold_hz} Hz` },
  ];
}
