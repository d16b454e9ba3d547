// The setpoints a resource holds: activations with a window [from, to) and a value (W, consumption
// positive) or null. Activations may overlap; at any instant the one received last among those
// whose window covers it decides (a null one means baseline), and without any the resource runs its
// baseline (docs/spec-decisions.md, P7). Pure; simulation time in µs.
import type { Micros } from '../../time.ts';

export interface Activation {
  /** Order of receipt (later wins). */
  seq: number;
  from: Micros;
  to: Micros;
  value: number | null;
}

export class SetpointSchedule {
  private list: Activation[] = [];
  private seq = 0;

  add(from: Micros, to: Micros, value: number | null): Activation {
    const a: Activation = { seq: this.seq++, from, to, value };
    if (to > from) this.list.push(a);
    return a;
  }

  /** The deciding activation at `t` (undefined: none covers it). */
  activeAt(t: Micros): Activation | undefined {
    let best: Activation | undefined;
    for (const a of this.list) if (a.from <= t && t < a.to && (!best || a.seq > best.seq)) best = a;
    return best;
  }

  /** The setpoint at `t`: a value, or null for baseline. */
  valueAt(t: Micros): number | null {
    return this.activeAt(t)?.value ?? null;
  }

  /** Drops activations that ended at or before `t`. */
  prune(t: Micros): void {
    if (this.list.some((a) => a.to <= t)) this.list = this.list.filter((a) => a.to > t);
  }

  get size(): number {
    return this.list.length;
  }
}
