// Downsampling while reading: a run's time series is read row by row (a 24 h run at 100 ms has
// 864,000 rows) and reduced on the fly to at most two rows per time bucket, so the memory a plot
// needs is bounded by the number of buckets, never by the length of the run. Each series keeps its
// minimum and its maximum of every bucket, in the order they happened, so a one-sample spike or dip
// survives; a stride or a mean would hide exactly what a reader is looking for. A bucket with one or
// two rows is passed through unchanged. The full-resolution CSV stays on disk.
//
// Unlike downsample.ts (which keeps the union of every series' extreme rows), a bucket here always
// becomes at most two rows — at the times of its first and last sample — whatever the number of
// series: each series' min and max are placed on those two rows in their order of occurrence. The
// shift in time is under one bucket width (1/2000 of the run by default), invisible at full view.
import type { Columns } from './downsample.ts';

export interface StreamingDownsampleOptions {
  /** Number of y series per row. */
  series: number;
  /** Bucket width in x units (> 0); bucket k holds x in [x0 + k·width, x0 + (k+1)·width). */
  bucketWidth: number;
  /** Where bucket 0 starts (default 0). */
  x0?: number;
}

interface Bucket {
  index: number;
  rows: number;
  firstX: number;
  lastX: number;
  /** The first two rows as they came (a bucket of one or two rows is passed through). */
  kept: Array<Array<number | null>>;
  keptX: number[];
  min: Float64Array;
  max: Float64Array;
  /** Sample sequence number of each series' min and max: which came first. */
  minAt: Float64Array;
  maxAt: Float64Array;
}

export class StreamingDownsampler {
  private readonly out: Columns;
  private bucket: Bucket | undefined;
  private readonly width: number;
  private readonly x0: number;
  private seq = 0;
  /** Rows pushed in total (the full resolution). */
  rowsIn = 0;

  constructor(private readonly opts: StreamingDownsampleOptions) {
    if (!Number.isInteger(opts.series) || opts.series < 0) throw new RangeError(`series must be a non-negative integer, got ${opts.series}`);
    if (!(opts.bucketWidth > 0) || !Number.isFinite(opts.bucketWidth)) throw new RangeError(`bucketWidth must be a positive number, got ${opts.bucketWidth}`);
    this.width = opts.bucketWidth;
    this.x0 = opts.x0 ?? 0;
    this.out = { xs: [], ys: Array.from({ length: opts.series }, () => []) };
  }

  /** Adds one row. x should not decrease; a row that goes back in time joins the current bucket. */
  push(x: number, ys: ArrayLike<number | null>): void {
    if (!Number.isFinite(x)) return;
    this.rowsIn++;
    const index = Math.floor((x - this.x0) / this.width);
    let b = this.bucket;
    if (!b || index > b.index) {
      if (b) this.flush(b);
      b = this.bucket = this.newBucket(index, x);
    }
    const seq = this.seq++;
    b.rows++;
    b.lastX = x;
    if (b.kept.length < 2) {
      b.kept.push(Array.from(ys, (v) => (v === null || !Number.isFinite(v) ? null : v)));
      b.keptX.push(x);
    }
    for (let j = 0; j < this.opts.series; j++) {
      const v = ys[j];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      if (Number.isNaN(b.min[j]) || v < b.min[j]) {
        b.min[j] = v;
        b.minAt[j] = seq;
      }
      if (Number.isNaN(b.max[j]) || v > b.max[j]) {
        b.max[j] = v;
        b.maxAt[j] = seq;
      }
    }
  }

  /** The downsampled columns (call once, after the last push). */
  finish(): Columns {
    if (this.bucket) this.flush(this.bucket);
    this.bucket = undefined;
    return this.out;
  }

  private newBucket(index: number, x: number): Bucket {
    const n = this.opts.series;
    return {
      index,
      rows: 0,
      firstX: x,
      lastX: x,
      kept: [],
      keptX: [],
      min: new Float64Array(n).fill(NaN),
      max: new Float64Array(n).fill(NaN),
      minAt: new Float64Array(n),
      maxAt: new Float64Array(n),
    };
  }

  private flush(b: Bucket): void {
    const { xs, ys } = this.out;
    if (b.rows <= 2) {
      b.kept.forEach((row, k) => {
        xs.push(b.keptX[k]);
        for (let j = 0; j < ys.length; j++) ys[j].push(row[j] ?? null);
      });
      return;
    }
    xs.push(b.firstX, b.lastX);
    for (let j = 0; j < ys.length; j++) {
      if (Number.isNaN(b.min[j])) {
        ys[j].push(null, null);
      } else if (b.minAt[j] <= b.maxAt[j]) {
        ys[j].push(b.min[j], b.max[j]);
      } else {
        ys[j].push(b.max[j], b.min[j]);
      }
    }
  }
}

/** Bucket width for about `buckets` buckets over `span` x units (span ≤ 0: a tiny width, no reduction). */
export function bucketWidthFor(span: number, buckets = 2000): number {
  return span > 0 && Number.isFinite(span) ? span / buckets : 1e-9;
}
