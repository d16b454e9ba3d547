// A site as the composition of per-model struct-of-arrays tables (one row per site in each):
// the AI-training load, cooling, battery, data-center protection, the POI ramp limiter with its
// burner, and the site table itself — what composes them (auxiliary load, inputs shared by several
// models) and the per-window results at the point of interconnection. All SI.
import { SoaTable } from '../sim/workers/soa.ts';
import { aiLoadFields, type AiLoadField, type AiLoadTable } from './ai-load-fields.ts';
import { batteryFields, type BatteryField, type BatteryTable } from './battery-fields.ts';
import { coolingFields, type CoolingField, type CoolingTable } from './cooling-fields.ts';
import { protectionFields, type ProtectionField, type ProtectionTable } from './protection.ts';
import { poiRampFields, type PoiRampField, type PoiRampTable } from './poi-ramp-limit.ts';

export const siteFields = [
  // parameters
  'auxLoad', // constant non-IT, non-cooling load, W
  'hasCooling', // 1 when the site models its cooling loop
  'hasBattery',
  'hasProtection',
  'hasPoiRamp',
  // inputs
  'constraint', // active grid constraint on the POI, W (Infinity = none): breach energy, battery
  'frequency', // grid frequency seen by the site, Hz (frequency response)
  // state
  'poiPrev', // POI before the ramp limiter at the end of the last sub-step, W
  // per-window outputs
  'itMean',
  'coolingMean',
  'poiMean',
  'poiMax',
  'poiMin',
  'poiEnd',
  'battMean',
  'burnerMean',
  'connectedMean',
  'usefulMean',
  'excessEnergy', // ∫ max(0, POI − constraint) dt over the window, J
  'soc', // battery state of charge at the window end (NaN: no battery)
  // run totals, accumulated window by window (read by the summary)
  'poiEnergy', // J
  'coolingEnergy', // J
  'burnerEnergy', // J
  'poiPeak', // highest POI within any window, W
  'poiLow', // lowest POI within any window, W
  'excessTotal', // J above the constraint
  'trackSq', // Σ (window-mean POI − constraint)² over windows with a constraint, W²
  'trackWindows', // windows with a constraint
  // the time series' current interval: sums of window means and the peak (reset by the writer)
  'tsIt',
  'tsPoi',
  'tsBatt',
  'tsCool',
  'tsBurn',
  'tsConn',
  'tsPeak',
] as const;

export type SiteField = (typeof siteFields)[number];
export type SiteTable = Record<SiteField, Float64Array>;

export const tableFields = {
  site: siteFields,
  load: aiLoadFields,
  battery: batteryFields,
  cooling: coolingFields,
  protection: protectionFields,
  poiRamp: poiRampFields,
} as const;
export type TableName = keyof typeof tableFields;

export interface SiteTables {
  site: SoaTable<SiteField>;
  load: SoaTable<AiLoadField>;
  battery: SoaTable<BatteryField>;
  cooling: SoaTable<CoolingField>;
  protection: SoaTable<ProtectionField>;
  poiRamp: SoaTable<PoiRampField>;
}

/** The typed-array views of every table (what the step functions take). */
export interface SiteArrays {
  site: SiteTable;
  load: AiLoadTable;
  battery: BatteryTable;
  cooling: CoolingTable;
  protection: ProtectionTable;
  poiRamp: PoiRampTable;
}

export function makeSiteTables(n: number, buffers?: Partial<Record<TableName, SharedArrayBuffer>>): SiteTables {
  const t = (name: TableName) => new SoaTable(tableFields[name] as readonly string[], n, buffers?.[name]);
  return {
    site: t('site'),
    load: t('load'),
    battery: t('battery'),
    cooling: t('cooling'),
    protection: t('protection'),
    poiRamp: t('poiRamp'),
  } as unknown as SiteTables;
}

export function arraysOf(t: SiteTables): SiteArrays {
  return {
    site: t.site.arrays,
    load: t.load.arrays,
    battery: t.battery.arrays,
    cooling: t.cooling.arrays,
    protection: t.protection.arrays,
    poiRamp: t.poiRamp.arrays,
  };
}

export function buffersOf(t: SiteTables): Record<TableName, SharedArrayBuffer> {
  return {
    site: t.site.buffer,
    load: t.load.buffer,
    battery: t.battery.buffer,
    cooling: t.cooling.buffer,
    protection: t.protection.buffer,
    poiRamp: t.poiRamp.buffer,
  };
}

/** A change of one input of one site at an exact simulation time (µs). */
export interface InputChange {
  timeUs: number;
  site: number;
  table: TableName;
  field: string;
  value: number;
}
