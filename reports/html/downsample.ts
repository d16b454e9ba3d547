// Downsampling for plots: a long run's time series (24 h at 100 ms is 864,000 rows) is far more
// than a browser should draw. Each bucket keeps its first point, its minimum and its maximum (in
// time order), so spikes and dips survive — a plain stride or mean would hide exactly the events a
// reader is looking for. The full-resolution CSV stays on disk.

export interface Columns {
  xs: number[];
  /** One array per series, aligned with xs; null = no value (a gap in the line). */
  ys: Array<Array<number | null>>;
}

/**
 * Reduce to at most (1 + 2·series)·buckets rows (n ≤ 3·buckets is returned as it is). Min and max are taken per series; the bucket's output
 * rows are the union of those rows (sorted), so every series keeps its own extremes.
 */
export function downsampleMinMax(data: Columns, buckets: number): Columns {
  const n = data.xs.length;
  if (buckets < 1 || n <= 3 * buckets) return data;
  const keep: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const i0 = Math.floor((b * n) / buckets);
    const i1 = Math.floor(((b + 1) * n) / buckets);
    if (i1 <= i0) continue;
    const rows = new Set<number>([i0]);
    for (const ys of data.ys) {
      let lo = -1;
      let hi = -1;
      for (let i = i0; i < i1; i++) {
        const v = ys[i];
        if (v === null || !Number.isFinite(v)) continue;
        if (lo < 0 || v < (ys[lo] as number)) lo = i;
        if (hi < 0 || v > (ys[hi] as number)) hi = i;
      }
      if (lo >= 0) rows.add(lo);
      if (hi >= 0) rows.add(hi);
    }
    keep.push(...[...rows].sort((a, b2) => a - b2));
  }
  return { xs: keep.map((i) => data.xs[i]), ys: data.ys.map((ys) => keep.map((i) => ys[i])) };
}
