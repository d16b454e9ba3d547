// Availability of a load for Open Energi's firm frequency response (message format 2.0.0,
// "Availability Readings" and "Example Availability Calculations"), in W; the caller converts with
// toKw100W (d2c-codec.ts) for the wire.
//   availability-ffr-low  — consumption that can be deferred (reduced) within 2 s, for up to 30 min
//   availability-ffr-high — consumption that can be brought forward (increased) within 2 s, ditto
// Both are amounts (≥ 0). Signs: a response here is + when consumption decreases (the low
// direction, what a frequency below nominal asks for) and − when it increases. The battery model
// (models/battery-fields.ts) counts power + for discharge; a discharge — or less charging — lowers
// the site's consumption, so the battery's + is this module's + too.
import { frCurveAt } from '../../../models/battery-fr.ts';
import type { BatteryTable } from '../../../models/battery-fields.ts';

export interface Availability {
  /** W of consumption that can be deferred (→ availability-ffr-low). */
  lowW: number;
  /** W of consumption that can be brought forward (→ availability-ffr-high). */
  highW: number;
}

/** The spec's 2 s: availability counts what can be delivered within this long of the reading. */
export const WITHIN_S = 2;
/** The spec's 30 min: availability must be sustainable this long. */
export const SUSTAIN_S = 1800;
/** The spec's test frequencies are nominal ± 0.5 Hz (49.5 / 50.5 Hz on a 50 Hz grid). */
export const TEST_OFFSET_HZ = 0.5;

const nonNeg = (x: number): number => (x > 0 ? x : 0);

/**
 * A two-stage (on/off) load rated `ratedW`: on, it can be switched off (low = rated, high = 0);
 * off, it can be switched on (low = 0, high = rated). The spec's example: 10 kW on → low 10 kW.
 */
export function twoStage(on: boolean, ratedW: number): Availability {
  const rated = nonNeg(ratedW);
  return on ? { lowW: rated, highW: 0 } : { lowW: 0, highW: rated };
}

export interface RampLimits {
  /** Fastest decrease of consumption, W/s (absent: no limit). */
  rampDownWps?: number;
  /** Fastest increase of consumption, W/s (absent: no limit). */
  rampUpWps?: number;
  /** Time allowed to deliver, s (default the spec's 2 s). */
  withinS?: number;
}

/**
 * A variable-speed load drawing `powerW` between `minW` and `maxW`: it can defer down to its
 * minimum and bring forward up to its maximum (the spec's example: max 10 kW at 4 kW → low 4 kW,
 * high 6 kW), each limited to what its ramp rate reaches within 2 s when one is given.
 */
export function variableSpeed(powerW: number, minW: number, maxW: number, o: RampLimits = {}): Availability {
  const within = o.withinS ?? WITHIN_S;
  const reach = (rate: number | undefined) => (rate === undefined ? Infinity : nonNeg(rate) * within);
  return {
    lowW: Math.min(nonNeg(powerW - minW), reach(o.rampDownWps)),
    highW: Math.min(nonNeg(maxW - powerW), reach(o.rampUpWps)),
  };
}

/**
 * A frequency-tracking load: low = its response at nominal − 0.5 Hz, high = its response at
 * nominal + 0.5 Hz. `responseAt(f)` is W, + = consumption decrease. A response in the wrong
 * direction (consumption rising at low frequency) offers nothing: each side is clamped at 0.
 */
export function frequencyTracking(responseAt: (fHz: number) => number, nominalHz: number): Availability {
  return {
    lowW: nonNeg(responseAt(nominalHz - TEST_OFFSET_HZ)),
    highW: nonNeg(-responseAt(nominalHz + TEST_OFFSET_HZ)),
  };
}

export interface BatteryResponseOptions {
  /** Delivery time allowed, s (default 2): the detection lag and the response ramp eat into it. */
  withinS?: number;
  /** Time the response must be sustainable from the stored energy, s (default 1800; 0 = only the SoC window's ends). */
  sustainS?: number;
}

/**
 * The response battery `i` would give at frequency f (W, + = consumption decrease = the battery
 * discharges more or charges less), as models/battery-fr.ts computes it in steady state: the
 * deadband, then the curve × frCapacity. `f` is the frequency the algorithm acts on: to include
 * Open Energi signals, pass the effective frequency (models/effective-frequency.ts) — the row's
 * frAdd / frMulHigh / frMulLow are not applied here, so the caller applies them once. Then limited to
 *  - what the response ramp reaches within `withinS` after the detection lag,
 *  - the power limits (discharge / charge limit and C-rate, as models/battery.ts),
 *  - the energy inside the SoC window: a discharge only as large as the energy above socMin can
 *    sustain for `sustainS` (after η_d), a charge only as large as the room below socMax can take
 *    (after η_c). An empty battery cannot discharge, a full one cannot charge.
 * The base mode is not subtracted: the model reserves frCapacity for the response.
 */
export function batteryResponseAt(a: BatteryTable, i: number, o: BatteryResponseOptions = {}): (fHz: number) => number {
  const within = o.withinS ?? WITHIN_S;
  const sustain = o.sustainS ?? SUSTAIN_S;
  const cap = a.energyCap[i];
  const cRateLim = (a.cRate[i] * cap) / 3600;
  const energy = a.energy[i];
  const eMin = a.socMin[i] * cap;
  const eMax = a.socMax[i] * cap;
  // Share of frCapacity reachable in time: Infinity·t is Infinity (no ramp limit); none if the lag uses up the time.
  const reachShare = within > a.frLag[i] ? a.frRamp[i] * (within - a.frLag[i]) : 0;
  let disLim = Math.min(a.dischargeMax[i], cRateLim);
  let chLim = Math.min(a.chargeMax[i], cRateLim);
  if (energy <= eMin) disLim = 0;
  else if (sustain > 0) disLim = Math.min(disLim, ((energy - eMin) * a.etaDischarge[i]) / sustain);
  if (energy >= eMax) chLim = 0;
  else if (sustain > 0) chLim = Math.min(chLim, (eMax - energy) / (a.etaCharge[i] * sustain));
  const f0 = a.frNominal[i];
  return (f: number) => {
    const df = f - f0;
    const share = Math.abs(df) <= a.frDeadband[i] ? 0 : frCurveAt(a, i, df);
    const reached = Math.max(-reachShare, Math.min(reachShare, share));
    const w = a.frCapacity[i] * reached;
    return Math.max(-nonNeg(chLim), Math.min(nonNeg(disLim), w)) + 0; // + 0: no −0
  };
}

/** The battery's availability (W): frequencyTracking over batteryResponseAt at its nominal frequency. */
export function batteryAvailability(a: BatteryTable, i: number, o: BatteryResponseOptions = {}): Availability {
  return frequencyTracking(batteryResponseAt(a, i, o), a.frNominal[i]);
}
