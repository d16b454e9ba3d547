// The time series of both runs on one time axis, for the comparison's combined plots. Both CSVs are
// streamed and merge-joined on time_s (B's last value at or before each of A's times, so runs with
// different windows still line up), then downsampled with min/max per bucket. Which columns: the
// ones asked for, else the ones that differ most (a first pass scores every shared column by its
// mean absolute difference relative to its range).
import { InputError } from '../../sim/errors.ts';
import { closest } from '../../sim/scenario/suggest.ts';
import { openLines } from '../read-lines.ts';
import { StreamingDownsampler, bucketWidthFor } from '../html/streaming-downsample.ts';
import type { Columns } from '../html/downsample.ts';

interface Joined {
  header: string[];
  headerB: string[];
}

/** Calls `each(t, rowA, rowB)` for every row of A with B's row in effect at that time. */
async function mergeJoin(pathA: string, pathB: string, each: (t: number, a: string[], b: string[] | undefined, ha: string[], hb: string[]) => void): Promise<Joined | undefined> {
  const la = await openLines(pathA);
  const lb = await openLines(pathB);
  if (!la || !lb) return undefined;
  const ib = lb[Symbol.asyncIterator]();
  let header: string[] | undefined;
  const first = await ib.next();
  if (first.done) return undefined;
  const headerB = first.value.split(',');
  const tb = headerB.indexOf('time_s');
  let current: string[] | undefined;
  let next = await ib.next();
  for await (const line of la) {
    if (!header) {
      header = line.split(',');
      continue;
    }
    if (!line) continue;
    const row = line.split(',');
    const t = Number(row[header.indexOf('time_s')]);
    while (!next.done && Number(next.value.split(',')[tb]) <= t) {
      current = next.value.split(',');
      next = await ib.next();
    }
    each(t, row, current, header, headerB);
  }
  await ib.return?.();
  return header ? { header, headerB } : undefined;
}

const val = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));

export async function sharedColumns(pathA: string, pathB: string): Promise<string[]> {
  const [la, lb] = await Promise.all([openLines(pathA), openLines(pathB)]);
  const first = async (l: AsyncIterable<string> | undefined) => {
    if (!l) return [];
    for await (const line of l) return line.split(',');
    return [];
  };
  const [ha, hb] = await Promise.all([first(la), first(lb)]);
  return ha.filter((c) => c !== 'time_s' && hb.includes(c));
}

/** The columns to plot: `wanted` checked against the shared columns, or the `count` most different. */
export async function pickColumns(pathA: string, pathB: string, wanted: string[] | undefined, count = 4): Promise<string[]> {
  const shared = await sharedColumns(pathA, pathB);
  if (wanted) {
    const unknown = wanted.filter((c) => !shared.includes(c));
    if (unknown.length) {
      throw new InputError('compare: unknown --columns', unknown.map((c) => ({ path: c, message: 'not a column both runs’ timeseries.csv have', hint: closest(c, shared) ? `did you mean '${closest(c, shared)}'?` : `columns: ${shared.slice(0, 12).join(', ')}${shared.length > 12 ? ', …' : ''}` })), 'BAD_ARGS');
    }
    return wanted;
  }
  const diff = new Map(shared.map((c) => [c, { sum: 0, n: 0, lo: Infinity, hi: -Infinity, ia: -1, ib: -1 }]));
  let indexed = false;
  await mergeJoin(pathA, pathB, (_t, a, b, ha, hb) => {
    if (!indexed) {
      for (const [c, acc] of diff) [acc.ia, acc.ib] = [ha.indexOf(c), hb.indexOf(c)];
      indexed = true;
    }
    for (const acc of diff.values()) {
      const x = val(a[acc.ia]);
      const y = val(b?.[acc.ib]);
      if (x === null || y === null) continue;
      acc.sum += Math.abs(x - y);
      acc.n++;
      acc.lo = Math.min(acc.lo, x, y);
      acc.hi = Math.max(acc.hi, x, y);
    }
  });
  const score = (c: string) => {
    const d = diff.get(c)!;
    return d.n === 0 ? 0 : d.sum / d.n / (d.hi - d.lo || 1);
  };
  const differing = shared.filter((c) => score(c) > 0).sort((x, y) => score(y) - score(x));
  return (differing.length ? differing : shared).slice(0, count);
}

/** Both runs' values of `columns`, downsampled: series 2k is column k in A, 2k + 1 in B. */
export async function combinedSeries(pathA: string, pathB: string, columns: string[], spanS: number): Promise<Columns> {
  const ds = new StreamingDownsampler({ series: 2 * columns.length, bucketWidth: bucketWidthFor(spanS) });
  const ys: Array<number | null> = new Array(2 * columns.length).fill(null);
  let ia: number[] | undefined;
  let ib: number[] = [];
  await mergeJoin(pathA, pathB, (t, a, b, ha, hb) => {
    if (!ia) {
      ia = columns.map((c) => ha.indexOf(c));
      ib = columns.map((c) => hb.indexOf(c));
    }
    for (let k = 0; k < columns.length; k++) {
      ys[2 * k] = val(a[ia[k]]);
      ys[2 * k + 1] = val(b?.[ib[k]]);
    }
    ds.push(t, ys);
  });
  return ds.finish();
}
