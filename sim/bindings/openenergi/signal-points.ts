// The bodies of the two cloud→device messages: a signal's `items` (points with `start_at` and
// `values`) and a schedule-signal's `schedule` (intervals with span, repeat and a numeric value).
// Each returns its problems per rule, so one bad point or interval names itself in the detail
// (docs/spec-decisions.md, O8–O11).
import type { Parsing } from './check.ts';
import { field, isObj, type Obj, type OeVariable, OE_DEFAULTS, OE_VARIABLES, rangeProblem, readNumber, readVariable, show, unknownVariable } from './c2d-fields.ts';
import { parseDateTime, parseDuration, parseSpan } from './iso8601.ts';
import type { ScheduleInterval } from './schedule.ts';

export interface SignalPoint {
  /** UNIX ms at which the point's values take effect. */
  atMs: number;
  values: Partial<Record<OeVariable, number>>;
}

export interface ItemsVerdict {
  points: SignalPoint[];
  /** OE-SIG-002 … OE-SIG-006 problems, in that order of rules. */
  shape: string[];
  order: string[];
  safe: string[];
  range: string[];
  known: string[];
}

/** Reads a signal's `items` (already known to be a non-empty array). */
export function readItems(items: readonly unknown[], parsing: Parsing, zone: string): ItemsVerdict {
  const v: ItemsVerdict = { points: [], shape: [], order: [], safe: [], range: [], known: [] };
  const final: Partial<Record<OeVariable, number>> = {};
  let prevMs: number | undefined;
  items.forEach((item, p) => {
    const at = `point ${p}`;
    if (!isObj(item)) {
      v.shape.push(`${at} is ${show(item)}, not an object`);
      return;
    }
    const start = field(item, 'start_at');
    const atMs = typeof start === 'string' ? parseDateTime(start, zone) : undefined;
    if (atMs === undefined) v.shape.push(`${at}: start_at ${show(start)} is not an ISO 8601 datetime (date and time)`);
    else {
      if (prevMs !== undefined && atMs <= prevMs) v.order.push(`${at}: start_at ${show(start)} is not after the previous point's`);
      prevMs = atMs;
    }
    const values = readValues(item, at, parsing, v);
    if (atMs !== undefined && values) v.points.push({ atMs, values });
    if (values) Object.assign(final, values);
  });
  // Safe: every variable the signal set is back at its default once the last point applies (O9).
  for (const name of OE_VARIABLES) {
    const last = final[name];
    if (last !== undefined && last !== OE_DEFAULTS[name]) v.safe.push(`after the last point ${name} stays at ${last}, not its default ${OE_DEFAULTS[name]}`);
  }
  return v;
}

/** A point's `values`; undefined when it has none that can be used (the problems say why). */
function readValues(item: Obj, at: string, parsing: Parsing, v: ItemsVerdict): Partial<Record<OeVariable, number>> | undefined {
  const list = field(item, 'values');
  if (!Array.isArray(list) || list.length === 0) {
    v.shape.push(`${at}: values is ${show(list)}, not a non-empty array of {variable, value}`);
    return undefined;
  }
  const out: Partial<Record<OeVariable, number>> = {};
  let usable = true;
  list.forEach((entry, i) => {
    const here = `${at} value ${i}`;
    if (!isObj(entry)) {
      v.shape.push(`${here} is ${show(entry)}, not an object {variable, value}`);
      usable = false;
      return;
    }
    const name = field(entry, 'variable');
    if (typeof name !== 'string') v.shape.push(`${here}: variable ${show(name)} is not a string`);
    const vars = readVariable(name, parsing);
    if (typeof name === 'string' && !vars) v.known.push(`${here}: variable ${unknownVariable(name, parsing)}`);
    const num = readNumber(field(entry, 'value'), parsing);
    if ('why' in num) v.shape.push(`${here}: value ${num.why}`);
    if (!vars || 'why' in num) {
      usable = false;
      return;
    }
    for (const name1 of vars) {
      if (out[name1] !== undefined) v.shape.push(`${here}: ${name1} is set twice in one point`);
      const bad = rangeProblem(name1, num.n);
      if (bad) v.range.push(`${here}: ${bad}`);
      out[name1] = num.n;
    }
  });
  return usable ? out : undefined;
}

export interface ScheduleVerdict {
  intervals: ScheduleInterval<number>[];
  /** OE-SSIG-001 problems (as OE-SCH-001, numeric values). */
  shape: string[];
  /** OE-SIG-005 problems. */
  range: string[];
}

/** Reads a schedule-signal's `schedule` (a non-empty array) for `variables` (from `type`; empty
 * when the type is unknown, then ranges are not judged). */
export function readSchedule(list: readonly unknown[], variables: readonly OeVariable[], parsing: Parsing, zone: string): ScheduleVerdict {
  const v: ScheduleVerdict = { intervals: [], shape: [], range: [] };
  const lenientTime = parsing === 'lenient';
  list.forEach((iv, i) => {
    const at = `interval ${i}`;
    if (!isObj(iv)) {
      v.shape.push(`${at} is ${show(iv)}, not an object {span, repeat, value}`);
      return;
    }
    const spanText = field(iv, 'span');
    const repeatText = field(iv, 'repeat');
    const span = spanText == null ? null : typeof spanText === 'string' ? parseSpan(spanText, zone, { lenientTime }) : undefined;
    if (span === undefined) {
      const hint = typeof spanText === 'string' && /\/P\d+[HS]$/.test(spanText) && !lenientTime ? ' (time elements need T: PT2H; lenient reads P2H)' : '';
      v.shape.push(`${at}: span ${show(spanText)} is not an ISO 8601 interval (start/duration, start/end or duration/end) or null${hint}`);
    }
    const repeat = repeatText == null ? null : typeof repeatText === 'string' ? parseDuration(repeatText, { lenientTime }) : undefined;
    if (repeat === undefined) v.shape.push(`${at}: repeat ${show(repeatText)} is not a positive ISO 8601 duration or null`);
    if (repeatText != null && spanText == null) v.shape.push(`${at}: repeat ${show(repeatText)} without a span repeats nothing`);
    const num = readNumber(field(iv, 'value'), parsing);
    if ('why' in num) v.shape.push(`${at}: value ${num.why}`);
    else for (const name of variables) {
      const bad = rangeProblem(name, num.n);
      if (bad) v.range.push(`${at}: ${bad}`);
    }
    if (span !== undefined && repeat !== undefined && !('why' in num)) v.intervals.push({ span, repeat, value: num.n });
  });
  return v;
}
