// Which way is better, for the metrics where that is not a matter of opinion. Used only to colour
// comparisons; a metric missing here is shown without a verdict (more energy drawn at the POI is
// neither good nor bad without knowing what it bought).
export type Better = 'lower' | 'higher';

const LOWER = [
  'dr_response_latency_p50', 'dr_response_latency_p99', 'dr_response_latency_max', 'dr_unanswered',
  'time_to_target_p50', 'time_to_target_p99', 'time_to_target_max', 'breach_energy', 'tracking_error_rms',
  'conformance_failures', 'inbound_conformance_failures', 'rejected_inbound', 'messages_lost', 'breaches',
  'burner_energy', 'poi_ramp_excess', 'grid_time_below', 'grid_lfdd_stages', 'lateness_p50', 'lateness_p99', 'lateness_max',
  'target_set_latency_p50', 'target_set_latency_p99', 'target_set_latency_max',
  'compliance_latency_p50', 'compliance_latency_p99', 'compliance_latency_max',
];
const HIGHER = ['useful_work_share', 'grid_nadir', 'score'];

const table = new Map<string, Better>([...LOWER.map((m) => [m, 'lower'] as const), ...HIGHER.map((m) => [m, 'higher'] as const)]);

export function betterDirection(metric: string): Better | undefined {
  return table.get(metric);
}
