// Parameters of the single-bus grid frequency model (SI: W, J, s, Hz; shares 0..1), and the
// check the scenario loader runs on them. Everything here is plain data so a scenario, a test or a
// helper such as the GB 9 August 2019 builder can produce it.
import type { CurvePoint } from './response-curves.ts';

/** Largest internal step (s): the reference cases need ≤ 10–20 ms; Heun at 20 ms keeps F1–F5 within 1 mHz. */
export const GRID_MAX_STEP_S = 0.02;
/** Longest detection lag a service may have (s); bounds the frequency-history buffer. */
export const GRID_MAX_LAG_S = 60;

export interface GovernorParams {
  id: string;
  /** 'droop': first-order droop; 'reheat': Anderson–Mirheydar reheat steam turbine. */
  kind: 'droop' | 'reheat';
  /** S_g: MW base of the droop (W). */
  rating: number;
  /** R: droop in per unit (0.05 = 5 %: full rating for a 5 % frequency change). */
  droop: number;
  /** Km: mechanical power gain (reheat; default 1). */
  gain?: number;
  /** T_g: governor time constant (droop), s; 0 = instantaneous. */
  timeConstant?: number;
  /** F_H: high-pressure turbine fraction (reheat), 0..1. */
  hpFraction?: number;
  /** T_R: reheat time constant, s; 0 = no reheat lag. */
  reheatTime?: number;
  /** Largest increase of output (W, ≥ 0); default unlimited. */
  headroom?: number;
  /** Largest decrease of output (W, ≥ 0); default unlimited. */
  footroom?: number;
  /** No response while |Δf| ≤ deadband (Hz); default 0. */
  deadband?: number;
}

export interface ResponseServiceParams {
  id: string;
  /** Contracted capacity (W). */
  capacity: number;
  /** Share of capacity (+ injection, − absorption) against Δf (Hz); flat beyond the ends. */
  curve: readonly CurvePoint[];
  /** No response while |Δf| ≤ deadband (Hz); default 0 (curves may carry their own deadband). */
  deadband?: number;
  /** Pure delay between the grid frequency and the frequency the service acts on (s); default 0. */
  detectionLag?: number;
  /** Ramp limit in capacity per second (both directions); default unlimited. */
  ramp?: number;
  /** Share of the contracted capacity actually delivered (0..1); default 1. */
  deliveredShare?: number;
  /** Once triggered, hold the largest requested response for this long (s); default 0 (no latch). */
  hold?: number;
}

/** A block that trips once when frequency stays beyond its threshold for its relay delay (LFDD, embedded trips). */
export interface FrequencyTripParams {
  id: string;
  /** Threshold (Hz). */
  threshold: number;
  /** Relay delay (s): the frequency must stay beyond the threshold this long. */
  delay: number;
  /** 'under': trips below the threshold; 'over': above. */
  direction: 'under' | 'over';
  /** 'shed-load': disconnects demand (LFDD); 'lose-generation': generation trips (e.g. embedded). */
  effect: 'shed-load' | 'lose-generation';
  /** Share of the initial demand `GridParams.demand` (0..1); default 0. */
  share?: number;
  /** Fixed power (W); default 0. Amount tripped = share·demand + power. */
  power?: number;
}

export interface GridParams {
  /** Nominal frequency f0 (Hz). */
  f0: number;
  /** Frequency-sensitive demand P_dem at t = 0 (W); generation is scheduled to balance it. */
  demand: number;
  /** E_k = Σ H·S: kinetic energy of the synchronous rotors at f0 (J = W·s). */
  kineticEnergy: number;
  /** k_D: load damping, share of demand per Hz (0.01 = 1 %/Hz). */
  damping: number;
  /** 'energy' (default): df/dt = f0²/(2·E_k·f)·ΔP; 'linear': f0/(2·E_k)·ΔP (textbook per-unit SFR). */
  swing?: 'energy' | 'linear';
  /** Starting frequency (Hz); default f0. */
  initialFrequency?: number;
  governors?: readonly GovernorParams[];
  services?: readonly ResponseServiceParams[];
  trips?: readonly FrequencyTripParams[];
  /** Frequency the "time below" tracker counts against (Hz); default the highest under-frequency
   *  load-shedding threshold, else 0.976·f0 (48.8 Hz at 50 Hz). */
  belowThreshold?: number;
  /** Window of the initial-RoCoF tracker after the first disturbance (s); default 2. */
  rocofWindow?: number;
}

/** A disturbance applied at an exact time (the caller splits the step there). */
export interface GridDisturbance {
  /** Time (s from the start of the run). */
  at: number;
  kind: 'generation-loss' | 'load-loss';
  /** Power lost (W, > 0). */
  power: number;
  /** Kinetic energy that leaves with a tripped synchronous unit (J); default 0. */
  inertia?: number;
  id?: string;
}

export interface GridProblem {
  field: string;
  message: string;
  hint: string;
}

const finite = Number.isFinite;

/** Every physically bad value in `p` (and a step `dt` too coarse for the model, if given). */
export function validateGridParams(p: GridParams, dt?: number): GridProblem[] {
  const out: GridProblem[] = [];
  const bad = (field: string, message: string, hint: string) => out.push({ field, message, hint });
  if (!(finite(p.f0) && p.f0 > 0)) bad('f0', `nominal frequency must be > 0 Hz (got ${p.f0})`, 'use 50 Hz or 60 Hz');
  if (!(finite(p.demand) && p.demand >= 0)) bad('demand', `demand must be ≥ 0 W (got ${p.demand})`, 'the system demand, e.g. 29 GW');
  if (!(finite(p.kineticEnergy) && p.kineticEnergy > 0))
    bad('kinetic_energy', `inertia E_k must be > 0 (got ${p.kineticEnergy} J)`, 'E_k = Σ H·S, e.g. 210 GVA·s = 210e9 J');
  if (!(finite(p.damping) && p.damping >= 0 && p.damping <= 0.2))
    bad('damping', `load damping must be 0–20 %/Hz (got ${p.damping} /Hz)`, 'typical values are 1–2.5 %/Hz (0.01–0.025 /Hz)');
  if (p.initialFrequency !== undefined && !(finite(p.initialFrequency) && p.initialFrequency > 0))
    bad('initial_frequency', 'initial frequency must be > 0 Hz', 'omit it to start at f0');
  if (p.rocofWindow !== undefined && !(finite(p.rocofWindow) && p.rocofWindow > 0))
    bad('rocof_window', 'the initial-RoCoF window must be > 0 s', 'the usual window is 2 s');
  if (dt !== undefined) {
    if (!(finite(dt) && dt > 0)) bad('step', `the internal step must be > 0 s (got ${dt})`, 'use 10 ms');
    else if (dt > GRID_MAX_STEP_S + 1e-12)
      bad('step', `a ${dt * 1000} ms step is too coarse for the grid frequency model (max ${GRID_MAX_STEP_S * 1000} ms)`, 'use 10 ms or 20 ms');
  }
  (p.governors ?? []).forEach((g, k) => validateGovernor(g, `governors[${k}]`, dt, bad));
  (p.services ?? []).forEach((s, k) => validateService(s, `services[${k}]`, bad));
  (p.trips ?? []).forEach((t, k) => {
    const at = `trips[${k}]`;
    if (!(finite(t.threshold) && t.threshold > 0)) bad(`${at}.threshold`, 'threshold must be > 0 Hz', 'e.g. 48.8 Hz');
    if (!(finite(t.delay) && t.delay >= 0)) bad(`${at}.delay`, 'relay delay must be ≥ 0 s', 'LFDD relays take 0.1–0.3 s');
    if (t.share !== undefined && !(t.share >= 0 && t.share <= 1)) bad(`${at}.share`, 'share of demand must be 0–100 %', 'e.g. 5 %');
    if (t.power !== undefined && !(finite(t.power) && t.power >= 0)) bad(`${at}.power`, 'tripped power must be ≥ 0 W', 'e.g. 200 MW');
  });
  return out;
}

type Bad = (field: string, message: string, hint: string) => void;

function validateGovernor(g: GovernorParams, at: string, dt: number | undefined, bad: Bad): void {
  if (!(finite(g.rating) && g.rating > 0)) bad(`${at}.rating`, 'governor rating must be > 0 W', 'the MW base of the droop');
  if (!(finite(g.droop) && g.droop > 0)) bad(`${at}.droop`, 'droop R must be > 0 (per unit)', 'e.g. 5 % (0.05)');
  if (g.gain !== undefined && !(finite(g.gain) && g.gain > 0)) bad(`${at}.gain`, 'gain Km must be > 0', 'typically 0.95–1');
  if (g.hpFraction !== undefined && !(g.hpFraction >= 0 && g.hpFraction <= 1)) bad(`${at}.hp_fraction`, 'F_H must be 0–1', 'typically 0.3');
  if (g.headroom !== undefined && !(g.headroom >= 0)) bad(`${at}.headroom`, 'headroom must be ≥ 0 W', 'the spare capacity above the dispatch');
  if (g.footroom !== undefined && !(g.footroom >= 0)) bad(`${at}.footroom`, 'footroom must be ≥ 0 W', 'the room below the dispatch');
  if (g.deadband !== undefined && !(g.deadband >= 0)) bad(`${at}.deadband`, 'deadband must be ≥ 0 Hz', 'e.g. 15 mHz');
  const lag = g.kind === 'droop' ? g.timeConstant : g.reheatTime;
  const name = g.kind === 'droop' ? 'time_constant' : 'reheat_time';
  if (lag !== undefined) {
    if (!(finite(lag) && lag >= 0)) bad(`${at}.${name}`, `${name} must be ≥ 0 s`, 'e.g. 8 s');
    // Heun is stable for a first-order lag only while dt < 2·T; keep T ≥ dt for accuracy too.
    else if (dt !== undefined && lag > 0 && lag < dt)
      bad(`${at}.${name}`, `${name} ${lag} s is shorter than the step ${dt} s`, 'use a finer step or 0 s (instantaneous)');
  }
}

function validateService(s: ResponseServiceParams, at: string, bad: Bad): void {
  if (!(finite(s.capacity) && s.capacity >= 0)) bad(`${at}.capacity`, 'capacity must be ≥ 0 W', 'the contracted MW');
  if (s.curve.length < 2) bad(`${at}.curve`, 'a curve needs at least two points', 'e.g. [[-0.5, 1], [-0.015, 0]]');
  for (let k = 0; k < s.curve.length; k++) {
    const [x, y] = s.curve[k];
    if (!(finite(x) && finite(y) && y >= -1 && y <= 1)) bad(`${at}.curve[${k}]`, 'curve shares must be within −100 %…100 %', 'shares of capacity');
    if (k > 0 && x < s.curve[k - 1][0]) bad(`${at}.curve[${k}]`, 'curve points must be in increasing frequency', 'sort the points');
  }
  if (s.deadband !== undefined && !(s.deadband >= 0)) bad(`${at}.deadband`, 'deadband must be ≥ 0 Hz', 'e.g. 15 mHz');
  const lag = s.detectionLag ?? 0;
  if (!(lag >= 0 && lag <= GRID_MAX_LAG_S)) bad(`${at}.detection_lag`, `detection lag must be 0–${GRID_MAX_LAG_S} s`, 'e.g. 0.5 s');
  if (s.ramp !== undefined && !(s.ramp > 0)) bad(`${at}.ramp`, 'ramp limit must be > 0 (capacity per second)', 'e.g. 2 /s, or omit it');
  const share = s.deliveredShare ?? 1;
  if (!(share >= 0 && share <= 1)) bad(`${at}.delivered_share`, 'delivered share must be 0–100 %', 'e.g. 89 %');
  if (s.hold !== undefined && !(s.hold >= 0)) bad(`${at}.hold`, 'hold must be ≥ 0 s', 'e.g. 15 min');
}
