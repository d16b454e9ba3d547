// Scenario checks for the WDPC profile that span sections: its sites exist, every publication rate
// is a whole number of windows (a stream publishes at window ends, from the window means), and the
// built-in intent consumer has something to act on (a battery and a POI ramp limit to hold, and
// the workload stream it reads).
import type { InputProblem } from '../errors.ts';
import type { Scenario } from './schema.ts';
import { closest } from './suggest.ts';
import { baseOf } from './site-checks.ts';
import { microsToSeconds } from '../time.ts';
import { gpuCount } from './ai-load-params.ts';

const P = 'profiles.wdpc';

export function wdpcProblems(s: Scenario): InputProblem[] {
  const w = s.profiles.wdpc;
  if (!w) return [];
  const problems: InputProblem[] = [];
  const win = s.run.window;
  for (const [name, rate] of Object.entries(w.rates)) {
    if (rate === 'off' || rate % win === 0) continue;
    problems.push({ path: `${P}.rates.${name}`, message: `${microsToSeconds(rate)} s is not a whole number of windows of ${microsToSeconds(win)} s`, hint: `streams publish at window ends: use a run.window that divides it (e.g. 100 ms for the Table 1 rates) or a multiple of ${microsToSeconds(win)} s` });
  }
  const ids = Object.keys(s.sites);
  const chosen = w.sites === 'all' ? ids : w.sites;
  if (Array.isArray(w.sites)) {
    w.sites.forEach((id, k) => {
      if (s.sites[baseOf(id, s)]) return;
      const guess = closest(id, ids);
      problems.push({ path: `${P}.sites[${k}]`, message: `unknown site '${id}'`, hint: guess ? `did you mean '${guess}'?` : `sites are: ${ids.join(', ')}` });
    });
  }
  if (problems.length === 0) problems.push(...volumeProblems(s, chosen));
  if (w.consumer === 'intent') {
    if (w.rates.workload === 'off') {
      problems.push({ path: `${P}.rates.workload`, message: 'the intent consumer reads the workload stream, which is off', hint: "give rates.workload a period (e.g. '1 s') or set consumer: reactive" });
    }
    const able = chosen.filter((id) => {
      const site = s.sites[baseOf(id, s)];
      return site?.battery && (site.battery.poi_ramp !== undefined || site.poi?.ramp_limit !== undefined);
    });
    if (problems.length === 0 && able.length === 0) {
      problems.push({ path: `${P}.consumer`, message: 'the intent consumer pre-positions batteries to hold a POI ramp limit, but no site on the bus has a battery and a ramp limit', hint: 'add a battery with poi_ramp (or a poi block with ramp_limit) to a site, or set consumer: reactive or none' });
    }
  }
  return problems;
}

/** Most envelopes per simulated second the profile takes on (a default 450 MW job has 450,000 GPUs). */
export const MAX_ENVELOPES_PER_S = 1_000_000;

function volumeProblems(s: Scenario, chosen: string[]): InputProblem[] {
  const w = s.profiles.wdpc!;
  const perS = (rate: number | 'off', n: number) => (rate === 'off' ? 0 : (n * 1e6) / rate);
  let total = 0;
  let gpus = 0;
  for (const id of chosen) {
    const site = s.sites[baseOf(id, s)];
    if (!site) continue;
    const copies = id === baseOf(id, s) ? site.replicas : 1;
    const l = site.ai_load;
    const g = gpuCount(l);
    gpus += g * copies;
    total += copies * (perS(w.rates.node_power, l.nodes) + perS(w.rates.components, g));
  }
  if (total <= MAX_ENVELOPES_PER_S) return [];
  return [{ path: `${P}.rates`, message: `the bus would carry ${Math.round(total).toLocaleString('en-US')} envelopes per simulated second (${gpus.toLocaleString('en-US')} GPUs, one stream each), more than ${MAX_ENVELOPES_PER_S.toLocaleString('en-US')}`, hint: "set rates.components: off (or a longer period), or give ai_load.gpus / nodes the size of the hierarchy you want published" }];
}

/** A live consumer cannot take part in fast mode's flush barrier. Rechecked after --mode. */
export function wdpcModeProblems(s: Scenario): InputProblem[] {
  if (s.run.mode !== 'fast' || s.profiles.wdpc?.consumer !== 'live') return [];
  return [{ path: `${P}.consumer`, message: 'the consumer is live, which needs real-time mode (fast mode cannot wait for a live counterpart)', hint: 'set run.mode: realtime or pass --mode realtime' }];
}
