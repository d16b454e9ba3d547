// `npm run bench` runs every benchmark, `npm run bench -- NAME [NAME...]` the named ones. Each prints
// its figures as JSON lines on stdout (see report.ts); the machine description goes to stderr so a
// figure can always be read next to the hardware it was measured on.
import os from 'node:os';
import { info } from './report.ts';
import { hostNow, othersLoad } from './cpu.ts';
import { kernelBench } from './kernel.ts';
import { dsxBench } from './dsx.ts';
import { latenessBench } from './lateness.ts';
import { modelsBench } from './models.ts';
import { fleetBench } from './fleet.ts';
import { sweepBench } from './sweep.ts';
import { powernautBench } from './powernaut-fleet.ts';
import { wdpcSerializationBench } from './wdpc-serialization.ts';
import { wdpcBusBench } from './wdpc-bus.ts';
import { wdpcEngineBench } from './wdpc-engine.ts';

const benchmarks: Record<string, { about: string; run: () => Promise<void> }> = {
  kernel: { about: 'kernel events/s on one core (target >= 5M/s)', run: kernelBench },
  dsx: { about: 'signed DSX events/s through Mosquitto vs single-core ES256 signing (target >= 0.8)', run: dsxBench },
  lateness: { about: 'real-time window lateness p99 (target < 5 ms)', run: latenessBench },
  models: { about: 'model instance-steps/s per core, 10,000-instance SoA tables, worker and main thread (target >= 20M/s)', run: modelsBench },
  fleet: { about: '1,000 sites x 24 h, 100 ms windows, fast mode, workers 0/1/2 (target >= 500x real time)', run: fleetBench },
  powernaut: { about: 'Powernaut fleet: 10,000 resources, one MQTT 5 connection each, 4 s in real time for 2 min (target >= 99.9 % within 100 ms)', run: powernautBench },
  'wdpc-serialization': { about: 'WDPC messages: protobuf encode/decode p50/p99 and size vs JSON of the same content (Table 1 budgets; the spec claims 2-6x faster, 30-70 % smaller)', run: wdpcSerializationBench },
  'wdpc-bus': { about: 'WDPC: 1,000-node facility node power at 100 ms through Mosquitto (Sparkplug B) and NATS JetStream: latency p50/p99 (target < 100 ms); burst throughput vs raw publishers', run: wdpcBusBench },
  'wdpc-engine': { about: 'WDPC profile: a 1,000-node facility at the Table 1 rates through the engine in real time (Mosquitto): access time per row vs the bare publish loop (target node power p99 < 100 ms)', run: wdpcEngineBench },
  sweep: { about: '200 runs of a 1-site, 1-hour scenario through gridtwin sweep, all cores; vs one job per run', run: sweepBench },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in benchmarks));
if (unknown.length > 0) {
  info(`unknown benchmark(s): ${unknown.join(', ')}`);
  for (const [name, b] of Object.entries(benchmarks)) info(`  ${name.padEnd(18)} ${b.about}`);
  process.exit(2);
}

const cpus = os.cpus();
info(`machine: ${cpus[0]?.model ?? 'unknown cpu'} x ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}, load average ${os.loadavg()[0].toFixed(2)}`);

for (const name of wanted.length > 0 ? wanted : Object.keys(benchmarks)) {
  info(`== ${name}: ${benchmarks[name].about}`);
  const before = hostNow();
  await benchmarks[name].run();
  const after = hostNow();
  if (before && after) {
    const load = othersLoad(before, after);
    info(`-- ${name}: other processes kept ${load.toFixed(2)} of ${cpus.length} cores busy meanwhile${load > 0.1 ? ' (figures are lower than on an idle machine)' : ''}`);
  }
}
