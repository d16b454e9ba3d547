// timeseries.csv: one row per output interval (default: every window) — time, the grid model's
// columns if any, the fleet totals, and for each selected site its IT load, POI load (mean and
// peak), battery power, state of charge, active constraint and, where modelled, cooling power,
// burner power and connected share. Means are over the interval, peaks are its peak, states are at
// its end. Streamed: a long run never holds its time series in memory. Powers in MW.
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
  private windows = 0;
  private readonly n: number;
  // Accumulators since the last row, per site: sums of window means and the peak.
  private readonly acc: { it: Float64Array; poi: Float64Array; batt: Float64Array; cool: Float64Array; burn: Float64Array; conn: Float64Array; peak: Float64Array };
  private readonly fleet = { it: 0, poi: 0, batt: 0 };

  constructor(
    path: string,
    private readonly registry: SiteRegistry,
    private readonly extra: ColumnSource[] = [],
    private readonly options: TimeseriesOptions = { sites: registry.sites, windowsPerRow: 1 },
  ) {
    this.stream = createWriteStream(path);
    this.n = registry.sites.length;
    const f = () => new Float64Array(this.n);
    this.acc = { it: f(), poi: f(), batt: f(), cool: f(), burn: f(), conn: f(), peak: f().fill(-Infinity) };
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

  /** Adds the window that just ended at `tSeconds`; writes a row when the interval is complete. */
  window(tSeconds: number): void {
    const s = this.registry.arrays.site;
    const a = this.acc;
    for (let i = 0; i < this.n; i++) {
      a.it[i] += s.itMean[i];
      a.poi[i] += s.poiMean[i];
      a.batt[i] += s.battMean[i];
      a.cool[i] += s.coolingMean[i];
      a.burn[i] += s.burnerMean[i];
      a.conn[i] += s.connectedMean[i];
      if (s.poiMax[i] > a.peak[i]) a.peak[i] = s.poiMax[i];
      this.fleet.it += s.itMean[i];
      this.fleet.poi += s.poiMean[i];
      this.fleet.batt += s.battMean[i];
    }
    this.windows++;
    if (this.windows >= this.options.windowsPerRow) this.flush(tSeconds);
  }

  /** Writes what has accumulated (the last, possibly partial, interval at the end of a run). */
  flush(tSeconds: number): void {
    const k = this.windows;
    if (k === 0) return;
    const s = this.registry.arrays.site;
    const a = this.acc;
    const cells: string[] = [fmt(tSeconds), ...this.extra.flatMap((x) => x.values().map(fmt))];
    if (this.n > 0) cells.push(fmt(this.fleet.it / k / MW), fmt(this.fleet.poi / k / MW), fmt(this.fleet.batt / k / MW));
    for (const site of this.options.sites) {
      const i = site.index;
      cells.push(
        fmt(a.it[i] / k / MW),
        fmt(a.poi[i] / k / MW),
        fmt(a.peak[i] / MW),
        fmt(a.batt[i] / k / MW),
        Number.isNaN(s.soc[i]) ? '' : fmt(s.soc[i]),
        Number.isFinite(s.constraint[i]) ? fmt(s.constraint[i] / MW) : '',
      );
      if (site.config.cooling) cells.push(fmt(a.cool[i] / k / MW));
      if (site.config.poi) cells.push(fmt(a.burn[i] / k / MW));
      if (site.config.protection) cells.push(fmt(a.conn[i] / k));
    }
    this.stream.write(`${cells.join(',')}\n`);
    this.rows++;
    this.windows = 0;
    for (const arr of Object.values(a)) arr.fill(0);
    a.peak.fill(-Infinity);
    this.fleet.it = this.fleet.poi = this.fleet.batt = 0;
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '';
}
