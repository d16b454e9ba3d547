// What changed between two schema sets, and whether it breaks readers of the old one. Protobuf
// carries field numbers on the wire and names in JSON, so a change is breaking when an old reader
// would misread new bytes or JSON (or a new reader old ones), or when it clears the way for a
// later change that would (a number or name freed without `reserved`). Types are matched by full
// name, fields and enum values by number. docs/proto-compat.md explains every code with an example.
import { isReserved, type EnumShape, type FieldShape, type MessageShape, type SchemaSet, type Shape } from './schema-set.ts';

export type Severity = 'breaking' | 'info';

export interface Finding {
  /** Stable code, e.g. FIELD_TYPE_CHANGED (docs/proto-compat.md). */
  code: string;
  severity: Severity;
  /** Full name of the message or enum, with `.field` / `.VALUE` where one is concerned. */
  subject: string;
  /** The message or enum concerned (full name). */
  type: string;
  /** The field or enum value concerned, when there is one. */
  member?: string;
  /** What it was / is, in .proto notation (absent when there was / is nothing). */
  old?: string;
  new?: string;
  /** Why it breaks (or why it does not). */
  why: string;
}

const simple = (fullName: string) => fullName.slice(fullName.lastIndexOf('.') + 1);
const pkg = (fullName: string) => fullName.slice(0, Math.max(0, fullName.lastIndexOf('.')));

/** A field in .proto notation: `oneof src: repeated string tags = 4`. */
export function describeField(f: FieldShape): string {
  const type = f.label === 'map' ? `map<${f.keyType}, ${f.type}>` : `${f.label === 'singular' ? (f.explicitPresence ? 'optional ' : '') : `${f.label} `}${f.type}`;
  const json = f.jsonName !== lowerCamel(f.name) ? ` [json_name = "${f.jsonName}"]` : '';
  return `${f.oneof ? `oneof ${f.oneof}: ` : ''}${type} ${f.name} = ${f.number}${json}`;
}

const lowerCamel = (name: string) => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Scalar groups protobuf decodes across: varints, zigzag varints, 32-bit, 64-bit, length-delimited text. */
const WIRE_GROUPS = [['int32', 'uint32', 'int64', 'uint64', 'bool'], ['sint32', 'sint64'], ['fixed32', 'sfixed32'], ['fixed64', 'sfixed64'], ['string', 'bytes']];
const SCALARS = new Set([...WIRE_GROUPS.flat(), 'double', 'float']);

function typeChangeWhy(a: string, b: string, oldSet: SchemaSet, newSet: SchemaSet): string {
  const isEnum = (t: string, set: SchemaSet) => set.get(t)?.kind === 'enum';
  const varint = (t: string, set: SchemaSet) => WIRE_GROUPS[0].includes(t) || isEnum(t, set);
  const same = 'wire-compatible (the bytes still decode) but not the same data: ';
  if (isEnum(a, oldSet) || isEnum(b, newSet)) {
    if (varint(a, oldSet) && varint(b, newSet)) return `${same}another set of meanings for the numbers, and JSON writes enum values as names, integers as numbers`;
  } else if (WIRE_GROUPS[0].includes(a) && WIRE_GROUPS[0].includes(b)) {
    return `${same}values outside the narrower range are truncated or change sign, and JSON writes 64-bit integers as strings, bools as true/false`;
  } else if (WIRE_GROUPS.slice(1, 4).some((g) => g.includes(a) && g.includes(b))) {
    return `${same}the same bits are read with another range or sign`;
  } else if (WIRE_GROUPS[4].includes(a) && WIRE_GROUPS[4].includes(b)) {
    return `${same}bytes need not be valid UTF-8, and JSON writes bytes as base64`;
  }
  if (!SCALARS.has(a) && !SCALARS.has(b) && !isEnum(a, oldSet) && !isEnum(b, newSet)) return 'another message type: the same bytes are read with another schema, and Any/JSON type names differ';
  return 'the wire types differ: an old reader fails to decode the field or skips it, and the JSON value has another form';
}

export function diffSchemaSets(oldSet: SchemaSet, newSet: SchemaSet): Finding[] {
  const out: Finding[] = [];
  const refs = referencesIn(oldSet);
  /** New types a removal finding already names (moved package, or renamed): not listed again as added. */
  const successors = new Set<string>();
  for (const [name, o] of oldSet) {
    const n = newSet.get(name);
    if (!n) {
      const removed = removedType(o, newSet, oldSet, refs.get(name) ?? []);
      if (removed.successor) successors.add(removed.successor);
      out.push(removed.finding);
      continue;
    }
    if (o.kind !== n.kind) {
      out.push({ code: 'TYPE_KIND_CHANGED', severity: 'breaking', subject: name, type: name, old: o.kind, new: n.kind, why: 'a message and an enum have different wire types (length-delimited vs varint)' });
      continue;
    }
    if (o.kind === 'message') out.push(...diffMessage(o, n as MessageShape, oldSet, newSet));
    else out.push(...diffEnum(o, n as EnumShape));
  }
  for (const [name, n] of newSet) {
    if (!oldSet.has(name) && !successors.has(name)) out.push({ code: n.kind === 'message' ? 'MESSAGE_ADDED' : 'ENUM_ADDED', severity: 'info', subject: name, type: name, new: `${n.kind} ${simple(name)} (${n.file})`, why: 'old readers never meet it unless a field they know refers to it' });
  }
  const order = (f: Finding) => `${f.severity === 'breaking' ? 0 : 1} ${f.subject} ${f.code}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** Type full name → the fields (Message.field) of the set that refer to it. */
function referencesIn(set: SchemaSet): Map<string, string[]> {
  const refs = new Map<string, string[]>();
  for (const s of set.values()) {
    if (s.kind !== 'message') continue;
    for (const f of s.fields.values()) if (set.has(f.type) && f.type !== s.fullName) refs.set(f.type, [...(refs.get(f.type) ?? []), `${s.fullName}.${f.name}`]);
  }
  return refs;
}

/** What a type looks like on the wire, to recognise a rename. */
function signature(s: Shape): string {
  if (s.kind === 'enum') return [...s.values].sort((a, b) => a[0] - b[0]).map(([n, v]) => `${n}=${v}`).join(',');
  return [...s.fields.values()].sort((a, b) => a.number - b.number).map((f) => `${f.number}:${f.name}:${f.label}:${f.keyType ?? ''}:${simple(f.type)}`).join(',');
}

function removedType(o: Shape, newSet: SchemaSet, oldSet: SchemaSet, usedBy: string[]): { finding: Finding; successor?: string } {
  const name = o.fullName;
  const added = [...newSet.values()].filter((x) => x.kind === o.kind && !oldSet.has(x.fullName));
  const moved = added.find((x) => simple(x.fullName) === simple(name));
  if (moved) {
    return {
      successor: moved.fullName,
      finding: { code: 'PACKAGE_CHANGED', severity: 'breaking', subject: name, type: name, old: `package ${pkg(name)}`, new: `package ${pkg(moved.fullName)}`, why: `${o.kind} ${simple(name)} has a new full name: Any type URLs, JSON @type, imports and generated code name the old one` },
    };
  }
  const renamed = added.find((x) => signature(x) === signature(o));
  const used = usedBy.length ? `referenced by ${usedBy.slice(0, 3).join(', ')}${usedBy.length > 3 ? ` and ${usedBy.length - 3} more` : ''} in the old set` : 'a top-level payload type of its own (named in envelopes, Any type URLs)';
  const finding: Finding = {
    code: o.kind === 'message' ? 'MESSAGE_REMOVED' : 'ENUM_REMOVED',
    severity: 'breaking',
    subject: name,
    type: name,
    old: `${o.kind} ${simple(name)} (${o.file})`,
    ...(renamed ? { new: `${o.kind} ${renamed.fullName} (same fields: renamed?)` } : {}),
    why: `${renamed ? 'renamed' : 'removed'}; it was ${used}`,
  };
  return renamed ? { finding, successor: renamed.fullName } : { finding };
}

function diffMessage(o: MessageShape, n: MessageShape, oldSet: SchemaSet, newSet: SchemaSet): Finding[] {
  const out: Finding[] = [];
  const at = (f: FieldShape, code: string, severity: Severity, why: string, old?: string, now?: string) =>
    out.push({ code, severity, subject: `${o.fullName}.${f.name}`, type: o.fullName, member: f.name, ...(old !== undefined ? { old } : {}), ...(now !== undefined ? { new: now } : {}), why });
  for (const [num, f] of o.fields) {
    const g = n.fields.get(num);
    const was = describeField(f);
    if (!g) {
      const renumbered = [...n.fields.values()].find((x) => x.name === f.name);
      if (renumbered) at(f, 'FIELD_NUMBER_CHANGED', 'breaking', `the value travels under number ${renumbered.number} now: old readers drop it, and old bytes under ${num} land nowhere`, was, describeField(renumbered));
      else if (!isReserved(n.reservedNumbers, num)) at(f, 'FIELD_REMOVED_NOT_RESERVED', 'breaking', `number ${num} is free again without \`reserved ${num};\`: a later field may take it and old data would be read as that field`, was);
      else if (!n.reservedNames.has(f.name)) at(f, 'FIELD_REMOVED_NAME_NOT_RESERVED', 'breaking', `its number is reserved but not its name (\`reserved "${f.name}";\`): a later field may take the name and old JSON would be read as that field`, was);
      else at(f, 'FIELD_REMOVED_RESERVED', 'info', 'number and name reserved: nothing can reuse them; old data for it is skipped as unknown', was, `reserved ${num}; reserved "${f.name}";`);
      continue;
    }
    const now = describeField(g);
    if (g.name !== f.name) {
      at(f, 'FIELD_NUMBER_REUSED', 'breaking', `number ${num} now names '${g.name}': binary readers take one for the other${g.type !== f.type ? ' with another type' : ''}, JSON readers see the key change`, was, now);
      continue;
    }
    if (g.type !== f.type) at(f, 'FIELD_TYPE_CHANGED', 'breaking', typeChangeWhy(f.type, g.type, oldSet, newSet), was, now);
    if (g.label !== f.label || g.keyType !== f.keyType) at(f, 'FIELD_LABEL_CHANGED', 'breaking', labelWhy(f, g), was, now);
    if (g.jsonName !== f.jsonName) at(f, 'FIELD_JSON_NAME_CHANGED', 'breaking', `the JSON key changed from "${f.jsonName}" to "${g.jsonName}": JSON written by one is not read by the other`, was, now);
    if (g.oneof !== f.oneof) at(f, 'FIELD_ONEOF_CHANGED', 'breaking', 'setting it may now clear (or no longer clear) other fields, and a reader may drop values the writer set together', was, now);
    if (g.explicitPresence !== f.explicitPresence) at(f, 'FIELD_PRESENCE_CHANGED', 'info', 'proto3 `optional` changes only whether "set to zero" is told apart from "unset"; bytes and JSON stay readable', was, now);
  }
  for (const [num, g] of n.fields) {
    if (o.fields.has(num)) continue;
    const now = describeField(g);
    const subject = `${n.fullName}.${g.name}`;
    const base = { subject, type: n.fullName, member: g.name, new: now };
    if (isReserved(o.reservedNumbers, num)) out.push({ ...base, code: 'RESERVED_REUSED', severity: 'breaking', old: `reserved ${num}`, why: `number ${num} was reserved: data from before the reservation may still carry another field under it` });
    else if (o.reservedNames.has(g.name)) out.push({ ...base, code: 'RESERVED_REUSED', severity: 'breaking', old: `reserved "${g.name}"`, why: `name '${g.name}' was reserved: old JSON may still carry another field under that key` });
    else if (![...o.fields.values()].some((x) => x.name === g.name)) out.push({ ...base, code: 'FIELD_ADDED', severity: 'info', why: 'old readers skip it as unknown; new readers see its default in old data' });
  }
  return out;
}

function labelWhy(f: FieldShape, g: FieldShape): string {
  if (f.label === 'map' && g.label === 'map') return 'the map key type changed: entries carry the key with its own wire type and JSON keys are parsed as it';
  if (f.label === 'required' || g.label === 'required') return 'a proto2 reader rejects a message without its required fields';
  return `${f.label} → ${g.label}: a singular reader keeps only the last of several values (or misreads a packed list), JSON has an array or object where a value was`;
}

function diffEnum(o: EnumShape, n: EnumShape): Finding[] {
  const out: Finding[] = [];
  const at = (value: string, code: string, severity: Severity, why: string, old?: string, now?: string) =>
    out.push({ code, severity, subject: `${o.fullName}.${value}`, type: o.fullName, member: value, ...(old !== undefined ? { old } : {}), ...(now !== undefined ? { new: now } : {}), why });
  for (const [num, name] of o.values) {
    const now = n.values.get(num);
    const was = `${name} = ${num}`;
    if (now === undefined) {
      if (!isReserved(n.reservedNumbers, num)) at(name, 'ENUM_VALUE_REMOVED_NOT_RESERVED', 'breaking', `number ${num} is free again without \`reserved ${num};\`: a later value may take it and old data would mean that value`, was);
      else if (!n.reservedNames.has(name)) at(name, 'ENUM_VALUE_REMOVED_NAME_NOT_RESERVED', 'breaking', `its number is reserved but not its name (\`reserved "${name}";\`): a later value may take the name and old JSON would mean that value`, was);
      else at(name, 'ENUM_VALUE_REMOVED_RESERVED', 'info', 'number and name reserved; old data with it reads as an unknown value', was, `reserved ${num}; reserved "${name}";`);
    } else if (now !== name) {
      at(name, 'ENUM_VALUE_RENAMED', 'breaking', 'same number on the wire, but JSON carries the name: JSON written by one is not read by the other', was, `${now} = ${num}`);
    }
  }
  for (const [num, name] of n.values) {
    if (o.values.has(num)) continue;
    const is = `${name} = ${num}`;
    if (isReserved(o.reservedNumbers, num)) at(name, 'RESERVED_REUSED', 'breaking', `number ${num} was reserved: data from before the reservation may still carry another value under it`, `reserved ${num}`, is);
    else if (o.reservedNames.has(name)) at(name, 'RESERVED_REUSED', 'breaking', `name '${name}' was reserved: old JSON may still carry another value under that name`, `reserved "${name}"`, is);
    else at(name, 'ENUM_VALUE_ADDED', 'info', 'old proto3 readers keep it as an unknown number; old JSON readers may reject the name', undefined, is);
  }
  return out;
}
