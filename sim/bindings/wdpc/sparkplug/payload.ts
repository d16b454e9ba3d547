// Sparkplug B payloads (org.eclipse.tahu.protobuf.Payload from proto/sparkplug/sparkplug_b.proto,
// used unmodified through protobufjs): a message timestamp, a sequence number and metrics, each
// with a name (births) or an alias (later data), a timestamp, a datatype and a value in the oneof
// member the datatype selects (datatypes.ts). Encoding refuses a value that does not fit its
// datatype; decoding never trusts the sender and reports which member the value came in, so the
// host inspector can check it against the datatype given at birth.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { fromWireInt, toWireInt, valueFieldOf, valueProblem, type MetricValue, type ValueField } from './datatypes.ts';

export { DataType, type DataTypeCode, type MetricValue, type ValueField } from './datatypes.ts';

const PROTO = fileURLToPath(new URL('../../../../proto/sparkplug/sparkplug_b.proto', import.meta.url));
export const PAYLOAD_TYPE = 'org.eclipse.tahu.protobuf.Payload';

export interface Metric {
  /** Births name every metric; data messages may carry the alias only. */
  name?: string;
  /** uint64 on the wire, unique per edge node (node and device metrics together). */
  alias?: number | bigint;
  /** UNIX ms. */
  timestamp?: number;
  /** Sent on the wire when given (births); also selects the value member. */
  datatype?: number;
  /** The datatype from the birth, selecting the value member when `datatype` is not sent (data). */
  bornAs?: number;
  /** null = an explicit null (`is_null` true, no value). */
  value?: MetricValue | null;
}

export interface SpPayload {
  /** UNIX ms at sending. */
  timestamp?: number;
  /** 0–255; absent only in NDEATH. */
  seq?: number;
  metrics: Metric[];
  uuid?: string;
  body?: Uint8Array;
}

export interface DecodedMetric extends Metric {
  /** The oneof member the value arrived in (absent: no value). */
  field?: ValueField;
  isNull: boolean;
}

export interface DecodedPayload extends SpPayload {
  metrics: DecodedMetric[];
}

let payloadType: protobuf.Type | undefined;
function type(): protobuf.Type {
  payloadType ??= new protobuf.Root().loadSync(PROTO, { keepCase: true }).lookupType(PAYLOAD_TYPE);
  return payloadType;
}

/** Encodes a payload; throws RangeError/TypeError for a seq or metric value that breaks the rules. */
export function encodePayload(p: SpPayload): Uint8Array {
  if (p.seq !== undefined && !(Number.isInteger(p.seq) && p.seq >= 0 && p.seq <= 255)) throw new RangeError(`seq ${p.seq} is outside 0–255`);
  const metrics = p.metrics.map((m, i) => encodeMetric(m, i));
  const o: Record<string, unknown> = { metrics };
  if (p.timestamp !== undefined) o.timestamp = p.timestamp;
  if (p.seq !== undefined) o.seq = p.seq;
  if (p.uuid !== undefined) o.uuid = p.uuid;
  if (p.body !== undefined) o.body = p.body;
  const t = type();
  return t.encode(t.fromObject(o)).finish();
}

function encodeMetric(m: Metric, i: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (m.name !== undefined) o.name = m.name;
  if (m.alias !== undefined) o.alias = BigInt(m.alias).toString();
  if (m.timestamp !== undefined) o.timestamp = m.timestamp;
  if (m.datatype !== undefined) o.datatype = m.datatype;
  const dt = m.datatype ?? m.bornAs;
  if (m.value === null) {
    o.is_null = true;
    return o;
  }
  if (m.value === undefined) return o;
  if (dt === undefined) throw new TypeError(`metrics[${i}] (${m.name ?? `alias ${m.alias}`}): a value needs a datatype (or bornAs) to choose its field`);
  const problem = valueProblem(dt, m.value);
  if (problem) throw new TypeError(`metrics[${i}] (${m.name ?? `alias ${m.alias}`}): ${problem}`);
  const field = valueFieldOf(dt)!;
  o[field] = field === 'int_value' || field === 'long_value' ? toWireInt(field, m.value as number | bigint) : m.value;
  return o;
}

/**
 * Decodes a payload; throws on bytes that are not one (the inspector turns that into a verdict).
 * `bornAs` gives the birth datatype of a metric that arrives without one (data messages), so its
 * integer value reads with the right sign and width.
 */
export function decodePayload(bytes: Uint8Array, bornAs?: (m: { name?: string; alias?: number | bigint }) => number | undefined): DecodedPayload {
  let o: Record<string, any>;
  try {
    o = type().toObject(type().decode(bytes), { longs: String, oneofs: true });
  } catch (err) {
    throw new Error(`not a Sparkplug B payload: ${(err as Error).message}`, { cause: err });
  }
  const out: DecodedPayload = { metrics: (o.metrics ?? []).map((m: Record<string, any>) => decodeMetric(m, bornAs)) };
  if (o.timestamp != null) out.timestamp = Number(o.timestamp);
  if (o.seq != null) out.seq = Number(o.seq);
  if (o.uuid != null) out.uuid = o.uuid;
  if (o.body != null) out.body = o.body;
  return out;
}

function decodeMetric(m: Record<string, any>, bornAs?: (m: { name?: string; alias?: number | bigint }) => number | undefined): DecodedMetric {
  const d: DecodedMetric = { isNull: m.is_null === true };
  if (m.name != null) d.name = m.name;
  if (m.alias != null) d.alias = fromWireInt(8, BigInt(m.alias));
  if (m.timestamp != null) d.timestamp = Number(m.timestamp);
  if (m.datatype != null) d.datatype = m.datatype;
  const field = m.value as ValueField | undefined;
  if (field === undefined) return d;
  d.field = field;
  const dt = d.datatype ?? bornAs?.(d);
  const raw = m[field];
  if (field === 'int_value') d.value = fromWireInt(dt !== undefined && valueFieldOf(dt) === 'int_value' ? dt : 7, BigInt(raw));
  else if (field === 'long_value') d.value = fromWireInt(dt !== undefined && valueFieldOf(dt) === 'long_value' ? dt : 8, BigInt(raw));
  else if (field === 'dataset_value' || field === 'template_value' || field === 'extension_value') d.value = undefined;
  else d.value = raw;
  return d;
}
