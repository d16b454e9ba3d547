// Loading a scenario: read the file, parse YAML, validate against the schema, run the cross
// checks — and report every problem at once, each with its path, its line and a hint (exit 2).
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, type InputProblem } from '../errors.ts';
import { PATTERN_HINTS } from './profile-schema.ts';
import { ScenarioSchema, type Scenario } from './schema.ts';
import { crossCheck } from './cross-checks.ts';
import { closest } from './suggest.ts';
import { parseThreshold, type Threshold } from '../scoring/threshold-parse.ts';

export interface LoadedScenario {
  scenario: Scenario;
  thresholds: Threshold[];
  /** Scenario name: `name:` or the file name without extension. */
  name: string;
  /** Absolute path of the file; relative paths inside it resolve against its folder. */
  path: string;
  dir: string;
  /** Raw file text, hashed into the run hash. */
  text: string;
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  const path = resolve(file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read scenario ${file}`, [
      {
        path: file,
        message: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(err),
        hint: 'pass the path of a scenario YAML file, e.g. scenarios/quickstart.yaml',
      },
    ]);
  }
  return parseScenarioText(text, path);
}

export function parseScenarioText(text: string, path: string): LoadedScenario {
  const file = basename(path);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      `${file}: not valid YAML`,
      doc.errors.map((e) => {
        // linePos is only filled in with prettyErrors; the offset is always there.
        const pos = e.linePos?.[0] ?? (e.pos ? lines.linePos(e.pos[0]) : undefined);
        return {
          path: pos ? `${file}:${pos.line}:${pos.col}` : file,
          message: e.message.split('\n')[0],
          hint: 'check indentation and quoting around this line',
        };
      }),
      'SCENARIO_YAML',
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new InputError(`${file}: a scenario is a YAML mapping`, [
      { path: file, message: 'the document is not a mapping of keys', hint: 'start from scenarios/quickstart.yaml' },
    ]);
  }
  const parsed = ScenarioSchema.safeParse(raw);
  const where = (p: PropertyKey[]) => locate(doc, lines, file, p);
  if (!parsed.success) {
    // Cross-checks need a valid scenario; thresholds need only their own text, so check them too.
    const problems = [...toProblems(parsed.error.issues, where, doc), ...rawThresholdProblems(raw, where)];
    throw new InputError(`${file}: ${plural(problems.length, 'problem')} in the scenario`, problems, 'SCENARIO_INVALID');
  }
  const { problems, thresholds } = crossCheck(parsed.data);
  if (problems.length > 0) {
    const located = problems.map((p) => ({ ...p, path: withLine(p.path, doc, lines, file) }));
    throw new InputError(`${file}: ${plural(problems.length, 'problem')} in the scenario`, located, 'SCENARIO_INVALID');
  }
  return {
    scenario: parsed.data,
    thresholds,
    name: parsed.data.name ?? basename(path, extname(path)),
    path,
    dir: dirname(path),
    text,
  };
}

function rawThresholdProblems(raw: object, where: (p: PropertyKey[]) => string): InputProblem[] {
  const list = (raw as { thresholds?: unknown }).thresholds;
  if (!Array.isArray(list)) return [];
  return list.flatMap((text, i) => {
    if (typeof text !== 'string') return [];
    const r = parseThreshold(text);
    return r.ok ? [] : [{ path: where(['thresholds', i]), message: r.message, hint: r.hint }];
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function toProblems(issues: z.core.$ZodIssue[], where: (p: PropertyKey[]) => string, doc: Document): InputProblem[] {
  const out: InputProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const known = knownKeysAt(doc, issue.path);
        const guess = closest(key, known);
        if (issue.path.length === 1 && issue.path[0] === 'profiles') {
          out.push({
            path: where([...issue.path, key]),
            message: `unknown profile '${key}'`,
            hint: `profiles available: ${known.join(', ')}`,
          });
          continue;
        }
        out.push({
          path: where([...issue.path, key]),
          message: `unknown key '${key}'`,
          hint: guess ? `did you mean '${guess}'?` : 'remove it (`gridtwin schema` lists every key)',
        });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && issue.path.at(-1) === 'type') {
      const types = timelineTypes();
      const given = doc.getIn(issue.path);
      const guess = typeof given === 'string' ? closest(given, types) : undefined;
      out.push({
        path: where(issue.path),
        message: given === undefined ? 'missing timeline type' : `unknown timeline type '${String(given)}'`,
        hint: `${guess ? `did you mean '${guess}'? ` : ''}types: ${types.join(', ')}`,
      });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.message === 'Invalid input' && issue.errors.length > 0) {
      // A plain union (e.g. a power or null): report the branch that got furthest, not "Invalid input".
      const branch = issue.errors.find((b) => b.some((i) => i.code === 'custom')) ?? issue.errors[0];
      out.push(...toProblems(branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] })), where, doc));
      continue;
    }
    const key = issue.path.at(-1);
    if (issue.code === 'invalid_type' && key !== undefined && !doc.hasIn(issue.path) && doc.hasIn(issue.path.slice(0, -1))) {
      const what = issue.message.startsWith('Invalid input') ? '(`gridtwin schema` lists every key)' : `— ${issue.message}`;
      out.push({ path: where(issue.path), message: `missing required key '${String(key)}'`, hint: `add '${String(key)}:' here ${what}` });
      continue;
    }
    const hint = issue.code === 'custom' && typeof issue.params?.hint === 'string' ? issue.params.hint : hintFor(issue);
    out.push({ path: where(issue.path), message: issue.message, hint });
  }
  return out;
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.message.includes('with a unit')) return 'a bare number has no unit: write the number followed by its unit';
  if (issue.code === 'invalid_value' && 'values' in issue) return `one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_key') return "identifiers use lower-case letters, digits, '-' and '_'";
  if (issue.code === 'invalid_format' && issue.format === 'datetime') return 'write an RFC 3339 date-time, e.g. 2026-06-01T12:00:00Z';
  // Plain numbers (counts such as replicas, gpus, dips_to_transfer): say which values are allowed.
  if (issue.code === 'too_small' && issue.origin === 'number') return `use a number ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `use a number ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'use a whole number';
  if (issue.code === 'invalid_format' && issue.format === 'regex') return PATTERN_HINTS[String(issue.pattern)] ?? 'see `gridtwin schema` for the form this key takes';
  return undefined;
}

function timelineTypes(): string[] {
  const def: any = (unwrap(ScenarioSchema.shape.timeline) as any)._zod.def;
  const union: any = unwrap(def.element)._zod.def;
  return union.options.flatMap((o: any) => o._zod.def.shape.type._zod.def.values as string[]);
}

/** Keys the schema allows next to an unknown key, for "did you mean". */
function knownKeysAt(doc: Document, path: PropertyKey[]): string[] {
  let schema: z.ZodType = ScenarioSchema;
  for (const [idx, seg] of path.entries()) {
    const next = childSchema(schema, seg, doc, path.slice(0, idx + 1));
    if (!next) return [];
    schema = next;
  }
  const shape = objectShape(schema);
  return shape ? Object.keys(shape) : [];
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur: any = s;
  for (let i = 0; i < 10 && cur; i++) {
    const def = cur._zod?.def;
    if (!def) break;
    if (def.innerType) cur = def.innerType;
    else if (def.type === 'pipe') cur = def.in;
    else break;
  }
  return cur;
}

function objectShape(s: z.ZodType): Record<string, z.ZodType> | undefined {
  const def: any = (unwrap(s) as any)._zod?.def;
  return def?.type === 'object' ? def.shape : undefined;
}

/** The schema one level down at `seg`; `upTo` is the document path ending with `seg`. */
function childSchema(s: z.ZodType, seg: PropertyKey, doc: Document, upTo: PropertyKey[]): z.ZodType | undefined {
  const def: any = (unwrap(s) as any)._zod?.def;
  const child: z.ZodType | undefined =
    def?.type === 'object' ? def.shape[seg as string] : def?.type === 'record' ? def.valueType : def?.type === 'array' ? def.element : undefined;
  if (!child) return undefined;
  const cdef: any = (unwrap(child) as any)._zod?.def;
  if (cdef?.type !== 'union') return child;
  // Discriminated union (timeline entry): the option whose `type` literal matches the document.
  const entry: any = doc.getIn(upTo, true);
  const t = entry && isMap(entry) ? entry.get('type') : undefined;
  return cdef.options.find((o: any) => o._zod.def.shape?.type?._zod.def.values?.includes(t));
}

function dotted(path: PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), '');
}

/** `file:line path` for a schema path: the line of its key (or of the nearest parent that exists). */
function locate(doc: Document, lines: LineCounter, file: string, path: PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node: any = doc.getIn(path.slice(0, n), true);
    // A block mapping value starts on the line after its key; the key's line is where the user looks.
    const parent: any = n > 0 ? doc.getIn(path.slice(0, n - 1), true) : undefined;
    const pair: any = isMap(parent) ? parent.items.find((it: any) => (isScalar(it.key) ? it.key.value : it.key) === path[n - 1]) : undefined;
    const offset = pair?.key?.range?.[0] ?? node?.range?.[0];
    if (typeof offset === 'number') {
      const { line } = lines.linePos(offset);
      return `${file}:${line} ${dotted(path) || '(top level)'}`;
    }
  }
  return `${file} ${dotted(path) || '(top level)'}`;
}

function withLine(dottedPath: string, doc: Document, lines: LineCounter, file: string): string {
  const segs: PropertyKey[] = [];
  for (const m of dottedPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) segs.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return locate(doc, lines, file, segs);
}
