// Governors as one struct-of-arrays table, one row per aggregate governor. Two forms:
//
//   droop:  dP_g/dt = (u − P_g)/T_g,            u = −(S_g/R)·(Δf/f0)        (T_g = 0: P_g = u)
//   reheat: ΔPm/Δω = −(Km/R)·(1 + F_H·T_R·s)/(1 + T_R·s)   (Anderson & Mirheydar 1990)
//           realised as dx/dt = (u − x)/T_R,  P = F_H·u + (1 − F_H)·x,  u = −(Km·S_g/R)·(Δf/f0)
//           (check: P/u = F_H + (1 − F_H)/(1 + T_R·s) = (1 + F_H·T_R·s)/(1 + T_R·s)).
//
// Output is clipped to [−footroom, +headroom]; the lag state is clamped to the same range so a
// governor at its limit responds at once when frequency turns (no integrator wind-up). Δf inside
// the deadband counts as zero. The integrator (Heun, in grid-frequency.ts) owns the time stepping;
// this file gives the command, the state derivative and the output.
import { SoaTable } from '../sim/workers/soa.ts';
import type { GovernorParams } from './grid-params.ts';

export const GovernorKind = { droop: 0, reheat: 1 } as const;

export const governorFields = [
  // parameters
  'kind',
  'rating', // W, S_g
  'droop', // R, pu
  'gain', // Km
  'lagTime', // T_g (droop) or T_R (reheat), s; 0 = no lag
  'hpFraction', // F_H (reheat)
  'headroom', // W
  'footroom', // W
  'deadband', // Hz
  // state
  'x', // W: droop output state, or reheat lag state
  // output
  'power', // W, + more generation
] as const;
export type GovernorField = (typeof governorFields)[number];
export type GovernorTable = Record<GovernorField, Float64Array>;

export function newGovernorTable(govs: readonly GovernorParams[]): SoaTable<GovernorField> {
  const t = new SoaTable(governorFields, govs.length);
  const a = t.arrays;
  govs.forEach((g, i) => {
    const reheat = g.kind === 'reheat';
    a.kind[i] = reheat ? GovernorKind.reheat : GovernorKind.droop;
    a.rating[i] = g.rating;
    a.droop[i] = g.droop;
    a.gain[i] = g.gain ?? 1;
    a.lagTime[i] = (reheat ? g.reheatTime : g.timeConstant) ?? 0;
    a.hpFraction[i] = reheat ? (g.hpFraction ?? 0) : 1;
    a.headroom[i] = g.headroom ?? Infinity;
    a.footroom[i] = g.footroom ?? Infinity;
    a.deadband[i] = g.deadband ?? 0;
  });
  return t;
}

/** Steady-state command u (W) for deviation `df` (Hz) around `f0`. */
export function governorCommand(a: GovernorTable, i: number, df: number, f0: number): number {
  if (Math.abs(df) <= a.deadband[i]) return 0;
  return (-(a.gain[i] * a.rating[i]) / a.droop[i]) * (df / f0);
}

/** dx/dt for lag state `x` under command `u` (0 when the governor has no lag or sits at a limit). */
export function governorDerivative(a: GovernorTable, i: number, x: number, u: number): number {
  const T = a.lagTime[i];
  if (T <= 0) return 0;
  const d = (u - x) / T;
  if ((d > 0 && x >= a.headroom[i]) || (d < 0 && x <= -a.footroom[i])) return 0;
  return d;
}

/** Clamps a lag state to the governor's output range. */
export function clampGovernorState(a: GovernorTable, i: number, x: number): number {
  return Math.min(a.headroom[i], Math.max(-a.footroom[i], x));
}

/** Output power (W) for lag state `x` and command `u`. */
export function governorOutput(a: GovernorTable, i: number, x: number, u: number): number {
  const T = a.lagTime[i];
  const fh = a.hpFraction[i];
  // droop with a lag: the state is the output; without a lag (either kind) the command passes through.
  const p = T <= 0 ? u : a.kind[i] === GovernorKind.reheat ? fh * u + (1 - fh) * x : x;
  return Math.min(a.headroom[i], Math.max(-a.footroom[i], p));
}
