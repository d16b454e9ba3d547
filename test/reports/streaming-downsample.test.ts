// The streaming downsampler: at most two rows per time bucket whatever the run's length, every
// bucket's minimum and maximum kept in the order they happened (spikes and dips survive), short
// data passed through unchanged, gaps kept as gaps.
import { describe, expect, it } from 'vitest';
import { StreamingDownsampler, bucketWidthFor } from '../../reports/html/streaming-downsample.ts';

describe('StreamingDownsampler', () => {
  it('keeps a one-sample spike and dip in a million rows, and at most two rows per bucket', () => {
    const n = 1_000_000;
    const dt = 0.1;
    const span = n * dt;
    const d = new StreamingDownsampler({ series: 2, bucketWidth: bucketWidthFor(span, 2000) });
    const row: Array<number | null> = [0, 0];
    for (let i = 0; i < n; i++) {
      const t = (i + 1) * dt;
      row[0] = 50 + 0.01 * Math.sin(i / 500) + (i === 777_777 ? 5 : 0) - (i === 123_456 ? 3 : 0);
      row[1] = i % 1000; // a sawtooth: every bucket spans 0 … 999
      d.push(t, row);
    }
    expect(d.rowsIn).toBe(n);
    const out = d.finish();
    expect(out.xs.length).toBeLessThanOrEqual(2 * 2001);
    expect(out.ys.every((y) => y.length === out.xs.length)).toBe(true);
    const f = out.ys[0] as number[];
    expect(Math.max(...f)).toBeCloseTo(55, 1);
    expect(Math.min(...f)).toBeCloseTo(47, 1);
    // The spike sits at a real sample time of its bucket (its first or last).
    const at = f.indexOf(Math.max(...f));
    expect(Math.abs(out.xs[at] - 777_778 * dt)).toBeLessThanOrEqual(span / 2000);
    // Each series keeps its own extremes: the sawtooth still spans 0 … 999 in its buckets.
    const saw = out.ys[1] as number[];
    expect(Math.min(...saw)).toBe(0);
    expect(Math.max(...saw)).toBe(999);
    // Time never goes backwards.
    for (let i = 1; i < out.xs.length; i++) expect(out.xs[i]).toBeGreaterThanOrEqual(out.xs[i - 1]);
  });

  it('passes short data through unchanged', () => {
    const d = new StreamingDownsampler({ series: 1, bucketWidth: 1 });
    const xs = [0.5, 1.2, 1.7, 3, 9.9];
    xs.forEach((x, i) => d.push(x, [i * 10]));
    expect(d.finish()).toEqual({ xs, ys: [[0, 10, 20, 30, 40]] });
  });

  it('puts min and max in the order they happened', () => {
    const d = new StreamingDownsampler({ series: 2, bucketWidth: 10 });
    const rows = [
      [0, 5, 5],
      [1, 9, 1],
      [2, 5, 5],
      [3, 1, 9],
      [4, 5, 5],
    ];
    for (const [x, a, b] of rows) d.push(x, [a, b]);
    const out = d.finish();
    expect(out.xs).toEqual([0, 4]);
    expect(out.ys).toEqual([
      [9, 1], // max came first
      [1, 9], // min came first
    ]);
  });

  it('keeps gaps: a series without a value in a bucket is null there; NaN and Infinity are not values', () => {
    const d = new StreamingDownsampler({ series: 2, bucketWidth: 1 });
    for (let i = 0; i < 10; i++) d.push(i / 10, [i, null]);
    for (let i = 10; i < 20; i++) d.push(i / 10, [i % 2 ? NaN : Infinity, i]);
    const out = d.finish();
    expect(out.xs).toEqual([0, 0.9, 1, 1.9]);
    expect(out.ys).toEqual([
      [0, 9, null, null],
      [null, null, 10, 19],
    ]);
  });

  it('adds a row that goes back in time to the current bucket instead of reopening an old one', () => {
    const d = new StreamingDownsampler({ series: 1, bucketWidth: 1 });
    for (const [x, y] of [[0, 1], [1.5, 2], [0.5, 100], [1.8, 3]]) d.push(x, [y]);
    const out = d.finish();
    expect(out.xs.length).toBe(3);
    expect(Math.max(...(out.ys[0] as number[]))).toBe(100);
  });

  it('refuses a width or series count that cannot work', () => {
    expect(() => new StreamingDownsampler({ series: 1, bucketWidth: 0 })).toThrow(RangeError);
    expect(() => new StreamingDownsampler({ series: 1, bucketWidth: NaN })).toThrow(RangeError);
    expect(() => new StreamingDownsampler({ series: -1, bucketWidth: 1 })).toThrow(RangeError);
  });

  it('sizes buckets from the span', () => {
    expect(bucketWidthFor(86_400, 2000)).toBeCloseTo(43.2);
    expect(bucketWidthFor(0)).toBeGreaterThan(0);
  });
});
