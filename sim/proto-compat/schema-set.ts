// A protobuf schema set as proto-compat compares it: every message and enum by fully-qualified
// name, fields by number (name, JSON name, type resolved to a full name, label, map key, oneof,
// presence), reserved numbers and names. Built from a set loaded by load.ts; the well-known types
// it imports are not part of the set (they are not the user's to change).
import protobuf from 'protobufjs';
import { fileOf as sourceFile, loadProtoSet } from './load.ts';

export interface FieldShape {
  name: string;
  number: number;
  /** The key in proto3 JSON: lowerCamelCase of the name unless `json_name` says otherwise. */
  jsonName: string;
  /** Scalar name or the resolved full name of a message / enum (without the leading dot); a map's value type. */
  type: string;
  /** proto2 `required` is its own label: old readers reject messages without it. */
  label: 'singular' | 'required' | 'repeated' | 'map';
  /** Map fields: the key type. */
  keyType?: string;
  /** A real oneof; proto3 `optional` makes a synthetic one, which is presence, not membership. */
  oneof?: string;
  /** proto3 `optional` (explicit presence) — compatible to add or drop, reported as info. */
  explicitPresence: boolean;
}

export interface MessageShape {
  kind: 'message';
  fullName: string;
  file: string;
  fields: Map<number, FieldShape>;
  reservedNumbers: Array<[number, number]>;
  reservedNames: Set<string>;
}

export interface EnumShape {
  kind: 'enum';
  fullName: string;
  file: string;
  /** Number → name; with `allow_alias` the first name declared for the number. */
  values: Map<number, string>;
  reservedNumbers: Array<[number, number]>;
  reservedNames: Set<string>;
}

export type Shape = MessageShape | EnumShape;
export type SchemaSet = Map<string, Shape>;

function reserved(list: Array<number[] | string> | undefined): { numbers: Array<[number, number]>; names: Set<string> } {
  const numbers: Array<[number, number]> = [];
  const names = new Set<string>();
  for (const r of list ?? []) {
    if (typeof r === 'string') names.add(r);
    else numbers.push([r[0], r[1]]);
  }
  return { numbers, names };
}

export function isReserved(ranges: ReadonlyArray<[number, number]>, n: number): boolean {
  return ranges.some(([a, b]) => n >= a && n <= b);
}

const bare = (name: string) => name.replace(/^\./, '');

function fieldShape(f: protobuf.Field): FieldShape {
  f.resolve();
  const map = f instanceof protobuf.MapField;
  const synthetic = f.options?.proto3_optional === true;
  return {
    name: f.name,
    number: f.id,
    jsonName: f.jsonName ?? f.name,
    type: f.resolvedType ? bare(f.resolvedType.fullName) : f.type,
    label: map ? 'map' : f.repeated ? 'repeated' : f.rule === 'required' ? 'required' : 'singular',
    ...(map ? { keyType: (f as protobuf.MapField).keyType } : {}),
    ...(f.partOf && !synthetic ? { oneof: f.partOf.name } : {}),
    explicitPresence: synthetic,
  };
}

/** Loads the .proto files of `dir` into shapes keyed by full name (InputError for bad input). */
export function loadSchemaSet(dir: string, label: string): SchemaSet {
  const { root } = loadProtoSet(dir, label);
  const out: SchemaSet = new Map();
  const fileOf = (o: protobuf.ReflectionObject) => sourceFile(o) ?? '?';
  (function walk(ns: protobuf.NamespaceBase) {
    for (const o of ns.nestedArray) {
      if (o instanceof protobuf.Type) {
        const r = reserved(o.reserved);
        const fields = new Map<number, FieldShape>();
        for (const f of o.fieldsArray) fields.set(f.id, fieldShape(f));
        out.set(bare(o.fullName), { kind: 'message', fullName: bare(o.fullName), file: fileOf(o), fields, reservedNumbers: r.numbers, reservedNames: r.names });
      } else if (o instanceof protobuf.Enum) {
        const r = reserved(o.reserved);
        const values = new Map<number, string>();
        for (const [name, n] of Object.entries(o.values)) if (!values.has(n)) values.set(n, name);
        out.set(bare(o.fullName), { kind: 'enum', fullName: bare(o.fullName), file: fileOf(o), values, reservedNumbers: r.numbers, reservedNames: r.names });
      }
      if (o instanceof protobuf.Namespace || o instanceof protobuf.Type) walk(o as protobuf.NamespaceBase);
    }
  })(root);
  for (const k of [...out.keys()]) if (k.startsWith('google.protobuf.')) out.delete(k);
  return out;
}
