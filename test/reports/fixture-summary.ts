// A hand-made RunSummary for the report writers: a failed run with a failed threshold, an
// Infinity metric (an unanswered request), a failed rule with examples, a passed rule, a rule
// never exercised, counters with reasons, probes, timeline events, a warning.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';

export function failedRunSummary(): RunSummary {
  return {
    gridtwin: { version: '0.1.0', summary_format: 1 },
    scenario: { name: 'quickstart', path: '/work/scenarios/quickstart.yaml', sha256: 'ab'.repeat(32) },
    run: {
      seed: 42,
      mode: 'fast',
      workers: 2,
      broker: 'embedded (mqtt://127.0.0.1:40123)',
      duration_s: 600,
      simulated_s: 600,
      window_s: 1,
      wall_s: 4.2,
      speedup: 142.9,
      windows: 600,
      model_steps: 600,
    },
    run_hash: '3fa2'.repeat(16),
    verdict: 'fail',
    score: 62.5,
    exit_code: 99,
    counts: {
      messages_in: 1234,
      messages_out: 5678,
      messages_lost: 2,
      'messages_lost{no_round_trip}': 1,
      'messages_lost{publish_failed}': 1,
      rejected_inbound: 3,
      'rejected_inbound{DSX-JWS-004}': 2,
      'rejected_inbound{DSX-ENV-010}': 1,
    },
    metrics: {
      breach_energy: 3.512e9,
      conformance_failures: 3,
      dr_requests: 2,
      dr_response_latency_max: 'Infinity',
      dr_response_latency_p50: 0.42,
      dr_response_latency_p99: 'Infinity',
      tracking_error_rms: 3.25e6,
    },
    thresholds: [
      { text: 'dr_response_latency_p99 < 5 s', metric: 'dr_response_latency_p99', op: '<', limit: 5, value: Infinity, unit: 's', passed: false },
      { text: 'breach_energy < 3000 MWs', metric: 'breach_energy', op: '<', limit: 3e9, value: 3.512e9, unit: 'MWs', passed: false },
      { text: 'conformance_failures == 0', metric: 'conformance_failures', op: '==', limit: 0, value: 3, unit: '', passed: false },
      { text: 'messages_lost <= 5', metric: 'messages_lost', op: '<=', limit: 5, value: 2, unit: '', passed: true },
    ],
    conformance: {
      rules: [
        {
          id: 'DSX-JWS-004',
          title: 'The JWS signature verifies',
          cites: 'RFC 7515 §5.2',
          status: 'failed',
          inbound: { checked: 120, failed: 3 },
          outbound: { checked: 340, failed: 0 },
          examples: [
            { simTimeUs: 125_250_000, topic: 'grid/v1/isv/isv-1/loadtarget', detail: 'signature | does not verify', messageId: 'm-1', direction: 'inbound' },
            { simTimeUs: 130_000_000, topic: 'grid/v1/isv/isv-1/loadtarget', detail: 'signature does not verify', direction: 'inbound' },
          ],
        },
        {
          id: 'DSX-ENV-001',
          title: 'The MQTT payload is one JSON object',
          cites: 'CloudEvents JSON format §3',
          status: 'passed',
          inbound: { checked: 120, failed: 0 },
          outbound: { checked: 340, failed: 0 },
          examples: [],
        },
        {
          id: 'DSX-BEH-004',
          title: 'An enforcement refers to a breach_id that was alerted',
          cites: 'DSX PM 1.7.0 §6.4',
          status: 'not_exercised',
          inbound: { checked: 0, failed: 0 },
          outbound: { checked: 0, failed: 0 },
          examples: [],
        },
      ],
      checked: 920,
      failed: 3,
      rules_passed: 1,
      rules_failed: 1,
      rules_not_exercised: 1,
    },
    probes: {
      dr_response_latency: { count: 2, p50: 0.42, p99: 'Infinity', max: 'Infinity', mean: 'Infinity' },
      time_to_target: { count: 1, p50: 23.8, p99: 23.8, max: 23.8, mean: 23.8 },
    },
    events: [
      { t: 120, kind: 'scenario', what: 'demand_response dr-1', detail: 'dc1: -30 MW for 240 s' },
      { t: 120.42, kind: 'control-plane', what: 'grid.loadtarget.set.v1' },
    ],
    warnings: ['the reference ISV answered dr-2 after its deadline'],
  };
}

export function erroredRunSummary(): RunSummary {
  const s = failedRunSummary();
  return {
    ...s,
    verdict: 'error',
    exit_code: 3,
    error: { code: 'CONNECTION', message: 'lost the connection to mqtt://127.0.0.1:1883: ECONNRESET\nsecond line' },
    run: { ...s.run, simulated_s: 212 },
  };
}
