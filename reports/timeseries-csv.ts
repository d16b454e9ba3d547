// timeseries.csv: one row per window — time and, for each site, IT load, POI load (mean and
// peak), battery power, state of charge and the active constraint. Streamed: a long run never holds
// its time series in memory. Powers in MW (the unit people read), SoC as a fraction.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { SiteRegistry } from '../sim/engine/site-registry.ts';
import { stateOfCharge } from '../models/battery.ts';

const MW = 1e6;

/** More columns for the time series (the grid model's, for one). */
export interface ColumnSource {
  header: string[];
  values(): number[];
}

export class TimeseriesWriter {
  private readonly stream: WriteStream;
  rows = 0;

  constructor(
    path: string,
    private readonly sites: SiteRegistry,
    private readonly extra: ColumnSource[] = [],
  ) {
    this.stream = createWriteStream(path);
    const cols = ['time_s', ...extra.flatMap((x) => x.header)];
    for (const s of sites.sites) {
      cols.push(
        `${s.id}_it_mw`,
        `${s.id}_poi_mw`,
        `${s.id}_poi_max_mw`,
        `${s.id}_battery_mw`,
        `${s.id}_soc`,
        `${s.id}_constraint_mw`,
      );
    }
    this.stream.write(`${cols.join(',')}\n`);
  }

  /** Appends the row for the window that just ended at `tSeconds`. */
  row(tSeconds: number): void {
    const a = this.sites.table.arrays;
    const cells: string[] = [fmt(tSeconds), ...this.extra.flatMap((x) => x.values().map(fmt))];
    for (const s of this.sites.sites) {
      const i = s.index;
      const soc = stateOfCharge(a, i);
      cells.push(
        fmt(a.itMean[i] / MW),
        fmt(a.poiMean[i] / MW),
        fmt(a.poiMax[i] / MW),
        fmt(a.battMean[i] / MW),
        Number.isNaN(soc) ? '' : fmt(soc),
        Number.isFinite(a.constraint[i]) ? fmt(a.constraint[i] / MW) : '',
      );
    }
    this.stream.write(`${cells.join(',')}\n`);
    this.rows++;
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 1e6) / 1e6) : '';
}
