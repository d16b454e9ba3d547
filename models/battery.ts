// Battery: an energy reservoir behind an inverter, on its own struct-of-arrays table
// (models/battery-fields.ts). Power is positive when discharging (it lowers the POI load).
//
//   E[k+1] = E[k]·(1 − σ)^Δt + η_c·∫P_ch dt − ∫P_dis dt / η_d          (energy, J)
//   P_cmd  = clamp(P_fr, −P_ch,lim, P_dis,lim) + clamp(P_base, −(P_ch,lim − C_fr), P_dis,lim − C_fr)
//   P(t)   = P_cmd + (P[k] − P_cmd)·e^(−t/τ_inv)                        (inverter lag)
//   P_ch,lim = min(chargeMax, C·E_nom/1 h),  P_dis,lim = min(dischargeMax, C·E_nom/1 h)
//   SoC = E/E_nom stays in [socMin, socMax]
//
// Mode priority: frequency response (when frCapacity > 0) comes first. Its contracted power is
// reserved: the base mode (setpoint, or POI peak shaving / ramp limiting) may use only the power
// limits less frCapacity, so the full response can always be added on top of whatever the base
// does, as a provider measured against its baseline must. The price: peak shaving or a setpoint
// can get less power than the rating. The SoC window then cuts the total physically (a battery at
// its SoC bound cannot deliver a contracted response either); no SoC headroom is reserved.
//
// Integration is exact for a command held constant over the step (the caller splits steps where
// inputs change): the lag is the exact exponential, its energy is integrated in closed form, split
// at the zero crossing so charging is weighted by η_c and discharging by 1/η_d, and self-discharge
// is the exact factor (1 − σ)^Δt. When the energy would leave the SoC window within the step, the
// step's power is replaced by the constant power that lands exactly on the bound (and the inverter
// output is set to it): the SoC stops at the bound, never beyond, for any step length. What is not
// exact is the control: the POI controller and the frequency response compute one command per
// step, so the step bounds their reaction time (hence the maximum steps below).
import { BatteryMode, type BatteryTable } from './battery-fields.ts';
import { stepFrequencyResponse } from './battery-fr.ts';
import { poiCommand } from './battery-poi.ts';

export * from './battery-fields.ts';
export { frCurveAt, frParamsFromService, stepFrequencyResponse } from './battery-fr.ts';
export { poiCommand } from './battery-poi.ts';
export { batteryForRampLimit, rampLimitNeed, type BatterySize, type RampLimitNeed, type SizingOptions } from './battery-sizing.ts';
// The site-table functions the current facility step uses (kept until it moves to this table).

/**
 * Largest step (s). Energy, lag and SoC bounds are exact for any step; the controllers (POI
 * reference, frequency curve) act once per step, so the step bounds their reaction time: 1 s
 * for setpoint and POI control (POI meters and ramp limits work on seconds to minutes), 20 ms with
 * frequency response (its timing is judged to 0.1 s — R1 — and 0.25 s — R2).
 */
export const BATTERY_MAX_STEP_S = 1;
export const BATTERY_FR_MAX_STEP_S = 0.02;

/** Largest step instance `i` accepts (s). */
export function batteryMaxStep(a: BatteryTable, i: number): number {
  return a.frCapacity[i] > 0 ? BATTERY_FR_MAX_STEP_S : BATTERY_MAX_STEP_S;
}

/** State of charge, E/E_nom (NaN without a battery). */
export function batterySoc(a: BatteryTable, i: number): number {
  return a.energyCap[i] > 0 ? a.energy[i] / a.energyCap[i] : NaN;
}

/** Power limits (W, ≥ 0) from the ratings and the C-rate. */
export function powerLimits(a: BatteryTable, i: number): { charge: number; discharge: number } {
  const c = (a.cRate[i] * a.energyCap[i]) / 3600;
  return { charge: Math.min(a.chargeMax[i], c), discharge: Math.min(a.dischargeMax[i], c) };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Advances battery `i` by `dt` seconds with the inputs in its row (load, frequency, setpoint,
 * constraint) held over the step. Returns the mean power over the step (W, + discharge).
 */
export function advanceBattery(a: BatteryTable, i: number, dt: number): number {
  const cap = a.energyCap[i];
  if (!(cap > 0) || !(dt > 0)) return 0;
  if (dt !== a.cacheDt[i]) {
    const tau = a.invTau[i];
    a.cacheDt[i] = dt;
    a.cacheLag[i] = tau > 0 ? Math.exp(-dt / tau) : 0;
    a.cacheSelf[i] = Math.exp(dt * Math.log1p(-a.selfDischarge[i]));
  }
  const etaC = a.etaCharge[i];
  const etaD = a.etaDischarge[i];
  const eMin = a.socMin[i] * cap;
  const eMax = a.socMax[i] * cap;
  const eD = a.energy[i] * a.cacheSelf[i]; // after this step's self-discharge
  const cRateLim = (a.cRate[i] * cap) / 3600;
  const disLim = Math.min(a.dischargeMax[i], cRateLim);
  const chLim = Math.min(a.chargeMax[i], cRateLim);
  // Constant power that would put the energy exactly on a bound this step (hi < 0: a battery
  // self-discharging below socMin must charge to stay in the window).
  const hi = Math.min(disLim, eD >= eMin ? ((eD - eMin) * etaD) / dt : (eD - eMin) / (etaC * dt));
  const lo = -Math.min(chLim, (eMax - eD) / (etaC * dt));

  const clock0 = a.clock[i];
  const frCap = a.frCapacity[i];
  const pFr = frCap > 0 ? clamp(stepFrequencyResponse(a, i, clock0, dt), -chLim, disLim) : 0;
  a.clock[i] = clock0 + dt;
  // The contracted response keeps its power reserved: the base mode gets the limits less it.
  const baseDis = Math.max(0, disLim - frCap);
  const baseCh = Math.max(0, chLim - frCap);
  let pBase = 0;
  const mode = a.mode[i];
  if (mode === BatteryMode.poi) {
    // SoC bounds too; the base is never forced to act against the response: its range contains 0.
    pBase = poiCommand(a, i, dt, eD, Math.max(-baseCh, Math.min(0, lo - pFr)), Math.min(baseDis, Math.max(0, hi - pFr)));
  } else {
    a.poiRef[i] = NaN;
    if (mode === BatteryMode.setpoint) pBase = clamp(a.setpoint[i], -baseCh, baseDis);
  }
  const pCmd = clamp(pFr + pBase, -chLim, disLim);

  // Inverter lag, exact for a constant command: end value, integral, and the split at zero.
  const p0 = a.power[i];
  const k = a.cacheLag[i];
  let pEnd = pCmd + (p0 - pCmd) * k;
  const tau = a.invTau[i];
  let integral = tau > 0 ? pCmd * dt + (p0 - pCmd) * tau * (1 - k) : pCmd * dt;
  let jDis: number;
  let jCh: number;
  if (tau > 0 && ((p0 > 0 && pEnd < 0) || (p0 < 0 && pEnd > 0))) {
    const tz = tau * Math.log((p0 - pCmd) / -pCmd); // P(tz) = 0
    const first = pCmd * tz + tau * p0; // ∫₀^tz P dt, same sign as p0
    jDis = p0 > 0 ? first : integral - first;
    jCh = p0 > 0 ? first - integral : -first;
  } else {
    jDis = Math.max(0, integral);
    jCh = Math.max(0, -integral);
  }
  let energy = eD + etaC * jCh - jDis / etaD;
  let limited = 0;
  if (energy > eMax) {
    pEnd = -(eMax - eD) / (etaC * dt) + 0; // + 0 turns −0 into 0
    energy = eMax;
    limited = 1;
  } else if (energy < eMin) {
    pEnd = eD >= eMin ? ((eD - eMin) * etaD) / dt : (eD - eMin) / (etaC * dt);
    energy = eMin;
    limited = 1;
  }
  if (limited) {
    integral = pEnd * dt;
    jDis = Math.max(0, integral);
    jCh = Math.max(0, -integral);
  }
  a.energy[i] = energy;
  a.power[i] = pEnd;
  const mean = integral / dt;
  a.powerMean[i] = mean;
  a.frPower[i] = pFr;
  a.basePower[i] = pBase;
  a.poi[i] = a.load[i] - mean;
  a.socLimited[i] = limited;
  a.chargedEnergy[i] += jCh;
  a.dischargedEnergy[i] += jDis;
  // The lag moves monotonically from p0 to pEnd, so the step's extremes are at its ends.
  if (pEnd > a.peakDischarge[i]) a.peakDischarge[i] = pEnd;
  if (-pEnd > a.peakCharge[i]) a.peakCharge[i] = -pEnd;
  return mean;
}
