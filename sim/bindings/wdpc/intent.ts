// A workload's intent signals (WDPC "intent-based signal": a workload announces its next power
// transition before it happens). gridtwin's simulated AI-training job knows its own plan: the
// scenario's job_stop / job_start entries for its site are its scheduled stops and restarts. At time
// t it announces every planned transition within `lead` ahead: when, the IT power after it, the power
// before it and how sure it is (a plan is certain; seeded failures are not announced — they are not
// planned, and a consumer must still handle them reactively).
import type { Scenario } from '../../scenario/schema.ts';
import type { Micros } from '../../time.ts';
import { expandSites } from '../../engine/site-registry.ts';

export interface PlannedTransition {
  site: string;
  /** Simulation time the transition starts. */
  at: Micros;
  /** IT power before and after, W (long-run means: the training wave averaged). */
  fromW: number;
  toW: number;
  what: 'job_stop' | 'job_start';
}

export interface SitePowerLevels {
  /** Mean IT power while training, W. */
  trainingW: number;
  /** IT power with the job stopped, W. */
  idleW: number;
}

/** Every planned transition of every site, in time order (a replicated site's entries apply to each replica). */
export function plannedTransitions(scenario: Scenario, levels: (site: string) => SitePowerLevels): PlannedTransition[] {
  const sites = expandSites(scenario);
  const out: PlannedTransition[] = [];
  for (const s of sites) {
    let running = s.config.ai_load.running;
    const entries = scenario.timeline
      .filter((e): e is Extract<typeof e, { type: 'job_stop' | 'job_start' }> => (e.type === 'job_stop' || e.type === 'job_start') && (e.site === s.id || e.site === s.base))
      .sort((a, b) => a.at - b.at);
    for (const e of entries) {
      const starts = e.type === 'job_start';
      if (starts === running) continue; // no change: nothing to announce
      const l = levels(s.id);
      out.push({ site: s.id, at: e.at, fromW: running ? l.trainingW : l.idleW, toW: starts ? l.trainingW : l.idleW, what: e.type });
      running = starts;
    }
  }
  return out.sort((a, b) => a.at - b.at || (a.site < b.site ? -1 : 1));
}

/** The transitions a site announces at `now`: planned within (now, now + lead]. */
export function announced(plan: readonly PlannedTransition[], site: string, now: Micros, lead: Micros): PlannedTransition[] {
  return plan.filter((p) => p.site === site && p.at > now && p.at <= now + lead);
}
