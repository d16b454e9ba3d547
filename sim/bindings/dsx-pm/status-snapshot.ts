// The data of grid.powerstate.status.v1: a snapshot of every feed the agent holds (FeedState):
// static metadata, all targets (active and scheduled), the calculated load, whether a transition is
// in flight, what triggered this snapshot and whether the feed complies.
import type { Micros } from '../../time.ts';
import { toPowerUnit, type PowerUnit } from './power-units.ts';
import type { HeldTarget } from './target-schedule.ts';

export type StatusEvent = 'target_set' | 'start_ramp_down' | 'end_ramp_down' | 'start_ramp_up' | 'end_ramp_up' | 'periodic';

export interface FeedView {
  tag: string;
  minimum: number;
  maximum: number;
  targets: readonly HeldTarget[];
  activeNow: HeldTarget | undefined;
  calculatedLoad: number;
  inFlight: boolean;
  /** Event for this feed; feeds not involved in the transition report `periodic`. */
  event: StatusEvent;
  powerEventStart?: Micros;
  compliant: boolean;
}

export function feedTarget(t: HeldTarget, active: boolean) {
  return {
    active,
    load_constraint: toPowerUnit(t.constraint),
    interval: t.interval,
    strategy: { best_effort: t.bestEffort },
    correlation_id: t.correlationId,
  };
}

export function statusData(now: Micros, feeds: FeedView[], iso: (t: Micros) => string) {
  return {
    snapshot_time: iso(now),
    feeds: Object.fromEntries(
      feeds.map((f) => [
        f.tag,
        {
          metadata: {
            power_minimum: toPowerUnit(f.minimum),
            power_maximum: toPowerUnit(f.maximum),
            default_constraint: toPowerUnit(f.maximum),
          } satisfies Record<string, PowerUnit>,
          targets: f.targets.map((t) => feedTarget(t, t === f.activeNow)),
          calculated_load: toPowerUnit(f.calculatedLoad),
          in_flight: f.inFlight,
          event: f.event,
          // The schema types this as a date-time string; "null if no event" is expressed by omission.
          ...(f.powerEventStart !== undefined ? { power_event_start_time: iso(f.powerEventStart) } : {}),
          compliant: f.compliant,
        },
      ]),
    ),
  };
}
