// The loader of proto directories (sim/bindings/wdpc/schema.ts loadProtoDir) on small crafted sets:
// imports resolve against the directory like protoc's --proto_path, google/protobuf types come from
// protobufjs' bundle (no system include needed), and broken or hostile sets are refused with the
// file named instead of loading half a schema.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtoDir } from '../../sim/bindings/wdpc/schema.ts';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh directory holding `files` (relative names; a name may start with ../ to land outside `set/`). */
function protoSet(files: Record<string, string>): string {
  const top = mkdtempSync(path.join(tmpdir(), 'wdpc-loader-'));
  made.push(top);
  const dir = path.join(top, 'set');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const HEAD = 'syntax = "proto3";\npackage demo.v1;\n';

describe('loadProtoDir', () => {
  it('loads a set whose files import each other by bare name and import google/protobuf/timestamp.proto', () => {
    const dir = protoSet({
      'a.proto': `${HEAD}import "google/protobuf/timestamp.proto";\nimport "b.proto";\nmessage A { google.protobuf.Timestamp at = 1; B b = 2; }\n`,
      'b.proto': `${HEAD}message B { double power_mw = 1; }\n`,
      'notes.txt': 'not a proto file',
    });
    const root = loadProtoDir(dir);
    const a = root.lookupType('demo.v1.A');
    const bytes = a.encode(a.fromObject({ at: { seconds: 5 }, b: { power_mw: 1.5 } })).finish();
    expect(a.toObject(a.decode(bytes), { longs: Number })).toEqual({ at: { seconds: 5 }, b: { power_mw: 1.5 } });
  });

  it('refuses a syntax error, naming the file and line', () => {
    const dir = protoSet({ 'bad.proto': `${HEAD}message A { double x = ; }\n` });
    expect(() => loadProtoDir(dir)).toThrow(/bad\.proto, line 3/);
  });

  it('refuses a missing import', () => {
    const dir = protoSet({ 'a.proto': `${HEAD}import "missing.proto";\nmessage A { double x = 1; }\n` });
    expect(() => loadProtoDir(dir)).toThrow(/missing\.proto/);
  });

  it('refuses a field type that does not resolve', () => {
    const dir = protoSet({ 'a.proto': `${HEAD}message A { Nowhere x = 1; }\n` });
    expect(() => loadProtoDir(dir)).toThrow(/Nowhere/);
  });

  it('refuses an import that leaves the directory (../, absolute), even when the file exists', () => {
    const escaping = protoSet({ 'a.proto': `${HEAD}import "../outside.proto";\nmessage A { double x = 1; }\n` });
    writeFileSync(path.join(escaping, '..', 'outside.proto'), `${HEAD}message O { double y = 1; }\n`);
    expect(() => loadProtoDir(escaping)).toThrow(/leaves the proto directory/);
    const absolute = protoSet({ 'a.proto': `${HEAD}import "${path.join(escaping, '..', 'outside.proto')}";\nmessage A { double x = 1; }\n` });
    expect(() => loadProtoDir(absolute)).toThrow(/leaves the proto directory/);
  });

  it('refuses a field number used twice and a reserved number in use', () => {
    const twice = protoSet({ 'a.proto': `${HEAD}message A { double x = 1; double y = 1; }\n` });
    expect(() => loadProtoDir(twice)).toThrow(/duplicate id 1/);
    const reserved = protoSet({ 'a.proto': `${HEAD}message A { reserved 2 to 4; double x = 3; }\n` });
    expect(() => loadProtoDir(reserved)).toThrow(/id 3 is reserved/);
  });
});
