// AI-training load on the shared site table (models/site-state.ts), the minimal form the current
// facility step (models/facility.ts) uses until it moves to the AI load's own table
// (models/ai-training-load.ts). Every GPU runs the same iteration — a compute phase near rated
// power, then a communication phase near idle — so the site draws a square wave. A GPU power floor
// lifts the low phase; power caps (from the power agent) limit the cappable part; ramp limits turn
// the edges into slopes. Pure functions over the site table; time enters as integer µs so the phase
// is exact whatever the window size.
import type { SiteField } from './site-state.ts';

type Table = Record<SiteField, Float64Array>;

/** Power the GPUs would draw at time `tUs` before ramp limits. */
export function aiLoadDemand(s: Table, i: number, tUs: number): number {
  const rated = s.ratedPower[i];
  const idle = s.idleFraction[i] * rated;
  if (s.running[i] === 0) return idle; // job stopped: GPUs idle, no floor needed
  const period = s.periodUs[i];
  const computing = tUs % period < s.duty[i] * period;
  const raw = computing ? rated : idle;
  const demand = Math.max(raw, s.floorFraction[i] * rated);
  // The power agent's cap binds only the part of the load that obeys caps; a fault may make a
  // share ignore them. The infra agent's enforcement is a hard limit on everything.
  // A cap cannot push GPUs below idle power, and it overrides the (software) power floor.
  const ignored = s.capIgnoredFraction[i];
  const cap = Math.max(s.gpuCap[i], idle);
  const obeying = Math.min(demand, cap) * (1 - ignored);
  return Math.min(obeying + demand * ignored, s.enforcedCap[i]);
}

/** Moves IT power toward `target` no faster than the ramp limits allow over `dt` seconds. */
export function applyRamp(current: number, target: number, rampUp: number, rampDown: number, dt: number): number {
  if (target > current) return Math.min(target, current + rampUp * dt);
  return Math.max(target, current - rampDown * dt);
}
