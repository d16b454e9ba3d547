// The pieces of the liquid-cooling loop that are plain formulas: the exact node update, the
// counterflow ε-NTU exchanger with flow-dependent UA, the cold-plate resistance and the actuator
// rate limits. Pure functions of numbers, no state.
import { PLATE_REF_FLOW } from './cooling-fluids.ts';

/**
 * One lumped thermal node over `dt`: C·dT/dt = b(t) − G·T, where G = ṁ·c_p + UA (W/K) and
 * b = Q_in + ṁ·c_p·T_up + UA·T_j (W) moves linearly from b0 to b1 across the step (first-order
 * hold: the upstream node's start and end values are known when this node is updated).
 *
 *   T1 = T0·e^−a + (dt/C)·[b0·φ1(a) + (b1 − b0)·φ2(a)],  a = G·dt/C,
 *   φ1 = (1 − e^−a)/a,  φ2 = (a − 1 + e^−a)/a²
 *
 * is the exact solution for a linear b(t), so a node is never unstable and never overshoots
 * however stiff it is (a = 100 gives the equilibrium b1/G); with no flow (G = 0) it reduces to
 * pure heating, T1 = T0 + dt·(b0 + b1)/(2C). Chosen over explicit Euler/Heun because the nodes'
 * time constants (2 s cold plate, ~3 s CDU volumes) are of the order of the 1 s maximum step.
 */
export function nodeStep(T0: number, C: number, G: number, b0: number, b1: number, dt: number): number {
  const a = (G * dt) / C;
  let e: number;
  let p1: number;
  let p2: number;
  if (a < 1e-3) {
    // Series: the closed forms lose digits to cancellation for small a (truncation < a⁴/720).
    e = Math.exp(-a);
    p1 = 1 - a / 2 + (a * a) / 6 - (a * a * a) / 24;
    p2 = 0.5 - a / 6 + (a * a) / 24 - (a * a * a) / 120;
  } else {
    const em = Math.expm1(-a);
    e = 1 + em;
    p1 = -em / a;
    p2 = (a + em) / (a * a);
  }
  return T0 * e + (dt / C) * (b0 * p1 + (b1 - b0) * p2);
}

/**
 * Effectiveness of a counterflow exchanger: ε = (1 − e^−N(1−Cr))/(1 − Cr·e^−N(1−Cr)), N = UA/C_min,
 * Cr = C_min/C_max; ε = N/(1 + N) when Cr = 1 (the limit; the form below has no 0/0 there).
 */
export function counterflowEffectiveness(ntu: number, cr: number): number {
  const em = Math.expm1(-ntu * (1 - cr)); // e^−N(1−Cr) − 1, accurate when N(1−Cr) is small
  const num = -em;
  const den = 1 - cr - cr * em; // = 1 − Cr·e^−N(1−Cr), written without cancellation
  return den > 0 ? num / den : ntu / (1 + ntu);
}

/** NTU that gives effectiveness ε at capacity ratio Cr (inverse of the above); ε must be < 1. */
export function counterflowNtu(eps: number, cr: number): number {
  if (Math.abs(1 - cr) < 1e-9) return eps / (1 - eps);
  return Math.log((1 - eps * cr) / (1 - eps)) / (1 - cr);
}

/**
 * Heat-transfer conductance of the CDU at the current flows. Each side's film conductance scales
 * as hA ∝ ṁ^n (turbulent convection, n = 0.8) and the two act in series:
 *   1/UA = r/(UA₀·(ṁs/ṁs₀)^n) + (1 − r)/(UA₀·(ṁp/ṁp₀)^n)
 * where UA₀ is the conductance at the reference flows and r the share of the resistance on the
 * secondary side there (the `r_nominal` of Modelica Buildings' exchangers). With both flows scaled
 * together, UA ∝ ṁ^n. Zero on either side gives UA = 0.
 */
export function cduConductance(ua0: number, r: number, n: number, ms: number, ms0: number, mp: number, mp0: number): number {
  if (!(ms > 0) || !(mp > 0)) return 0;
  return ua0 / (r * (ms0 / ms) ** n + (1 - r) * (mp0 / mp) ** n);
}

/** Design point of a CDU as published (reference case C1). */
export interface CduDesign {
  /** Heat transferred, W. */
  heat: number;
  /** Facility (primary) supply temperature, K. */
  facilitySupply: number;
  /** Rack supply − facility supply at the design point (cold-end approach), K. */
  approach: number;
  /** Secondary (IT loop) mass flow, kg/s, and specific heat, J/(kg·K). */
  secFlow: number;
  secCp: number;
  /** Primary (facility) mass flow, kg/s, and specific heat, J/(kg·K). */
  primFlow: number;
  primCp: number;
}

/**
 * UA at the design flows that gives the published approach: the rack supply is T_fs + approach, the
 * rack return follows from the heat and the IT-loop flow, ε = Q/(C_min·(T_return − T_fs)), and
 * NTU from ε. For C1 (2 MW, 3 K, 31.48 kg/s PG25 / 32.30 kg/s water): ε ≈ 0.843, UA ≈ 0.57 MW/K.
 */
export function cduUaFromApproach(d: CduDesign): number {
  const cs = d.secFlow * d.secCp;
  const cp = d.primFlow * d.primCp;
  const cMin = Math.min(cs, cp);
  const rackReturn = d.facilitySupply + d.approach + d.heat / cs;
  const eps = d.heat / (cMin * (rackReturn - d.facilitySupply));
  if (!(eps > 0 && eps < 1)) throw new Error(`CDU design point needs 0 < ε < 1, got ε = ${eps} (approach ${d.approach} K)`);
  return counterflowNtu(eps, cMin / Math.max(cs, cp)) * cMin;
}

/** Lowest per-plate flow at which R(V̇) is evaluated (0.05 L/min): below it the correlation has no meaning. */
export const PLATE_MIN_FLOW = 0.05 * PLATE_REF_FLOW;

/** Cold-plate resistance (K/W) at per-plate volumetric flow `flow` (m³/s): rBase + rConv·(V̇/1 L/min)^−n. */
export function plateResistance(rBase: number, rConv: number, n: number, flow: number): number {
  return rBase + rConv * (Math.max(flow, PLATE_MIN_FLOW) / PLATE_REF_FLOW) ** -n;
}

/** Position after `dt` of an actuator moving from x0 towards `target`, full travel in `travelTime` s (0 = instantaneous). */
export function rampEnd(x0: number, target: number, travelTime: number, dt: number): number {
  const reach = travelTime > 0 ? dt / travelTime : Infinity;
  const gap = target - x0;
  return Math.abs(gap) <= reach ? target : x0 + Math.sign(gap) * reach;
}

/**
 * Mean position over the same step (what sets the flow the nodes see). Exact for the piecewise-
 * linear motion, including reaching the target part-way through the step.
 */
export function rampMean(x0: number, target: number, travelTime: number, dt: number): number {
  const reach = travelTime > 0 ? dt / travelTime : Infinity;
  const gap = target - x0;
  if (Math.abs(gap) > reach) return x0 + (Math.sign(gap) * reach) / 2;
  if (!Number.isFinite(reach)) return target;
  const share = Math.abs(gap) / reach; // share of the step spent moving
  return ((x0 + target) / 2) * share + target * (1 - share);
}
