// Storage needed to hold a POI ramp limit through a load drop (or rise), in closed form, and the
// smallest battery that provides it. Used by planners and by the A1 reference case.
//
// A load that moves by ΔP linearly over t_d seconds, behind a POI allowed to move at r W/s
// (r < ΔP/t_d, otherwise no storage is needed): the POI follows the line P0 − r·t and reaches the
// new level after ΔP/r; the storage covers the gap between the line and the load.
//   peak power   = ΔP − r·t_d                      (the gap when the load arrives)
//   energy       = ½·ΔP·(ΔP/r) − ½·ΔP·t_d = ½·ΔP·(ΔP/r − t_d)   (area between the two lines)
// An instantaneous step (t_d = 0) gives the published ½·ΔP·t with t = ΔP/r.

export interface RampLimitNeed {
  /** Time the POI takes to complete the move, s. */
  duration: number;
  /** Largest power the storage must absorb (drop) or deliver (rise), W. */
  peakPower: number;
  /** Energy the storage must absorb or deliver at its terminals, J. */
  energy: number;
}

/** Storage need for a load move of `deltaP` W (sign ignored) over `moveTime` s behind a ramp limit of `ramp` W/s. */
export function rampLimitNeed(deltaP: number, moveTime: number, ramp: number): RampLimitNeed {
  const d = Math.abs(deltaP);
  const duration = d / ramp;
  if (moveTime >= duration) return { duration: moveTime, peakPower: 0, energy: 0 }; // the load is slow enough
  return { duration, peakPower: d - ramp * moveTime, energy: 0.5 * d * (duration - moveTime) };
}

export interface SizingOptions {
  etaCharge?: number;
  etaDischarge?: number;
  socMin?: number;
  socMax?: number;
  /** C-rate limit, 1/h (Infinity = none). */
  cRate?: number;
  /** 'absorb' for a load drop (the battery charges), 'deliver' for a rise (it discharges). */
  direction?: 'absorb' | 'deliver';
}

export interface BatterySize {
  /** Power rating, W. */
  power: number;
  /** Nominal energy E_nom (SoC = 1), J. */
  energyCap: number;
  /** SoC the battery must be at when the move starts (socMin to absorb, socMax to deliver). */
  socStart: number;
}

/**
 * Smallest battery that meets `need`: power = peak; E_nom large enough that the stored change
 * (η_c·energy when absorbing, energy/η_d when delivering) fits in the SoC window, and that the
 * C-rate allows the peak (E_nom ≥ peak·1 h / C).
 */
export function batteryForRampLimit(need: RampLimitNeed, opts: SizingOptions = {}): BatterySize {
  const { etaCharge = 0.95, etaDischarge = 0.95, socMin = 0.1, socMax = 0.9, cRate = Infinity, direction = 'absorb' } = opts;
  const stored = direction === 'absorb' ? etaCharge * need.energy : need.energy / etaDischarge;
  const energyCap = Math.max(stored / (socMax - socMin), (need.peakPower * 3600) / cRate);
  return { power: need.peakPower, energyCap, socStart: direction === 'absorb' ? socMin : socMax };
}
