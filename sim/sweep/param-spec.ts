// `--param PATH=VALUES`: one swept scenario parameter. VALUES is a list (`0,50,100,200MWh`: a unit
// on the last value applies to every value written without one; or `50 MWh,0.1 GWh`) or a range
// (`120..220:5GVAs`: from 120 to 220 in steps of 5, the end included when it lands on a step).
// Values keep their unit as text, so each point goes through the scenario loader exactly as a
// hand-written file would: units, limits and cross checks apply unchanged.
import { InputError, type InputProblem } from '../errors.ts';

export type ParamValue = string | number | boolean;

export interface SweepParam {
  /** The path as written, e.g. "sites.dc1.battery.energy". */
  path: string;
  /** Path segments for the YAML document: list indices as numbers. */
  segments: Array<string | number>;
  /** Values as they go into the YAML (with their unit as text when they have one). */
  values: ParamValue[];
  /** Where it came from, for messages: "--param" or "sweep.params". */
  source: string;
}

/** More points than this in one parameter is almost certainly a typo in a range. */
export const MAX_VALUES = 10_000;

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;

function bad(source: string, spec: string, message: string, hint: string): InputError {
  const problem: InputProblem = { path: `${source} ${spec}`, message, hint };
  return new InputError(`bad sweep parameter '${spec}'`, [problem], 'BAD_SWEEP_PARAM');
}

export function parseParamSpec(spec: string, source = '--param'): SweepParam {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw bad(source, spec, 'expected PATH=VALUES', "e.g. --param 'sites.dc1.battery.energy=0,50,100MWh' or --param 'grid.model.inertia=120..220:5GVAs'");
  const path = spec.slice(0, eq).trim();
  const rhs = spec.slice(eq + 1).trim();
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(path)) throw bad(source, spec, `'${path}' is not a scenario path`, 'dots between keys, list items by index: sites.dc1.battery.energy, timeline.0.at');
  if (rhs === '') throw bad(source, spec, 'no values', 'give a list (a,b,c) or a range (lo..hi:step)');
  const values = rhs.includes('..') ? parseRange(rhs, source, spec) : parseList(rhs, source, spec);
  if (values.length > MAX_VALUES) throw bad(source, spec, `${values.length} values (at most ${MAX_VALUES})`, 'check the range and its step');
  const segments = path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return { path, segments, values, source };
}

function parseRange(rhs: string, source: string, spec: string): ParamValue[] {
  const m = /^([^.]+)\.\.([^:]+):(.+)$/.exec(rhs);
  const usage = 'a range is LO..HI:STEP with one unit at the end, e.g. 120..220:5GVAs';
  if (!m) throw bad(source, spec, `'${rhs}' is not a range`, usage);
  const num = (s: string) => (NUMBER.test(s.trim()) && NUMBER.exec(s.trim())![0] === s.trim() ? Number(s) : NaN);
  const lo = num(m[1]);
  const hi = num(m[2]);
  const stepMatch = NUMBER.exec(m[3].trim());
  const step = stepMatch ? Number(stepMatch[0]) : NaN;
  const unit = stepMatch ? m[3].trim().slice(stepMatch[0].length).trim() : '';
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(step)) throw bad(source, spec, `'${rhs}' is not a range of numbers`, usage);
  if (!(step > 0)) throw bad(source, spec, `step ${step} must be > 0`, usage);
  if (lo > hi) throw bad(source, spec, `empty range: ${lo} > ${hi}`, 'write the smaller value first');
  const n = Math.floor((hi - lo) / step + 1e-9) + 1;
  if (n > MAX_VALUES) throw bad(source, spec, `${n} values (at most ${MAX_VALUES})`, 'check the range and its step');
  return Array.from({ length: n }, (_, k) => withUnit(Number((lo + k * step).toPrecision(12)), unit));
}

function parseList(rhs: string, source: string, spec: string): ParamValue[] {
  const items = rhs.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw bad(source, spec, 'an empty value in the list', 'separate values with single commas: 0,50,100MWh');
  const lastUnit = (() => {
    const last = items[items.length - 1];
    const m = NUMBER.exec(last);
    return m ? last.slice(m[0].length).trim() : '';
  })();
  return items.map((item) => {
    const m = NUMBER.exec(item);
    if (!m) return item === 'true' ? true : item === 'false' ? false : item; // enums, booleans
    const unit = item.slice(m[0].length).trim();
    return withUnit(Number(m[0]), unit || lastUnit);
  });
}

const withUnit = (x: number, unit: string): ParamValue => (unit ? `${x} ${unit}` : x);

/** "path=value" for messages and tables. */
export function describeValue(p: SweepParam, v: ParamValue): string {
  return `${p.path}=${v}`;
}
