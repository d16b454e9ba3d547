// The grid frequency model inside a run: stepped once per window after the sites, with the sites'
// net load change as its external load (so a data-center load loss moves the grid), disturbances
// from the timeline landing at their exact time, and the frequency trace and event trackers going
// to timeseries.csv and to summary.json's `grid` section.
import { GridFrequency } from '../../models/grid-frequency.ts';
import type { GridDisturbance, GridParams } from '../../models/grid-params.ts';
import type { RunContext } from './run-context.ts';
import type { Micros } from '../time.ts';
import type { ColumnSource } from '../../reports/timeseries-csv.ts';

export interface GridWindow {
  /** Frequency at the window end, lowest and highest within it (Hz). */
  f: number;
  fMin: number;
  fMax: number;
  /** Mean RoCoF over the window (Hz/s). */
  rocof: number;
  /** External load applied during the window: the sites' net load change since t = 0 (W). */
  externalLoad: number;
}

export interface GridSummary {
  nominal_frequency_hz: number;
  initial_rocof_hz_per_s: number | null;
  first_arrest: { t_s: number; f_hz: number } | null;
  time_below: { threshold_hz: number; seconds: number };
  lfdd_stages_tripped: number;
  trips: Array<{ id: string; t_s: number; power_w: number; effect: string }>;
  nadir: { t_s: number; f_hz: number };
  zenith: { t_s: number; f_hz: number };
  final_frequency_hz: number;
}

export class GridCoupling {
  readonly model: GridFrequency;
  private pending: Array<{ at: Micros; d: Omit<GridDisturbance, 'at'> }> = [];
  /**
   * The sites' POI load the grid's demand already contains: their load in the first window (AI
   * loads start their jobs in it), so only later changes move the frequency.
   */
  private baseline: number | undefined;
  last: GridWindow;
  private disturbed = false;

  constructor(
    private readonly ctx: RunContext,
    readonly params: GridParams,
    private readonly stepUs: Micros,
  ) {
    this.model = new GridFrequency(params);
    const f = this.model.frequency;
    this.last = { f, fMin: f, fMax: f, rocof: 0, externalLoad: 0 };
  }

  /** A generation or load loss at the current simulation time (lands exactly there). */
  disturb(kind: GridDisturbance['kind'], power: number, id: string, inertia?: number): void {
    this.pending.push({ at: this.ctx.kernel.now, d: { kind, power, id, ...(inertia !== undefined ? { inertia } : {}) } });
  }

  /** Steps the grid through [t0, t1) using the sites' mean load of the same window. */
  stepWindow(t0: Micros, t1: Micros): GridWindow {
    const a = this.ctx.sites.arrays.site;
    let load = 0;
    for (const s of this.ctx.sites.sites) load += a.poiMean[s.index];
    this.baseline ??= load;
    const externalLoad = load - this.baseline;
    // A change of the sites' load is a disturbance of the grid too: the first noticeable one starts
    // the event trackers (initial RoCoF, first arrest) when no timeline disturbance has.
    if (!this.disturbed && Math.abs(externalLoad - this.last.externalLoad) >= Math.max(1e6, 1e-4 * this.params.demand)) {
      this.model.markDisturbance();
      this.disturbed = true;
    }
    this.model.setExternalLoad(externalLoad);
    this.model.markWindow();
    let fMin = this.model.frequency;
    let fMax = fMin;
    let t = t0;
    const due = this.pending.filter((p) => p.at < t1).sort((x, y) => x.at - y.at);
    this.pending = this.pending.filter((p) => p.at >= t1);
    const advance = (to: Micros) => {
      const span = to - t;
      if (span <= 0) return;
      const n = Math.ceil(span / this.stepUs);
      const dt = span / n / 1e6;
      for (let k = 0; k < n; k++) {
        this.model.step(dt);
        const f = this.model.frequency;
        if (f < fMin) fMin = f;
        if (f > fMax) fMax = f;
      }
      t = to;
    };
    for (const p of due) {
      this.disturbed = true;
      advance(p.at);
      this.model.applyDisturbance(p.d);
      this.ctx.events.push({ t: p.at / 1e6, kind: 'physics', what: `grid: ${p.d.kind} ${p.d.id ?? ''}`.trim(), detail: `${p.d.power / 1e6} MW` });
    }
    advance(t1);
    for (const bytes of this.model.stateBytes()) this.ctx.hash.add('grid', bytes);
    this.last = { f: this.model.frequency, fMin, fMax, rocof: this.model.meanRocof(), externalLoad };
    return this.last;
  }

  summary(): GridSummary {
    const r = this.model.report();
    return {
      nominal_frequency_hz: this.params.f0,
      initial_rocof_hz_per_s: r.initialRocof,
      first_arrest: r.firstArrest ? { t_s: r.firstArrest.t, f_hz: r.firstArrest.f } : null,
      time_below: { threshold_hz: r.below.threshold, seconds: r.below.seconds },
      lfdd_stages_tripped: this.model.lfddTripped(),
      trips: this.model.trippedBlocks().map((b) => ({ id: b.id, t_s: b.at, power_w: b.power, effect: b.effect })),
      nadir: { t_s: r.nadir.t, f_hz: r.nadir.f },
      zenith: { t_s: r.zenith.t, f_hz: r.zenith.f },
      final_frequency_hz: this.model.frequency,
    };
  }

  /** Metrics a threshold can name (SI). */
  metrics(): Record<string, number> {
    const s = this.summary();
    return {
      grid_nadir: s.nadir.f_hz,
      grid_initial_rocof: s.initial_rocof_hz_per_s ?? NaN,
      grid_time_below: s.time_below.seconds,
      grid_lfdd_stages: s.lfdd_stages_tripped,
    };
  }
}

/** Time-series columns of the grid model: frequency at the window end, its range, RoCoF, the sites' load change. */
export function gridColumns(g: GridCoupling): ColumnSource {
  return {
    header: ['grid_f_hz', 'grid_f_min_hz', 'grid_f_max_hz', 'grid_rocof_hz_s', 'grid_site_load_change_mw'],
    values: () => [g.last.f, g.last.fMin, g.last.fMax, g.last.rocof, g.last.externalLoad / 1e6],
  };
}
