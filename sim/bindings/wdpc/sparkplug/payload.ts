// Sparkplug B payloads (org.eclipse.tahu.protobuf.Payload, proto/sparkplug/sparkplug_b.proto, used
// unmodified): a message timestamp, a sequence number and metrics, each with a name (births) or an
// alias (later data), a timestamp, a datatype and a value in the field the datatype selects.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const PROTO = fileURLToPath(new URL('../../../../proto/sparkplug/sparkplug_b.proto', import.meta.url));

/** Sparkplug B DataType values gridtwin uses (the proto's enum). */
export const DataType = { Int32: 3, Int64: 4, UInt32: 7, UInt64: 8, Float: 9, Double: 10, Boolean: 11, String: 12, DateTime: 13, Bytes: 17 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export type MetricValue = number | bigint | boolean | string | Uint8Array;

export interface Metric {
  name?: string;
  alias?: number;
  /** UNIX ms. */
  timestamp: number;
  datatype: DataTypeCode;
  value: MetricValue;
}

export interface SpPayload {
  /** UNIX ms. */
  timestamp: number;
  /** 0–255; absent only in NDEATH (the spec's rule: bdSeq metric only). */
  seq?: number;
  metrics: Metric[];
}

let payloadType: protobuf.Type | undefined;
function type(): protobuf.Type {
  payloadType ??= new protobuf.Root().loadSync(PROTO, { keepCase: true }).lookupType('org.eclipse.tahu.protobuf.Payload');
  return payloadType;
}

/** The oneof member a datatype's value travels in. */
function valueField(dt: number): 'int_value' | 'long_value' | 'float_value' | 'double_value' | 'boolean_value' | 'string_value' | 'bytes_value' {
  if (dt >= 1 && dt <= 3) return 'int_value';
  if (dt >= 5 && dt <= 7) return 'int_value';
  if (dt === 4 || dt === 8 || dt === 13) return 'long_value';
  if (dt === 9) return 'float_value';
  if (dt === 10) return 'double_value';
  if (dt === 11) return 'boolean_value';
  if (dt === 12 || dt === 14 || dt === 15) return 'string_value';
  if (dt === 17 || dt === 18) return 'bytes_value';
  throw new Error(`Sparkplug datatype ${dt} is not supported by gridtwin`);
}

export function encodePayload(p: SpPayload): Uint8Array {
  const t = type();
  const metrics = p.metrics.map((m) => {
    const field = valueField(m.datatype);
    // 64-bit values as strings when they exceed doubles (protobufjs parses them), else numbers.
    const value = typeof m.value === 'bigint' ? (m.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(m.value) : m.value.toString()) : m.value;
    return { ...(m.name !== undefined ? { name: m.name } : {}), ...(m.alias !== undefined ? { alias: m.alias } : {}), timestamp: m.timestamp, datatype: m.datatype, [field]: value };
  });
  return t.encode(t.fromObject({ timestamp: p.timestamp, ...(p.seq !== undefined ? { seq: p.seq } : {}), metrics })).finish();
}

/** Decodes a payload; throws on bytes that are not one (the inspector turns that into a verdict). */
export function decodePayload(bytes: Uint8Array): SpPayload {
  const o = type().toObject(type().decode(bytes), { longs: Number, bytes: Buffer as unknown as ArrayConstructor, oneofs: true }) as Record<string, any>;
  return {
    timestamp: Number(o.timestamp ?? 0),
    ...(o.seq !== undefined && o.seq !== null ? { seq: Number(o.seq) } : {}),
    metrics: (o.metrics ?? []).map((m: Record<string, any>) => ({
      ...(m.name !== undefined ? { name: m.name } : {}),
      ...(m.alias !== undefined ? { alias: Number(m.alias) } : {}),
      timestamp: Number(m.timestamp ?? 0),
      datatype: Number(m.datatype ?? 0),
      value: m.value !== undefined ? m[m.value] : undefined,
    })),
  };
}
