// The scenario's timeline as kernel events: each entry fires at its `at` (priority `timeline`).
// Physical entries change model inputs at exactly that instant; grid-operator entries go out on the
// grid feed; `loadtarget` entries are handed to the profile that scripts them.
import { Priority } from '../kernel/kernel.ts';
import type { RunContext } from './run-context.ts';
import type { GridFeed } from '../bindings/grid-feed/grid-feed.ts';
import type { GridCoupling } from './grid-coupling.ts';
import type { DemandResponseProbe } from '../scoring/demand-response-probe.ts';
import type { LoadTargetEntry, OeScheduleSignalEntry, OeSignalEntry, SetpointEntry, TimelineEntry } from '../scenario/timeline-schema.ts';
import { formatQuantity } from '../scenario/units.ts';

export interface TimelineHooks {
  grid: GridFeed;
  /** The grid frequency model, when the scenario has one. */
  frequency?: GridCoupling;
  demand: DemandResponseProbe;
  /** Sends a scripted load target (DSX profile with a scripted ISV). */
  loadTarget?: (entry: LoadTargetEntry, id: string) => void;
  /** Sends a setpoint (Powernaut profile with the reference flexibility platform). */
  setpoint?: (entry: SetpointEntry, id: string) => void;
  /** Sends a signal or schedule-signal (Open Energi profile with the reference portfolio manager). */
  oeSignal?: (entry: OeSignalEntry | OeScheduleSignalEntry, id: string) => void;
}

/** The id an entry is reported under: its own, or `<type>-<n>` (n counts entries of that type). */
export function entryIds(timeline: TimelineEntry[]): string[] {
  const seen = new Map<string, number>();
  return timeline.map((e) => {
    const n = (seen.get(e.type) ?? 0) + 1;
    seen.set(e.type, n);
    return e.id ?? `${e.type}-${n}`;
  });
}

export function scheduleTimeline(ctx: RunContext, hooks: TimelineHooks): void {
  const ids = entryIds(ctx.scenario.timeline);
  ctx.scenario.timeline.forEach((entry, k) => {
    if (entry.at >= ctx.scenario.run.duration) return;
    ctx.kernel.schedule(entry.at, () => fire(ctx, hooks, entry, ids[k]), Priority.timeline);
  });
}

function fire(ctx: RunContext, hooks: TimelineHooks, e: TimelineEntry, id: string): void {
  const now = ctx.kernel.now;
  const record = (detail: string) => ctx.events.push({ t: now / 1e6, kind: 'scenario', what: `${e.type} ${id}`, detail });
  ctx.hash.add('timeline', `${now}:${id}`);
  switch (e.type) {
    case 'demand_response':
      hooks.demand.request(id, e.site, now);
      hooks.grid.demandResponse(id, e.site, e.reduction, e.duration, e.deadline);
      record(`${e.site}: reduce by ${formatQuantity(e.reduction, 'MW')} for ${e.duration / 1e6} s`);
      break;
    case 'job_stop':
    case 'job_start':
      ctx.sites.setInput(e.site, 'running', e.type === 'job_start' ? 1 : 0, now);
      record(e.site);
      break;
    case 'fault':
      ctx.sites.setInput(e.site, 'capIgnoredShare', e.fraction, now);
      record(`${e.site}: ${Math.round(e.fraction * 100)} % of the IT load ignores power caps`);
      if (e.duration !== undefined) {
        ctx.kernel.schedule(now + e.duration, () => {
          ctx.sites.setInput(e.site, 'capIgnoredShare', 0, ctx.kernel.now);
          ctx.events.push({ t: ctx.kernel.now / 1e6, kind: 'scenario', what: `fault ${id} cleared`, detail: e.site });
        }, Priority.timeline);
      }
      break;
    case 'frequency':
      hooks.grid.frequency(e.value);
      // Without a grid model this entry is the grid frequency: the sites (frequency response) see it.
      // With one, the model's frequency rules and this value is only published.
      if (!hooks.frequency) for (const s of ctx.sites.sites) ctx.sites.setInput(s.id, 'frequency', e.value, now);
      record(`${e.value} Hz`);
      break;
    case 'price':
      hooks.grid.price(e.value, e.currency);
      record(`${e.value} ${e.currency}/MWh`);
      break;
    case 'voltage_dip':
      ctx.sites.setInput(e.site, 'voltage', e.voltage, now);
      ctx.kernel.schedule(now + e.duration, () => ctx.sites.setInput(e.site, 'voltage', 1, ctx.kernel.now), Priority.timeline);
      record(`${e.site}: ${e.voltage} pu for ${e.duration / 1e3} ms`);
      break;
    case 'reconnect':
      ctx.sites.setInput(e.site, 'reconnect', 1, now);
      record(`${e.site}: operator reconnects`);
      break;
    case 'generation_loss':
    case 'load_loss':
      if (!hooks.frequency) throw new Error('grid event without a grid model (the scenario checks should have caught this)');
      hooks.frequency.disturb(e.type === 'generation_loss' ? 'generation-loss' : 'load-loss', e.power, id, e.inertia);
      break;
    case 'loadtarget':
      if (!hooks.loadTarget) throw new Error('loadtarget entry without a scripted ISV (the scenario checks should have caught this)');
      hooks.loadTarget(e, id);
      record(e.constraint === null ? 'remove constraint' : `constraint ${formatQuantity(e.constraint, 'MW')}`);
      break;
    case 'setpoint':
      if (!hooks.setpoint) throw new Error('setpoint entry without a reference flexibility platform (the scenario checks should have caught this)');
      hooks.setpoint(e, id);
      record(`${e.resource}: ${e.value === null ? 'cancel (baseline)' : formatQuantity(e.value, 'kW')} for ${e.length / 1e6} s`);
      break;
    case 'oe_signal':
    case 'oe_schedule_signal':
      if (!hooks.oeSignal) throw new Error(`${e.type} entry without a reference portfolio manager (the scenario checks should have caught this)`);
      hooks.oeSignal(e, id);
      record(e.type === 'oe_signal' ? `signal, ${e.points.length} point${e.points.length === 1 ? '' : 's'}` : `schedule-signal ${e.variable}, ${e.schedule.length} interval${e.schedule.length === 1 ? '' : 's'}`);
      break;
  }
}
