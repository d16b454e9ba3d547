// The WDPC profile end to end (issue 5 "Proof"): a 1,000-node facility publishing its hierarchy from
// the physics at the WDPC Table 1 rates — node power every 100 ms, thermal and infrastructure every
// 1 s, workload every 1 s — through gridtwin's engine in real time onto Mosquitto, every message
// sealed, inspected by the engine's observer and read by the built-in consumer. The figures are the
// run's own access-time metrics (envelope timestamp → observer, per Table 1 row) next to the bare
// loop of bench/wdpc-bus.ts in the same run: one mqtt.js publisher sending the same number of
// sealed node-power DDATA per 100 ms to a subscriber, without physics, inspection or a consumer.
// GPU component streams (8,000 more envelopes per 100 ms) are off unless BENCH_WDPC_COMPONENTS=1.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { emit, info } from './report.ts';
import { nodePowerLatency } from './wdpc-bus.ts';
import { parseScenarioText } from '../sim/scenario/load.ts';
import { Engine } from '../sim/engine/engine.ts';
import { startMosquitto } from '../sim/transports/broker-processes.ts';
import { EnvelopeSealer } from '../sim/bindings/wdpc/envelope.ts';

/** Facility sizes measured, each through the engine and the bare loop (the is 1,000). */
const SIZES = (process.env.BENCH_WDPC_ENGINE_NODES ?? '250,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_WDPC_SECONDS ?? 20);
const COMPONENTS = process.env.BENCH_WDPC_COMPONENTS === '1';

const scenario = (nodes: number) => `
name: wdpc-engine-bench
run: { duration: ${SECONDS} s, window: 100 ms, seed: 5, mode: realtime }
sites:
  dc1:
    ai_load: { rated_power: ${nodes * 9.6} kW, overhead: ${nodes * 1.2} kW, nodes: ${nodes}, gpus: ${nodes * 8}, period: 2 s, duty: 0.8, step: 100 ms }
    cooling: {}
    battery: { energy: 10 MWh, power: 10 MW, mode: peak_shave, poi_ramp: 5 MW/min }
profiles:
  wdpc:
    rates: { components: ${COMPONENTS ? '100 ms' : 'off'} }
    consumer: reactive
`;

const pct = (xs: number[], q: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] : NaN);

export async function wdpcEngineBench(): Promise<void> {
  const mosq = await startMosquitto();
  try {
    for (const nodes of SIZES) await oneSize(mosq.url, nodes);
  } finally {
    await mosq.stop();
  }
}

async function oneSize(url: string, nodes: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-bench-wdpc-'));
  const name = `wdpc.engine.${nodes}-nodes`;
  try {
    const bare = await nodePowerLatency('mosquitto', { mosquitto: url }, new EnvelopeSealer({ keyId: 'bench', key: randomBytes(32) }), SECONDS, nodes);
    const loaded = parseScenarioText(scenario(nodes), path.join(dir, 'wdpc-engine.yaml'));
    const out = await new Engine(loaded, { brokerUrl: url, outDir: path.join(dir, 'run'), reconnectGraceMs: 30_000 }).run();
    const s = out.summary;
    if (s.error) throw new Error(`engine run failed: ${s.error.message}`);
    const m = s.metrics as Record<string, number>;
    info(`${name}: ${s.counts.messages_out} messages (${m.wdpc_envelopes} envelopes) in ${s.run.simulated_s} s simulated, ${s.run.wall_s} s wall, lost ${m.messages_lost}, conformance failures ${m.conformance_failures} (stale envelopes when the engine falls behind), window lateness p99 ${((m.lateness_p99 ?? NaN) * 1000).toFixed(1)} ms`);
    const budgets: Array<[string, number]> = [['node_power', 100], ['thermal', 500], ['infrastructure', 1000], ['workload', 1000], ...(COMPONENTS ? ([['components', 150]] as Array<[string, number]>) : [])];
    const bareP99 = pct(bare, 0.99);
    for (const [row, budget] of budgets) {
      emit({ name: `${name}.${row}.access_p50`, value: m[`wdpc_access_${row}_p50`] * 1000, unit: 'ms' });
      emit({
        name: `${name}.${row}.access_p99`,
        value: m[`wdpc_access_${row}_p99`] * 1000,
        unit: 'ms',
        target: { of: 'value', op: '<', limit: budget },
        ...(row === 'node_power' ? { baseline: { name: `wdpc.bare-mqtt.${nodes}-nodes.node-power.latency_p99`, value: bareP99 } } : {}),
      });
    }
    emit({ name: `wdpc.bare-mqtt.${nodes}-nodes.node-power.latency_p50`, value: pct(bare, 0.5), unit: 'ms' });
    emit({ name: `wdpc.bare-mqtt.${nodes}-nodes.node-power.received_share`, value: bare.length / ((nodes * SECONDS * 1000) / 100), unit: 'share' });
    emit({ name: `${name}.msgs_per_s_offered`, value: s.counts.messages_out / s.run.simulated_s, unit: 'msgs/s' });
    emit({ name: `${name}.msgs_per_s_handled`, value: s.counts.messages_out / s.run.wall_s, unit: 'msgs/s' });
    emit({ name: `${name}.conformance_failures`, value: m.conformance_failures, unit: 'count' });
    emit({ name: `${name}.messages_lost`, value: m.messages_lost, unit: 'count' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await wdpcEngineBench();
