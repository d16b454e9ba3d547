// What the twin publishes on the WDPC bus, from the physics (sim/bindings/wdpc/twin-streams.ts): each
// payload builder reads one facility's row of the site tables and gives the values in the units its
// proto field names say (W vs MW, °C from the tables' K, L/s from kg/s, SoC as a fraction), every
// field one the proto defines (protobufjs' fromObject drops unknown ones silently), and the intent
// signals keep a transition's id across publications.
import { beforeEach, describe, expect, it } from 'vitest';
import type protobuf from 'protobufjs';
import { parseScenarioText } from '../../sim/scenario/load.ts';
import { SiteRegistry } from '../../sim/engine/site-registry.ts';
import { facilityLayout } from '../../sim/bindings/wdpc/hierarchy.ts';
import { announced, plannedTransitions } from '../../sim/bindings/wdpc/intent.ts';
import { wdpcType } from '../../sim/bindings/wdpc/schema.ts';
import {
  gpuStream,
  gridStream,
  infrastructureStream,
  nodeShares,
  nodeStream,
  PeriodPower,
  powerStream,
  thermalStream,
  timestampOf,
  transitionId,
  workloadStream,
  type FacilityView,
} from '../../sim/bindings/wdpc/twin-streams.ts';

const yaml = `
run: { duration: 10 min, window: 100 ms, seed: 4 }
sites:
  dc1:
    ai_load: { rated_power: 1.2 MW, overhead: 60 kW, nodes: 3, gpus: 5, idle_fraction: 10% }
    cooling: { liquid_share: 80% }
    battery: { energy: 1 MWh, power: 1 MW, mode: idle }
  dc2:
    ai_load: { rated_power: 500 kW, nodes: 2, gpus: 2 }
timeline:
  - { at: 60 s, type: job_stop, site: dc1 }
  - { at: 120 s, type: job_start, site: dc1 }
  - { at: 90 s, type: job_stop, site: dc2 }
profiles:
  wdpc: { nodes_per_rack: 2, consumer: none }
`;

const K = 273.15;
const MS = Date.parse('2026-11-23T12:00:00.250Z');

function setup() {
  const { scenario } = parseScenarioText(yaml, '/tmp/twin-streams.yaml');
  const reg = new SiteRegistry(scenario, 4);
  const layouts = facilityLayout(scenario, 2);
  const view = (id: string): FacilityView => {
    const info = reg.sites.find((s) => s.id === id)!;
    return { arrays: reg.arrays, info, layout: layouts.find((l) => l.site === id)! };
  };
  return { scenario, reg, dc1: view('dc1'), dc2: view('dc2') };
}

/** Fields of `obj` (recursively) that the proto type does not define: fromObject would drop them. */
function unknownFields(type: protobuf.Type, obj: Record<string, unknown>, path = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const field = type.fields[k];
    if (!field) {
      out.push(`${path}${k}`);
      continue;
    }
    field.resolve();
    if (field.resolvedType instanceof (type.constructor as typeof protobuf.Type) && v !== null && typeof v === 'object') {
      const sub = field.resolvedType as protobuf.Type;
      if (sub.fullName === '.google.protobuf.Timestamp') continue;
      for (const [i, item] of (Array.isArray(v) ? v : [v]).entries()) out.push(...unknownFields(sub, item as Record<string, unknown>, `${path}${k}${Array.isArray(v) ? `[${i}]` : ''}.`));
    }
  }
  return out;
}

/** Encodes as `typeName` and decodes again (defaults filled in, enums by name, 64-bit as numbers). */
function roundTrip(typeName: string, obj: Record<string, unknown>): Record<string, any> {
  const t = wdpcType(typeName);
  expect(unknownFields(t, obj), `${typeName}: fields the proto does not define`).toEqual([]);
  expect(t.verify(t.fromObject(obj) as unknown as Record<string, unknown>)).toBeNull();
  return t.toObject(t.decode(t.encode(t.fromObject(obj)).finish()), { defaults: true, enums: String, longs: Number });
}

describe('WDPC twin streams: payloads from the physics', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('timestampOf: UNIX ms → google.protobuf.Timestamp (seconds, nanos)', () => {
    expect(timestampOf(MS)).toEqual({ seconds: Math.floor(MS / 1000), nanos: 250e6 });
    expect(timestampOf(1999.9)).toEqual({ seconds: 1, nanos: 999e6 });
  });

  it('PeriodPower: mean, peak and last window of the period; take() resets (an empty period repeats the last)', () => {
    const p = new PeriodPower();
    for (const w of [1e6, 3e6, 2e6]) p.add(w);
    expect(p.take()).toEqual({ mean: 2e6, peak: 3e6, last: 2e6 });
    expect(p.take()).toEqual({ mean: 2e6, peak: 2e6, last: 2e6 });
    p.add(5e5);
    expect(p.take()).toEqual({ mean: 5e5, peak: 5e5, last: 5e5 });
  });

  it('node shares: nodes carry IT over the nodes, GPUs IT less overhead over all GPUs (a short last node included)', () => {
    const { dc1 } = s;
    expect(dc1.layout.nodes.map((n) => [n.id, n.rack, n.gpus.length])).toEqual([
      ['r00-n000', 'r00', 2],
      ['r00-n001', 'r00', 2],
      ['r01-n002', 'r01', 1],
    ]);
    const it = 1.1e6;
    const { nodeW, gpuW } = nodeShares(dc1, it);
    expect(nodeW * 3).toBeCloseTo(it, 6);
    expect(gpuW * 5).toBeCloseTo(it - 60e3, 6);
  });

  it('node power stream: watts per node (instantaneous = last, average = mean, peak), coolant in °C, heat by the liquid share', () => {
    const { dc1, reg } = s;
    const c = reg.arrays.cooling;
    c.tRackSupply[0] = 30 + K;
    c.tManifold[0] = 45 + K;
    const node = dc1.layout.nodes[1];
    const p = roundTrip('wdpc.component.v1.ComponentDataStream', nodeStream(dc1, node, { mean: 0.9e6, peak: 1.2e6, last: 1.05e6 }, MS));
    expect(p.component_id).toBe('dc1/r00-n001');
    expect(p.type).toBe('POWER_SUPPLY');
    expect(p.timestamp).toEqual({ seconds: Math.floor(MS / 1000), nanos: 250e6 });
    expect(p.power_data.instantaneous_power_watts).toBeCloseTo(1.05e6 / 3, 3);
    expect(p.power_data.average_power_watts).toBeCloseTo(0.9e6 / 3, 3);
    expect(p.power_data.peak_power_watts).toBeCloseTo(1.2e6 / 3, 3);
    expect(p.thermal_data.inlet_temperature_celsius).toBeCloseTo(30, 6);
    expect(p.thermal_data.outlet_temperature_celsius).toBeCloseTo(45, 6);
    expect(p.thermal_data.temperature_celsius).toBeCloseTo(45, 6);
    expect(p.thermal_data.heat_output_watts).toBeCloseTo((1.05e6 / 3) * 0.8, 3);
    expect(p.extended_metrics).toMatchObject({ gpu_count: 2 });
    expect(p.extended_metrics.gpu_power_watts).toBeCloseTo((1.05e6 - 60e3) / 5, 3);
  });

  it('GPU stream: watts per GPU (IT less overhead over the GPUs), PROCESSOR_GPU, its own component id', () => {
    const { dc1 } = s;
    const node = dc1.layout.nodes[2];
    const p = roundTrip('wdpc.component.v1.ComponentDataStream', gpuStream(dc1, node, 'gpu0', { mean: 1e6, peak: 1.2e6, last: 1.1e6 }, MS));
    expect(p.component_id).toBe('dc1/r01-n002/gpu0');
    expect(p.type).toBe('PROCESSOR_GPU');
    expect(p.power_data.instantaneous_power_watts).toBeCloseTo((1.1e6 - 60e3) / 5, 3);
    expect(p.power_data.average_power_watts).toBeCloseTo((1e6 - 60e3) / 5, 3);
    expect(p.power_data.peak_power_watts).toBeCloseTo((1.2e6 - 60e3) / 5, 3);
    expect(p.thermal_data.temperature_celsius).toBeGreaterThan(0);
    expect(p.thermal_data.temperature_celsius).toBeLessThan(100);
  });

  it('a site without a cooling model: no thermal stream and no coolant data in the node streams', () => {
    const { dc2 } = s;
    expect(thermalStream(dc2, MS)).toBeUndefined();
    const n = nodeStream(dc2, dc2.layout.nodes[0], { mean: 4e5, peak: 4e5, last: 4e5 }, MS);
    expect(n.thermal_data).toBeUndefined();
    const infra = infrastructureStream(dc2, MS);
    expect(infra.thermal_systems).toBeUndefined();
    expect((infra.power_systems as any[])[0].battery_state_of_charge).toBeUndefined();
  });

  it('power stream: MW at the POI, IT and cooling, the frequency in Hz, battery MW and SoC as a fraction', () => {
    const { dc1, reg } = s;
    const a = reg.arrays.site;
    a.poiMean[0] = 1.7032e6;
    a.itMean[0] = 1.5e6;
    a.coolingMean[0] = 0.1032e6;
    a.battMean[0] = 0.1e6;
    a.soc[0] = 0.42;
    a.frequency[0] = 49.95;
    const p = roundTrip('wdpc.power.v1.PowerSystemData', powerStream(dc1, MS));
    expect(p.power_system_id).toBe('dc1/poi');
    const byPoint = Object.fromEntries(p.measurements.map((m: any) => [m.measurement_point_id, m]));
    expect(byPoint['dc1/poi']).toMatchObject({ level: 'FACILITY_TOTAL' });
    expect(byPoint['dc1/poi'].power_consumption_mw).toBeCloseTo(1.7032, 9);
    expect(byPoint['dc1/poi'].frequency_hz).toBeCloseTo(49.95, 9);
    expect(byPoint['dc1/it'].power_consumption_mw).toBeCloseTo(1.5, 9);
    expect(byPoint['dc1/cooling'].power_consumption_mw).toBeCloseTo(0.1032, 9);
    expect(p.grid_connection.poi_power_mw).toBeCloseTo(1.7032, 9);
    expect(p.grid_connection.battery_power_mw).toBeCloseTo(0.1, 9);
    expect(p.grid_connection.battery_state_of_charge).toBeCloseTo(0.42, 9);
    expect(p.grid_connection.frequency_hz).toBeCloseTo(49.95, 9);
  });

  it('infrastructure stream: MW, available capacity = rated + overhead − IT, PUE = POI / IT, coolant in °C', () => {
    const { dc1, reg } = s;
    const a = reg.arrays.site;
    a.poiMean[0] = 1.35e6;
    a.itMean[0] = 1.2e6;
    a.soc[0] = 0.6;
    reg.arrays.cooling.tRackSupply[0] = 32 + K;
    reg.arrays.cooling.tManifold[0] = 44 + K;
    const p = roundTrip('wdpc.infrastructure.v1.InfrastructureStatus', infrastructureStream(dc1, MS));
    expect(p.infrastructure_id).toBe('dc1');
    const ps = p.power_systems[0];
    expect(ps.total_consumption_mw).toBeCloseTo(1.35, 9);
    expect(ps.available_capacity_mw).toBeCloseTo(1.26 - 1.2, 9);
    expect(ps.battery_state_of_charge).toBeCloseTo(0.6, 9);
    expect(p.thermal_systems[0].supply_temperature_celsius).toBeCloseTo(32, 6);
    expect(p.thermal_systems[0].return_temperature_celsius).toBeCloseTo(44, 6);
    expect(p.thermal_systems[0].heat_load_mw).toBeCloseTo(1.2, 9);
    expect(p.facility_kpis.pue).toBeCloseTo(1.125, 9);
    expect(p.facility_kpis.it_power_mw).toBeCloseTo(1.2, 9);
  });

  it('thermal stream: every temperature in °C, flows in L/s from kg/s and density, pump power in kW, alarm states', () => {
    const { dc1, reg } = s;
    const c = reg.arrays.cooling;
    c.tRackSupply[0] = 30 + K;
    c.tManifold[0] = 42 + K;
    c.tCduSec[0] = 29 + K;
    c.tFacility[0] = 25 + K;
    c.tPlate[0] = 55 + K;
    c.pumpSpeed[0] = 0.5;
    c.secFlowMax[0] = 20; // kg/s
    c.secRho[0] = 1000; // kg/m³
    c.valvePos[0] = 0.25;
    c.primFlowMax[0] = 40;
    c.primRho[0] = 998;
    c.alarmLevel[0] = 0;
    reg.arrays.site.coolingMean[0] = 85e3;
    const p = roundTrip('wdpc.thermal.v1.ThermalSystemData', thermalStream(dc1, MS)!);
    expect(p.thermal_system_id).toBe('dc1/cooling');
    const t = Object.fromEntries(p.temperatures.map((x: any) => [x.sensor_id, x.temperature_celsius]));
    expect(t['dc1/rack-supply']).toBeCloseTo(30, 6);
    expect(t['dc1/rack-return']).toBeCloseTo(42, 6);
    expect(t['dc1/cdu-secondary-out']).toBeCloseTo(29, 6);
    expect(t['dc1/facility-water']).toBeCloseTo(25, 6);
    expect(t['dc1/cold-plate']).toBeCloseTo(55, 6);
    const f = Object.fromEntries(p.coolant_flows.map((x: any) => [x.loop_id, x.flow_lps]));
    expect(f['cdu-secondary']).toBeCloseTo(10, 6); // 10 kg/s of water ≈ 10 L/s
    expect(f['facility-water']).toBeCloseTo((10 / 998) * 1000, 6);
    expect(p.system_status.pump_power_kw).toBeCloseTo(85, 9);
    expect(p.system_status).toMatchObject({ state: 'COOLING_NORMAL', supply_temperature_alarm: false });
    c.alarmLevel[0] = 1;
    expect(thermalStream(dc1, MS)!.system_status).toMatchObject({ state: 'COOLING_DEGRADED', supply_temperature_alarm: true });
    c.alarmLevel[0] = 2;
    expect(roundTrip('wdpc.thermal.v1.ThermalSystemData', thermalStream(dc1, MS)!).system_status.state).toBe('COOLING_ALARM');
  });

  it('grid stream: frequency in Hz, stability bands by deviation from nominal, the POI constraint in MW when there is one', () => {
    const { dc1, reg } = s;
    const a = reg.arrays.site;
    const at = (hz: number) => {
      a.frequency[0] = hz;
      return roundTrip('wdpc.grid.v1.GridOperatorData', gridStream(dc1, MS, 50));
    };
    expect(at(50.05).current_status).toMatchObject({ stability: 'STABLE' });
    expect(at(49.85).current_status).toMatchObject({ stability: 'MODERATE_STRESS' });
    expect(at(50.3).current_status).toMatchObject({ stability: 'HIGH_STRESS' });
    expect(at(49.4).current_status).toMatchObject({ stability: 'EMERGENCY' });
    expect(at(49.4).current_status.system_frequency_hz).toBeCloseTo(49.4, 9);
    expect(gridStream(dc1, MS, 50).grid_parameters).toEqual({ nominal_frequency_hz: 50 }); // no constraint: Infinity
    a.constraint[0] = 0.8e6;
    const g = roundTrip('wdpc.grid.v1.GridOperatorData', gridStream(dc1, MS, 50));
    expect(g.grid_parameters.poi_constraint_mw).toBeCloseTo(0.8, 9);
    expect(g.grid_parameters.nominal_frequency_hz).toBe(50);
    expect(g.grid_operator_id).toBe('dc1/grid');
  });

  it('workload stream: MW requirements, each announced transition with its time, powers and kind', () => {
    const { dc1, scenario } = s;
    const levels = (id: string) => {
      const info = s.reg.sites.find((x) => x.id === id)!;
      return { trainingW: info.unconstrainedIt, idleW: info.idleIt };
    };
    const plan = plannedTransitions(scenario, levels);
    expect(plan.map((p) => [p.site, p.what, p.at])).toEqual([
      ['dc1', 'job_stop', 60e6],
      ['dc2', 'job_stop', 90e6],
      ['dc1', 'job_start', 120e6],
    ]);
    const epochMs = (t: number) => MS + t / 1000;
    const p = roundTrip('wdpc.workload.v1.WorkloadDataPublication', workloadStream(dc1, MS, announced(plan, 'dc1', 0, 200e6), epochMs));
    expect(p.workload_id).toBe('dc1/training');
    expect(p.power_requirements.peak_power_mw).toBeCloseTo(1.26, 9);
    expect(p.power_requirements.baseline_power_mw).toBeCloseTo(levels('dc1').idleW / 1e6, 9);
    expect(p.future_intent.map((i: any) => i.kind)).toEqual(['JOB_STOP', 'JOB_START']);
    const [stop, start] = p.future_intent;
    expect(stop.predicted_time).toEqual(timestampOf(MS + 60_000));
    expect(start.predicted_time).toEqual(timestampOf(MS + 120_000));
    expect(stop.current_power_mw).toBeCloseTo(levels('dc1').trainingW / 1e6, 9);
    expect(stop.predicted_power_mw).toBeCloseTo(levels('dc1').idleW / 1e6, 9);
    expect(start.current_power_mw).toBeCloseTo(levels('dc1').idleW / 1e6, 9);
    expect(start.predicted_power_mw).toBeCloseTo(levels('dc1').trainingW / 1e6, 9);
    expect(stop.confidence_level).toBe(1);
  });

  it('a transition keeps its id across publications; different transitions (and sites) have different ids', () => {
    const { dc1, dc2, scenario } = s;
    const plan = plannedTransitions(scenario, () => ({ trainingW: 1e6, idleW: 1e5 }));
    const epochMs = (t: number) => MS + t / 1000;
    const ids = (v: FacilityView, now: number) =>
      (roundTrip('wdpc.workload.v1.WorkloadDataPublication', workloadStream(v, MS + now / 1000, announced(plan, v.layout.site, now, 100e6), epochMs)).future_intent as any[]).map((i) => [i.kind, i.transition_id]);
    const early = ids(dc1, 10e6); // the stop only (start at 120 s is beyond the lead)
    const later = ids(dc1, 30e6); // stop and start
    const afterStop = ids(dc1, 61e6); // the start only
    expect(early).toHaveLength(1);
    expect(later).toHaveLength(2);
    expect(later[0]).toEqual(early[0]);
    expect(afterStop).toEqual([later[1]]);
    expect(later[0][1]).not.toBe(later[1][1]);
    const other = ids(dc2, 30e6);
    expect(other).toHaveLength(1);
    expect(new Set([later[0][1], later[1][1], other[0][1]]).size).toBe(3);
    // The id is a function of the plan, not of when it is published: a rebuilt plan gives the same.
    const again = plannedTransitions(scenario, () => ({ trainingW: 2e6, idleW: 2e5 }));
    expect(again.map(transitionId)).toEqual(plan.map(transitionId));
  });
});
