// `gridtwin proto-compat OLD NEW` on crafted schema pairs (real .proto files in temp directories,
// through the CLI in process): each breaking rule is reported under its code with exit 99, compatible
// evolutions exit 0 and are listed, bad input exits 2 with file:line and a hint; the shipped WDPC set
// is compatible with itself.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/capture-io.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const BASE = `syntax = "proto3";
package demo.v1;
import "google/protobuf/timestamp.proto";
message Reading {
  string node_id = 1;
  google.protobuf.Timestamp timestamp = 2;
  double power_watts = 3;
  repeated string tags = 4;
  map<string, double> extra = 5;
  oneof source { string meter = 6; string model = 7; }
  reserved 9;
  reserved "legacy";
}
enum State {
  UNKNOWN = 0;
  OK = 1;
  FAILED = 2;
}
message Batch { repeated Reading readings = 1; State state = 2; }
`;

async function pair(oldText: string, newText: string): Promise<[string, string]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-protocompat-'));
  dirs.push(root);
  const out: string[] = [];
  for (const [name, text] of [['old', oldText], ['new', newText]]) {
    const d = path.join(root, name);
    await mkdir(d);
    await writeFile(path.join(d, 'demo.proto'), text);
    out.push(d);
  }
  return out as [string, string];
}

async function compat(newText: string, oldText = BASE, json = true) {
  const [o, n] = await pair(oldText, newText);
  const r = await runCli(['proto-compat', o, n, ...(json ? ['--json'] : [])]);
  return { code: r.code, out: r.stdout, err: r.stderr, findings: json && r.code !== 2 ? (JSON.parse(r.stdout).findings as Array<{ code: string; severity: string; subject: string }>) : [] };
}
const breaking = (f: Array<{ code: string; severity: string; subject: string }>) => f.filter((x) => x.severity === 'breaking').map((x) => `${x.code} ${x.subject}`);

describe('gridtwin proto-compat', () => {
  it('the same set twice is compatible (exit 0), also for the shipped WDPC schemas', async () => {
    expect((await compat(BASE)).code).toBe(0);
    const r = await runCli(['proto-compat', 'proto/wdpc/v1', 'proto/wdpc/v1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no breaking changes');
  });

  const cases: Array<[string, string, string]> = [
    ['a number reused by another field', BASE.replace('double power_watts = 3;', 'double energy_joules = 3;'), 'FIELD_NUMBER_REUSED demo.v1.Reading.power_watts'],
    ['a type change, even a wire-compatible one', BASE.replace('double power_watts = 3;', 'float power_watts = 3;'), 'FIELD_TYPE_CHANGED demo.v1.Reading.power_watts'],
    ['a message field retyped', BASE.replace('State state = 2;', 'string state = 2;'), 'FIELD_TYPE_CHANGED demo.v1.Batch.state'],
    ['repeated → singular', BASE.replace('repeated string tags = 4;', 'string tags = 4;'), 'FIELD_LABEL_CHANGED demo.v1.Reading.tags'],
    ['a map key type change', BASE.replace('map<string, double> extra = 5;', 'map<int32, double> extra = 5;'), 'FIELD_LABEL_CHANGED demo.v1.Reading.extra'],
    ['a field out of its oneof', BASE.replace('oneof source { string meter = 6; string model = 7; }', 'string meter = 6;\n  oneof source { string model = 7; }'), 'FIELD_ONEOF_CHANGED demo.v1.Reading.meter'],
    ['a field removed without reserving its number', BASE.replace('  repeated string tags = 4;\n', ''), 'FIELD_REMOVED_NOT_RESERVED demo.v1.Reading.tags'],
    ['a field renumbered', BASE.replace('repeated string tags = 4;', 'repeated string tags = 8;'), 'FIELD_NUMBER_CHANGED demo.v1.Reading.tags'],
    ['a reserved number used again', BASE.replace('reserved 9;', 'int32 again = 9;'), 'RESERVED_REUSED demo.v1.Reading.again'],
    ['a reserved name used again', BASE.replace('  reserved "legacy";\n', '  int32 legacy = 10;\n'), 'RESERVED_REUSED demo.v1.Reading.legacy'],
    ['an enum value renamed', BASE.replace('FAILED = 2;', 'BROKEN = 2;'), 'ENUM_VALUE_RENAMED demo.v1.State.FAILED'],
    ['an enum value removed without reserving', BASE.replace('  FAILED = 2;\n', ''), 'ENUM_VALUE_REMOVED_NOT_RESERVED demo.v1.State.FAILED'],
    ['a message removed', BASE.replace(/message Batch[^\n]*\n/, ''), 'MESSAGE_REMOVED demo.v1.Batch'],
    ['the package changed', BASE.replace('package demo.v1;', 'package demo.v2;'), 'PACKAGE_CHANGED demo.v1.Reading'],
  ];
  for (const [what, next, expected] of cases) {
    it(`breaking: ${what} → exit 99, ${expected.split(' ')[0]}`, async () => {
      const r = await compat(next);
      expect(r.code).toBe(99);
      expect(breaking(r.findings)).toContain(expected);
    });
  }

  it('compatible: fields, messages and enum values added, a field removed with its number reserved → exit 0, listed', async () => {
    const next = BASE.replace('  repeated string tags = 4;\n', '  reserved 4;\n  reserved "tags";\n')
      .replace('reserved 9;', 'reserved 9;\n  double voltage_v = 11;')
      .replace('FAILED = 2;', 'FAILED = 2;\n  DEGRADED = 3;')
      .concat('message Extra { string note = 1; }\n');
    const r = await compat(next);
    expect(r.code).toBe(0);
    expect(r.findings.map((f) => f.code).sort()).toEqual(['ENUM_VALUE_ADDED', 'FIELD_ADDED', 'FIELD_REMOVED_RESERVED', 'MESSAGE_ADDED']);
  });

  it('the text report lists breaking changes first with why, and a summary', async () => {
    const r = await compat(BASE.replace('FAILED = 2;', 'BROKEN = 2;').concat('message Extra { string note = 1; }\n'), BASE, false);
    expect(r.code).toBe(99);
    expect(r.out.indexOf('Breaking')).toBeLessThan(r.out.indexOf('Compatible'));
    expect(r.out).toMatch(/ENUM_VALUE_RENAMED\s+demo\.v1\.State\.FAILED\n\s+value 2 renamed FAILED → BROKEN: JSON carries the name/);
    expect(r.out).toMatch(/1 breaking change, 1 compatible\n$/);
  });

  it('bad input exits 2: a missing directory, a directory without .proto files, a syntax error with file:line, an unresolved type', async () => {
    const [o] = await pair(BASE, BASE);
    const missing = await runCli(['proto-compat', o, path.join(o, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/NEW_DIR: .* is not a directory/);
    const empty = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-protocompat-empty-'));
    dirs.push(empty);
    expect((await runCli(['proto-compat', o, empty])).stderr).toMatch(/no \.proto files/);
    const syntax = await compat(BASE.replace('double power_watts = 3;', 'double power_watts = 3'));
    expect(syntax.code).toBe(2);
    expect(syntax.err).toMatch(/demo\.proto:8: illegal token 'repeated', ';' expected\n/); // the parser stops at the next token, as protoc does
    expect(syntax.err).toMatch(/hint:/);
    const unresolved = await compat(BASE.replace('State state = 2;', 'Missing state = 2;'));
    expect(unresolved.code).toBe(2);
    expect(unresolved.err).toMatch(/do not resolve/);
    expect((await runCli(['proto-compat', o])).code).toBe(2);
  });
});
