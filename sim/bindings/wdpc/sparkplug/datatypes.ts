// Sparkplug B metric datatypes: the DataType enum of the vendored Tahu proto (the Sparkplug 3.0
// table), which member of the Metric `value` oneof each one travels in, and the JavaScript value a
// metric of that datatype holds. Kept apart from the codec so the session and the inspector can ask
// "does this value / this wire field fit the datatype?" without encoding anything.

/** DataType values exactly as `enum DataType` in proto/sparkplug/sparkplug_b.proto. */
export const DataType = {
  Unknown: 0,
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
  UUID: 15,
  DataSet: 16,
  Bytes: 17,
  File: 18,
  Template: 19,
  PropertySet: 20,
  PropertySetList: 21,
  Int8Array: 22,
  Int16Array: 23,
  Int32Array: 24,
  Int64Array: 25,
  UInt8Array: 26,
  UInt16Array: 27,
  UInt32Array: 28,
  UInt64Array: 29,
  FloatArray: 30,
  DoubleArray: 31,
  BooleanArray: 32,
  StringArray: 33,
  DateTimeArray: 34,
} as const;
export type DataTypeName = keyof typeof DataType;
export type DataTypeCode = (typeof DataType)[DataTypeName];

const NAMES = new Map<number, DataTypeName>(Object.entries(DataType).map(([k, v]) => [v, k as DataTypeName]));

export function dataTypeName(code: number): string {
  return NAMES.get(code) ?? `unknown datatype ${code}`;
}

/** Members of `Metric.value` (proto field names). */
export type ValueField =
  | 'int_value'
  | 'long_value'
  | 'float_value'
  | 'double_value'
  | 'boolean_value'
  | 'string_value'
  | 'bytes_value'
  | 'dataset_value'
  | 'template_value'
  | 'extension_value';

/** A metric value as gridtwin holds it; 64-bit integers beyond 2^53 are bigint. */
export type MetricValue = number | bigint | boolean | string | Uint8Array;

/**
 * The oneof member a datatype's value travels in (Sparkplug 3.0 table): signed and unsigned
 * integers up to 32 bits in `int_value` (uint32, negatives as 32-bit two's complement), 64-bit
 * integers and DateTime (ms since the epoch) in `long_value`, String/Text/UUID in `string_value`,
 * Bytes/File and the packed array types in `bytes_value`.
 */
export function valueFieldOf(code: number): ValueField | undefined {
  if ((code >= 1 && code <= 3) || (code >= 5 && code <= 7)) return 'int_value';
  if (code === 4 || code === 8 || code === 13) return 'long_value';
  if (code === 9) return 'float_value';
  if (code === 10) return 'double_value';
  if (code === 11) return 'boolean_value';
  if (code === 12 || code === 14 || code === 15) return 'string_value';
  if (code === 17 || code === 18 || (code >= 22 && code <= 34)) return 'bytes_value';
  if (code === 16) return 'dataset_value';
  if (code === 19) return 'template_value';
  return undefined;
}

/**
 * Whether a value received in `field` fits a metric born with `code`. UInt32 in `long_value` is
 * accepted too: Tahu's Java encoder writes it there (it holds UInt32 in a Java long).
 */
export function fieldFits(code: number, field: ValueField): boolean {
  return valueFieldOf(code) === field || (code === DataType.UInt32 && field === 'long_value');
}

/** Datatypes gridtwin encodes: the scalars (DataSet, Template, PropertySets and arrays are not). */
export function isScalar(code: number): boolean {
  return (code >= 1 && code <= 15) || code === 17 || code === 18;
}

const INT_RANGES: Record<number, [bigint, bigint]> = {
  1: [-(2n ** 7n), 2n ** 7n - 1n],
  2: [-(2n ** 15n), 2n ** 15n - 1n],
  3: [-(2n ** 31n), 2n ** 31n - 1n],
  4: [-(2n ** 63n), 2n ** 63n - 1n],
  5: [0n, 2n ** 8n - 1n],
  6: [0n, 2n ** 16n - 1n],
  7: [0n, 2n ** 32n - 1n],
  8: [0n, 2n ** 64n - 1n],
  13: [0n, 2n ** 64n - 1n],
};

/** Why `value` cannot be a metric of datatype `code`, or undefined when it can. */
export function valueProblem(code: number, value: unknown): string | undefined {
  const want = dataTypeName(code);
  if (!isScalar(code)) return `datatype ${want} is not supported by gridtwin's Sparkplug codec`;
  const range = INT_RANGES[code];
  if (range) {
    const isInt = typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value));
    if (!isInt) return `${want} needs an integer (number within 2^53, or bigint), got ${describe(value)}`;
    const v = BigInt(value as number | bigint);
    return v < range[0] || v > range[1] ? `${v} is outside ${want} [${range[0]}, ${range[1]}]` : undefined;
  }
  if (code === DataType.Float || code === DataType.Double) return typeof value === 'number' ? undefined : `${want} needs a number, got ${describe(value)}`;
  if (code === DataType.Boolean) return typeof value === 'boolean' ? undefined : `Boolean needs true/false, got ${describe(value)}`;
  if (code === DataType.Bytes || code === DataType.File) return value instanceof Uint8Array ? undefined : `${want} needs a Uint8Array, got ${describe(value)}`;
  return typeof value === 'string' ? undefined : `${want} needs a string, got ${describe(value)}`;
}

function describe(v: unknown): string {
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v === 'string' ? `string '${v.slice(0, 40)}'` : `${typeof v} ${String(v)}`;
}

/**
 * A received integer in its datatype's terms. Signed types are sign-extended from their own width,
 * so both encodings seen in the field read the same: Int8 −1 as 0xFF or as 0xFFFFFFFF.
 */
export function fromWireInt(code: number, raw: bigint): number | bigint {
  let v = raw;
  if (code === DataType.Int8) v = BigInt.asIntN(8, raw);
  else if (code === DataType.Int16) v = BigInt.asIntN(16, raw);
  else if (code === DataType.Int32) v = BigInt.asIntN(32, raw);
  else if (code === DataType.Int64) v = BigInt.asIntN(64, raw);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** An integer for the wire: the unsigned 32- or 64-bit pattern of its two's complement. */
export function toWireInt(field: 'int_value' | 'long_value', value: number | bigint): number | string {
  const v = BigInt(value);
  return field === 'int_value' ? Number(BigInt.asUintN(32, v)) : BigInt.asUintN(64, v).toString();
}
