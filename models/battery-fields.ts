// The battery's own struct-of-arrays layout: parameters (set once from the scenario), inputs (set
// by the caller before each sub-step), state (carried from step to step) and outputs (overwritten
// by each step). All SI: W, J, s, Hz; shares and SoC 0..1; power + = discharge (it lowers the POI).
import { SoaTable } from '../sim/workers/soa.ts';
import type { CurvePoint } from './response-curves.ts';

/** Most points a frequency-response curve may have (DC low + DC high together need 6). */
export const FR_MAX_POINTS = 8;
/** Slots of the frequency history ring (detection lag), sampled every lag/FR_HIST_PER_LAG seconds. */
export const FR_HIST_SLOTS = 16;
export const FR_HIST_PER_LAG = 12;

export const batteryParamFields = [
  'energyCap', // E_nominal: usable energy at SoC = 1, J
  'dischargeMax', // discharge power limit, W
  'chargeMax', // charge power limit, W
  'cRate', // C-rate limit, 1/h: |P| ≤ cRate·energyCap/3600 s (Infinity = none)
  'etaCharge', // η_c: share of the charging power that is stored
  'etaDischarge', // η_d: share of the withdrawn energy delivered at the terminals
  'selfDischarge', // σ: share of the stored energy lost per second, 1/s
  'socMin', // SoC window, lower bound
  'socMax', // SoC window, upper bound
  'invTau', // τ_inv: inverter first-order lag, s (0 = instantaneous)
  'mode', // BatteryMode: the base mode (frequency response adds on top when frCapacity > 0)
  'poiCeiling', // POI mode: the POI is kept at or below this, W (Infinity = no peak shaving)
  'poiRamp', // POI mode: largest rate of change of the POI, W/s (Infinity = no ramp limit)
  'socTarget', // POI mode: SoC the battery restores to when the POI allows it
  'restorePower', // POI mode: power used to restore socTarget, W
  'frCapacity', // frequency response: contracted power, W (0 = no frequency response)
  'frNominal', // f0 of the curve, Hz
  'frDeadband', // no response while |f − f0| ≤ deadband, Hz
  'frLag', // detection lag, s: the response acts on the frequency measured this long ago
  'frRamp', // ramp limit of the response, capacity per second (Infinity = none)
  'frHold', // once triggered, hold the largest request this long, s (0 = no latch)
  'frPoints', // number of curve points used (0..FR_MAX_POINTS)
  // curve points: Δf = f − f0 (Hz, non-decreasing) → share of capacity (+ discharge, − charge)
  'frX0', 'frX1', 'frX2', 'frX3', 'frX4', 'frX5', 'frX6', 'frX7',
  'frY0', 'frY1', 'frY2', 'frY3', 'frY4', 'frY5', 'frY6', 'frY7',
] as const;

export const batteryInputFields = [
  'load', // POI load without the battery, W (POI mode)
  'frequency', // grid frequency, Hz (frequency response)
  // Open Energi portfolio-management signals: the response acts on the effective frequency
  // f0 + m·(f − f0) + a/2, m = frMulHigh above f0, frMulLow below (models/effective-frequency.ts)
  'frAdd', // oe-add, Hz (default 0)
  'frMulHigh', // oe-multiply-high (default 1)
  'frMulLow', // oe-multiply-low (default 1)
  'setpoint', // commanded power, W, + discharge (setpoint mode)
  'constraint', // active grid constraint on the POI, W: recharging never pushes the POI above it
] as const;

export const batteryStateFields = [
  'energy', // stored energy, J
  'power', // inverter output at the end of the last step, W
  'poiRef', // POI mode: ramp-limited POI reference, W (NaN = start from the actual POI)
  'frLevel', // delivered share of frCapacity after the ramp limit
  'frHeld', // latched request (hold)
  'frHoldUntil', // end of the latch on the battery's clock, s (NaN = not latched)
  'clock', // time since initialisation, s (the frequency history and the latch run on it)
  'histCount', // frequency samples taken so far; sample k is at clock k·lag/12
  'fh0', 'fh1', 'fh2', 'fh3', 'fh4', 'fh5', 'fh6', 'fh7',
  'fh8', 'fh9', 'fh10', 'fh11', 'fh12', 'fh13', 'fh14', 'fh15',
  'cacheDt', // step length the two factors below were computed for, s (set NaN after changing invTau or selfDischarge)
  'cacheLag', // e^(−dt/τ_inv)
  'cacheSelf', // (1 − σ)^dt
] as const;

export const batteryOutputFields = [
  'powerMean', // mean power over the last step, W (+ discharge)
  'frPower', // frequency-response part of the last command, W
  'basePower', // base-mode part of the last command, W
  'poi', // POI over the last step: load − powerMean, W
  'socLimited', // 1 when the SoC window cut the power in the last step
  'chargedEnergy', // energy drawn at the terminals since initialisation, J
  'dischargedEnergy', // energy delivered at the terminals since initialisation, J
  'peakCharge', // largest charging power so far, W (≥ 0)
  'peakDischarge', // largest discharging power so far, W (≥ 0)
] as const;

export const batteryFields = [...batteryParamFields, ...batteryInputFields, ...batteryStateFields, ...batteryOutputFields] as const;

export type BatteryField = (typeof batteryFields)[number];
export type BatteryParam = (typeof batteryParamFields)[number];
export type BatteryInput = (typeof batteryInputFields)[number];
export type BatteryTable = Record<BatteryField, Float64Array>;

/** Base modes. Frequency response is not a base mode: it adds on top of any of them. */
export const BatteryMode = { idle: 0, setpoint: 1, poi: 2 } as const;

export const frXFields = ['frX0', 'frX1', 'frX2', 'frX3', 'frX4', 'frX5', 'frX6', 'frX7'] as const;
export const frYFields = ['frY0', 'frY1', 'frY2', 'frY3', 'frY4', 'frY5', 'frY6', 'frY7'] as const;
export const histFields = ['fh0', 'fh1', 'fh2', 'fh3', 'fh4', 'fh5', 'fh6', 'fh7', 'fh8', 'fh9', 'fh10', 'fh11', 'fh12', 'fh13', 'fh14', 'fh15'] as const;

type Scalar = Exclude<BatteryParam, (typeof frXFields)[number] | (typeof frYFields)[number]> | BatteryInput;

/**
 * Defaults. η_c = η_d = 0.95 (round trip 0.90, Li-ion at the converter terminals; the scenario
 * schema's default too); SoC window 10–90 % (reference case B2); no self-discharge (Li-ion loses
 * ≈ 1–3 %/month, negligible against the hour-scale cycles modelled; set it for long idle spans);
 * τ_inv = 50 ms (a grid-scale converter's power loop settles within ~100–200 ms: 95 % at 3τ =
 * 150 ms); restore power NaN = 10 % of the discharge limit (the scenario's recharge default);
 * restore target NaN = socMax (recharge to full, today's peak-shaving behaviour).
 */
export const batteryDefaults: Record<Scalar, number> = {
  energyCap: 0,
  dischargeMax: 0,
  chargeMax: NaN, // NaN = same as dischargeMax
  cRate: Infinity,
  etaCharge: 0.95,
  etaDischarge: 0.95,
  selfDischarge: 0,
  socMin: 0.1,
  socMax: 0.9,
  invTau: 0.05,
  mode: BatteryMode.idle,
  poiCeiling: Infinity,
  poiRamp: Infinity,
  socTarget: NaN,
  restorePower: NaN,
  frCapacity: 0,
  frNominal: 50,
  frDeadband: 0,
  frLag: 0,
  frRamp: Infinity,
  frHold: 0,
  frPoints: 0,
  load: 0,
  frequency: NaN, // NaN = frNominal
  frAdd: 0,
  frMulHigh: 1,
  frMulLow: 1,
  setpoint: 0,
  constraint: Infinity,
};

export type BatteryParams = Partial<Record<Scalar, number>> & {
  /** Initial state of charge; default the middle of the SoC window. */
  soc?: number;
  /** Frequency-response curve [Δf Hz, share]; sets frPoints and the point fields. */
  frCurve?: readonly CurvePoint[];
};

/** Fills NaN "same as" defaults; the values the step and the validator use. */
export function resolveBatteryParams(params: BatteryParams): Record<Scalar, number> & { soc: number; frCurve: readonly CurvePoint[] } {
  const p = { ...batteryDefaults, ...params };
  if (Number.isNaN(p.chargeMax)) p.chargeMax = p.dischargeMax;
  if (Number.isNaN(p.socTarget)) p.socTarget = p.socMax;
  if (Number.isNaN(p.restorePower)) p.restorePower = 0.1 * p.dischargeMax;
  if (Number.isNaN(p.frequency)) p.frequency = p.frNominal;
  const frCurve = params.frCurve ?? [];
  p.frPoints = frCurve.length;
  return { ...p, soc: params.soc ?? (p.socMin + p.socMax) / 2, frCurve };
}

/** Writes instance `i`'s parameters, inputs and initial state (idle inverter, frequency history steady). */
export function initBattery(a: BatteryTable, i: number, params: BatteryParams = {}): void {
  const p = resolveBatteryParams(params);
  for (const k of Object.keys(batteryDefaults) as Scalar[]) a[k][i] = p[k];
  for (let k = 0; k < FR_MAX_POINTS; k++) {
    const pt = p.frCurve[k];
    a[frXFields[k]][i] = pt ? pt[0] : NaN;
    a[frYFields[k]][i] = pt ? pt[1] : NaN;
  }
  a.energy[i] = p.soc * p.energyCap;
  a.power[i] = 0;
  a.poiRef[i] = NaN;
  a.frLevel[i] = 0;
  a.frHeld[i] = 0;
  a.frHoldUntil[i] = NaN;
  a.clock[i] = 0;
  a.histCount[i] = 0;
  for (const f of histFields) a[f][i] = p.frequency; // a steady grid before the start
  a.cacheDt[i] = NaN;
  a.cacheLag[i] = 0;
  a.cacheSelf[i] = 1;
  for (const f of batteryOutputFields) a[f][i] = 0;
  a.poi[i] = p.load;
}

/** A table of `params.length` batteries, each initialised by `initBattery`. */
export function makeBatteryTable(...params: BatteryParams[]): SoaTable<BatteryField> {
  const t = new SoaTable(batteryFields, params.length);
  params.forEach((p, i) => initBattery(t.arrays, i, p));
  return t;
}
