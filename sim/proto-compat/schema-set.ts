// A protobuf schema set as proto-compat compares it: every message and enum by fully-qualified
// name, fields by number (name, type resolved to a full name, label, map key, oneof), reserved
// numbers and names. Loaded with protobufjs from all .proto files of a directory; a file that does
// not parse is bad input with its file and line.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { InputError } from '../errors.ts';
import { loadProtoDir, protoFiles } from '../bindings/wdpc/schema.ts';

export interface FieldShape {
  name: string;
  number: number;
  /** Scalar name or the resolved full name of a message / enum (without the leading dot). */
  type: string;
  label: 'singular' | 'repeated' | 'map';
  /** Map fields: the key type. */
  keyType?: string;
  oneof?: string;
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
  values: Map<number, string>;
  reservedNumbers: Array<[number, number]>;
  reservedNames: Set<string>;
}

export type Shape = MessageShape | EnumShape;

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

/** Loads `dir` (every .proto file in it) into shapes keyed by full name. */
export function loadSchemaSet(dir: string, label: string): Map<string, Shape> {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new InputError(`${label}: '${dir}' is not a directory`, [{ path: label, message: `no directory '${dir}'`, hint: 'pass the directory that holds the .proto files' }]);
  const files = protoFiles(dir);
  if (files.length === 0) throw new InputError(`${label}: no .proto files in '${dir}'`, [{ path: dir, message: 'no .proto files', hint: 'pass the directory that holds the .proto files (not its parent)' }]);
  // Each file alone first: a syntax error names its file and line.
  for (const f of files) {
    try {
      protobuf.parse(readFileSync(path.join(dir, f), 'utf8'), { keepCase: true });
    } catch (err) {
      const line = /line (\d+)/.exec((err as Error).message)?.[1];
      throw new InputError(`${label}: ${f} does not parse`, [{ path: `${path.join(dir, f)}${line ? `:${line}` : ''}`, message: (err as Error).message.replace(/\s*\(line \d+\)$/, ''), hint: 'fix the .proto syntax (protoc reports the same place)' }]);
    }
  }
  let root: protobuf.Root;
  try {
    root = loadProtoDir(dir);
  } catch (err) {
    throw new InputError(`${label}: the schemas in '${dir}' do not resolve`, [{ path: dir, message: (err as Error).message, hint: 'every type a field names must be defined in the set (or be a google/protobuf well-known type)' }]);
  }
  const out = new Map<string, Shape>();
  const fileOf = (o: protobuf.ReflectionObject) => path.basename(o.filename ?? '');
  (function walk(ns: protobuf.NamespaceBase) {
    for (const o of ns.nestedArray) {
      if (o instanceof protobuf.Type) {
        const r = reserved(o.reserved);
        const fields = new Map<number, FieldShape>();
        for (const f of o.fieldsArray) {
          f.resolve();
          const map = f instanceof protobuf.MapField;
          fields.set(f.id, {
            name: f.name,
            number: f.id,
            type: f.resolvedType ? bare(f.resolvedType.fullName) : f.type,
            label: map ? 'map' : f.repeated ? 'repeated' : 'singular',
            ...(map ? { keyType: (f as protobuf.MapField).keyType } : {}),
            ...(f.partOf ? { oneof: f.partOf.name } : {}),
          });
        }
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
