// A Powernaut fleet through the whole engine in real time against a local Mosquitto: N battery
// resources (default 10,000), one MQTT 5 connection each (QoS 1, persistent sessions), streaming
// every 4 s for 2 minutes (BENCH_PN_RESOURCES, BENCH_PN_SECONDS). The run's own completeness metric
// with on_time = 100 ms is the headline: the share of readings that reached the broker — seen by the
// engine's observer, in the same process — within 100 ms of their 4 s slot. Also messages/s, the
// engine's window lateness, connect time and memory (this process and Mosquitto). Baseline in the
// same run: the same connections and payloads published by a bare loop (no physics, no observer,
// no inspection), timed the same way by a subscriber — what transport and broker allow.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { emit, info } from './report.ts';
import { parseScenarioText } from '../sim/scenario/load.ts';
import { Engine } from '../sim/engine/engine.ts';
import { startMosquitto } from '../sim/transports/broker-processes.ts';
import { connectMqtt, type MqttConnection } from '../sim/transports/mqtt-connection.ts';

const N = Number(process.env.BENCH_PN_RESOURCES ?? 10_000);
const SECONDS = Number(process.env.BENCH_PN_SECONDS ?? 120);
const name = `powernaut.fleet-${N}`;

const scenario = `
run: { duration: ${SECONDS} s, window: 1 s, seed: 1, mode: realtime, timeseries: { interval: 60 s, sites: none } }
sites:
  edge:
    replicas: ${N}
    ai_load: { rated_power: 100 kW, step: 100 ms }
    battery: { energy: 200 kWh, power: 100 kW, mode: idle }
profiles:
  powernaut: { site_meters: false, resources: [battery], on_time: 100 ms, batch_max: 15 }
`;

const mib = (b: number) => b / 2 ** 20;
function rssOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
/** The Mosquitto started for this benchmark: its command line names its config, which names the port. */
function mosquittoPid(port: number): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      const conf = args[args.indexOf('-c') + 1];
      if (args[0].endsWith('mosquitto') && conf && readFileSync(conf, 'utf8').includes(`listener ${port} `)) return Number(d);
    } catch {
      // not readable, not ours, or gone
    }
  }
  return undefined;
}

async function engineRun(url: string, port: number): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-bench-pn-'));
  try {
    const loaded = parseScenarioText(scenario, path.join(dir, 'pn-fleet.yaml'));
    const t0 = performance.now();
    const engine = new Engine(loaded, { brokerUrl: url, outDir: path.join(dir, 'run'), reconnectGraceMs: 30_000 });
    let peakRss = 0;
    let brokerRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      brokerRss = Math.max(brokerRss, rssOf(mosquittoPid(port)) ?? 0);
    }, 2_000);
    const out = await engine.run();
    clearInterval(sampler);
    const s = out.summary;
    if (s.error) throw new Error(`engine run failed: ${s.error.message}`);
    const m = s.metrics as Record<string, number>;
    const setup = (performance.now() - t0) / 1000 - s.run.simulated_s;
    info(`${name}: ${s.counts.messages_out} readings, wall ${s.run.wall_s} s (set-up incl. ${N} connects ≈ ${setup.toFixed(1)} s), late ${m.telemetry_late ?? 0}, lost ${m.messages_lost}`);
    emit({ name: `${name}.engine.within_100ms_share`, value: m.telemetry_completeness, unit: 'share', target: { of: 'value', op: '>=', limit: 0.999 } });
    emit({ name: `${name}.engine.within_100ms_share_worst_device`, value: m.telemetry_completeness_min, unit: 'share' });
    emit({ name: `${name}.engine.msgs_per_s`, value: s.counts.messages_out / s.run.simulated_s, unit: 'msgs/s' });
    emit({ name: `${name}.engine.lateness_p99`, value: (m.lateness_p99 ?? NaN) * 1000, unit: 'ms' });
    emit({ name: `${name}.engine.setup_s`, value: setup, unit: 's' });
    emit({ name: `${name}.engine.rss_peak`, value: mib(peakRss), unit: 'MiB' });
    if (brokerRss) emit({ name: `${name}.mosquitto.rss_peak`, value: mib(brokerRss), unit: 'MiB' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The transport alone: N connections, one QoS 1 reading each per 4 s slot, timed at a subscriber. */
async function bareRun(url: string, seconds: number): Promise<void> {
  const conns: MqttConnection[] = [];
  for (let k = 0; k < N; k += 64) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(64, N - k) }, (_, j) =>
        connectMqtt({ url, clientId: `bench-pn-${k + j}`, protocolVersion: 5, clean: false, sessionExpirySeconds: 600 }),
      ),
    );
    conns.push(...batch);
  }
  const sub = await connectMqtt({ url, clientId: 'bench-pn-sub', protocolVersion: 5 });
  let onTime = 0;
  let total = 0;
  let slotAt = 0;
  sub.onMessage(() => {
    total++;
    if (performance.now() - slotAt <= 100) onTime++;
  });
  await sub.subscribe(['resource/+/data'], { qos: 1 });
  const start = performance.now() + 1000;
  const slots = Math.floor(seconds / 4);
  for (let s = 1; s <= slots; s++) {
    slotAt = start + s * 4000;
    await new Promise((r) => setTimeout(r, Math.max(0, slotAt - performance.now())));
    const time = Math.floor(Date.now() / 1000);
    for (let k = 0; k < N; k++) void conns[k].publish(`resource/edge-${k}-battery/data`, `{"value":${k},"soc":1000,"time":${time}}`, { qos: 1 }).catch(() => undefined);
  }
  await new Promise((r) => setTimeout(r, 3000));
  emit({ name: `${name}.bare-transport.within_100ms_share`, value: onTime / (slots * N), unit: 'share' });
  info(`${name}.bare-transport: ${total} of ${slots * N} received, ${onTime} within 100 ms of the slot`);
  await Promise.all([...conns, sub].map((c) => c.end(true)));
}

export async function powernautBench(): Promise<void> {
  const broker = await startMosquitto({ extraConfig: 'max_connections -1' });
  try {
    await engineRun(broker.url, broker.port);
    await bareRun(broker.url, Math.min(SECONDS, 60));
  } finally {
    await broker.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await powernautBench();
