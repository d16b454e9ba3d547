// What the twin publishes on the WDPC bus, read from the physics: the payload objects (protobufjs
// plain objects of the proto/wdpc/v1 messages) for one facility, built from its row in the site
// tables. Pure: the profile decides when, the envelope seals them.
//   node power   ComponentDataStream per compute node (POWER_SUPPLY: the node's supply meter)
//   components   ComponentDataStream per GPU (PROCESSOR_GPU)
//   thermal      ThermalSystemData of the facility's liquid-cooling loop
//   infrastructure InfrastructureStatus + PowerSystemData (POI, battery, frequency)
//   grid         GridOperatorData (frequency, stability, the active constraint)
//   workload     WorkloadDataPublication with the job's intent signals (intent.ts)
// All nodes of a training job run in lockstep (hierarchy.ts), so each node carries the facility's
// IT power over its nodes; the GPUs the node's GPU power (IT less overhead) over its GPUs.
import type { SiteArrays } from '../../../models/site-state.ts';
import type { SiteInfo } from '../../engine/site-registry.ts';
import type { WdpcFacility, WdpcNode } from './hierarchy.ts';
import type { PlannedTransition } from './intent.ts';

const KELVIN = 273.15;
const MW = 1e6;

/** A google.protobuf.Timestamp from UNIX ms. */
export function timestampOf(ms: number): { seconds: number; nanos: number } {
  const whole = Math.floor(ms);
  return { seconds: Math.floor(whole / 1000), nanos: (whole % 1000) * 1e6 };
}

/** Window-mean IT power accumulated over a publication period (mean and the highest window). */
export class PeriodPower {
  private sum = 0;
  private n = 0;
  private peak = -Infinity;
  last = 0;

  add(w: number): void {
    this.sum += w;
    this.n++;
    this.last = w;
    if (w > this.peak) this.peak = w;
  }

  /** Mean, peak and last window since the previous take; resets. */
  take(): { mean: number; peak: number; last: number } {
    const out = { mean: this.n > 0 ? this.sum / this.n : this.last, peak: this.n > 0 ? this.peak : this.last, last: this.last };
    this.sum = 0;
    this.n = 0;
    this.peak = -Infinity;
    return out;
  }
}

export interface FacilityView {
  arrays: SiteArrays;
  info: SiteInfo;
  layout: WdpcFacility;
}

/** The facility IT power's share per node and per GPU, W. */
export function nodeShares(v: FacilityView, itW: number): { nodeW: number; gpuW: number } {
  const nodes = v.layout.nodes.length;
  const gpus = v.layout.gpuTotal;
  const overhead = v.info.config.ai_load.overhead;
  return { nodeW: itW / nodes, gpuW: gpus > 0 ? Math.max(0, itW - overhead) / gpus : 0 };
}

function coolant(v: FacilityView): { supplyC: number; returnC: number } | undefined {
  const k = v.info.index;
  if (v.arrays.site.hasCooling[k] !== 1) return undefined;
  return { supplyC: v.arrays.cooling.tRackSupply[k] - KELVIN, returnC: v.arrays.cooling.tManifold[k] - KELVIN };
}

/** A compute node's ComponentDataStream; `gpuW` per GPU goes into extended_metrics too. */
export function nodeStream(v: FacilityView, node: WdpcNode, p: { mean: number; peak: number; last: number }, ms: number): Record<string, unknown> {
  const last = nodeShares(v, p.last);
  const mean = nodeShares(v, p.mean);
  const peak = nodeShares(v, p.peak);
  const c = coolant(v);
  const liquid = v.info.config.cooling?.liquid_share ?? 1;
  return {
    component_id: `${v.layout.site}/${node.id}`,
    timestamp: timestampOf(ms),
    type: 'POWER_SUPPLY',
    power_data: { instantaneous_power_watts: last.nodeW, average_power_watts: mean.nodeW, peak_power_watts: peak.nodeW },
    ...(c ? { thermal_data: { temperature_celsius: c.returnC, inlet_temperature_celsius: c.supplyC, outlet_temperature_celsius: c.returnC, heat_output_watts: last.nodeW * liquid } } : {}),
    extended_metrics: { gpu_count: node.gpus.length, gpu_power_watts: last.gpuW },
  };
}

/** One GPU's ComponentDataStream. */
export function gpuStream(v: FacilityView, node: WdpcNode, gpu: string, p: { mean: number; peak: number; last: number }, ms: number): Record<string, unknown> {
  const c = coolant(v);
  return {
    component_id: `${v.layout.site}/${node.id}/${gpu}`,
    timestamp: timestampOf(ms),
    type: 'PROCESSOR_GPU',
    power_data: { instantaneous_power_watts: nodeShares(v, p.last).gpuW, average_power_watts: nodeShares(v, p.mean).gpuW, peak_power_watts: nodeShares(v, p.peak).gpuW },
    ...(c ? { thermal_data: { temperature_celsius: c.returnC, inlet_temperature_celsius: c.supplyC, outlet_temperature_celsius: c.returnC } } : {}),
  };
}

/** The cooling loop (ThermalSystemData), or undefined for a site without a cooling model. */
export function thermalStream(v: FacilityView, ms: number): Record<string, unknown> | undefined {
  const k = v.info.index;
  const c = v.arrays.cooling;
  if (v.arrays.site.hasCooling[k] !== 1) return undefined;
  const litres = (kgPerS: number, rho: number) => (rho > 0 ? (kgPerS / rho) * 1000 : 0);
  const t = (id: string, kelvin: number) => ({ sensor_id: `${v.layout.site}/${id}`, temperature_celsius: kelvin - KELVIN });
  return {
    thermal_system_id: `${v.layout.site}/cooling`,
    timestamp: timestampOf(ms),
    temperatures: [t('rack-supply', c.tRackSupply[k]), t('rack-return', c.tManifold[k]), t('cdu-secondary-out', c.tCduSec[k]), t('facility-water', c.tFacility[k]), t('cold-plate', c.tPlate[k])],
    coolant_flows: [
      { sensor_id: `${v.layout.site}/cdu-secondary`, loop_id: 'cdu-secondary', flow_lps: litres(c.pumpSpeed[k] * c.secFlowMax[k], c.secRho[k]) },
      { sensor_id: `${v.layout.site}/cdu-primary`, loop_id: 'facility-water', flow_lps: litres(c.valvePos[k] * c.primFlowMax[k], c.primRho[k]) },
    ],
    system_status: { state: c.alarmLevel[k] >= 2 ? 'COOLING_ALARM' : c.alarmLevel[k] >= 1 ? 'COOLING_DEGRADED' : 'COOLING_NORMAL', pump_power_kw: (v.arrays.site.coolingMean[k] / 1e3), supply_temperature_alarm: c.alarmLevel[k] > 0 },
  };
}

/** Facility power (PowerSystemData): POI, battery and the frequency the site sees. */
export function powerStream(v: FacilityView, ms: number): Record<string, unknown> {
  const k = v.info.index;
  const s = v.arrays.site;
  const hasBattery = s.hasBattery[k] === 1;
  return {
    power_system_id: `${v.layout.site}/poi`,
    timestamp: timestampOf(ms),
    measurements: [
      { measurement_point_id: `${v.layout.site}/poi`, level: 'FACILITY_TOTAL', power_consumption_mw: s.poiMean[k] / MW, frequency_hz: s.frequency[k] },
      { measurement_point_id: `${v.layout.site}/it`, level: 'DISTRIBUTION_CIRCUIT', power_consumption_mw: s.itMean[k] / MW },
      { measurement_point_id: `${v.layout.site}/cooling`, level: 'DISTRIBUTION_CIRCUIT', power_consumption_mw: s.coolingMean[k] / MW },
    ],
    grid_connection: { poi_power_mw: s.poiMean[k] / MW, frequency_hz: s.frequency[k], ...(hasBattery ? { battery_power_mw: s.battMean[k] / MW, battery_state_of_charge: s.soc[k] } : {}) },
  };
}

/** Facility status (InfrastructureStatus): its power system and cooling loop. */
export function infrastructureStream(v: FacilityView, ms: number): Record<string, unknown> {
  const k = v.info.index;
  const s = v.arrays.site;
  const hasBattery = s.hasBattery[k] === 1;
  const c = coolant(v);
  const rated = v.info.config.ai_load.rated_power + v.info.config.ai_load.overhead;
  return {
    infrastructure_id: v.layout.site,
    timestamp: timestampOf(ms),
    power_systems: [{ power_system_id: `${v.layout.site}/poi`, total_consumption_mw: s.poiMean[k] / MW, available_capacity_mw: Math.max(0, rated - s.itMean[k]) / MW, ...(hasBattery ? { battery_state_of_charge: s.soc[k], battery_power_mw: s.battMean[k] / MW } : {}) }],
    ...(c ? { thermal_systems: [{ thermal_system_id: `${v.layout.site}/cooling`, supply_temperature_celsius: c.supplyC, return_temperature_celsius: c.returnC, heat_load_mw: s.itMean[k] / MW }] } : {}),
    facility_kpis: { pue: s.itMean[k] > 0 ? s.poiMean[k] / s.itMean[k] : 0, it_power_mw: s.itMean[k] / MW },
  };
}

/** Grid / external data (GridOperatorData) as the facility sees it. */
export function gridStream(v: FacilityView, ms: number, nominalHz: number): Record<string, unknown> {
  const k = v.info.index;
  const f = v.arrays.site.frequency[k];
  const dev = Math.abs(f - nominalHz);
  const constraint = v.arrays.site.constraint[k];
  return {
    grid_operator_id: `${v.layout.site}/grid`,
    timestamp: timestampOf(ms),
    current_status: { system_frequency_hz: f, stability: dev <= 0.1 ? 'STABLE' : dev <= 0.2 ? 'MODERATE_STRESS' : dev <= 0.5 ? 'HIGH_STRESS' : 'EMERGENCY' },
    grid_parameters: { nominal_frequency_hz: nominalHz, ...(Number.isFinite(constraint) ? { poi_constraint_mw: constraint / MW } : {}) },
  };
}

/** A planned transition's stable id: the same transition keeps it across publications. */
export function transitionId(t: PlannedTransition): string {
  return `${t.site}/${t.what}@${t.at}`;
}

/** The job's WorkloadDataPublication with every transition announced now (the full set, W2). */
export function workloadStream(v: FacilityView, ms: number, intents: readonly PlannedTransition[], epochMs: (t: number) => number): Record<string, unknown> {
  const l = v.info.config.ai_load;
  const rampUp = l.ramp_up ?? 0;
  return {
    workload_id: `${v.layout.site}/training`,
    timestamp: timestampOf(ms),
    workload_type: 'AI_TRAINING',
    power_requirements: { peak_power_mw: (l.rated_power + l.overhead) / MW, baseline_power_mw: v.info.idleIt / MW, ramp_rate_mw_per_sec: rampUp / MW },
    future_intent: intents.map((t) => ({
      predicted_time: timestampOf(epochMs(t.at)),
      predicted_power_mw: t.toW / MW,
      current_power_mw: t.fromW / MW,
      confidence_level: 1,
      kind: t.what === 'job_stop' ? 'JOB_STOP' : 'JOB_START',
      ramp_duration_sec: 0,
      transition_id: transitionId(t),
      intent_description: `${t.what.replace('_', ' ')} planned at t=${t.at / 1e6} s`,
    })),
  };
}
