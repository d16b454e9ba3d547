// Checks that span several parts of a scenario (references between sections, orderings, what a
// live role needs). Field-level checks live in the schema; these run after it passed.
import type { InputProblem } from '../errors.ts';
import type { Scenario } from './schema.ts';
import { closest } from './suggest.ts';
import { parseThreshold, type Threshold } from '../scoring/threshold-parse.ts';
import { formatQuantity } from './units.ts';
import { microsToSeconds } from '../time.ts';
import { toGridParams } from './grid-schema.ts';
import { validateGridParams } from '../../models/grid-params.ts';
import { baseOf, presetProblem, siteProblems } from './site-checks.ts';
import { powernautModeProblems, powernautProblems } from './powernaut-checks.ts';
import { openEnergiModeProblems, openEnergiProblems } from './openenergi-checks.ts';
import { wdpcModeProblems, wdpcProblems } from './wdpc-checks.ts';

export function crossCheck(s: Scenario): { problems: InputProblem[]; thresholds: Threshold[] } {
  const problems: InputProblem[] = [];
  const siteIds = Object.keys(s.sites);
  const needSite = (path: string, id: string | undefined) => {
    if (id === undefined || s.sites[baseOf(id, s)]) return;
    const guess = closest(id, siteIds);
    problems.push({
      path,
      message: `unknown site '${id}'`,
      hint: guess ? `did you mean '${guess}'?` : siteIds.length ? `sites are: ${siteIds.join(', ')}` : 'define it under sites:',
    });
  };

  if (s.run.window > s.run.duration) {
    problems.push({ path: 'run.window', message: 'the window is longer than the run', hint: 'use a window of at most run.duration' });
  }
  // The time-series writer sums whole windows into a row and looks its sites up by id.
  const ts = s.run.timeseries;
  if (ts.interval !== undefined && ts.interval % s.run.window !== 0) {
    problems.push({
      path: 'run.timeseries.interval',
      message: `${microsToSeconds(ts.interval)} s is not a whole number of windows of ${microsToSeconds(s.run.window)} s`,
      hint: `use a multiple of run.window, e.g. ${microsToSeconds(Math.max(1, Math.round(ts.interval / s.run.window)) * s.run.window)} s`,
    });
  }
  if (Array.isArray(ts.sites)) ts.sites.forEach((id, k) => needSite(`run.timeseries.sites[${k}]`, id));
  for (const [id, site] of Object.entries(s.sites)) {
    const at = `sites.${id}`;
    if (site.ai_load.step > s.run.window) {
      problems.push({
        path: `${at}.ai_load.step`,
        message: `internal step ${microsToSeconds(site.ai_load.step)} s is longer than the window ${microsToSeconds(s.run.window)} s`,
        hint: 'the internal step subdivides a window; make it shorter than run.window',
      });
    }
    const b = site.battery;
    if (b) {
      if (!(b.soc_min < b.soc_max)) {
        problems.push({
          path: `${at}.battery.soc_min`,
          message: `soc_min ${b.soc_min} must be below soc_max ${b.soc_max}`,
          hint: 'the usable SoC window is [soc_min, soc_max], e.g. soc_min: 10%, soc_max: 90%',
        });
      } else if (b.soc_initial < b.soc_min || b.soc_initial > b.soc_max) {
        problems.push({
          path: `${at}.battery.soc_initial`,
          message: 'soc_initial must lie within [soc_min, soc_max]',
          hint: `use a value from ${b.soc_min} to ${b.soc_max}`,
        });
      }
    }
    if (site.limits && site.limits.power_minimum > site.limits.power_maximum) {
      problems.push({
        path: `${at}.limits.power_minimum`,
        message: `power_minimum ${formatQuantity(site.limits.power_minimum, 'MW')} exceeds power_maximum ${formatQuantity(site.limits.power_maximum, 'MW')}`,
        hint: 'power_minimum is the lowest load the site can reach, power_maximum the highest',
      });
    }
  }

  problems.push(...siteProblems(s));
  const dsx = s.profiles['dsx-pm'];
  s.timeline.forEach((e, i) => {
    const at = `timeline[${i}]`;
    if (e.at > s.run.duration) {
      problems.push({ path: `${at}.at`, message: 'this event is after the end of the run', hint: 'move it earlier or extend run.duration' });
    }
    if ('site' in e) needSite(`${at}.site`, e.site);
    if (e.type === 'loadtarget' && dsx?.isv.mode !== 'scripted') {
      problems.push({
        path: at,
        message: 'loadtarget entries are sent by the scripted ISV, but profiles.dsx-pm.isv.mode is not scripted',
        hint: 'set profiles.dsx-pm.isv.mode: scripted (usually with poweragent.mode: live)',
      });
    }
    if (e.type === 'loadtarget' && dsx && e.feed_tags) {
      const agentSite = dsx.poweragent.site ? s.sites[baseOf(dsx.poweragent.site, s)] : undefined;
      for (const tag of e.feed_tags) {
        if (agentSite && !agentSite.feeds.includes(tag)) {
          problems.push({
            path: `${at}.feed_tags`,
            message: `feed '${tag}' is not a feed of site '${dsx.poweragent.site}'`,
            hint: `feeds of '${dsx.poweragent.site}': ${agentSite.feeds.join(', ')}`,
          });
        }
      }
    }
  });
  const gridParams = toGridParams(s.grid);
  s.timeline.forEach((e, i) => {
    if ((e.type === 'generation_loss' || e.type === 'load_loss') && !gridParams) {
      problems.push({
        path: `timeline[${i}]`,
        message: `a ${e.type} event needs the grid frequency model`,
        hint: 'add grid.model (demand, inertia, damping) or remove the event',
      });
    }
  });
  s.grid.model?.services.forEach((svc, k) => {
    const problem = svc.curve ? undefined : presetProblem(svc.preset, s.grid.nominal_frequency, `grid.model.services[${k}].preset`);
    if (problem) problems.push(problem);
  });
  if (gridParams && s.grid.model) {
    // The model names a few fields differently from the scenario keys.
    const key: Record<string, string> = { kinetic_energy: 'grid.model.inertia', f0: 'grid.nominal_frequency' };
    for (const p of validateGridParams(gridParams, s.grid.model.step / 1e6)) {
      problems.push({ path: key[p.field] ?? `grid.model.${p.field}`, message: p.message, hint: p.hint });
    }
  }
  const ids = new Set<string>();
  s.timeline.forEach((e, i) => {
    if (e.id && ids.has(e.id)) {
      problems.push({ path: `timeline[${i}].id`, message: `duplicate id '${e.id}'`, hint: 'timeline ids name events in reports; make each one unique' });
    }
    if (e.id) ids.add(e.id);
  });

  if (dsx) {
    if (dsx.poweragent.mode === 'simulated') {
      if (dsx.poweragent.site === undefined) {
        problems.push({
          path: 'profiles.dsx-pm.poweragent.site',
          message: 'the simulated power agent needs the site it manages',
          hint: siteIds.length ? `e.g. 'site: ${siteIds[0]}'` : 'define a site under sites: first',
        });
      } else {
        needSite('profiles.dsx-pm.poweragent.site', dsx.poweragent.site);
        const named = s.sites[dsx.poweragent.site];
        if (named && named.replicas > 1) {
          problems.push({
            path: 'profiles.dsx-pm.poweragent.site',
            message: `'${dsx.poweragent.site}' has ${named.replicas} replicas; a power agent manages one site`,
            hint: `name one replica, e.g. '${dsx.poweragent.site}-1'`,
          });
        }
      }
    }
    const liveRoles = (['isv', 'poweragent', 'infra'] as const).filter((r) => dsx[r].mode === 'live');
    for (const role of liveRoles) {
      if (!dsx.trust[role]) {
        problems.push({
          path: `profiles.dsx-pm.trust.${role}`,
          message: `the ${role} role is live, so gridtwin needs the JWKS its events are signed with`,
          hint: `ask the ${role} for its public JWKS, or create a key pair with: gridtwin keys generate --role ${role} --out keys/`,
        });
      }
    }
    if (dsx.poweragent.mode === 'live' && dsx.isv.mode === 'live') {
      problems.push({
        path: 'profiles.dsx-pm',
        message: 'both the ISV and the power agent are live: gridtwin would have nothing to play',
        hint: 'make one of them simulated: isv.mode: reference or scripted, or poweragent.mode: simulated',
      });
    }
    if (dsx.infra.mode === 'simulated' && dsx.poweragent.mode === 'live') {
      problems.push({
        path: 'profiles.dsx-pm.infra.mode',
        message: 'a simulated infra agent acts on the simulated site, but the power agent is live',
        hint: 'set infra.mode: live or none',
      });
    }
  }
  problems.push(...powernautProblems(s));
  problems.push(...openEnergiProblems(s));
  problems.push(...wdpcProblems(s));
  problems.push(...modeProblems(s));

  const thresholds: Threshold[] = [];
  s.thresholds.forEach((text, i) => {
    const r = parseThreshold(text);
    if (r.ok) thresholds.push(r.threshold);
    else problems.push({ path: `thresholds[${i}]`, message: r.message, hint: r.hint });
  });
  return { problems, thresholds };
}

/** Live counterparts need real time: in fast mode nothing would wait for them. Rechecked after --mode. */
export function modeProblems(s: Scenario): InputProblem[] {
  const dsx = s.profiles['dsx-pm'];
  const others = [...powernautModeProblems(s), ...openEnergiModeProblems(s), ...wdpcModeProblems(s)];
  if (s.run.mode !== 'fast' || !dsx) return others;
  const live = (['isv', 'poweragent', 'infra'] as const).filter((r) => dsx[r].mode === 'live');
  return [
    ...live.map((role) => ({
      path: `profiles.dsx-pm.${role}.mode`,
      message: `the ${role} role is live, which needs real-time mode (fast mode cannot wait for a live counterpart)`,
      hint: 'set run.mode: realtime or pass --mode realtime',
    })),
    ...others,
  ];
}
