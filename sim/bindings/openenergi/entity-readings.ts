// What a gateway reads from its entities at each sample, from the physics (the window means since
// the last sample and the models' state at its end), in the units the Open Energi readings use:
//   meter   power (POI, kW, consumption positive)
//   battery power (kW, charging positive), availability-ffr-low/-high (its response at 49.5 and
//           50.5 Hz through its curve, signals and limits), response-ffr-low/-high (what its
//           frequency response defers / brings forward now), process variables control-variable
//           (state of charge, %), setpoint-low / setpoint-high (its SoC window, %)
//   load    power (IT kW), availability-ffr-low (what a deferral would shed from the load's
//           recent mean power down to the GPUs' floor, within what the ramp-down allows in 2 s),
//           availability-ffr-high 0 (it cannot bring consumption forward), response-ffr-low
//           (deferred now: the recent mean before the switch minus now), response-ffr-high 0,
//           temperature (coolant to the racks, °C, where the site models its cooling)
// power / availability / response are kW rounded to 100 W (toKw100W).
import type { RunContext } from '../../engine/run-context.ts';
import type { OeDevice, OeEntity } from './fleet-layout.ts';
import type { DynamicDemand } from './dynamic-demand.ts';
import type { OeValues } from './signal-state.ts';
import { toKw100W } from './d2c-codec.ts';
import { batteryResponseAt, frequencyTracking, variableSpeed } from './availability.ts';
import { effectiveFrequency } from '../../../models/effective-frequency.ts';

export interface EntityValue {
  entity: string;
  type: string;
  value: number;
}

/** Window-mean sums of one device's site since the last sample. */
export class SampleSums {
  poi = 0;
  batt = 0;
  it = 0;
  windows = 0;

  add(poi: number, batt: number, it: number): void {
    this.poi += poi;
    this.batt += batt;
    this.it += it;
    this.windows++;
  }

  reset(): void {
    this.poi = this.batt = this.it = 0;
    this.windows = 0;
  }
}

/**
 * The lowest IT power a deferral reaches — every GPU at idle plus overhead: the cap the gateway
 * sets overrides the power floor and dummy work (models/ai-load-smoothing.ts) but never goes below
 * idle — the highest (rated plus overhead), and the ramp-down, per site.
 */
export function loadLimits(ctx: RunContext, site: string): { minW: number; maxW: number; rampDownWps?: number } {
  const info = ctx.sites.get(site);
  const l = info.config.ai_load;
  return { minW: info.idleIt, maxW: l.rated_power + l.overhead, ...(l.ramp_down !== undefined ? { rampDownWps: l.ramp_down } : {}) };
}

export interface ReadContext {
  ctx: RunContext;
  device: OeDevice;
  sums: SampleSums;
  /** The entity's Open Energi variables now. */
  values: (entity: OeEntity) => OeValues;
  dynamicDemand?: DynamicDemand;
  nominal: number;
  /** The load's recent mean IT power, W (NaN: none yet, use the sample's). */
  loadMeanW: number;
}

export function readEntities(r: ReadContext): EntityValue[] {
  const { ctx, device, sums } = r;
  const i = ctx.sites.get(device.site).index;
  const a = ctx.sites.arrays;
  const n = Math.max(1, sums.windows);
  const out: EntityValue[] = [];
  const push = (entity: string, type: string, value: number) => out.push({ entity, type, value });
  for (const e of device.entities) {
    if (e.kind === 'meter') push(e.code, 'power', toKw100W(sums.poi / n));
    else if (e.kind === 'battery') {
      const b = a.battery;
      const v = r.values(e);
      const base = batteryResponseAt(b, i);
      const avail = frequencyTracking((f) => base(effectiveFrequency(f, r.nominal, v['oe-add'], v['oe-multiply-high'], v['oe-multiply-low'])), r.nominal);
      const fr = b.frPower[i];
      push(e.code, 'power', toKw100W(-sums.batt / n));
      push(e.code, 'availability-ffr-low', toKw100W(avail.lowW));
      push(e.code, 'availability-ffr-high', toKw100W(avail.highW));
      push(e.code, 'response-ffr-low', toKw100W(Math.max(0, fr)));
      push(e.code, 'response-ffr-high', toKw100W(Math.max(0, -fr)));
      // Process variables: the state of charge is what controls the battery's availability, and
      // its SoC window is the band outside which it is not available (the spec's control-variable,
      // setpoint-low / -high), in %.
      const pct = (x: number) => Math.round(1000 * x) / 10;
      push(e.code, 'control-variable', pct(b.energy[i] / Math.max(1, b.energyCap[i])));
      push(e.code, 'setpoint-low', pct(b.socMin[i]));
      push(e.code, 'setpoint-high', pct(b.socMax[i]));
    } else {
      const it = sums.it / n;
      const dd = r.dynamicDemand;
      const lim = loadLimits(ctx, device.site);
      const mean = Number.isNaN(r.loadMeanW) ? it : r.loadMeanW;
      const avail = dd?.deferring ? { lowW: 0 } : variableSpeed(mean, lim.minW, lim.maxW, lim.rampDownWps !== undefined ? { rampDownWps: lim.rampDownWps } : {});
      push(e.code, 'power', toKw100W(it));
      push(e.code, 'availability-ffr-low', toKw100W(avail.lowW));
      push(e.code, 'availability-ffr-high', 0);
      push(e.code, 'response-ffr-low', toKw100W(dd?.deferring ? Math.max(0, dd.baseline - it) : 0));
      push(e.code, 'response-ffr-high', 0);
      // The coolant the racks get, °C: a process variable an integrator watches during a deferral.
      if (a.site.hasCooling[i] === 1) push(e.code, 'temperature', Math.round(10 * (a.cooling.tCduSec[i] - 273.15)) / 10);
    }
  }
  return out;
}
