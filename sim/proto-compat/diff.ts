// What changed between two schema sets, and whether it breaks readers of the old one. Protobuf
// carries field numbers on the wire and names in JSON, so a change breaks compatibility when an
// old reader would misread new bytes (or new readers old bytes) or JSON names stop matching:
//   FIELD_NUMBER_REUSED      a number now names another field (same number, new name)
//   FIELD_TYPE_CHANGED       same field, another type — also wire-compatible pairs such as
//                            int32 → int64 or int32 → bool: the bytes decode, the meaning does not
//   FIELD_LABEL_CHANGED      singular ↔ repeated ↔ map, or a map's key type
//   FIELD_ONEOF_CHANGED      the field moved into, out of or between oneofs
//   FIELD_REMOVED_NOT_RESERVED  a field is gone and its number is not reserved (a later field may take it)
//   RESERVED_REUSED          a reserved number or name is used again
//   MESSAGE_REMOVED / ENUM_REMOVED  a type is gone (or renamed, or moved to another package:
//                            PACKAGE_CHANGED when the same name appears under another package)
//   ENUM_VALUE_RENAMED       same number, another name (breaks JSON, which carries names)
//   ENUM_VALUE_REMOVED_NOT_RESERVED
// Additions (fields, messages, enums, enum values) and removals whose number is reserved are info.
import { isReserved, type EnumShape, type MessageShape, type Shape } from './schema-set.ts';

export type Severity = 'breaking' | 'info';

export interface Finding {
  code: string;
  severity: Severity;
  /** Full name of the message or enum, with `.field` / `.VALUE` where one is concerned. */
  subject: string;
  detail: string;
}

const simple = (fullName: string) => fullName.slice(fullName.lastIndexOf('.') + 1);
const pkg = (fullName: string) => fullName.slice(0, Math.max(0, fullName.lastIndexOf('.')));

export function diffSchemaSets(oldSet: Map<string, Shape>, newSet: Map<string, Shape>): Finding[] {
  const out: Finding[] = [];
  const push = (code: string, severity: Severity, subject: string, detail: string) => out.push({ code, severity, subject, detail });
  for (const [name, o] of oldSet) {
    const n = newSet.get(name);
    if (!n) {
      const moved = [...newSet.values()].find((x) => x.kind === o.kind && simple(x.fullName) === simple(name));
      if (moved) push('PACKAGE_CHANGED', 'breaking', name, `${o.kind} ${simple(name)} moved from package '${pkg(name)}' to '${pkg(moved.fullName)}': its full name (in Any, in type URLs, in imports) changed`);
      else push(o.kind === 'message' ? 'MESSAGE_REMOVED' : 'ENUM_REMOVED', 'breaking', name, `${o.kind} removed or renamed (${o.file})`);
      continue;
    }
    if (o.kind !== n.kind) {
      push('TYPE_KIND_CHANGED', 'breaking', name, `was a ${o.kind}, is now a ${n.kind}`);
      continue;
    }
    if (o.kind === 'message') diffMessage(o, n as MessageShape, push);
    else diffEnum(o, n as EnumShape, push);
  }
  for (const [name, n] of newSet) if (!oldSet.has(name)) push(n.kind === 'message' ? 'MESSAGE_ADDED' : 'ENUM_ADDED', 'info', name, `new ${n.kind} (${n.file})`);
  return out.sort((a, b) => (a.severity === b.severity ? (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) : a.severity === 'breaking' ? -1 : 1));
}

type Push = (code: string, severity: Severity, subject: string, detail: string) => void;

function diffMessage(o: MessageShape, n: MessageShape, push: Push): void {
  for (const [num, f] of o.fields) {
    const g = n.fields.get(num);
    const subject = `${o.fullName}.${f.name}`;
    if (!g) {
      const renamedTo = [...n.fields.values()].find((x) => x.name === f.name);
      if (renamedTo) push('FIELD_NUMBER_CHANGED', 'breaking', subject, `field ${f.name} moved from number ${num} to ${renamedTo.number}: old bytes land in nothing`);
      else if (isReserved(n.reservedNumbers, num)) push('FIELD_REMOVED_RESERVED', 'info', subject, `field ${num} removed, number reserved${n.reservedNames.has(f.name) ? ' with its name' : ''}`);
      else push('FIELD_REMOVED_NOT_RESERVED', 'breaking', subject, `field ${num} removed without \`reserved ${num};\`: a later field may reuse the number and old data would be misread`);
      continue;
    }
    if (g.name !== f.name) {
      push('FIELD_NUMBER_REUSED', 'breaking', subject, `number ${num} was '${f.name}' (${f.type}), is now '${g.name}' (${g.type})`);
      continue;
    }
    if (g.type !== f.type) push('FIELD_TYPE_CHANGED', 'breaking', subject, `type ${f.type} → ${g.type}${wireCompatible(f.type, g.type) ? ' (wire-compatible, but values change meaning or range)' : ''}`);
    if (g.label !== f.label || g.keyType !== f.keyType) push('FIELD_LABEL_CHANGED', 'breaking', subject, `${f.label}${f.keyType ? `<${f.keyType}>` : ''} → ${g.label}${g.keyType ? `<${g.keyType}>` : ''}`);
    if (g.oneof !== f.oneof) push('FIELD_ONEOF_CHANGED', 'breaking', subject, `oneof ${f.oneof ?? '(none)'} → ${g.oneof ?? '(none)'}: setting it may now clear (or no longer clear) other fields`);
  }
  for (const [num, g] of n.fields) {
    if (o.fields.has(num)) continue;
    const subject = `${n.fullName}.${g.name}`;
    if (isReserved(o.reservedNumbers, num) || o.reservedNames.has(g.name)) push('RESERVED_REUSED', 'breaking', subject, `${isReserved(o.reservedNumbers, num) ? `number ${num}` : `name '${g.name}'`} was reserved in the old schema`);
    else if (![...o.fields.values()].some((x) => x.name === g.name)) push('FIELD_ADDED', 'info', subject, `new field ${num} (${g.label === 'singular' ? '' : `${g.label} `}${g.type})`);
  }
}

function diffEnum(o: EnumShape, n: EnumShape, push: Push): void {
  for (const [num, name] of o.values) {
    const now = n.values.get(num);
    const subject = `${o.fullName}.${name}`;
    if (now === undefined) {
      if (isReserved(n.reservedNumbers, num)) push('ENUM_VALUE_REMOVED_RESERVED', 'info', subject, `value ${num} removed, number reserved`);
      else push('ENUM_VALUE_REMOVED_NOT_RESERVED', 'breaking', subject, `value ${num} removed without \`reserved ${num};\``);
    } else if (now !== name) push('ENUM_VALUE_RENAMED', 'breaking', subject, `value ${num} renamed ${name} → ${now}: JSON carries the name`);
  }
  for (const [num, name] of n.values) {
    if (o.values.has(num)) continue;
    if (isReserved(o.reservedNumbers, num) || o.reservedNames.has(name)) push('RESERVED_REUSED', 'breaking', `${n.fullName}.${name}`, `value ${num} (${name}) was reserved in the old schema`);
    else push('ENUM_VALUE_ADDED', 'info', `${n.fullName}.${name}`, `new value ${num}`);
  }
}

/** Scalar pairs protobuf decodes across (varints; 32/64-bit fixed): a change still, but no garbage. */
function wireCompatible(a: string, b: string): boolean {
  const groups = [['int32', 'uint32', 'int64', 'uint64', 'bool'], ['sint32', 'sint64'], ['fixed32', 'sfixed32'], ['fixed64', 'sfixed64'], ['string', 'bytes']];
  return groups.some((g) => g.includes(a) && g.includes(b));
}
