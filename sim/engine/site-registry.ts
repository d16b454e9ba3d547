// The sites of a run: replicas expanded (a site with `replicas: N` becomes <id>-1 … <id>-N), every
// model table initialised from the scenario, and the input changes waiting for the next model step.
// Bindings and timeline events change inputs only through `setInput`, which records the exact
// simulation time of the change.
import { makeSiteTables, arraysOf, type InputChange, type SiteArrays, type SiteField, type SiteTables, type TableName } from '../../models/site-state.ts';
import { initAiLoad } from '../../models/ai-load-fields.ts';
import { initBattery } from '../../models/battery-fields.ts';
import { initCooling } from '../../models/cooling-init.ts';
import { initProtection } from '../../models/protection.ts';
import { initPoiRamp } from '../../models/poi-ramp-limit.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { SiteConfig } from '../scenario/site-schema.ts';
import { toAiLoadParams, gpuCount } from '../scenario/ai-load-params.ts';
import { toBatteryParams, toCoolingParams, toProtectionParams } from '../scenario/site-params.ts';
import { RandomStream, type Seed } from '../random/streams.ts';
import type { Micros } from '../time.ts';

export interface SiteInfo {
  id: string;
  /** The scenario's site id (equal to `id` unless the site is a replica). */
  base: string;
  index: number;
  config: SiteConfig;
  feeds: string[];
  /** Long-run mean IT power with no cap (square wave average, floor applied), W. */
  unconstrainedIt: number;
  /** IT power with every GPU idle, W. */
  idleIt: number;
}

/** Inputs the engine may change while a run goes on, and the table field each one is. */
export const siteInputs = {
  running: ['load', 'running'],
  gpuCap: ['load', 'gpuCap'],
  capIgnoredShare: ['load', 'capIgnoredShare'],
  enforcedCap: ['load', 'enforcedCap'],
  constraint: ['site', 'constraint'],
  frequency: ['site', 'frequency'],
  voltage: ['protection', 'voltagePu'],
  reconnect: ['protection', 'reconnectCommand'],
  batterySetpoint: ['battery', 'setpoint'],
  batteryMode: ['battery', 'mode'],
  batterySocTarget: ['battery', 'socTarget'],
  oeAdd: ['battery', 'frAdd'],
  oeMultiplyHigh: ['battery', 'frMulHigh'],
  oeMultiplyLow: ['battery', 'frMulLow'],
} as const satisfies Record<string, readonly [TableName, string]>;
export type SiteInput = keyof typeof siteInputs;

/** The expanded list of sites of a scenario, in scenario order (replicas numbered from 1). */
export function expandSites(scenario: Scenario): Array<{ id: string; base: string; config: SiteConfig }> {
  return Object.entries(scenario.sites).flatMap(([id, config]) =>
    config.replicas === 1 ? [{ id, base: id, config }] : Array.from({ length: config.replicas }, (_, k) => ({ id: `${id}-${k + 1}`, base: id, config })),
  );
}

export class SiteRegistry {
  readonly tables: SiteTables;
  readonly arrays: SiteArrays;
  readonly sites: SiteInfo[];
  private readonly byId = new Map<string, SiteInfo>();
  private readonly byBase = new Map<string, SiteInfo[]>();
  private pending: InputChange[] = [];

  constructor(scenario: Scenario, seed: Seed) {
    const list = expandSites(scenario);
    this.tables = makeSiteTables(list.length);
    this.arrays = arraysOf(this.tables);
    const f0 = scenario.grid.nominal_frequency;
    this.sites = list.map(({ id, base, config }, index) => {
      const l = config.ai_load;
      const tdp = l.tdp ?? l.rated_power / gpuCount(l);
      const low = Math.max(l.comm_fraction ?? l.idle_fraction, l.power_floor) * tdp * gpuCount(l);
      const info: SiteInfo = {
        id,
        base,
        index,
        config,
        feeds: config.feeds,
        unconstrainedIt: l.duty * l.rated_power + (1 - l.duty) * Math.min(low, l.rated_power) + l.overhead,
        idleIt: l.idle_fraction * tdp * gpuCount(l) + l.overhead,
      };
      this.byId.set(id, info);
      this.byBase.set(base, [...(this.byBase.get(base) ?? []), info]);
      this.initialise(info, seed, f0);
      return info;
    });
  }

  private initialise(info: SiteInfo, seed: Seed, f0: number): void {
    const a = this.arrays;
    const i = info.index;
    const c = info.config;
    // The failure draws of each site are a pure function of this seed (never of the worker).
    const failureSeed = new RandomStream(seed, `site/${info.id}/failures`).uint32();
    initAiLoad(a.load, i, toAiLoadParams(c.ai_load, failureSeed));
    const s = a.site;
    s.auxLoad[i] = c.auxiliary_load;
    s.constraint[i] = Infinity;
    s.frequency[i] = f0;
    const cooling = toCoolingParams(c);
    s.hasCooling[i] = cooling ? 1 : 0;
    // The loop starts at the steady state of the site's mean load: a run does not begin with a cold plant.
    if (cooling) initCooling(a.cooling, i, cooling, c.ai_load.running ? info.unconstrainedIt : info.idleIt);
    s.hasBattery[i] = c.battery ? 1 : 0;
    if (c.battery) initBattery(a.battery, i, toBatteryParams(c.battery, f0));
    const protection = toProtectionParams(c);
    s.hasProtection[i] = protection ? 1 : 0;
    if (protection) initProtection(a.protection, i, protection);
    const initialPoi = a.load.itPower[i] + c.auxiliary_load;
    s.poiEnd[i] = s.poiPrev[i] = s.poiMean[i] = s.poiMax[i] = s.poiMin[i] = initialPoi;
    s.itMean[i] = a.load.itPower[i];
    s.soc[i] = c.battery ? c.battery.soc_initial : NaN;
    s.poiPeak[i] = s.tsPeak[i] = -Infinity;
    s.poiLow[i] = Infinity;
    s.hasPoiRamp[i] = c.poi ? 1 : 0;
    if (c.poi) initPoiRamp(a.poiRamp, i, c.poi.ramp_limit, initialPoi, c.poi.burner ?? Infinity);
  }

  get(id: string): SiteInfo {
    const s = this.byId.get(id);
    if (!s) throw new Error(`unknown site '${id}' (the scenario checks should have caught this)`);
    return s;
  }

  /** The site itself, or every replica of a replicated site. */
  resolve(id: string): SiteInfo[] {
    const one = this.byId.get(id);
    if (one) return [one];
    const many = this.byBase.get(id);
    if (!many) throw new Error(`unknown site '${id}' (the scenario checks should have caught this)`);
    return many;
  }

  /** A per-window result or site-table value of a site. */
  value(id: string, field: SiteField): number {
    return this.arrays.site[field][this.get(id).index];
  }

  /** The current value of an input. */
  input(id: string, input: SiteInput): number {
    const [table, field] = siteInputs[input];
    return (this.arrays[table] as Record<string, Float64Array>)[field][this.get(id).index];
  }

  /** Changes an input at simulation time `at`, for the site or every replica of it; it lands exactly then. */
  setInput(id: string, input: SiteInput, value: number, at: Micros): void {
    const [table, field] = siteInputs[input];
    for (const s of this.resolve(id)) this.pending.push({ timeUs: at, site: s.index, table, field, value });
  }

  /** The changes for the window ending at `t1`, in time order; later ones stay queued. */
  takeChanges(t1: Micros): InputChange[] {
    if (this.pending.length === 0) return [];
    const now = this.pending.filter((c) => c.timeUs < t1);
    this.pending = this.pending.filter((c) => c.timeUs >= t1);
    // Stable sort: same-time changes keep the order they were made in.
    return now.sort((x, y) => x.timeUs - y.timeUs);
  }
}
