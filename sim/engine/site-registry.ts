// The sites of a run: their struct-of-arrays table (parameters from the scenario, inputs, state,
// outputs) and the input changes waiting for the next model step. Bindings and timeline events
// change inputs only through `setInput`, which records the exact simulation time of the change.
import { SoaTable } from '../workers/soa.ts';
import { BatteryMode, siteFields, type InputChange, type SiteField, type SiteInput } from '../../models/site-state.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { SiteConfig } from '../scenario/site-schema.ts';
import type { Micros } from '../time.ts';

export interface SiteInfo {
  id: string;
  index: number;
  config: SiteConfig;
  feeds: string[];
  /** Long-run mean IT power with no cap (square wave average, floor applied). */
  unconstrainedIt: number;
  /** IT power with every GPU capped to idle. */
  idleIt: number;
}

export class SiteRegistry {
  readonly table: SoaTable<SiteField>;
  readonly sites: SiteInfo[];
  private readonly byId = new Map<string, SiteInfo>();
  private pending: InputChange[] = [];

  constructor(scenario: Scenario) {
    const entries = Object.entries(scenario.sites);
    this.table = new SoaTable(siteFields, entries.length);
    this.sites = entries.map(([id, config], index) => {
      const l = config.ai_load;
      const low = Math.max(l.idle_fraction, l.power_floor) * l.rated_power;
      const info: SiteInfo = {
        id,
        index,
        config,
        feeds: config.feeds,
        unconstrainedIt: l.duty * l.rated_power + (1 - l.duty) * low,
        idleIt: l.idle_fraction * l.rated_power,
      };
      this.byId.set(id, info);
      this.initialise(info);
      return info;
    });
  }

  private initialise(info: SiteInfo): void {
    const a = this.table.arrays;
    const i = info.index;
    const l = info.config.ai_load;
    a.ratedPower[i] = l.rated_power;
    a.idleFraction[i] = l.idle_fraction;
    a.periodUs[i] = l.period;
    a.duty[i] = l.duty;
    a.floorFraction[i] = l.power_floor;
    a.rampUp[i] = l.ramp_up ?? Infinity;
    a.rampDown[i] = l.ramp_down ?? Infinity;
    a.stepUs[i] = l.step;
    a.auxLoad[i] = info.config.auxiliary_load;
    a.running[i] = l.running ? 1 : 0;
    a.gpuCap[i] = Infinity;
    a.capIgnoredFraction[i] = 0;
    a.enforcedCap[i] = Infinity;
    a.constraint[i] = Infinity;
    // Start in the state the load would be in at t = 0 (compute phase if running).
    a.itPower[i] = l.running ? l.rated_power : l.idle_fraction * l.rated_power;
    a.poiEnd[i] = a.itPower[i] + a.auxLoad[i];
    const b = info.config.battery;
    if (b) {
      a.battEnergyCap[i] = b.energy;
      a.battPower[i] = b.power;
      a.etaCharge[i] = b.charge_efficiency;
      a.etaDischarge[i] = b.discharge_efficiency;
      a.socMin[i] = b.soc_min;
      a.socMax[i] = b.soc_max;
      a.battMode[i] = b.mode === 'peak_shave' ? BatteryMode.peakShave : BatteryMode.idle;
      a.poiCeiling[i] = b.poi_ceiling ?? Infinity;
      a.rechargePower[i] = b.recharge_power ?? 0.1 * b.power;
      a.battEnergy[i] = b.soc_initial * b.energy;
    }
  }

  get(id: string): SiteInfo {
    const s = this.byId.get(id);
    if (!s) throw new Error(`unknown site '${id}' (the scenario checks should have caught this)`);
    return s;
  }

  /** Current value of an input or output of a site. */
  value(id: string, field: SiteField): number {
    return this.table.arrays[field][this.get(id).index];
  }

  /** Changes an input at simulation time `at`; it takes effect at exactly that time in the next step. */
  setInput(id: string, field: SiteInput, value: number, at: Micros): void {
    this.pending.push({ timeUs: at, site: this.get(id).index, field, value });
  }

  /** The changes for the window ending at `t1`, in time order; later ones stay queued. */
  takeChanges(t1: Micros): InputChange[] {
    const now = this.pending.filter((c) => c.timeUs < t1);
    this.pending = this.pending.filter((c) => c.timeUs >= t1);
    // Stable sort: same-time changes keep the order they were made in.
    return now.sort((x, y) => x.timeUs - y.timeUs);
  }

  /** The input value that will be in force once every queued change has been applied. */
  latestInput(id: string, field: SiteInput): number {
    const idx = this.get(id).index;
    for (let k = this.pending.length - 1; k >= 0; k--) {
      const c = this.pending[k];
      if (c.site === idx && c.field === field) return c.value;
    }
    return this.table.arrays[field][idx];
  }
}
