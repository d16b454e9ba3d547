// How the reference WDPC consumer uses a workload's intent: before an announced transition it
// pre-positions the site's battery so the POI ramp limit can be held through it.
//   a drop of ΔP (W) under a ramp limit R (W/s) must be absorbed: the battery charges
//     E ≈ ½·ΔP²/R (J, the triangle between the instantaneous drop and the ramp line; the load's own
//     ramp-down only makes it smaller) — so it needs that much room below socMax: target
//     SoC ≤ socMax − E/(η_c·capacity);
//   a rise of ΔP must be supplied: target SoC ≥ socMin + E/(η_d·capacity)·… (E delivered, so
//     E/η_d is drawn from storage).
// A margin keeps the inverter lag and rounding from exhausting the window. Without an intent the
// battery restores its configured target (reactive control).
export interface BatteryView {
  capacityJ: number;
  socMin: number;
  socMax: number;
  etaCharge: number;
  etaDischarge: number;
}

/** Share of the SoC window kept spare beyond the computed need. */
export const MARGIN = 0.05;

/** Energy (J) the battery exchanges while the POI ramps through a step of `deltaW` at `rampWps`. */
export function rampEnergy(deltaW: number, rampWps: number): number {
  if (!(rampWps > 0) || !Number.isFinite(rampWps)) return 0;
  return (0.5 * deltaW * deltaW) / rampWps;
}

/**
 * The SoC the battery should hold before a transition from `fromW` to `toW` under ramp limit
 * `rampWps`, or undefined when the transition needs nothing (no ramp limit, no change). Clamped to
 * the SoC window: a battery too small for the transition goes as far as it can.
 */
export function socTargetFor(b: BatteryView, fromW: number, toW: number, rampWps: number): number | undefined {
  const delta = toW - fromW;
  const e = rampEnergy(Math.abs(delta), rampWps);
  if (e === 0) return undefined;
  const clamp = (x: number) => Math.min(b.socMax, Math.max(b.socMin, x));
  if (delta < 0) return clamp(b.socMax - e / (b.etaCharge * b.capacityJ) - MARGIN);
  return clamp(b.socMin + e / (b.etaDischarge * b.capacityJ) + MARGIN);
}
