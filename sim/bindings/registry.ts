// The protocol profiles a scenario enables, created for a run. Each profile brings its own rule
// catalogue; the run's conformance ledger is built from the catalogues of the enabled profiles.
import type { RunContext } from '../engine/run-context.ts';
import type { ProfileBinding } from '../engine/profile-binding.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { RuleDef } from '../scoring/conformance-ledger.ts';
import type { DemandResponseProbe } from '../scoring/demand-response-probe.ts';
import type { LoadTargetEntry, OeScheduleSignalEntry, OeSignalEntry, SetpointEntry } from '../scenario/timeline-schema.ts';
import { DSX_RULES } from './dsx-pm/rule-catalogue.ts';
import { DsxProfile } from './dsx-pm/profile.ts';
import { PN_RULES } from './powernaut/rule-catalogue.ts';
import { PowernautProfile } from './powernaut/profile.ts';
import { OE_RULES } from './openenergi/rule-catalogue.ts';
import { OpenEnergiProfile } from './openenergi/profile.ts';
import { WDPC_RULES } from './wdpc/rule-catalogue.ts';
import { WdpcProfile } from './wdpc/profile.ts';

export function rulesFor(scenario: Scenario): RuleDef[] {
  const p = scenario.profiles;
  return [...(p['dsx-pm'] ? DSX_RULES : []), ...(p.powernaut ? PN_RULES : []), ...(p.openenergi ? OE_RULES : []), ...(p.wdpc ? WDPC_RULES : [])];
}

export interface Profiles {
  bindings: ProfileBinding[];
  loadTarget?: (e: LoadTargetEntry, id: string) => void;
  setpoint?: (e: SetpointEntry, id: string) => void;
  oeSignal?: (e: OeSignalEntry | OeScheduleSignalEntry, id: string) => void;
}

export async function createProfiles(ctx: RunContext, demand: DemandResponseProbe): Promise<Profiles> {
  const out: Profiles = { bindings: [] };
  const dsx = ctx.scenario.profiles['dsx-pm'];
  if (dsx) {
    const p = await DsxProfile.create(ctx, dsx, demand);
    out.bindings.push(p);
    out.loadTarget = p.loadTarget;
  }
  const pn = ctx.scenario.profiles.powernaut;
  if (pn) {
    const p = new PowernautProfile(ctx, pn);
    out.bindings.push(p);
    out.setpoint = p.setpoint;
  }
  const oe = ctx.scenario.profiles.openenergi;
  if (oe) {
    const p = new OpenEnergiProfile(ctx, oe);
    out.bindings.push(p);
    out.oeSignal = p.oeSignal;
  }
  const wdpc = ctx.scenario.profiles.wdpc;
  if (wdpc) out.bindings.push(new WdpcProfile(ctx, wdpc));
  return out;
}
