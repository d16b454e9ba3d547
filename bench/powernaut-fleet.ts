// A Powernaut fleet through the whole engine in real time against a local Mosquitto: N battery
// resources (default 10,000), one MQTT 5 connection each (QoS 1, persistent sessions), streaming
// every 4 s for 2 minutes (BENCH_PN_RESOURCES, BENCH_PN_SECONDS). The run's own completeness metric
// with on_time = 100 ms is the headline: the share of readings that reached the broker — seen by the
// engine's observer, in the same process — within 100 ms of their 4 s slot. Also messages/s, the
// engine's window lateness, connect time and memory (this process and Mosquitto). Baseline in the
// same run: the same connections and payloads published by a bare loop (no physics, no observer,
// no inspection), timed the same way by a subscriber — what transport and broker allow. Both report
// the arrival lateness behind the share (p50/p99 of arrival − slot) and Mosquitto's CPU per 4 s
// slot: on a 2-core host the broker alone needs ~40 µs per reading, so 10,000 readings cannot all
// pass through it within 100 ms whatever the publisher does.
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
/** The baseline's length (0: no baseline). */
const BARE_SECONDS = Number(process.env.BENCH_PN_BARE_SECONDS ?? Math.min(SECONDS, 60));
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
/** CPU time (user + system) of a process in ms, from /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return undefined;
  }
}

function quantile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Arrival − slot (ms) of every reading the engine's observer saw, from the run's traffic log. */
function arrivalLateness(trafficFile: string): number[] {
  const out: number[] = [];
  for (const line of readFileSync(trafficFile, 'utf8').split('\n')) {
    if (!line.includes('"direction":"out"')) continue;
    const t = (JSON.parse(line) as { sim_time: number }).sim_time;
    out.push((t - Math.floor(t / 4) * 4) * 1000); // readings are never 4 s late in this benchmark
  }
  return out.sort((a, b) => a - b);
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
    const mosquitto = mosquittoPid(port);
    let cpuAtStart: number | undefined;
    const engine = new Engine(loaded, { brokerUrl: url, outDir: path.join(dir, 'run'), reconnectGraceMs: 30_000 }, () => {
      cpuAtStart ??= cpuMs(mosquitto); // first window done: connects are behind us
    });
    let peakRss = 0;
    let brokerRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      brokerRss = Math.max(brokerRss, rssOf(mosquitto) ?? 0);
    }, 2_000);
    const out = await engine.run();
    const cpuAtEnd = cpuMs(mosquitto);
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
    const late = arrivalLateness(path.join(dir, 'run', 'traffic.ndjson'));
    emit({ name: `${name}.engine.arrival_p50`, value: quantile(late, 0.5), unit: 'ms' });
    emit({ name: `${name}.engine.arrival_p99`, value: quantile(late, 0.99), unit: 'ms' });
    emit({ name: `${name}.engine.setup_s`, value: setup, unit: 's' });
    emit({ name: `${name}.engine.rss_peak`, value: mib(peakRss), unit: 'MiB' });
    if (brokerRss) emit({ name: `${name}.mosquitto.rss_peak`, value: mib(brokerRss), unit: 'MiB' });
    if (cpuAtStart !== undefined && cpuAtEnd !== undefined) {
      emit({ name: `${name}.engine.mosquitto_cpu_ms_per_slot`, value: (cpuAtEnd - cpuAtStart) / Math.floor(SECONDS / 4), unit: 'ms' });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The transport alone: N connections, one QoS 1 reading each per 4 s slot, timed at a subscriber. */
async function bareRun(url: string, port: number, seconds: number): Promise<void> {
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
  const slots = Math.floor(seconds / 4);
  const start = performance.now() + 1000;
  const slotAt = (s: number) => start + s * 4000;
  // Each reading carries its slot (as its value): a reading is timed against its own slot, however
  // late it comes (the next slot's time is set before the previous slot's readings arrive).
  const late: number[] = [];
  sub.onMessage((_topic, payload) => {
    const s = Number(/"value":(\d+)/.exec(payload.toString('latin1'))?.[1]);
    late.push(performance.now() - slotAt(s));
  });
  await sub.subscribe(['resource/+/data'], { qos: 1 });
  const mosquitto = mosquittoPid(port);
  const cpu0 = cpuMs(mosquitto);
  for (let s = 1; s <= slots; s++) {
    await new Promise((r) => setTimeout(r, Math.max(0, slotAt(s) - performance.now())));
    const time = Math.floor(Date.now() / 1000);
    for (let k = 0; k < N; k++) void conns[k].publish(`resource/edge-${k}-battery/data`, `{"value":${s},"soc":1000,"time":${time}}`, { qos: 1 }).catch(() => undefined);
  }
  await new Promise((r) => setTimeout(r, 3000));
  const cpu1 = cpuMs(mosquitto);
  late.sort((a, b) => a - b);
  const onTime = late.filter((x) => x <= 100).length;
  emit({ name: `${name}.bare-transport.within_100ms_share`, value: onTime / (slots * N), unit: 'share' });
  emit({ name: `${name}.bare-transport.arrival_p50`, value: quantile(late, 0.5), unit: 'ms' });
  emit({ name: `${name}.bare-transport.arrival_p99`, value: quantile(late, 0.99), unit: 'ms' });
  if (cpu0 !== undefined && cpu1 !== undefined) emit({ name: `${name}.bare-transport.mosquitto_cpu_ms_per_slot`, value: (cpu1 - cpu0) / slots, unit: 'ms' });
  info(`${name}.bare-transport: ${late.length} of ${slots * N} received, ${onTime} within 100 ms of the slot`);
  await Promise.all([...conns, sub].map((c) => c.end(true)));
}

export async function powernautBench(): Promise<void> {
  const broker = await startMosquitto({ extraConfig: 'max_connections -1' });
  try {
    await engineRun(broker.url, broker.port);
    if (BARE_SECONDS >= 4) await bareRun(broker.url, broker.port, BARE_SECONDS);
  } finally {
    await broker.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await powernautBench();
