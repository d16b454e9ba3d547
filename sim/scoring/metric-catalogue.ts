// Every metric a scenario threshold may name: its dimension (for parsing the threshold's value
// with a unit), the unit reports show it in, and what exactly it measures.
import type { DimensionName } from '../scenario/units.ts';

export interface MetricDef {
  name: string;
  /** 'count' metrics take bare integers in thresholds; the others take a value with a unit. */
  dimension: DimensionName | 'count' | 'fraction';
  /** Unit for display (reports, terminal). */
  unit: string;
  description: string;
}

const time = (name: string, description: string): MetricDef => ({ name, dimension: 'time', unit: 's', description });
const count = (name: string, description: string): MetricDef => ({ name, dimension: 'count', unit: '', description });

function percentiles(base: string, what: string): MetricDef[] {
  return [
    time(`${base}_p50`, `median ${what}`),
    time(`${base}_p99`, `99th percentile ${what}`),
    time(`${base}_max`, `largest ${what}`),
  ];
}

export const metricCatalogue: MetricDef[] = [
  ...percentiles(
    'dr_response_latency',
    'time from a demand-response request to the first valid grid.loadtarget.set.v1 for its site; an unanswered request counts as infinite',
  ),
  count('dr_requests', 'demand-response requests published on the grid feed'),
  count('dr_unanswered', 'demand-response requests that never got a valid load target'),
  ...percentiles(
    'time_to_target',
    'time from a load target becoming active until the agent’s calculated load (POI averaged over one training iteration) is within it plus the breach tolerance; never reached counts as infinite',
  ),
  {
    name: 'breach_energy',
    dimension: 'energy',
    unit: 'MWs',
    description: 'integral of POI load above the active constraint, over all sites (MW·s)',
  },
  {
    name: 'tracking_error_rms',
    dimension: 'power',
    unit: 'MW',
    description: 'RMS of (POI window-mean load − active constraint) over the windows in which a constraint was active',
  },
  count('conformance_failures', 'failed conformance checks, messages in both directions'),
  count('inbound_conformance_failures', 'failed conformance checks on messages from the system under test'),
  count('rejected_inbound', 'inbound messages rejected and never acted upon'),
  count('messages_lost', 'messages that failed to publish or never completed the broker round trip'),
  count('breaches', 'power breaches detected (alerts with status active)'),
  { name: 'fleet_poi_energy', dimension: 'energy', unit: 'MWh', description: 'energy drawn at the POI by all sites over the run' },
  { name: 'fleet_poi_peak', dimension: 'power', unit: 'MW', description: 'highest POI load of any site (peak within a window)' },
  { name: 'useful_work_share', dimension: 'fraction', unit: '%', description: 'training throughput delivered as a share of nominal, mean over sites and the run (mitigations and failures lower it)' },
  { name: 'burner_energy', dimension: 'energy', unit: 'MWh', description: 'energy burned by POI load burners to hold ramp limits' },
  { name: 'poi_ramp_excess', dimension: 'energy', unit: 'MWh', description: 'energy by which POI loads fell below the line their utility ramp limit allows, over all sites (needs a poi block): 0 when battery and burner held every ramp' },
  { name: 'grid_nadir', dimension: 'frequency', unit: 'Hz', description: 'lowest grid frequency of the run (grid model)' },
  {
    name: 'grid_initial_rocof',
    dimension: 'rocof',
    unit: 'Hz/s',
    description: 'mean rate of change of frequency over the first 2 s after the first disturbance (negative when falling)',
  },
  time('grid_time_below', 'time the grid frequency spent below the model’s threshold (default: the first LFDD stage)'),
  count('grid_lfdd_stages', 'low-frequency demand disconnection stages that tripped'),
  ...percentiles('lateness', 'real-time pacing lateness of a window against its absolute schedule'),
  ...percentiles('target_set_latency', 'time from a load target sent by gridtwin to the live agent’s target_set status'),
  ...percentiles('compliance_latency', 'time from a target’s start until the live agent reports end_ramp_down/compliant'),
  ...percentiles(
    'setpoint_latency',
    'Powernaut: time from a setpoint’s arrival (or its start, if later) to the first 4 s reading of the resource that moved at least half the requested change; never counts as infinite',
  ),
  {
    name: 'setpoint_tracking_error_rms',
    dimension: 'power',
    unit: 'kW',
    description: 'Powernaut: RMS of (reading − setpoint) over the resource readings whose whole interval one setpoint covered',
  },
  {
    name: 'setpoint_energy_ratio',
    dimension: 'fraction',
    unit: '%',
    description: 'Powernaut: energy delivered ÷ energy requested by setpoints, both against the reading just before each activation period',
  },
  { name: 'setpoint_energy_requested', dimension: 'energy', unit: 'kWh', description: 'Powernaut: Σ |setpoint − baseline| over the readings of activation periods' },
  { name: 'setpoint_energy_delivered', dimension: 'energy', unit: 'kWh', description: 'Powernaut: Σ (reading − baseline) in the requested direction over the same readings' },
  {
    name: 'telemetry_completeness',
    dimension: 'fraction',
    unit: '%',
    description: 'Powernaut: share of 4 s slots whose reading reached the broker on time (within on_time of the slot), mean over devices',
  },
  { name: 'telemetry_completeness_min', dimension: 'fraction', unit: '%', description: 'Powernaut: the same share for the worst device' },
  count('telemetry_late', 'Powernaut: readings that reached the broker later than on_time after their slot (a backlog)'),
  count('stale_dropped', 'Powernaut: buffered readings older than stale_after (1 min) dropped at the sender, never sent'),
  {
    name: 'oe_telemetry_completeness',
    dimension: 'fraction',
    unit: '%',
    description: 'Open Energi: share of the readings and events a device produced that reached the broker within on_time, mean over devices',
  },
  { name: 'oe_telemetry_completeness_min', dimension: 'fraction', unit: '%', description: 'Open Energi: the same share for the worst device' },
  count('oe_telemetry_late', 'Open Energi: readings and events that reached the broker later than on_time (a backlog after a connection loss)'),
  count('oe_telemetry_missing', 'Open Energi: readings and events produced but never seen on the broker (evicted, still buffered at the end, lost)'),
  {
    name: 'ffr_delivery_ratio',
    dimension: 'fraction',
    unit: '%',
    description: 'Open Energi: response delivered ÷ availability declared just before, over the samples ≥ 2 s into a frequency excursion beyond nominal ∓ 0.5 Hz',
  },
  count('ffr_samples', 'Open Energi: entity samples that counted toward ffr_delivery_ratio'),
  ...percentiles('signal_latency', 'Open Energi: time from a signal point taking effect to the first 1 s sample of the entity’s power that moved half the change the new variables ask for; never counts as infinite'),
  count('oe_signal_changes_untimed', 'Open Energi: signal points that took effect but asked for less than 100 W of change at that moment (not timed)'),
  ...percentiles('wdpc_access_node_power', 'WDPC (real time): from a node-power envelope’s timestamp to the observer receiving it (Table 1 budget 100 ms)'),
  ...percentiles('wdpc_access_components', 'WDPC (real time): the same for GPU component streams (Table 1 budget 150 ms)'),
  ...percentiles('wdpc_access_thermal', 'WDPC (real time): the same for thermal data (Table 1 budget 500 ms)'),
  ...percentiles('wdpc_access_infrastructure', 'WDPC (real time): the same for infrastructure status and facility power (Table 1 budget 1 s)'),
  ...percentiles('wdpc_access_external', 'WDPC (real time): the same for grid / external data (Table 1 budget 5 s)'),
  ...percentiles('wdpc_access_workload', 'WDPC (real time): the same for workload publications with intent signals (gridtwin: 1 s)'),
  count('wdpc_envelopes', 'WDPC: envelopes sealed and published by the facilities'),
  count('wdpc_sequence_gaps', 'WDPC: envelope sequence numbers missing at the observer (WDPC-SEC-004), both directions'),
  count('wdpc_spb_seq_gaps', 'WDPC: Sparkplug seq numbers missing at the observer (SPB-SEQ-003)'),
  count('wdpc_consumer_workloads', 'WDPC: workload publications the built-in consumer verified and read'),
  count('wdpc_consumer_commands', 'WDPC: Battery/SoC Target NCMDs the built-in consumer sent'),
  count('wdpc_consumer_rejected', 'WDPC: messages the built-in consumer could not verify or decode (not acted on)'),
  count('wdpc_nats_published', 'WDPC: envelopes published into NATS JetStream'),
  count('wdpc_nats_acked', 'WDPC: of those, acknowledged as stored by the stream (fast mode; real time publishes unacknowledged)'),
  count('wdpc_nats_failed', 'WDPC: NATS publishes that failed (by reason in the counters)'),
];

const byName = new Map(metricCatalogue.map((m) => [m.name, m]));

export function findMetric(name: string): MetricDef | undefined {
  return byName.get(name);
}
