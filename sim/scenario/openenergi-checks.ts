// Scenario checks for the Open Energi profile that span sections: its sites exist, samples are whole
// windows, the time zone is a real one, every device gets an ID of its own, and `oe_signal` /
// `oe_schedule_signal` entries have a reference portfolio manager, target entities that exist,
// keep their points in order, leave the entities safe and use well-formed ISO 8601 spans.
import type { InputProblem } from '../errors.ts';
import type { Scenario } from './schema.ts';
import { closest } from './suggest.ts';
import { baseOf } from './site-checks.ts';
import { microsToSeconds } from '../time.ts';
import { duplicateDeviceIds, oeFleetLayout, targetedEntities } from '../bindings/openenergi/fleet-layout.ts';
import { isValidZone, parseDuration, parseSpan } from '../bindings/openenergi/iso8601.ts';

const P = 'profiles.openenergi';
const DEFAULTS = { 'oe-add': 0, 'oe-multiply-high': 1, 'oe-multiply-low': 1 } as const;

export function openEnergiProblems(s: Scenario): InputProblem[] {
  const oe = s.profiles.openenergi;
  const problems: InputProblem[] = [];
  const entries = s.timeline.map((e, i) => ({ e, i })).filter(({ e }) => e.type === 'oe_signal' || e.type === 'oe_schedule_signal');
  if (!oe) {
    for (const { e, i } of entries) {
      problems.push({ path: `timeline[${i}]`, message: `${e.type} entries are sent by the Open Energi reference portfolio manager, but profiles.openenergi is absent`, hint: 'add profiles: { openenergi: {} }' });
    }
    return problems;
  }
  const w = s.run.window;
  if (oe.sample % w !== 0) {
    problems.push({ path: `${P}.sample`, message: `${microsToSeconds(oe.sample)} s is not a whole number of windows of ${microsToSeconds(w)} s`, hint: 'readings are window means: use a run.window that divides the sample, e.g. 100 ms for 1 s' });
  }
  if (!isValidZone(oe.time_zone)) problems.push({ path: `${P}.time_zone`, message: `unknown time zone '${oe.time_zone}'`, hint: "an IANA zone name such as 'UTC' or 'Europe/London'" });
  if (Array.isArray(oe.sites)) {
    const ids = Object.keys(s.sites);
    oe.sites.forEach((id, k) => {
      if (s.sites[baseOf(id, s)]) return;
      const guess = closest(id, ids);
      problems.push({ path: `${P}.sites[${k}]`, message: `unknown site '${id}'`, hint: guess ? `did you mean '${guess}'?` : `sites are: ${ids.join(', ')}` });
    });
  }
  if (problems.length > 0) return problems;
  const devices = oeFleetLayout(s, oe, s.name ?? 'scenario');
  for (const [id, sites] of duplicateDeviceIds(devices)) {
    problems.push({ path: `${P}.device_id`, message: `device ID '${id}' would be used by ${sites.join(', ')} (each device needs its own)`, hint: "put {site} in the template, e.g. 'gridtwin-{scenario}-{site}'" });
  }
  for (const { e, i } of entries) {
    if (e.type !== 'oe_signal' && e.type !== 'oe_schedule_signal') continue;
    const at = `timeline[${i}]`;
    if (oe.portfolio !== 'reference') {
      problems.push({ path: at, message: `${e.type} entries are sent by the reference portfolio manager, but profiles.openenergi.portfolio is live`, hint: 'remove the entry: a live portfolio manager sends its own signals' });
    }
    if (Array.isArray(e.sites)) {
      const ids = devices.map((d) => d.site);
      e.sites.forEach((id, k) => {
        if (devices.some((d) => d.site === id || d.base === id)) return;
        const guess = closest(id, ids);
        problems.push({ path: `${at}.sites[${k}]`, message: `no Open Energi device on site '${id}'`, hint: guess ? `did you mean '${guess}'?` : `devices are on: ${ids.slice(0, 5).join(', ')}` });
      });
    }
    if (targetedEntities(devices, e.sites, e.assets).length === 0) {
      problems.push({ path: `${at}.assets`, message: `no ${e.assets.join(' or ')} entity on the targeted sites`, hint: `the profile's entities are ${oe.entities.join(', ')}; a battery entity needs a site with a battery` });
    }
    if (e.type === 'oe_signal') problems.push(...signalProblems(e.points, at));
    else {
      e.schedule.forEach((iv, k) => {
        if (iv.span !== null && !parseSpan(iv.span, oe.time_zone)) problems.push({ path: `${at}.schedule[${k}].span`, message: `'${iv.span}' is not an ISO 8601 interval`, hint: 'start/duration, e.g. 2026-W48-1T16:00:00/PT2H' });
        if (iv.repeat !== null && !parseDuration(iv.repeat)) problems.push({ path: `${at}.schedule[${k}].repeat`, message: `'${iv.repeat}' is not a positive ISO 8601 duration`, hint: 'e.g. P1W or P1D' });
        if (iv.repeat !== null && iv.span === null) problems.push({ path: `${at}.schedule[${k}].repeat`, message: 'a repeat needs a span to repeat', hint: 'give the first occurrence as span, or remove repeat' });
      });
    }
  }
  return problems;
}

type Point = { start: number } & Partial<Record<keyof typeof DEFAULTS, number | undefined>>;

function signalProblems(points: Point[], at: string): InputProblem[] {
  const problems: InputProblem[] = [];
  points.forEach((p, k) => {
    if (k > 0 && p.start <= points[k - 1].start) problems.push({ path: `${at}.points[${k}].start`, message: 'signal points must be in strictly increasing time order (OE-SIG-003)', hint: 'sort the points by start' });
    if (!Object.keys(DEFAULTS).some((v) => p[v as keyof typeof DEFAULTS] !== undefined)) problems.push({ path: `${at}.points[${k}]`, message: 'the point sets no variable', hint: 'give oe-add, oe-multiply-high or oe-multiply-low' });
  });
  const last = points[points.length - 1];
  const set = new Set(points.flatMap((p) => Object.keys(DEFAULTS).filter((v) => p[v as keyof typeof DEFAULTS] !== undefined)));
  for (const v of set) {
    const key = v as keyof typeof DEFAULTS;
    if (last[key] !== DEFAULTS[key]) {
      problems.push({ path: `${at}.points[${points.length - 1}]`, message: `the last point must leave the entities safe: ${v} back to ${DEFAULTS[key]} (OE-SIG-004)`, hint: `add ${v}: ${DEFAULTS[key]} to the last point (a device rejects the signal otherwise)` });
    }
  }
  return problems;
}

/** A live portfolio manager cannot take part in fast mode's flush barrier. Rechecked after --mode. */
export function openEnergiModeProblems(s: Scenario): InputProblem[] {
  if (s.run.mode !== 'fast' || s.profiles.openenergi?.portfolio !== 'live') return [];
  return [{ path: `${P}.portfolio`, message: 'the portfolio manager is live, which needs real-time mode (fast mode cannot wait for a live counterpart)', hint: 'set run.mode: realtime or pass --mode realtime' }];
}
