// Sparkplug B payloads through the vendored, unmodified Tahu proto: protobufjs round trips for every
// scalar datatype (signed integers as two's complement, 64-bit beyond 2^53 as bigint, explicit
// nulls), `protoc --decode` on gridtwin's bytes, `protoc --encode` bytes read back by gridtwin (the
// other encoders' forms), values that do not fit their datatype refused, and hostile bytes rejected.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataType, decodePayload, encodePayload, PAYLOAD_TYPE, type Metric } from '../../sim/bindings/wdpc/sparkplug/payload.ts';

const T = 1_790_000_000_000;
const PROTO_DIR = fileURLToPath(new URL('../../proto/sparkplug/', import.meta.url));
const protoc = (mode: 'decode' | 'encode', input: Uint8Array | string) => {
  const r = spawnSync('protoc', [`--proto_path=${PROTO_DIR}`, `--${mode}=${PAYLOAD_TYPE}`, 'sparkplug_b.proto'], { input, cwd: PROTO_DIR });
  expect(r.stderr.toString()).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
};

const every: Metric[] = [
  { name: 'bdSeq', alias: 1, timestamp: T, datatype: DataType.UInt64, value: 3 },
  { name: 'i8', alias: 2, timestamp: T, datatype: DataType.Int8, value: -128 },
  { name: 'i16', alias: 3, timestamp: T, datatype: DataType.Int16, value: -2 },
  { name: 'i32', alias: 4, timestamp: T, datatype: DataType.Int32, value: -2_147_483_648 },
  { name: 'i64', alias: 5, timestamp: T, datatype: DataType.Int64, value: -(2n ** 63n) },
  { name: 'u8', alias: 6, timestamp: T, datatype: DataType.UInt8, value: 255 },
  { name: 'u16', alias: 7, timestamp: T, datatype: DataType.UInt16, value: 65_535 },
  { name: 'u32', alias: 8, timestamp: T, datatype: DataType.UInt32, value: 4_294_967_295 },
  { name: 'u64', alias: 2n ** 60n, timestamp: T, datatype: DataType.UInt64, value: 2n ** 64n - 1n },
  { name: 'f', alias: 10, timestamp: T, datatype: DataType.Float, value: 0.5 },
  { name: 'd', alias: 11, timestamp: T, datatype: DataType.Double, value: 412.125 },
  { name: 'b', alias: 12, timestamp: T, datatype: DataType.Boolean, value: false },
  { name: 's', alias: 13, timestamp: T, datatype: DataType.String, value: 'Rack 7 — "inlet"' },
  { name: 'when', alias: 14, timestamp: T, datatype: DataType.DateTime, value: T },
  { name: 'wdpc', alias: 15, timestamp: T, datatype: DataType.Bytes, value: new Uint8Array([0, 1, 255]) },
  { name: 'gone', alias: 16, timestamp: T, datatype: DataType.Double, value: null },
];

describe('Sparkplug B payload codec', () => {
  it('the vendored proto is byte-identical to the reference copy (unmodified)', () => {
    const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
    const ref = fileURLToPath(new URL('../../../shared/reference/sparkplug/', import.meta.url));
    for (const f of ['sparkplug_b.proto', 'epl-v20.html', 'notice.html']) {
      let refSha: string | undefined;
      try {
        refSha = sha(ref + f);
      } catch {
        refSha = undefined; // ../shared is not shipped; PROVENANCE.md's hashes still hold
      }
      const provenance = readFileSync(PROTO_DIR + 'PROVENANCE.md', 'utf8');
      expect(provenance).toContain(sha(PROTO_DIR + f));
      if (refSha) expect(sha(PROTO_DIR + f)).toBe(refSha);
    }
  });

  it('round-trips every scalar datatype with its value, sign and width intact', () => {
    const d = decodePayload(encodePayload({ timestamp: T, seq: 255, metrics: every, uuid: 'u-1', body: new Uint8Array([9]) }));
    expect(d.seq).toBe(255);
    expect(d.timestamp).toBe(T);
    expect(d.uuid).toBe('u-1');
    expect([...d.body!]).toEqual([9]);
    expect(d.metrics.map((m) => m.name)).toEqual(every.map((m) => m.name));
    expect(d.metrics.map((m) => m.value)).toEqual(every.map((m) => (m.value === null ? undefined : m.value instanceof Uint8Array ? Buffer.from(m.value) : m.value)));
    expect(d.metrics[8].alias).toBe(2n ** 60n);
    expect(d.metrics[15]).toMatchObject({ isNull: true, name: 'gone' });
    expect(d.metrics.map((m) => m.field)).toEqual(['long_value', 'int_value', 'int_value', 'int_value', 'long_value', 'int_value', 'int_value', 'int_value', 'long_value', 'float_value', 'double_value', 'boolean_value', 'string_value', 'long_value', 'bytes_value', undefined]);
  });

  it('protoc decodes gridtwin\'s bytes with the unmodified proto: fields, two\'s complement, unsigned 64-bit', () => {
    const out = protoc('decode', encodePayload({ timestamp: T, seq: 7, metrics: every })).toString();
    expect(out).toMatch(/^seq: 7$/m);
    expect(out).toMatch(/^timestamp: 1790000000000$/m);
    expect(out).toMatch(/name: "bdSeq"\n\s+alias: 1\n\s+timestamp: 1790000000000\n\s+datatype: 8\n\s+long_value: 3/);
    expect(out).toMatch(/name: "i8"[^}]*datatype: 1\n\s+int_value: 4294967168/); // -128 as uint32
    expect(out).toMatch(/name: "i64"[^}]*datatype: 4\n\s+long_value: 9223372036854775808/);
    expect(out).toMatch(/name: "u64"\n\s+alias: 1152921504606846976[^}]*long_value: 18446744073709551615/);
    expect(out).toMatch(/name: "f"[^}]*float_value: 0.5/);
    expect(out).toMatch(/name: "d"[^}]*double_value: 412.125/);
    expect(out).toMatch(/name: "b"[^}]*boolean_value: false/);
    expect(out).toMatch(/name: "wdpc"[^}]*bytes_value: "\\000\\001\\377"/);
    expect(out).toMatch(/name: "gone"[^}]*datatype: 10\n\s+is_null: true\n}/); // and no value member
    expect(out).toMatch(/name: "s"[^}]*string_value: "Rack 7 \\342\\200\\224 \\"inlet\\""/);
  });

  it('reads payloads other encoders write (protoc --encode): Int8 −1 as 0xFF or 0xFFFFFFFF, UInt32 in long_value, datatype-less data resolved by the birth', () => {
    const bytes = protoc('encode', [
      'timestamp: 5 seq: 1',
      'metrics { name: "a" datatype: 1 int_value: 255 }',
      'metrics { name: "b" datatype: 1 int_value: 4294967295 }',
      'metrics { name: "c" datatype: 7 long_value: 4294967295 }',
      'metrics { alias: 9 int_value: 65535 }',
      'metrics { name: "t" datatype: 19 template_value { version: "1" } }',
    ].join('\n'));
    const d = decodePayload(bytes, (m) => (m.alias === 9 ? DataType.Int16 : undefined));
    expect(d.metrics.map((m) => m.value)).toEqual([-1, -1, 4_294_967_295, -1, undefined]);
    expect(d.metrics[4]).toMatchObject({ field: 'template_value', datatype: 19 });
    expect(decodePayload(bytes).metrics[3].value).toBe(65_535); // unknown datatype: read unsigned
  });

  it('refuses values that do not fit their datatype, unsupported datatypes, and seq outside 0–255', () => {
    const enc = (m: Metric, seq = 0) => () => encodePayload({ timestamp: T, seq, metrics: [m] });
    expect(enc({ name: 'x', datatype: DataType.Int8, value: 128 })).toThrow(/outside Int8/);
    expect(enc({ name: 'x', datatype: DataType.UInt32, value: -1 })).toThrow(/outside UInt32/);
    expect(enc({ name: 'x', datatype: DataType.UInt64, value: 2n ** 64n })).toThrow(/outside UInt64/);
    expect(enc({ name: 'x', datatype: DataType.Int32, value: 1.5 })).toThrow(/needs an integer/);
    expect(enc({ name: 'x', datatype: DataType.Double, value: '1' })).toThrow(/needs a number/);
    expect(enc({ name: 'x', datatype: DataType.Boolean, value: 1 })).toThrow(/true\/false/);
    expect(enc({ name: 'x', datatype: DataType.Bytes, value: 'ab' })).toThrow(/Uint8Array/);
    expect(enc({ name: 'x', datatype: DataType.DataSet, value: 1 })).toThrow(/not supported/);
    expect(enc({ alias: 3, value: 1 })).toThrow(/needs a datatype/);
    expect(enc({ name: 'x', datatype: DataType.Int8, value: 1 }, 256)).toThrow(/seq 256/);
    expect(enc({ name: 'x', datatype: DataType.Int8, value: 1 }, -1)).toThrow(/seq -1/);
    // Data metrics: the birth datatype chooses the field and is not sent.
    const d = decodePayload(encodePayload({ timestamp: T, seq: 1, metrics: [{ alias: 4, bornAs: DataType.Int16, value: -3 }] }), () => DataType.Int16);
    expect(d.metrics[0]).toEqual({ alias: 4, field: 'int_value', value: -3, isNull: false });
  });

  it('rejects bytes that are not a payload (truncated, wrong wire type, garbage) with a clear error', () => {
    const good = encodePayload({ timestamp: T, seq: 1, metrics: every });
    for (const bad of [good.subarray(0, good.length - 3), Buffer.from([0xff, 0xff]), Buffer.from([0x12, 0x80]), Buffer.from('{"seq":1}')]) {
      expect(() => decodePayload(bad)).toThrow(/not a Sparkplug B payload/);
    }
    expect(decodePayload(new Uint8Array())).toEqual({ metrics: [] }); // an empty payload is a Payload with nothing set
  });
});
