// What each site did over the run, for planners: energy at the POI and its parts, the peak and the
// lowest POI load, the training throughput delivered (useful work) and what mitigations cost —
// summary.json's `sites` section and the fleet metrics a threshold can name. The sites accumulate
// the totals themselves as they step (models/facility.ts); this reads them at the end.
import type { SiteRegistry } from './site-registry.ts';

export interface SiteSummary {
  id: string;
  poi_energy_mwh: number;
  it_energy_mwh: number;
  cooling_energy_mwh: number;
  burner_energy_mwh: number;
  /** Energy by which the POI fell below the utility's allowed ramp line (the limit was broken); 0 without a POI ramp limit. */
  ramp_excess_mwh: number;
  battery_charged_mwh: number;
  battery_discharged_mwh: number;
  poi_peak_mw: number;
  poi_min_mw: number;
  /** Training progress in seconds of nominal throughput, and as a share of the simulated time. */
  useful_work_s: number;
  useful_share: number;
  work_lost_s: number;
  soc_end: number | null;
}

/** summary.json lists at most this many sites one by one; the fleet totals cover all of them. */
export const MAX_LISTED_SITES = 100;
const MWh = 3.6e9;

export class SiteLedger {
  private readonly n: number;

  constructor(private readonly registry: SiteRegistry) {
    this.n = registry.sites.length;
  }

  private one(i: number, simulated: number): SiteSummary {
    const a = this.registry.arrays;
    const battery = a.site.hasBattery[i] === 1;
    const r = (x: number) => Math.round(x * 1e6) / 1e6;
    return {
      id: this.registry.sites[i].id,
      poi_energy_mwh: r(a.site.poiEnergy[i] / MWh),
      it_energy_mwh: r(a.load.itEnergy[i] / MWh),
      cooling_energy_mwh: r(a.site.coolingEnergy[i] / MWh),
      burner_energy_mwh: r(a.site.burnerEnergy[i] / MWh),
      ramp_excess_mwh: a.site.hasPoiRamp[i] === 1 ? r(a.poiRamp.excessEnergy[i] / MWh) : 0,
      battery_charged_mwh: battery ? r(a.battery.chargedEnergy[i] / MWh) : 0,
      battery_discharged_mwh: battery ? r(a.battery.dischargedEnergy[i] / MWh) : 0,
      poi_peak_mw: r(a.site.poiPeak[i] / 1e6),
      poi_min_mw: r(a.site.poiLow[i] / 1e6),
      useful_work_s: r(a.load.usefulWork[i]),
      useful_share: simulated > 0 ? r(a.load.usefulWork[i] / simulated) : 0,
      work_lost_s: r(a.load.workLost[i]),
      soc_end: battery ? r(a.site.soc[i]) : null,
    };
  }

  /** Per-site summaries (the first MAX_LISTED_SITES) and fleet totals; `simulated` in seconds. */
  summary(simulated: number): { listed: SiteSummary[]; fleet: Omit<SiteSummary, 'id' | 'soc_end'> & { sites: number } } | undefined {
    if (this.n === 0) return undefined;
    const all = Array.from({ length: this.n }, (_, i) => this.one(i, simulated));
    const sum = (k: keyof SiteSummary) => Math.round(all.reduce((acc, s) => acc + (s[k] as number), 0) * 1e6) / 1e6;
    return {
      listed: all.slice(0, MAX_LISTED_SITES),
      fleet: {
        sites: this.n,
        poi_energy_mwh: sum('poi_energy_mwh'),
        it_energy_mwh: sum('it_energy_mwh'),
        cooling_energy_mwh: sum('cooling_energy_mwh'),
        burner_energy_mwh: sum('burner_energy_mwh'),
        ramp_excess_mwh: sum('ramp_excess_mwh'),
        battery_charged_mwh: sum('battery_charged_mwh'),
        battery_discharged_mwh: sum('battery_discharged_mwh'),
        poi_peak_mw: Math.max(...all.map((s) => s.poi_peak_mw)),
        poi_min_mw: Math.min(...all.map((s) => s.poi_min_mw)),
        useful_work_s: sum('useful_work_s'),
        useful_share: Math.round((sum('useful_share') / this.n) * 1e6) / 1e6,
        work_lost_s: sum('work_lost_s'),
      },
    };
  }

  /** Fleet metrics a threshold can name (SI). */
  metrics(simulated: number): Record<string, number> {
    const s = this.summary(simulated);
    if (!s) return {};
    return {
      fleet_poi_energy: s.fleet.poi_energy_mwh * MWh,
      fleet_poi_peak: s.fleet.poi_peak_mw * 1e6,
      useful_work_share: s.fleet.useful_share,
      burner_energy: s.fleet.burner_energy_mwh * MWh,
      poi_ramp_excess: s.fleet.ramp_excess_mwh * MWh,
    };
  }
}
