// `gridtwin proto-compat` as a user meets it (child process): the text table, the shipped WDPC set
// against itself and against a copy with one field dropped, and bad input — missing or empty
// directories, syntax errors, missing or escaping imports, unresolved and duplicate types, a
// binary file — each exit 2 with file:line and a hint.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, protoCompat } from './run-proto-compat.ts';

const tmpDirs: string[] = [];
afterAll(async () => Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true }))));
const GOOD = `${FIXTURES}/identical/old`;
const bad = (name: string) => `${FIXTURES}/bad/${name}/new`;

describe('gridtwin proto-compat: the report', () => {
  it('prints a table per severity (code, where, old, new) with the reason under each row, and a summary', async () => {
    const r = await protoCompat(`${FIXTURES}/message-removed/old`, `${FIXTURES}/message-removed/new`);
    expect(r.code).toBe(99);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`proto-compat  ${FIXTURES}/message-removed/old  →  ${FIXTURES}/message-removed/new`);
    expect(r.stdout.indexOf('Breaking (2)')).toBeLessThan(r.stdout.indexOf('Compatible (2)'));
    expect(r.stdout).toMatch(/\n {2}CODE {13}WHERE {12}OLD {27}NEW\n {2}MESSAGE_REMOVED {2}demo\.v1\.Orphan {3}message Orphan \(demo\.proto\) {3}—\n {19}why: removed; it was a top-level payload type/);
    expect(r.stdout).toMatch(/FIELD_REMOVED_RESERVED {2}demo\.v1\.Batch\.readings {2}repeated demo\.v1\.Reading readings = 1 {2}reserved 1; reserved "readings";\n/);
    expect(r.stdout.endsWith('\n2 breaking changes, 2 compatible\n')).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('--json gives the counts and the findings', async () => {
    const r = await protoCompat(`${FIXTURES}/enum-value-renamed/old`, `${FIXTURES}/enum-value-renamed/new`, '--json');
    expect(r.code).toBe(99);
    expect(JSON.parse(r.stdout)).toEqual({
      old: `${FIXTURES}/enum-value-renamed/old`,
      new: `${FIXTURES}/enum-value-renamed/new`,
      breaking: 1,
      compatible: 0,
      findings: [{ code: 'ENUM_VALUE_RENAMED', severity: 'breaking', subject: 'demo.v1.State.STATE_FAILED', type: 'demo.v1.State', member: 'STATE_FAILED', old: 'STATE_FAILED = 2', new: 'STATE_BROKEN = 2', why: 'same number on the wire, but JSON carries the name: JSON written by one is not read by the other' }],
    });
  });
});

describe('gridtwin proto-compat on the shipped WDPC schemas (proto/wdpc/v1)', () => {
  it('is compatible with itself: exit 0, nothing to report', async () => {
    const r = await protoCompat('proto/wdpc/v1', 'proto/wdpc/v1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no breaking changes \(0 compatible\)\n$/);
  });

  it('a copy with one field of wdpc_core.proto dropped: exit 99, FIELD_REMOVED_NOT_RESERVED for that field', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gridtwin-protocompat-wdpc-'));
    tmpDirs.push(dir);
    await cp('proto/wdpc/v1', dir, { recursive: true });
    const file = path.join(dir, 'wdpc_core.proto');
    const text = await readFile(file, 'utf8');
    const field = /^ {2}(?!reserved|option)[\w.]+ (\w+) = (\d+);.*\n/m.exec(text);
    expect(field).not.toBeNull();
    await writeFile(file, text.replace(field![0], ''));
    const r = await protoCompat('proto/wdpc/v1', dir, '--json');
    expect(r.code, r.stderr).toBe(99);
    const out = JSON.parse(r.stdout) as { breaking: number; findings: Array<{ code: string; member?: string; old?: string }> };
    expect(out.breaking).toBe(1);
    expect(out.findings[0]).toMatchObject({ code: 'FIELD_REMOVED_NOT_RESERVED', member: field![1] });
    expect(out.findings[0].old).toMatch(new RegExp(` ${field![1]} = ${field![2]}$`));
  });
});

describe('gridtwin proto-compat: bad input exits 2 with where and a hint', () => {
  const cases: Array<[string, string[], RegExp[]]> = [
    ['a missing directory', [GOOD, `${FIXTURES}/nope`], [/^NEW_DIR: '.*nope' is not a directory/, /hint: pass the directory that holds the \.proto files/]],
    ['a missing OLD_DIR', [`${FIXTURES}/nope`, GOOD], [/^OLD_DIR: /]],
    ['a directory without .proto files (they are in a subdirectory)', [GOOD, bad('no-proto-files')], [/no \.proto files in '.*no-proto-files\/new'/, /subdirectories are not searched/]],
    ['a syntax error (the line of the token after the missing ;, as protoc reports it)', [GOOD, bad('syntax-error')], [/- test\/proto-compat\/fixtures\/bad\/syntax-error\/new\/demo\.proto:12: illegal token 'repeated', ';' expected\n/, /hint: fix the \.proto syntax/]],
    ['a binary file named .proto', [GOOD, bad('binary')], [/garbage\.proto does not parse/, /garbage\.proto:1: illegal token/]],
    ['an import that is not in the directory', [GOOD, bad('missing-import')], [/demo\.proto imports 'units\.proto', which is not in the set/, /demo\.proto:7: no file 'units\.proto'/, /hint: imports resolve relative to the directory/]],
    ['an import that leaves the directory (the file exists outside it)', [GOOD, bad('escaping-import')], [/imports '\.\.\/outside\.proto', which is not in the set/, /demo\.proto:7:/]],
    ['an unknown google/protobuf import', [GOOD, bad('unknown-well-known')], [/'google\/protobuf\/calendar\.proto' is not a well-known type/, /hint: the well-known types are/]],
    ['a type no file defines (a removed message still referenced)', [GOOD, bad('still-referenced')], [/do not resolve/, /still-referenced\/new\/demo\.proto:16: no such Type or Enum 'Reading' in Type \.demo\.v1\.Batch/]],
    ['a message defined in two files', [GOOD, bad('duplicate-message')], [/'Reading' is defined more than once/, /a\.proto:8: duplicate name/, /b\.proto:8: duplicate name/]],
    ['one directory only', [GOOD], [/missing NEW_DIR/]],
    ['an unknown flag', [GOOD, GOOD, '--yaml'], [/--yaml/]],
  ];
  for (const [what, args, patterns] of cases) {
    it(what, async () => {
      const r = await protoCompat(...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      for (const p of patterns) expect(r.stderr).toMatch(p);
    });
  }

  it('a directory named like a .proto file is skipped, not read', async () => {
    const r = await protoCompat(GOOD, bad('directory-named-proto'));
    expect(r.code, r.stderr).toBe(0);
  });
});
