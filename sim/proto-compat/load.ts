// Loads one schema set for proto-compat: every .proto file directly in a directory, parsed and
// resolved with protobufjs. A user can point this at anything, so every failure is bad input that
// names a file (and a line where there is one) and says what to do:
//   - the directory is missing, or holds no .proto files (subdirectories are not searched: a set
//     is one directory, as proto/wdpc/v1 is, so pointing at a parent is a mistake we say so about);
//   - a file does not parse (protobufjs reports the line; protoc stops at the same token);
//   - an import is not in the directory (imports resolve relative to it, as `protoc -I DIR` does,
//     and may not leave it);
//   - a field names a type the set does not define.
// google/protobuf/* imports resolve to protobufjs's copies of the well-known types (timestamp,
// duration, any, struct, wrappers, empty, field_mask bundled; descriptor, api, type,
// source_context from its google/ directory).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import protobuf from 'protobufjs';
import { InputError } from '../errors.ts';

/** Where protobufjs keeps the .proto copies of the well-known types it does not bundle. */
const WELL_KNOWN_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('protobufjs/package.json')), 'google', 'protobuf');
/** Well-known types protobufjs has built in (loadSync serves them without touching the disk). */
const BUNDLED = new Set(['any', 'duration', 'empty', 'field_mask', 'struct', 'timestamp', 'wrappers'].map((n) => `google/protobuf/${n}.proto`));

export interface LoadedSet {
  dir: string;
  root: protobuf.Root;
  /** File name (relative to dir) → its text, for finding lines in later errors. */
  texts: Map<string, string>;
}

/** The file a definition came from (nested types inherit it from the type they are declared in). */
export function fileOf(o: protobuf.ReflectionObject | null | undefined): string | undefined {
  for (let at = o; at; at = at.parent) if (at.filename) return path.basename(at.filename);
  return undefined;
}

const lineOf = (text: string, index: number) => text.slice(0, Math.max(0, index)).split('\n').length;

/** The .proto files directly in `dir` (regular files only), sorted so the load order is stable. */
function protoFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proto') && statSync(path.join(dir, f)).isFile())
    .sort();
}

function wellKnownPath(target: string): string | undefined {
  if (BUNDLED.has(target)) return target;
  const file = path.join(WELL_KNOWN_DIR, path.basename(target));
  return existsSync(file) ? file : undefined;
}

/** Where an import of `target` lives, or undefined when it is outside the set or missing. */
function importPath(dir: string, target: string): string | undefined {
  if (target.startsWith('google/protobuf/')) return wellKnownPath(target);
  const file = path.resolve(dir, target);
  const rel = path.relative(dir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return existsSync(file) ? file : undefined;
}

/** Loads the set in `dir`; `label` (OLD_DIR / NEW_DIR) says which argument a problem is about. */
export function loadProtoSet(dir: string, label: string): LoadedSet {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new InputError(`${label}: '${dir}' is not a directory`, [{ path: label, message: `no directory '${dir}'`, hint: 'pass the directory that holds the .proto files' }], 'PROTO_SET');
  const files = protoFilesIn(dir);
  if (files.length === 0) throw new InputError(`${label}: no .proto files in '${dir}'`, [{ path: dir, message: 'no .proto files', hint: 'pass the directory that holds the .proto files (not its parent; subdirectories are not searched)' }], 'PROTO_SET');
  const texts = new Map<string, string>();
  // Each file alone first: a syntax error names its file and line, a missing import its line.
  for (const f of files) {
    const text = readFileSync(path.join(dir, f), 'utf8');
    texts.set(f, text);
    let imports: string[] = [];
    try {
      const parsed = protobuf.parse(text, { keepCase: true });
      imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
    } catch (err) {
      const message = (err as Error).message;
      const line = /\(line (\d+)\)/.exec(message)?.[1];
      throw new InputError(`${label}: ${f} does not parse`, [{ path: `${path.join(dir, f)}${line ? `:${line}` : ''}`, message: message.replace(/\s*\(line \d+\)$/, ''), hint: 'fix the .proto syntax (protoc reports the same place)' }], 'PROTO_SYNTAX');
    }
    for (const target of imports) {
      if (importPath(path.resolve(dir), target)) continue;
      const at = lineOf(text, text.search(new RegExp(`import\\s+(weak\\s+|public\\s+)?["']${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`)));
      const google = target.startsWith('google/protobuf/');
      throw new InputError(`${label}: ${f} imports '${target}', which is not in the set`, [{
        path: `${path.join(dir, f)}:${at}`,
        message: google ? `'${target}' is not a well-known type protobufjs knows` : `no file '${target}' inside '${dir}'`,
        hint: google ? 'the well-known types are google/protobuf/{any,api,descriptor,duration,empty,field_mask,source_context,struct,timestamp,type,wrappers}.proto' : 'imports resolve relative to the directory (as protoc -I DIR); copy the file in or fix the path',
      }], 'PROTO_IMPORT');
    }
  }
  const abs = path.resolve(dir);
  const root = new protobuf.Root();
  // protobufjs asks for the files we pass (absolute) and for each import (as written).
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : importPath(abs, target) ?? path.resolve(abs, target));
  try {
    root.loadSync(files.map((f) => path.join(abs, f)), { keepCase: true });
    root.resolveAll();
  } catch (err) {
    throw unresolved(err as Error, root, dir, texts, label);
  }
  return { dir, root, texts };
}

/**
 * "no such Type or Enum 'X' in Type .pkg.M": point at the line of M's file that names X;
 * "duplicate name 'X' in Namespace .pkg": at every file:line that defines X.
 */
function unresolved(err: Error, root: protobuf.Root, dir: string, texts: Map<string, string>, label: string): InputError {
  const dup = /^duplicate name '(\w+)'/.exec(err.message);
  if (dup) {
    const places = [...texts].flatMap(([file, text]) => [...text.matchAll(new RegExp(`^\\s*(message|enum|service)\\s+${dup[1]}\\b`, 'gm'))].map((h) => `${path.join(dir, file)}:${lineOf(text, h.index + h[0].length)}`));
    return new InputError(`${label}: '${dup[1]}' is defined more than once in '${dir}'`, (places.length ? places : [dir]).map((where) => ({ path: where, message: err.message, hint: 'a full name may be defined once per set: remove or rename one of them' })), 'PROTO_DUPLICATE');
  }
  const m = /'([^']+)' in \w+ (\.[\w.]+)/.exec(err.message);
  let where = dir;
  if (m) {
    const file = fileOf(root.lookup(m[2]));
    const text = file ? texts.get(file) : undefined;
    if (file && text) {
      const hit = new RegExp(`(^|[\\s(<,.])${m[1].replace(/\./g, '\\.')}\\s`, 'm').exec(text);
      where = `${path.join(dir, file)}${hit ? `:${lineOf(text, hit.index + hit[1].length)}` : ''}`;
    }
  }
  return new InputError(`${label}: the schemas in '${dir}' do not resolve`, [{ path: where, message: err.message, hint: 'every type a field names must be defined in the set or imported (google/protobuf well-known types included)' }], 'PROTO_RESOLVE');
}
