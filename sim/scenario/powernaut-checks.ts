// Scenario checks for the Powernaut profile that span sections: its sites exist and stream whole
// windows, every device gets a client ID of its own, credentials match the auth mode, and `setpoint`
// timeline entries name a resource of the fleet and have a reference platform to send them.
import type { InputProblem } from '../errors.ts';
import type { Scenario } from './schema.ts';
import { closest } from './suggest.ts';
import { baseOf } from './site-checks.ts';
import { microsToSeconds } from '../time.ts';
import { duplicateClientIds, fleetLayout } from '../bindings/powernaut/fleet-layout.ts';

const P = 'profiles.powernaut';

export function powernautProblems(s: Scenario): InputProblem[] {
  const pn = s.profiles.powernaut;
  const problems: InputProblem[] = [];
  const setpoints = s.timeline.map((e, i) => ({ e, i })).filter(({ e }) => e.type === 'setpoint');
  if (!pn) {
    for (const { i } of setpoints) {
      problems.push({ path: `timeline[${i}]`, message: 'setpoint entries are sent by the Powernaut reference platform, but profiles.powernaut is absent', hint: 'add profiles: { powernaut: {} }' });
    }
    return problems;
  }
  const w = s.run.window;
  if (pn.interval % w !== 0) {
    problems.push({
      path: `${P}.interval`,
      message: `${microsToSeconds(pn.interval)} s is not a whole number of windows of ${microsToSeconds(w)} s`,
      hint: 'readings are window means: use a run.window that divides the interval, e.g. 1 s for 4 s',
    });
  }
  if (Array.isArray(pn.sites)) {
    const ids = Object.keys(s.sites);
    pn.sites.forEach((id, k) => {
      if (s.sites[baseOf(id, s)]) return;
      const guess = closest(id, ids);
      problems.push({ path: `${P}.sites[${k}]`, message: `unknown site '${id}'`, hint: guess ? `did you mean '${guess}'?` : `sites are: ${ids.join(', ')}` });
    });
  }
  if (pn.auth.mode !== 'broker' && (pn.auth.username === undefined || pn.auth.password === undefined)) {
    problems.push({
      path: `${P}.auth`,
      message: `auth mode '${pn.auth.mode}' needs a username and a password`,
      hint: pn.auth.mode === 'edge' ? "per-site templates, e.g. username: '{site}', password: 'secret-{site}'" : 'the cloud-cloud key and secret',
    });
  }
  if (problems.length > 0) return problems;
  const devices = fleetLayout(s, pn, s.name ?? 'scenario');
  if (devices.length === 0) problems.push({ path: `${P}.sites`, message: 'no site streams to the platform', hint: 'define a site under sites:' });
  for (const [id, users] of duplicateClientIds(devices)) {
    problems.push({
      path: `${P}.client_id`,
      message: `client ID '${id}' would be used by ${users.join(', ')} (PN-CLIENT-001: unique across all devices)`,
      hint: "put {device} in the template, e.g. 'gridtwin-{scenario}-{device}'",
    });
  }
  const resources = devices.filter((d) => d.kind !== 'site').map((d) => d.id);
  for (const { e, i } of setpoints) {
    if (pn.platform !== 'reference') {
      problems.push({ path: `timeline[${i}]`, message: 'setpoint entries are sent by the reference platform, but profiles.powernaut.platform is live', hint: 'remove the entry: a live platform sends its own setpoints' });
    }
    if (e.type === 'setpoint' && !resources.includes(e.resource)) {
      const guess = closest(e.resource, resources);
      problems.push({ path: `timeline[${i}].resource`, message: `no resource '${e.resource}' in the Powernaut fleet`, hint: guess ? `did you mean '${guess}'?` : `resources: ${resources.slice(0, 5).join(', ')}` });
    }
  }
  return problems;
}

/** A live platform cannot take part in fast mode's flush barrier. Rechecked after --mode. */
export function powernautModeProblems(s: Scenario): InputProblem[] {
  const pn = s.profiles.powernaut;
  if (s.run.mode !== 'fast' || pn?.platform !== 'live') return [];
  return [{ path: `${P}.platform`, message: 'the platform is live, which needs real-time mode (fast mode cannot wait for a live counterpart)', hint: 'set run.mode: realtime or pass --mode realtime' }];
}
