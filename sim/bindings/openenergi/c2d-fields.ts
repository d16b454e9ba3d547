// Field readers shared by the cloud→device checks (signal-codec.ts, signal-points.ts): how a
// problem is recorded against a rule, how a hostile value is shown in a detail, and how numbers,
// timestamps, entities and variable names are read in strict and lenient parsing
// (docs/spec-decisions.md, O4–O6). Nothing here recurses into the payload or throws on it.
import type { Check, Parsing } from './check.ts';

export type OeVariable = 'oe-add' | 'oe-multiply-high' | 'oe-multiply-low';
export const OE_VARIABLES: readonly OeVariable[] = Object.freeze(['oe-add', 'oe-multiply-high', 'oe-multiply-low']);
/** The values the spec gives: the algorithm's behaviour when no signal applies. */
export const OE_DEFAULTS: Readonly<Record<OeVariable, number>> = Object.freeze({ 'oe-add': 0, 'oe-multiply-high': 1, 'oe-multiply-low': 1 });
/** Accepted range per variable, inclusive (O10). */
export const OE_RANGES: Readonly<Record<OeVariable, readonly [number, number]>> = Object.freeze({
  'oe-add': [-2, 2],
  'oe-multiply-high': [0, 10],
  'oe-multiply-low': [0, 10],
});

/** A timestamp may lead its receipt by at most this much (O4). */
export const MAX_AHEAD_MS = 86_400_000;

export type Obj = Record<string, unknown>;
export const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
/** Own members only: a payload's "__proto__" or "constructor" is data, never the prototype's. */
export const field = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);
export const has = (o: Obj, k: string): boolean => Object.hasOwn(o, k) && o[k] !== null;

/** A value as a detail shows it: short, never the whole (possibly huge or deep) structure. */
export function show(v: unknown): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return 'an object';
}

/** Collects the verdicts of one message (one element of a batch). */
export class Verdicts {
  failed = false;
  constructor(
    readonly checks: Check[],
    /** "element 2: " inside a batch, "" for a single message. */
    readonly prefix: string,
  ) {}

  /** Records `rule` as passed when `problems` is empty, else failed with the first three. */
  record(rule: string, problems: readonly string[]): void {
    if (problems.length === 0) {
      this.checks.push({ rule, ok: true });
      return;
    }
    this.failed = true;
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    this.checks.push({ rule, ok: false, detail: `${this.prefix}${problems.slice(0, 3).join('; ')}${more}` });
  }
}

/** JSON's number grammar: what a lenient reader accepts inside a string ("1.1", "-0.5", "1e-3"). */
const NUMERIC = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** A numeric value: a JSON number, or in lenient parsing a numeric string. -0 is read as 0. */
export function readNumber(v: unknown, parsing: Parsing): { n: number } | { why: string } {
  let n: number | undefined;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && NUMERIC.test(v)) {
    if (parsing === 'strict') return { why: `${show(v)} is a string; strict parsing wants a JSON number (lenient reads numeric strings)` };
    n = Number(v);
  }
  if (n === undefined) return { why: `${show(v)} is not a number` };
  return { n: n === 0 ? 0 : n };
}

/** A variable name the algorithm knows; lenient also reads `oe-multiply` (both multipliers) and any
 * letter case. Returns the variables it sets, or undefined. */
export function readVariable(v: unknown, parsing: Parsing): readonly OeVariable[] | undefined {
  if (typeof v !== 'string') return undefined;
  const name = parsing === 'lenient' ? v.toLowerCase() : v;
  if ((OE_VARIABLES as readonly string[]).includes(name)) return [name as OeVariable];
  if (parsing === 'lenient' && name === 'oe-multiply') return ['oe-multiply-high', 'oe-multiply-low'];
  return undefined;
}

export const unknownVariable = (v: unknown, parsing: Parsing): string =>
  `${show(v)} is not one of ${OE_VARIABLES.join(', ')}${parsing === 'strict' && v === 'oe-multiply' ? ' (strict; lenient reads oe-multiply as both multipliers)' : ''}`;

/** Problems with a value for `variable` (finite, within OE_RANGES). */
export function rangeProblem(variable: OeVariable, n: number): string | undefined {
  const [lo, hi] = OE_RANGES[variable];
  if (Number.isFinite(n) && n >= lo && n <= hi) return undefined;
  return `${variable} ${show(n)} is outside [${lo}, ${hi}]${Number.isFinite(n) ? '' : ' (not finite: too large for a double)'}`;
}

/** OE-MSG-003 for a `timestamp` member: an integer of ms, not negative, ≤ 1 day after `nowMs`. */
export function timestampProblem(v: unknown, nowMs: number): string | undefined {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) return `timestamp ${show(v)} is not an integer (ms since the epoch)`;
  if (v < 0) return `timestamp ${v} is before the epoch`;
  const ahead = v - nowMs;
  if (ahead <= MAX_AHEAD_MS) return undefined;
  const digits = String(v).length;
  const hint = digits >= 14 ? `; it has ${digits} digits where milliseconds of this era have 13` : '';
  return `timestamp ${v} is ${(ahead / 86_400_000).toFixed(1)} days after receipt (at most 1 day)${hint}`;
}

/** OE-MSG-002 for one entity code. */
export function entityProblem(e: unknown, where: string): string | undefined {
  if (typeof e !== 'string') return `${where} ${show(e)} is not a string`;
  if (e.length === 0) return `${where} is empty`;
  return e.length > 10 ? `${where} ${show(e)} is longer than 10 characters` : undefined;
}

/** OE-MSG-002 for `type`. */
export function typeProblem(t: unknown): string | undefined {
  if (typeof t !== 'string') return `type ${show(t)} is not a string`;
  if (t.length === 0) return 'type is empty';
  return t.length > 64 ? `type ${show(t)} is longer than 64 characters` : undefined;
}
