// The completed WDPC schema set (proto/wdpc/v1): every message, enum value, field name and number
// the spec's text gives is in it (body and Annex A; the one conflict resolved for the annex), every
// type a field names resolves, no number is used twice in a message, and the fields the hot paths
// read first (ids, timestamps, values) sit in 1–15 (one-byte tags).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type protobuf from 'protobufjs';
import { loadWdpcSchemas, MESSAGE_TYPE, MESSAGE_TYPE_OF, WDPC_STREAM_MESSAGES, wdpcMessageTypes, wdpcType } from '../../sim/bindings/wdpc/schema.ts';

const spec = readFileSync(new URL('../../../shared/specs/wdpc-workload-dynamic-power-cooling.md', import.meta.url), 'utf8');

interface SpecField {
  message: string;
  name: string;
  number: number;
  line: number;
}

/** Fields and enum values of the spec's ```protobuf blocks (it has no nested messages). */
function specDefinitions(): { fields: SpecField[]; truncated: SpecField[]; enums: Map<string, Map<string, number>>; messages: Set<string> } {
  const fields: SpecField[] = [];
  const truncated: SpecField[] = []; // the annex is cut off mid-field: name kept, number lost
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
    if (f) return void fields.push({ message: current.name, name: f[1], number: Number(f[2]), line: k + 1 });
    const cut = /^\s*(?:repeated\s+)?[\w.]+\s+(\w+)\s*$/.exec(text);
    if (cut) truncated.push({ message: current.name, name: cut[1], number: NaN, line: k + 1 });
  });
  return { fields, truncated, enums, messages };
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
const ours = all.filter((o) => !o.fullName.startsWith('.google'));
const types = ours.filter((o): o is protobuf.Type => 'fieldsArray' in o);
const enumsOfSet = ours.filter((o): o is protobuf.Enum => 'values' in o && !('fieldsArray' in o));

/** Body vs annex: the annex's numbering is kept (docs/spec-decisions.md W3). */
const ANNEX_WINS = new Set(['WorkloadDataPublication.future_intent@16']);

describe('WDPC schema set', () => {
  const { fields, truncated, enums, messages } = specDefinitions();

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

  it('keeps the field the truncated annex names without a number (PowerSystemStatus.total_consumption_mw)', () => {
    expect(truncated.map((f) => `${f.message}.${f.name}`)).toEqual(['PowerSystemStatus.total_consumption_mw']);
    for (const f of truncated) expect((bySimpleName(f.message)[0] as protobuf.Type).fields[f.name]?.id, f.name).toBe(2);
  });

  it('keeps every enum value the spec gives', () => {
    for (const [name, values] of enums) {
      const e = bySimpleName(name)[0] as protobuf.Enum;
      for (const [v, n] of values) expect(e.values[v], `${name}.${v}`).toBe(n);
    }
  });

  it('defines every type a field names (referenced-but-missing messages completed), numbers unique per message', () => {
    expect(types.length).toBeGreaterThan(80);
    for (const t of types) {
      const ids = t.fieldsArray.map((f) => f.id);
      expect(new Set(ids).size, t.fullName).toBe(ids.length);
      for (const f of t.fieldsArray) expect(() => f.resolve(), `${t.fullName}.${f.name}: ${f.type}`).not.toThrow();
    }
  });

  it('puts ids, timestamps, measured values and the integrity fields in 1–15 (one-byte tags)', () => {
    const critical = /(_id$|^timestamp$|_(mw|mwh|kw|watts|celsius|c|hz|v|a|percent|pu|lps|kwh|sec|ms)$)/;
    let checked = 0;
    for (const t of types) {
      for (const f of t.fieldsArray) {
        if (!critical.test(f.name) || f.map) continue;
        checked++;
        expect(f.id, `${t.fullName}.${f.name}`).toBeLessThanOrEqual(15);
      }
    }
    expect(checked).toBeGreaterThan(150);
    const meta = wdpcType('wdpc.core.v1.MessageMetadata').fields;
    expect([meta.key_id.id, meta.sequence_number.id, meta.hmac_sha256.id]).toEqual([5, 6, 7]);
    expect([meta.key_id.type, meta.sequence_number.type, meta.hmac_sha256.type]).toEqual(['string', 'uint64', 'bytes']);
  });

  it('uses no reserved field number or name, and no enum number twice', () => {
    for (const t of types) {
      for (const f of t.fieldsArray) {
        expect(t.isReservedId(f.id), `${t.fullName}.${f.name} = ${f.id} is reserved`).toBe(false);
        expect(t.isReservedName(f.name), `${t.fullName}.${f.name} is a reserved name`).toBe(false);
      }
    }
    for (const e of enumsOfSet) {
      const numbers = Object.values(e.values);
      expect(new Set(numbers).size, `${e.fullName} reuses a number`).toBe(numbers.length);
      for (const [name, n] of Object.entries(e.values)) {
        expect(e.isReservedId(n), `${e.fullName}.${name}`).toBe(false);
        expect(e.isReservedName(name), `${e.fullName}.${name}`).toBe(false);
      }
    }
  });

  it('starts every enum gridtwin defines with an _UNSPECIFIED / _UNKNOWN zero value (W5); the spec\'s keep theirs', () => {
    for (const e of enumsOfSet) {
      const zero = Object.entries(e.values).find(([, n]) => n === 0)?.[0];
      expect(zero, `${e.fullName} has no zero value`).toBeDefined();
      if (!enums.has(e.name)) expect(zero, e.fullName).toMatch(/_(UNSPECIFIED|UNKNOWN)$/);
    }
  });

  it('puts every type in a package wdpc.<area>.v1', () => {
    for (const o of [...types, ...enumsOfSet]) expect(o.fullName).toMatch(/^\.wdpc\.[a-z]+\.v1\.\w+$/);
  });

  it('lets an intent signal carry a predicted power transition: the annex fields 1–4 and gridtwin\'s 5–8', () => {
    const f = wdpcType('wdpc.workload.v1.IntentSignal').fields;
    const shape = Object.fromEntries(Object.values(f).map((x) => [x.name, `${x.type}=${x.id}`]));
    expect(shape).toEqual({
      predicted_time: 'google.protobuf.Timestamp=1',
      predicted_power_mw: 'double=2',
      confidence_level: 'double=3',
      intent_description: 'string=4',
      current_power_mw: 'double=5',
      kind: 'TransitionKind=6',
      ramp_duration_sec: 'double=7',
      transition_id: 'string=8',
    });
  });
});

describe('WDPC stream messages and the loader', () => {
  it('maps each stream message to its envelope message_type, the names matching the compiled enum', () => {
    const mt = root.lookupEnum('wdpc.core.v1.MessageType').values;
    expect(MESSAGE_TYPE).toEqual(mt);
    for (const m of WDPC_STREAM_MESSAGES) {
      expect(() => wdpcType(m.fullName), m.fullName).not.toThrow();
      expect(MESSAGE_TYPE_OF[m.fullName]).toBe(mt[m.messageType]);
    }
    for (const name of Object.keys(mt)) expect(WDPC_STREAM_MESSAGES.filter((m) => m.messageType === name && m.primary).length, `one primary payload for ${name}`).toBe(1);
  });

  it('lists every message of the set, stream payloads with their type', () => {
    const list = wdpcMessageTypes();
    expect(list.map((m) => m.fullName)).toEqual(types.map((t) => t.fullName.slice(1)).sort());
    expect(list.find((m) => m.fullName === 'wdpc.grid.v1.GridOperatorData')?.messageType).toBe('EXTERNAL_SYSTEM');
    expect(list.find((m) => m.fullName === 'wdpc.workload.v1.IntentSignal')).toEqual({ fullName: 'wdpc.workload.v1.IntentSignal' });
    expect(list.filter((m) => m.messageType).length).toBe(WDPC_STREAM_MESSAGES.length);
  });

  it('caches types and rejects names that are not in the set', () => {
    expect(wdpcType('wdpc.core.v1.WDPCMessage')).toBe(wdpcType('wdpc.core.v1.WDPCMessage'));
    expect(loadWdpcSchemas()).toBe(root);
    expect(() => wdpcType('wdpc.core.v1.NoSuchMessage')).toThrow(/no such type/);
    expect(() => wdpcType('wdpc.core.v1.MessageType')).toThrow(); // an enum, not a message
  });
});
