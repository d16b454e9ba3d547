// WDPC Table 1 and the spec's protobuf claims, measured: for each message type the twin publishes,
// protobuf encode / decode time per message (p50, p99 of single-message timings after a warm-up)
// and size, next to JSON (JSON.stringify / JSON.parse of the same content) measured in the same run.
// Table 1's serialization budgets (<10 ms node power, <5 ms component, <20 ms thermal, <30 ms
// infrastructure, <100 ms external) are the targets; the spec's "2–6× faster, 30–70 % smaller" is
// reported as measured ratios (ratio < 1: protobuf takes less time / fewer bytes than JSON).
import type protobuf from 'protobufjs';
import { emit, info } from './report.ts';
import { sampleObject, seeded } from './wdpc-sample.ts';
import { loadWdpcSchemas } from '../sim/bindings/wdpc/schema.ts';

/** The message each Table 1 row publishes, by simple name, with its serialization budget (ms). */
const ROWS: Array<{ row: string; message: string; budgetMs: number }> = [
  { row: 'node-power', message: 'PowerMetrics', budgetMs: 10 },
  { row: 'component', message: 'ComponentDataStream', budgetMs: 5 },
  { row: 'thermal', message: 'ThermalSystemData', budgetMs: 20 },
  { row: 'infrastructure', message: 'InfrastructureStatus', budgetMs: 30 },
  { row: 'power-system', message: 'PowerSystemData', budgetMs: 30 },
  { row: 'external-grid', message: 'GridOperatorData', budgetMs: 100 },
  { row: 'workload', message: 'WorkloadDataPublication', budgetMs: 10 },
];

const WARMUP = 3_000;
const SAMPLES = 20_000;

function findType(root: protobuf.Root, name: string): protobuf.Type | undefined {
  const walk = (ns: protobuf.NamespaceBase): protobuf.Type | undefined => {
    for (const o of ns.nestedArray) {
      if ('fieldsArray' in o && o.name === name) return o as protobuf.Type;
      if ('nestedArray' in o) {
        const t = walk(o as protobuf.NamespaceBase);
        if (t) return t;
      }
    }
    return undefined;
  };
  return walk(root);
}

/** Single-operation timings in µs: p50, p99 and the mean. */
function timeEach(op: () => void): { p50: number; p99: number; mean: number } {
  for (let k = 0; k < WARMUP; k++) op();
  const t = new Float64Array(SAMPLES);
  for (let k = 0; k < SAMPLES; k++) {
    const a = process.hrtime.bigint();
    op();
    t[k] = Number(process.hrtime.bigint() - a) / 1e3;
  }
  t.sort();
  let sum = 0;
  for (const x of t) sum += x;
  return { p50: t[Math.floor(SAMPLES * 0.5)], p99: t[Math.floor(SAMPLES * 0.99)], mean: sum / SAMPLES };
}

export async function wdpcSerializationBench(): Promise<void> {
  const root = loadWdpcSchemas();
  for (const { row, message, budgetMs } of ROWS) {
    const type = findType(root, message);
    if (!type) {
      info(`wdpc: no message ${message} in proto/wdpc/v1 — row ${row} skipped`);
      continue;
    }
    const obj = sampleObject(type, seeded(7));
    const msg = type.fromObject(obj);
    const bytes = type.encode(msg).finish();
    const plain = type.toObject(msg, { longs: Number, enums: String, bytes: String });
    const text = JSON.stringify(plain);
    let sink = 0;
    const enc = timeEach(() => (sink += type.encode(msg).finish().length));
    const dec = timeEach(() => (sink += type.decode(bytes) ? 1 : 0));
    const jenc = timeEach(() => (sink += JSON.stringify(plain).length));
    const jdec = timeEach(() => (sink += JSON.parse(text) ? 1 : 0));
    if (sink === 0) info('unreachable');
    const n = `wdpc.serialization.${row}`;
    emit({ name: `${n}.protobuf.encode_p50`, value: enc.p50, unit: 'µs' });
    emit({ name: `${n}.protobuf.encode_p99`, value: enc.p99, unit: 'µs', target: { of: 'value', op: '<', limit: budgetMs * 1000 } });
    emit({ name: `${n}.protobuf.decode_p50`, value: dec.p50, unit: 'µs' });
    emit({ name: `${n}.protobuf.decode_p99`, value: dec.p99, unit: 'µs' });
    emit({ name: `${n}.protobuf.encode_mean`, value: enc.mean, unit: 'µs', baseline: { name: `${n}.json.stringify_mean`, value: jenc.mean } });
    emit({ name: `${n}.protobuf.decode_mean`, value: dec.mean, unit: 'µs', baseline: { name: `${n}.json.parse_mean`, value: jdec.mean } });
    emit({ name: `${n}.protobuf.bytes`, value: bytes.length, unit: 'B', baseline: { name: `${n}.json.bytes`, value: Buffer.byteLength(text) } });
  }
}
