// Grid frequency: a single-bus aggregate swing equation in energy-exact form,
//
//   d/dt [E_k·(f/f0)²] = ΔP   ⇔   df/dt = f0²/(2·E_k·f) · (P_gen + P_resp − P_load(f) − P_loss)
//   P_load(f) = P_dem·(1 + k_D·(f − f0)) + P_ext
//
// E_k: kinetic energy of the synchronous rotors at f0 (J); P_gen: generation scheduled to balance
// the initial demand; P_resp: governors + response services; P_dem: frequency-sensitive demand
// (reduced by load losses and LFDD); P_ext: the data-center sites' net load change (W, set by the
// engine each window, + = more consumption, so a load loss is negative and raises frequency);
// P_loss: generation lost so far. The 'linear' option uses f0/(2·E_k) (the textbook per-unit SFR).
//
// Integration: Heun (explicit trapezoidal, RK2) on f and the governor lag states — second order,
// enough for 1 mHz on F1–F5 at ≤ 20 ms. Services are rate limiters stepped exactly inside each
// step (response-services.ts). One instance per run; every piece of state sits in SoA tables
// (n = 1 for the bus) and the history buffer, so `stateBytes()` hashes it all.
import { SoaTable } from '../sim/workers/soa.ts';
import { FrequencyHistory } from './grid-history.ts';
import { clampGovernorState, governorCommand, governorDerivative, governorOutput, newGovernorTable, type GovernorField } from './grid-governors.ts';
import { GRID_MAX_STEP_S, validateGridParams, type GridDisturbance, type GridParams } from './grid-params.ts';
import { fireTrackerDeadline, newTrackerTable, startTrackers, trackerDeadline, updateTrackers, type TrackerField } from './grid-trackers.ts';
import { fireTrip, newTripTable, TripEffect, tripDeadline, updateTripArming, type TripField } from './lfdd.ts';
import { newServiceTable, stepService, type ServiceField } from './response-services.ts';
import { gridTrackerReport, type GridTrackerReport } from './grid-report.ts';

export * from './grid-params.ts';
export type { GridTrackerReport } from './grid-report.ts';

export const gridBusFields = [
  // parameters
  'f0', // Hz
  'demand0', // W, initial frequency-sensitive demand
  'damping', // k_D, 1/Hz
  'linear', // 1 = linearised swing
  'genScheduled', // W, P_gen
  // inputs
  'extLoad', // W, P_ext
  // state
  't', // s
  'tCarry', // s, Kahan compensation of t: a day of 10 ms steps stays exact to the µs
  'f', // Hz
  'kineticEnergy', // J, E_k (falls when a synchronous unit trips with its inertia)
  'demand', // W, P_dem
  'genLost', // W, P_loss
  // outputs
  'respTotal', // W, sum of service outputs
  'govTotal', // W, sum of governor outputs
] as const;
export type GridBusField = (typeof gridBusFields)[number];

/** Slack for float time comparisons (s); far below simulation time's 1 µs resolution. */
const EPS = 1e-9;

export class GridFrequency {
  readonly bus: SoaTable<GridBusField>;
  readonly governors: SoaTable<GovernorField>;
  readonly services: SoaTable<ServiceField>;
  readonly trips: SoaTable<TripField>;
  readonly trackers: SoaTable<TrackerField>;
  readonly history: FrequencyHistory;
  private readonly x0: Float64Array;
  private readonly k1: Float64Array;
  /** Earliest armed trip deadline (s); derived from the trip table after every step and trip. */
  private nextTrip = Infinity;

  constructor(readonly params: GridParams) {
    const problems = validateGridParams(params);
    if (problems.length) throw new Error(`bad grid parameters: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.bus = new SoaTable(gridBusFields, 1);
    const b = this.bus.arrays;
    const f = params.initialFrequency ?? params.f0;
    b.f0[0] = params.f0;
    b.demand0[0] = b.demand[0] = params.demand;
    b.damping[0] = params.damping;
    b.linear[0] = params.swing === 'linear' ? 1 : 0;
    b.genScheduled[0] = params.demand;
    b.kineticEnergy[0] = params.kineticEnergy;
    b.f[0] = f;
    this.governors = newGovernorTable(params.governors ?? []);
    this.services = newServiceTable(params.services ?? []);
    this.trips = newTripTable(params.trips ?? []);
    const lfdd = (params.trips ?? []).filter((t) => t.effect === 'shed-load' && t.direction === 'under').map((t) => t.threshold);
    const below = params.belowThreshold ?? (lfdd.length ? Math.max(...lfdd) : 0.976 * params.f0);
    this.trackers = newTrackerTable(0, f, below);
    const maxLag = Math.max(0, ...(params.services ?? []).map((s) => s.detectionLag ?? 0));
    this.history = new FrequencyHistory(maxLag, f);
    this.x0 = new Float64Array(this.governors.n);
    this.k1 = new Float64Array(this.governors.n);
    this.refreshOutputs();
  }

  get time(): number {
    return this.bus.arrays.t[0];
  }

  get frequency(): number {
    return this.bus.arrays.f[0];
  }

  /** Sets the sites' net load change P_ext (W, + more consumption); holds until set again. */
  setExternalLoad(watts: number): void {
    this.bus.arrays.extLoad[0] = watts;
  }

  /** Applies a disturbance now (the caller has stepped exactly to its time); starts the trackers. */
  applyDisturbance(d: Pick<GridDisturbance, 'kind' | 'power' | 'inertia'>): void {
    const b = this.bus.arrays;
    if (!(d.power >= 0)) throw new Error(`disturbance power must be ≥ 0 W (got ${d.power})`);
    if (d.kind === 'generation-loss') b.genLost[0] += d.power;
    else b.demand[0] -= d.power;
    if (d.inertia !== undefined) {
      if (!(d.inertia >= 0 && d.inertia < b.kineticEnergy[0])) throw new Error(`inertia lost ${d.inertia} J must be ≥ 0 and below E_k ${b.kineticEnergy[0]} J`);
      b.kineticEnergy[0] -= d.inertia;
    }
    this.markDisturbance();
  }

  /** Starts the event trackers now without changing the balance (e.g. when the engine sees a site
   *  trip whose load change arrives through `setExternalLoad`). Only the first call counts. */
  markDisturbance(): void {
    const b = this.bus.arrays;
    startTrackers(this.trackers.arrays, b.t[0], b.f[0], this.params.rocofWindow ?? 2);
  }

  /** Advances by `dt` s (≤ GRID_MAX_STEP_S), splitting at relay deadlines and tracker windows. */
  step(dt: number): void {
    if (!(dt >= 0) || dt > GRID_MAX_STEP_S + 1e-12) throw new Error(`grid step ${dt} s outside 0–${GRID_MAX_STEP_S} s`);
    let remaining = dt;
    while (remaining > EPS) {
      const next = this.nextDeadline() - this.bus.arrays.t[0];
      const h = next > EPS && next < remaining - EPS ? next : remaining;
      this.heun(h);
      remaining -= h;
      this.fireDue();
    }
  }

  /** Instantaneous RoCoF df/dt (Hz/s) at the current state. */
  rocof(): number {
    const b = this.bus.arrays;
    return this.dfdt(b.f[0], b.respTotal[0] + b.govTotal[0]);
  }

  /** Starts a window for `meanRocof` (e.g. at each engine window boundary). */
  markWindow(): void {
    const a = this.trackers.arrays;
    a.winT[0] = this.time;
    a.winF[0] = this.frequency;
  }

  /** Mean RoCoF (Hz/s) since the last `markWindow` (NaN if no time has passed). */
  meanRocof(): number {
    const a = this.trackers.arrays;
    const span = this.time - a.winT[0];
    return span > 0 ? (this.frequency - a.winF[0]) / span : NaN;
  }

  /** Output of each response service (W, + injection). */
  serviceOutputs(): { id: string; power: number }[] {
    return (this.params.services ?? []).map((s, i) => ({ id: s.id, power: this.services.arrays.power[i] }));
  }

  /** Output of each governor (W, + more generation). */
  governorOutputs(): { id: string; power: number }[] {
    return (this.params.governors ?? []).map((g, i) => ({ id: g.id, power: this.governors.arrays.power[i] }));
  }

  /** Trips that have happened, in parameter order: id, time (s), power (W), effect. */
  trippedBlocks(): { id: string; at: number; power: number; effect: 'shed-load' | 'lose-generation' }[] {
    const a = this.trips.arrays;
    return (this.params.trips ?? []).flatMap((p, i) => (a.tripped[i] ? [{ id: p.id, at: a.trippedAt[i], power: a.amount[i], effect: p.effect }] : []));
  }

  /** Number of load-shedding (LFDD) blocks tripped so far. */
  lfddTripped(): number {
    return this.trippedBlocks().filter((b) => b.effect === 'shed-load').length;
  }

  /** The event trackers (initial RoCoF, first arrest, time below threshold, nadir, zenith). */
  report(): GridTrackerReport {
    return gridTrackerReport(this.trackers.arrays);
  }

  /** Every byte of state, in a fixed order, for the run hash. */
  stateBytes(): Uint8Array[] {
    const h = this.history.data;
    return [this.bus.bytes(), this.governors.bytes(), this.services.bytes(), this.trips.bytes(), this.trackers.bytes(), new Uint8Array(h.buffer, h.byteOffset, h.byteLength)];
  }

  private dfdt(f: number, pResp: number): number {
    const b = this.bus.arrays;
    const f0 = b.f0[0];
    const load = b.demand[0] * (1 + b.damping[0] * (f - f0)) + b.extLoad[0];
    const imbalance = b.genScheduled[0] + pResp - load - b.genLost[0];
    const gain = b.linear[0] ? f0 / (2 * b.kineticEnergy[0]) : (f0 * f0) / (2 * b.kineticEnergy[0] * f);
    return gain * imbalance;
  }

  /** One Heun step of `h` s with no discrete event inside it. */
  private heun(h: number): void {
    const b = this.bus.arrays;
    const g = this.governors.arrays;
    const ng = this.governors.n;
    const f0n = b.f0[0];
    const t0 = b.t[0];
    const fa = b.f[0];
    // Kahan-compensated time: t1 is t0 + h rounded once, the lost low-order bits carried over.
    const hc = h - b.tCarry[0];
    const t1 = t0 + hc;
    b.tCarry[0] = t1 - t0 - hc;
    // Stage 1 at the start.
    let gov = 0;
    for (let i = 0; i < ng; i++) {
      const u = governorCommand(g, i, fa - f0n, f0n);
      this.x0[i] = g.x[i];
      this.k1[i] = governorDerivative(g, i, g.x[i], u);
      gov += governorOutput(g, i, g.x[i], u);
    }
    const d0 = this.dfdt(fa, b.respTotal[0] + gov);
    // Predictor; services step to t1 on the predicted segment (they see f only through their lag).
    const fp = fa + h * d0;
    const resp = this.stepServices(t1, fp, h);
    gov = 0;
    for (let i = 0; i < ng; i++) {
      const xp = clampGovernorState(g, i, this.x0[i] + h * this.k1[i]);
      const u = governorCommand(g, i, fp - f0n, f0n);
      g.x[i] = xp; // stash the predicted state; the corrector below overwrites it
      gov += governorOutput(g, i, xp, u);
    }
    const d1p = this.dfdt(fp, resp + gov);
    // Corrector.
    const fb = fa + (h / 2) * (d0 + d1p);
    for (let i = 0; i < ng; i++) {
      const k2 = governorDerivative(g, i, g.x[i], governorCommand(g, i, fp - f0n, f0n));
      g.x[i] = clampGovernorState(g, i, this.x0[i] + (h / 2) * (this.k1[i] + k2));
    }
    b.t[0] = t1;
    b.f[0] = fb;
    this.refreshOutputs();
    this.history.record(t0, fa, t1, fb);
    const tr = this.trips.arrays;
    let next = Infinity;
    for (let i = 0; i < this.trips.n; i++) next = Math.min(next, updateTripArming(tr, i, t0, fa, t1, fb));
    this.nextTrip = next;
    updateTrackers(this.trackers.arrays, t0, fa, d0, t1, fb, this.rocof());
  }

  private stepServices(t1: number, f1: number, h: number): number {
    const s = this.services.arrays;
    const specs = this.params.services ?? [];
    const f0n = this.bus.arrays.f0[0];
    let total = 0;
    for (let i = 0; i < this.services.n; i++) {
      const seen = this.history.at(t1 - s.lag[i], t1, f1);
      total += stepService(s, i, specs[i].curve, seen - f0n, t1, h);
    }
    this.bus.arrays.respTotal[0] = total;
    return total;
  }

  /** Recomputes governor outputs and their total from the current state. */
  private refreshOutputs(): void {
    const b = this.bus.arrays;
    const g = this.governors.arrays;
    let gov = 0;
    for (let i = 0; i < this.governors.n; i++) {
      g.power[i] = governorOutput(g, i, g.x[i], governorCommand(g, i, b.f[0] - b.f0[0], b.f0[0]));
      gov += g.power[i];
    }
    b.govTotal[0] = gov;
  }

  private nextDeadline(): number {
    return Math.min(this.nextTrip, trackerDeadline(this.trackers.arrays));
  }

  /** Fires every trip and tracker window whose time has come (within EPS). */
  private fireDue(): void {
    const b = this.bus.arrays;
    const t = b.t[0];
    if (this.nextTrip <= t + EPS) {
      const tr = this.trips.arrays;
      let next = Infinity;
      for (let i = 0; i < this.trips.n; i++) {
        const due = tripDeadline(tr, i);
        if (due > t + EPS) {
          next = Math.min(next, due);
          continue;
        }
        const p = fireTrip(tr, i, t, b.demand0[0]);
        if (tr.effect[i] === TripEffect.shedLoad) b.demand[0] -= p;
        else b.genLost[0] += p;
      }
      this.nextTrip = next;
    }
    const k = this.trackers.arrays;
    if (trackerDeadline(k) <= t + EPS) fireTrackerDeadline(k, t, b.f[0]);
  }
}
