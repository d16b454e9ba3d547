// Battery, minimal form: an energy reservoir with charge and discharge efficiencies, a power limit
// and a state-of-charge window. Power is positive when discharging (it lowers the POI load).
//   E[k+1] = E[k] + η_c·P_ch·Δt − P_dis·Δt/η_d
import { BatteryMode, type SiteField } from './site-state.ts';

type Table = Record<SiteField, Float64Array>;

/**
 * Chooses the battery power for the next `dt` seconds given the POI load without the battery,
 * limited by power and by the energy left inside the SoC window, and updates the stored energy.
 * Returns the power (W, + discharge / − charge).
 */
export function stepBattery(s: Table, i: number, poiWithoutBattery: number, dt: number): number {
  const cap = s.battEnergyCap[i];
  if (cap === 0 || s.battMode[i] === BatteryMode.idle || dt <= 0) return 0;
  const pMax = s.battPower[i];
  const energy = s.battEnergy[i];
  const etaC = s.etaCharge[i];
  const etaD = s.etaDischarge[i];
  let p = 0;
  // Peak shaving: discharge to defend the ceiling; recharge beneath it, but never so hard that the
  // recharge itself pushes the POI over the ceiling or over an active grid constraint.
  const excess = poiWithoutBattery - s.poiCeiling[i];
  if (excess > 0) {
    const available = Math.max(0, energy - s.socMin[i] * cap); // J above the floor
    p = Math.min(excess, pMax, (available * etaD) / dt);
  } else {
    const headroom = Math.min(s.poiCeiling[i], s.constraint[i]) - poiWithoutBattery;
    const room = Math.max(0, s.socMax[i] * cap - energy); // J below the ceiling
    if (headroom > 0) p = -Math.min(headroom, s.rechargePower[i], pMax, room / (etaC * dt));
  }
  s.battEnergy[i] = p >= 0 ? energy - (p * dt) / etaD : energy - etaC * p * dt;
  return p;
}

/** State of charge as a fraction of usable capacity (NaN without a battery). */
export function stateOfCharge(s: Table, i: number): number {
  return s.battEnergyCap[i] > 0 ? s.battEnergy[i] / s.battEnergyCap[i] : NaN;
}
