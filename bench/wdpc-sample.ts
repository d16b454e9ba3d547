// Sample WDPC messages for the serialization benchmark, built from the schemas' own reflection so
// the protobuf and the JSON encodings carry exactly the same content: every scalar field set to a
// plausible value, repeated fields with a few elements, maps with two entries, nested messages to a
// bounded depth. Deterministic (a seeded generator), so two runs measure the same bytes.
import type protobuf from 'protobufjs';

const REPEATED = 4;
const MAX_DEPTH = 3;

/** A small deterministic generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function scalar(type: string, name: string, r: () => number): unknown {
  switch (type) {
    case 'double':
    case 'float':
      return Math.round(r() * 1e6) / 1e3;
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return Math.floor(r() * 1e5);
    case 'uint32':
    case 'fixed32':
      return Math.floor(r() * 1e5);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return Math.floor(r() * 1e9);
    case 'bool':
      return r() < 0.5;
    case 'string':
      return `${name}-${Math.floor(r() * 1e4)}`;
    case 'bytes':
      return Buffer.from(Array.from({ length: 16 }, () => Math.floor(r() * 256)));
    default:
      return undefined;
  }
}

/** A plain object for `type` (protobufjs `fromObject` shape; Timestamps as {seconds, nanos}). */
export function sampleObject(type: protobuf.Type, r: () => number, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (type.fullName === '.google.protobuf.Timestamp') return { seconds: 1_790_000_000 + Math.floor(r() * 1e6), nanos: Math.floor(r() * 1e9) };
  for (const f of type.fieldsArray) {
    f.resolve();
    const one = (): unknown => {
      if (f.resolvedType && 'values' in f.resolvedType) {
        const vals = Object.values((f.resolvedType as protobuf.Enum).values);
        return vals[Math.floor(r() * vals.length)];
      }
      if (f.resolvedType) return depth < MAX_DEPTH ? sampleObject(f.resolvedType as protobuf.Type, r, depth + 1) : undefined;
      return scalar(f.type, f.name, r);
    };
    if (f.map) {
      const m = f as unknown as protobuf.MapField;
      const entries: Record<string, unknown> = {};
      for (let k = 0; k < 2; k++) {
        const key = m.keyType === 'string' ? `k${k}` : String(k);
        const v = m.resolvedType ? (depth < MAX_DEPTH ? sampleObject(m.resolvedType as protobuf.Type, r, depth + 1) : undefined) : scalar(m.type, f.name, r);
        if (v !== undefined) entries[key] = v;
      }
      out[f.name] = entries;
    } else if (f.repeated) {
      const list = Array.from({ length: REPEATED }, one).filter((v) => v !== undefined);
      if (list.length > 0) out[f.name] = list;
    } else {
      const v = one();
      if (v !== undefined) out[f.name] = v;
    }
  }
  return out;
}
