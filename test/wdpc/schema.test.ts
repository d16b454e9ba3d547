// The completed WDPC schema set (proto/wdpc/v1): every message, enum value, field name and number
// the spec's text gives is in it (body and Annex A; the one conflict resolved for the annex), every
// type a field names resolves, no number is used twice in a message, and the fields the hot paths
// read first (ids, timestamps, values) sit in 1–15 (one-byte tags).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type protobuf from 'protobufjs';
import { loadWdpcSchemas, MESSAGE_TYPE_OF, wdpcType } from '../../sim/bindings/wdpc/schema.ts';

const spec = readFileSync(new URL('../../../shared/specs/wdpc-workload-dynamic-power-cooling.md', import.meta.url), 'utf8');

interface SpecField {
  message: string;
  name: string;
  number: number;
  line: number;
}

/** Fields and enum values of the spec's ```protobuf blocks (it has no nested messages). */
function specDefinitions(): { fields: SpecField[]; enums: Map<string, Map<string, number>>; messages: Set<string> } {
  const fields: SpecField[] = [];
  const enums = new Map<string, Map<string, number>>();
  const messages = new Set<string>();
  let inBlock = false;
  let current: { kind: 'message' | 'enum'; name: string } | undefined;
  spec.split('\n').forEach((text, k) => {
    if (text.startsWith('```protobuf')) return void (inBlock = true);
    if (text.startsWith('```')) return void ((inBlock = false), (current = undefined));
    if (!inBlock) return;
    const open = /^\s*(message|enum)\s+(\w+)\s*\{/.exec(text);
    if (open) {
      current = { kind: open[1] as 'message' | 'enum', name: open[2] };
      if (current.kind === 'message') messages.add(current.name);
      else enums.set(current.name, enums.get(current.name) ?? new Map());
      return;
    }
    if (/^\s*\}/.test(text)) return void (current = undefined);
    if (!current) return;
    if (current.kind === 'enum') {
      const v = /^\s*(\w+)\s*=\s*(\d+)\s*;/.exec(text);
      if (v) enums.get(current.name)!.set(v[1], Number(v[2]));
      return;
    }
    const f = /^\s*(?:repeated\s+)?(?:map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;/.exec(text);
    if (f) fields.push({ message: current.name, name: f[1], number: Number(f[2]), line: k + 1 });
  });
  return { fields, enums, messages };
}

const root = loadWdpcSchemas();
const all: protobuf.ReflectionObject[] = [];
(function walk(ns: protobuf.NamespaceBase) {
  for (const o of ns.nestedArray) {
    all.push(o);
    if ('nestedArray' in o && !('fieldsArray' in o)) walk(o as protobuf.NamespaceBase);
  }
})(root);
const bySimpleName = (name: string) => all.filter((o) => o.name === name && !o.fullName.startsWith('.google'));

/** Body vs annex: the annex's numbering is kept (docs/spec-decisions.md W3). */
const ANNEX_WINS = new Set(['WorkloadDataPublication.future_intent@16']);

describe('WDPC schema set', () => {
  const { fields, enums, messages } = specDefinitions();

  it('reads the spec: dozens of messages and fields (a parser that finds nothing would pass everything)', () => {
    expect(messages.size).toBeGreaterThan(30);
    expect(fields.length).toBeGreaterThan(150);
  });

  it('defines every message the spec defines, once', () => {
    for (const m of messages) expect(bySimpleName(m).length, m).toBe(1);
  });

  it('keeps every field name and number the spec gives', () => {
    for (const f of fields) {
      if (ANNEX_WINS.has(`${f.message}.${f.name}@${f.number}`)) continue;
      const t = bySimpleName(f.message)[0] as protobuf.Type;
      expect(t.fields[f.name]?.id, `${f.message}.${f.name} (spec line ${f.line})`).toBe(f.number);
    }
    expect(wdpcType('wdpc.workload.v1.WorkloadDataPublication').fields.future_intent.id).toBe(7);
  });

  it('keeps every enum value the spec gives', () => {
    for (const [name, values] of enums) {
      const e = bySimpleName(name)[0] as protobuf.Enum;
      for (const [v, n] of values) expect(e.values[v], `${name}.${v}`).toBe(n);
    }
  });

  it('defines every type a field names (referenced-but-missing messages completed), numbers unique per message', () => {
    const types = all.filter((o): o is protobuf.Type => 'fieldsArray' in o);
    expect(types.length).toBeGreaterThan(80);
    for (const t of types) {
      const ids = t.fieldsArray.map((f) => f.id);
      expect(new Set(ids).size, t.fullName).toBe(ids.length);
      for (const f of t.fieldsArray) expect(() => f.resolve(), `${t.fullName}.${f.name}: ${f.type}`).not.toThrow();
    }
  });

  it('puts ids, timestamps and the integrity fields in 1–15', () => {
    for (const o of all) {
      if (!('fieldsArray' in o)) continue;
      for (const f of (o as protobuf.Type).fieldsArray) if (/(_id|^timestamp)$/.test(f.name) || f.name === 'timestamp') expect(f.id, `${o.fullName}.${f.name}`).toBeLessThanOrEqual(15);
    }
    const meta = wdpcType('wdpc.core.v1.MessageMetadata').fields;
    expect([meta.key_id.id, meta.sequence_number.id, meta.hmac_sha256.id]).toEqual([5, 6, 7]);
  });

  it('maps each stream message to its envelope message_type', () => {
    const mt = root.lookupEnum('wdpc.core.v1.MessageType').values;
    for (const [name, n] of Object.entries(MESSAGE_TYPE_OF)) {
      expect(() => wdpcType(name), name).not.toThrow();
      expect(Object.values(mt)).toContain(n);
    }
  });
});
