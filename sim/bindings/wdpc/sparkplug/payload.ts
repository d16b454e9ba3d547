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
  // Straight from the plain object (its fields already have their wire types): no fromObject.
  return t.encode(o).finish();
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
  let o: any;
  try {
    o = type().decode(bytes);
  } catch (err) {
    throw new Error(`not a Sparkplug B payload: ${(err as Error).message}`, { cause: err });
  }
  // Fields are read off the decoded message (no toObject: this runs on every message). proto2
  // keeps unset fields' defaults on the prototype, so presence is an own property.
  const out: DecodedPayload = { metrics: (o.metrics ?? []).map((m: any) => decodeMetric(m, bornAs)) };
  if (has(o, 'timestamp')) out.timestamp = wireNumber(o.timestamp);
  if (has(o, 'seq')) out.seq = wireNumber(o.seq);
  if (has(o, 'uuid')) out.uuid = o.uuid;
  if (has(o, 'body')) out.body = o.body;
  return out;
}

const has = (o: object, field: string) => Object.prototype.hasOwnProperty.call(o, field);

/** A uint64 as protobufjs decodes it (a Long, or a number) as a number. */
function wireNumber(v: unknown): number {
  return typeof v === 'object' && v !== null ? (v as { toNumber(): number }).toNumber() : Number(v);
}

/** A uint32/uint64 field's raw unsigned value as a bigint. */
function wireBig(v: unknown): bigint {
  return BigInt(typeof v === 'object' && v !== null ? String(v) : (v as number));
}

function decodeMetric(m: any, bornAs?: (m: { name?: string; alias?: number | bigint }) => number | undefined): DecodedMetric {
  const d: DecodedMetric = { isNull: has(m, 'is_null') && m.is_null === true };
  if (has(m, 'name')) d.name = m.name;
  if (has(m, 'alias')) d.alias = fromWireInt(8, wireBig(m.alias));
  if (has(m, 'timestamp')) d.timestamp = wireNumber(m.timestamp);
  if (has(m, 'datatype')) d.datatype = m.datatype;
  const field = m.value as ValueField | undefined;
  if (field === undefined) return d;
  d.field = field;
  const dt = d.datatype ?? bornAs?.(d);
  const raw = m[field];
  if (field === 'int_value') d.value = fromWireInt(dt !== undefined && valueFieldOf(dt) === 'int_value' ? dt : 7, wireBig(raw));
  else if (field === 'long_value') d.value = fromWireInt(dt !== undefined && valueFieldOf(dt) === 'long_value' ? dt : 8, wireBig(raw));
  else if (field === 'dataset_value' || field === 'template_value' || field === 'extension_value') d.value = undefined;
  else d.value = raw;
  return d;
}
