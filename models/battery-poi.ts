// POI mode of a battery: peak shaving (keep the POI at or below a ceiling), POI ramp limiting (the
// POI moves no faster than a ramp limit, W/s, both ways: the battery charges while the POI ramps
// down after a load drop and discharges while it ramps up after a load rise) and restoring a
// target SoC when the POI allows it.
//
// The controller keeps a POI reference: each step it moves toward the wanted POI (the ceiling when
// the load is above it, otherwise the load plus the restore power) by at most ramp·dt, and the
// base command is load − reference. Rules applied after the ramp, in this order:
//   1. recharging never pushes the POI above min(ceiling, constraint) — the reference is capped at
//      min(ceiling, max(load, constraint)) (a constraint below the load stops charging but does not
//      make the battery discharge; the ceiling does);
//   2. anti-windup: the reference is kept where the battery can actually put it this step (power,
//      C-rate and SoC limits, after frequency response took its share), so when the battery
//      saturates the POI follows the load and the ramp restarts from where the POI really is.
// The inverter lag is NOT part of rule 2: after a load step the POI deviates from the ramp line for
// a few τ_inv and then returns to it (a reference clamped to the lagging output would instead let
// the step through for good).
import type { BatteryTable } from './battery-fields.ts';

/**
 * Base power command (W, + discharge) in POI mode for a step of `dt` s. `eD` is the stored energy
 * after this step's self-discharge (J); the base command must lie in [lo, hi] (W).
 */
export function poiCommand(a: BatteryTable, i: number, dt: number, eD: number, lo: number, hi: number): number {
  const load = a.load[i];
  const ceiling = a.poiCeiling[i];
  let ref = a.poiRef[i];
  if (Number.isNaN(ref)) ref = load - a.power[i]; // entering POI mode: start from the POI as it is
  let wanted: number;
  if (load > ceiling) wanted = ceiling;
  else {
    // Restore the target SoC, stopping exactly on it within the step.
    const eTarget = a.socTarget[i] * a.energyCap[i];
    const restore = a.restorePower[i];
    if (eD < eTarget) wanted = load + Math.min(restore, (eTarget - eD) / (a.etaCharge[i] * dt));
    else if (eD > eTarget) wanted = load - Math.min(restore, ((eD - eTarget) * a.etaDischarge[i]) / dt);
    else wanted = load;
  }
  const maxMove = a.poiRamp[i] * dt; // Infinity·dt = Infinity: no ramp limit
  ref += Math.min(maxMove, Math.max(-maxMove, wanted - ref));
  ref = Math.min(ref, ceiling, Math.max(load, a.constraint[i]));
  ref = Math.min(load - lo, Math.max(load - hi, ref));
  a.poiRef[i] = ref;
  return load - ref;
}
