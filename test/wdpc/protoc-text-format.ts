// Reads the protobuf text format that `protoc --decode` prints and turns it into the plain-object
// shape protobufjs' toObject gives ({ longs: String, enums: String, bytes: String }), guided by the
// message type, so a test can compare what protoc read with what gridtwin encoded field by field.
// Only what protoc prints for proto3 messages is handled: `name: scalar`, `name { … }`, repeated
// fields as repeated entries, maps as repeated `{ key: … value: … }` entries.
import protobuf from 'protobufjs';

type Node = Map<string, Array<Node | Scalar>>;
interface Scalar {
  /** The token as printed; for quoted strings the unescaped bytes. */
  text: string;
  bytes?: Buffer;
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92, a: 7, b: 8, f: 12, v: 11, '?': 63 };

/** Splits the text into tokens: punctuation, bare words/numbers, and quoted strings (unescaped). */
function tokenize(text: string): Array<string | Scalar> {
  const out: Array<string | Scalar> = [];
  let k = 0;
  while (k < text.length) {
    const c = text[k];
    if (/\s/.test(c)) k++;
    else if ('{}:'.includes(c)) out.push(text[k++]);
    else if (c === '"') {
      const bytes: number[] = [];
      k++;
      while (text[k] !== '"') {
        if (k >= text.length) throw new Error('unterminated string in protoc output');
        if (text[k] !== '\\') {
          const cp = text.codePointAt(k)!;
          const ch = String.fromCodePoint(cp);
          bytes.push(...Buffer.from(ch, 'utf8'));
          k += ch.length;
          continue;
        }
        const e = text[k + 1];
        const oct = /^[0-7]{1,3}/.exec(text.slice(k + 1, k + 4));
        const hex = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(k + 1, k + 4));
        if (oct) (bytes.push(parseInt(oct[0], 8)), (k += 1 + oct[0].length));
        else if (hex) (bytes.push(parseInt(hex[1], 16)), (k += 1 + hex[0].length));
        else if (e in SIMPLE_ESCAPES) (bytes.push(SIMPLE_ESCAPES[e]), (k += 2));
        else throw new Error(`unknown escape \\${e} in protoc output`);
      }
      k++;
      const b = Buffer.from(bytes);
      out.push({ text: b.toString('utf8'), bytes: b });
    } else {
      const m = /^[^\s{}:"]+/.exec(text.slice(k))!;
      out.push({ text: m[0] });
      k += m[0].length;
    }
  }
  return out;
}

/** Parses protoc's text format into a tree of field name → values. */
export function parseTextFormat(text: string): Node {
  const tokens = tokenize(text);
  let k = 0;
  const message = (closing: boolean): Node => {
    const node: Node = new Map();
    for (;;) {
      const t = tokens[k++];
      if (t === undefined) {
        if (closing) throw new Error('protoc output ends inside a message');
        return node;
      }
      if (t === '}') {
        if (!closing) throw new Error('unbalanced } in protoc output');
        return node;
      }
      if (typeof t === 'string') throw new Error(`unexpected "${t}" in protoc output`);
      const next = tokens[k++];
      let value: Node | Scalar;
      if (next === '{') value = message(true);
      else if (next === ':') {
        const v = tokens[k++];
        if (v === undefined || typeof v === 'string') throw new Error(`field ${t.text} has no value`);
        value = v;
      } else throw new Error(`field ${t.text} is followed by neither ':' nor '{'`);
      node.set(t.text, [...(node.get(t.text) ?? []), value]);
    }
  };
  return message(false);
}

function scalarValue(type: string, resolved: protobuf.ReflectionObject | null, s: Scalar): unknown {
  if (resolved instanceof protobuf.Enum) return s.text;
  switch (type) {
    case 'string':
      return s.text;
    case 'bytes':
      return (s.bytes ?? Buffer.alloc(0)).toString('base64');
    case 'bool':
      return s.text === 'true';
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return BigInt(s.text).toString();
    case 'float':
      return Math.fround(Number(s.text));
    default:
      return Number(s.text);
  }
}

/** The proto3 default of a scalar type, in the toObject shape. */
function defaultOf(type: string): unknown {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'bool') return false;
  return scalarValue(type, null, { text: '0' });
}

function fieldValue(f: protobuf.Field, v: Node | Scalar): unknown {
  f.resolve();
  if (v instanceof Map) {
    if (!(f.resolvedType instanceof protobuf.Type)) throw new Error(`protoc printed a message for scalar field ${f.fullName}`);
    return toPlainObject(f.resolvedType, v);
  }
  return scalarValue(f.type, f.resolvedType, v);
}

/** The tree as a protobufjs plain object of `type` (throws on a field the type does not have). */
export function toPlainObject(type: protobuf.Type, node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, values] of node) {
    const f = type.fields[name];
    if (!f) throw new Error(`protoc printed ${name}, which ${type.fullName} does not have`);
    if (f instanceof protobuf.MapField) {
      const entries: Record<string, unknown> = {};
      for (const e of values) {
        if (!(e instanceof Map)) throw new Error(`map entry of ${f.fullName} is not a message`);
        const key = e.get('key')?.[0] as Scalar | undefined;
        const value = e.get('value')?.[0];
        // proto3 leaves a default key or value off the wire, and protoc does not print it
        const fallback = f.resolvedType instanceof protobuf.Enum ? (f.resolvedType.valuesById[0] ?? '') : defaultOf(f.type);
        entries[key?.text ?? ''] = value === undefined ? (f.resolvedType instanceof protobuf.Type ? {} : fallback) : fieldValue(f, value);
      }
      out[name] = entries;
    } else if (f.repeated) out[name] = values.map((v) => fieldValue(f, v));
    else out[name] = fieldValue(f, values[values.length - 1]);
  }
  return out;
}
