// timeseries.csv: one row per output interval (default: every window) — time, the grid model's
// columns if any, the fleet totals, and for each selected site its IT load, POI load (mean and
// peak), battery power, state of charge, active constraint and, where modelled, cooling power,
// burner power and connected share. Means are over the interval, peaks are its peak, states are at
// its end. The sites accumulate each interval themselves as they step (models/facility.ts), so a
// row costs one pass over the sites per interval, not per window. Streamed. Powers in MW.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { SiteInfo, SiteRegistry } from '../sim/engine/site-registry.ts';

const MW = 1e6;

/** More columns for the time series (the grid model's, for one); sampled at each row. */
export interface ColumnSource {
  header: string[];
  values(): number[];
}

export interface TimeseriesOptions {
  /** Sites with their own columns. */
  sites: SiteInfo[];
  /** Windows per row (1: every window). */
  windowsPerRow: number;
}

export class TimeseriesWriter {
  private readonly stream: WriteStream;
  rows = 0;
  /** Windows in the current (unwritten) interval. */
  private pending = 0;
  private readonly n: number;

  constructor(
    path: string,
    private readonly registry: SiteRegistry,
    private readonly extra: ColumnSource[] = [],
    private readonly options: TimeseriesOptions = { sites: registry.sites, windowsPerRow: 1 },
  ) {
    this.stream = createWriteStream(path);
    this.n = registry.sites.length;
    const cols = ['time_s', ...extra.flatMap((x) => x.header)];
    if (this.n > 0) cols.push('fleet_it_mw', 'fleet_poi_mw', 'fleet_battery_mw');
    for (const s of options.sites) {
      cols.push(`${s.id}_it_mw`, `${s.id}_poi_mw`, `${s.id}_poi_max_mw`, `${s.id}_battery_mw`, `${s.id}_soc`, `${s.id}_constraint_mw`);
      if (s.config.cooling) cols.push(`${s.id}_cooling_mw`);
      if (s.config.poi) cols.push(`${s.id}_burner_mw`);
      if (s.config.protection) cols.push(`${s.id}_connected`);
    }
    this.stream.write(`${cols.join(',')}\n`);
  }

  /** Windows still to go before the next row (the engine never steps past a row boundary). */
  windowsToRow(): number {
    return this.options.windowsPerRow - this.pending;
  }

  /**
   * `count` more windows have been stepped, ending at `tSeconds` (the sites accumulated their
   * results themselves); writes a row when the interval is complete.
   */
  windows(tSeconds: number, count: number): void {
    this.pending += count;
    if (this.pending >= this.options.windowsPerRow) this.flush(tSeconds);
  }

  /** Writes what has accumulated (the last, possibly partial, interval at the end of a run). */
  flush(tSeconds: number): void {
    const k = this.pending;
    if (k === 0) return;
    const s = this.registry.arrays.site;
    const cells: string[] = [fmt(tSeconds), ...this.extra.flatMap((x) => x.values().map(fmt))];
    if (this.n > 0) {
      let it = 0;
      let poi = 0;
      let batt = 0;
      for (let i = 0; i < this.n; i++) {
        it += s.tsIt[i];
        poi += s.tsPoi[i];
        batt += s.tsBatt[i];
      }
      cells.push(fmt(it / k / MW), fmt(poi / k / MW), fmt(batt / k / MW));
    }
    for (const site of this.options.sites) {
      const i = site.index;
      cells.push(
        fmt(s.tsIt[i] / k / MW),
        fmt(s.tsPoi[i] / k / MW),
        fmt(s.tsPeak[i] / MW),
        fmt(s.tsBatt[i] / k / MW),
        Number.isNaN(s.soc[i]) ? '' : fmt(s.soc[i]),
        Number.isFinite(s.constraint[i]) ? fmt(s.constraint[i] / MW) : '',
      );
      if (site.config.cooling) cells.push(fmt(s.tsCool[i] / k / MW));
      if (site.config.poi) cells.push(fmt(s.tsBurn[i] / k / MW));
      if (site.config.protection) cells.push(fmt(s.tsConn[i] / k));
    }
    this.stream.write(`${cells.join(',')}\n`);
    this.rows++;
    this.pending = 0;
    // The interval's accumulators live in the site table (the workers add to them): reset them
    // here, between steps, where nothing else touches the table.
    for (const f of ['tsIt', 'tsPoi', 'tsBatt', 'tsCool', 'tsBurn', 'tsConn'] as const) s[f].fill(0);
    s.tsPeak.fill(-Infinity);
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '';
}
