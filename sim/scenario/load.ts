// Loading a scenario: read the file, parse YAML, validate against the schema, run the cross
// checks — and report every problem at once, each with its path, its line and a hint (exit 2).
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, type InputProblem } from '../errors.ts';
import { ScenarioSchema, type Scenario } from './schema.ts';
import { crossCheck } from './cross-checks.ts';
import { closest } from './suggest.ts';
import type { Threshold } from '../scoring/threshold-parse.ts';

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
        const pos = e.linePos?.[0];
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
    throw new InputError(`${file}: ${plural(parsed.error.issues.length, 'problem')} in the scenario`, toProblems(parsed.error.issues, where, doc), 'SCENARIO_INVALID');
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
            hint: `profiles available: ${known.join(', ')} (powernaut, openenergi and wdpc are planned)`,
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
      out.push({ path: where(issue.path), message: issue.message });
      continue;
    }
    out.push({ path: where(issue.path), message: issue.message, hint: hintFor(issue) });
  }
  return out;
}

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) return 'this key is required';
  if (issue.code === 'invalid_value' && 'values' in issue) return `one of: ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'invalid_key') return "identifiers use lower-case letters, digits, '-' and '_'";
  return undefined;
}

/** Keys the schema allows next to an unknown key, for "did you mean". */
function knownKeysAt(doc: Document, path: PropertyKey[]): string[] {
  let schema: z.ZodType = ScenarioSchema;
  for (const seg of path) {
    const next = childSchema(schema, seg, doc, path);
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

function childSchema(s: z.ZodType, seg: PropertyKey, doc: Document, fullPath: PropertyKey[]): z.ZodType | undefined {
  const def: any = (unwrap(s) as any)._zod?.def;
  if (!def) return undefined;
  if (def.type === 'object') return def.shape[seg as string];
  if (def.type === 'record') return def.valueType;
  if (def.type === 'array') return def.element;
  if (def.type === 'union') {
    // Discriminated union (timeline): pick the option whose `type` literal matches the document.
    const idx = fullPath.indexOf(seg);
    const entry: any = doc.getIn(fullPath.slice(0, idx + 1));
    const t = entry && isMap(entry) ? entry.get('type') : undefined;
    const opt = def.options.find((o: any) => o._zod.def.shape?.type?._zod.def.values?.includes(t));
    return opt ? opt._zod.def.shape[seg as string] : undefined;
  }
  return undefined;
}

function dotted(path: PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${String(seg)}` : String(seg)), '');
}

/** `file:line path` for a schema path, using the YAML node's position (or its nearest parent's). */
function locate(doc: Document, lines: LineCounter, file: string, path: PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node: any = doc.getIn(path.slice(0, n), true);
    const offset = node?.range?.[0];
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
