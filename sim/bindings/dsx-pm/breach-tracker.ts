// One feed's power breach lifecycle (grid.powerbreach.alert.v1): active → escalated → resolved,
// all under one breach_id. Pure state; the power agent decides when to call and publishes.
import type { Micros } from '../../time.ts';
import type { HeldTarget } from './target-schedule.ts';

export type BreachStatus = 'active' | 'escalated' | 'resolved';

export interface OpenBreach {
  id: string;
  feed: string;
  detectedAt: Micros;
  status: BreachStatus;
  target: HeldTarget;
  /** Measured load at the last transition (W). */
  measured: number;
}

/** The spec's severity: critical when the excess is more than 20 % over the target. */
export function severity(measured: number, constraint: number): 'warning' | 'critical' {
  return measured > constraint * 1.2 ? 'critical' : 'warning';
}

export class BreachTracker {
  private open: OpenBreach | undefined;

  get current(): OpenBreach | undefined {
    return this.open;
  }

  /** Opens a breach (status active). */
  detect(id: string, feed: string, target: HeldTarget, measured: number, at: Micros): OpenBreach {
    if (this.open) throw new Error(`feed ${feed} already has an open breach`);
    this.open = { id, feed, detectedAt: at, status: 'active', target, measured };
    return this.open;
  }

  escalate(measured: number): OpenBreach {
    if (!this.open || this.open.status !== 'active') throw new Error('only an active breach can escalate');
    this.open.status = 'escalated';
    this.open.measured = measured;
    return this.open;
  }

  /** Closes the breach; returns it with status resolved. */
  resolve(measured: number): OpenBreach {
    if (!this.open) throw new Error('no breach to resolve');
    const b = { ...this.open, status: 'resolved' as const, measured };
    this.open = undefined;
    return b;
  }
}
