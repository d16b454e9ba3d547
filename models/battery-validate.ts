// Parameter checks for the battery, called by the scenario loader: every physically bad or
// inconsistent value is reported at once with a hint (SI values, as the model receives them).
import { FR_MAX_POINTS, BatteryMode, resolveBatteryParams, type BatteryParams } from './battery-fields.ts';
import { BATTERY_FR_MAX_STEP_S, BATTERY_MAX_STEP_S } from './battery.ts';

export interface ParamProblem {
  field: string;
  message: string;
  hint: string;
}

const modes: number[] = Object.values(BatteryMode);

/** Problems with `params` (defaults fill what is missing), and with the internal step `step` (s) if given. */
export function validateBatteryParams(params: BatteryParams, step?: number): ParamProblem[] {
  const p = resolveBatteryParams(params);
  const out: ParamProblem[] = [];
  const bad = (field: string, message: string, hint: string) => out.push({ field, message, hint });
  for (const [k, v] of Object.entries(p)) if (typeof v === 'number' && Number.isNaN(v)) bad(k, 'is not a number', 'give a numeric value with its unit');

  if (!(p.energyCap > 0) || !Number.isFinite(p.energyCap)) bad('energyCap', `must be a positive finite energy, got ${p.energyCap} J`, 'the usable capacity, e.g. 129 MWh');
  if (!(p.dischargeMax >= 0) || !Number.isFinite(p.dischargeMax)) bad('dischargeMax', `must be ≥ 0 and finite, got ${p.dischargeMax} W`, 'the converter rating, e.g. 100 MW');
  if (!(p.chargeMax >= 0) || !Number.isFinite(p.chargeMax)) bad('chargeMax', `must be ≥ 0 and finite, got ${p.chargeMax} W`, 'omit it to use the discharge limit');
  if (!(p.cRate > 0)) bad('cRate', `must be > 0 per hour, got ${p.cRate}`, 'omit it for no C-rate limit; 1C empties the battery in an hour');
  if (!(p.etaCharge > 0 && p.etaCharge <= 1)) bad('etaCharge', `must be in (0, 1], got ${p.etaCharge}`, 'above 1 the battery would create energy; Li-ion ≈ 0.95');
  if (!(p.etaDischarge > 0 && p.etaDischarge <= 1)) bad('etaDischarge', `must be in (0, 1], got ${p.etaDischarge}`, 'above 1 the battery would create energy; Li-ion ≈ 0.95');
  if (!(p.selfDischarge >= 0 && p.selfDischarge < 1)) bad('selfDischarge', `must be in [0, 1) per second, got ${p.selfDischarge}`, 'Li-ion loses ≈ 1–3 % a month (selfDischargePerSecond converts)');
  if (!(p.socMin >= 0 && p.socMin < 1)) bad('socMin', `must be in [0, 1), got ${p.socMin}`, 'e.g. 0.1');
  if (!(p.socMax > 0 && p.socMax <= 1)) bad('socMax', `must be in (0, 1], got ${p.socMax}`, 'e.g. 0.9');
  if (p.socMin >= p.socMax) bad('socMin', `(${p.socMin}) must be below socMax (${p.socMax})`, 'the SoC limits are reversed or equal');
  else {
    if (!(p.soc >= p.socMin && p.soc <= p.socMax)) bad('soc', `initial SoC ${p.soc} lies outside the window [${p.socMin}, ${p.socMax}]`, 'start inside the SoC window');
    if (!(p.socTarget >= p.socMin && p.socTarget <= p.socMax)) bad('socTarget', `${p.socTarget} lies outside the window [${p.socMin}, ${p.socMax}]`, 'the restore target must be reachable');
  }
  if (!(p.invTau >= 0) || !Number.isFinite(p.invTau)) bad('invTau', `must be ≥ 0 and finite, got ${p.invTau} s`, 'grid converters settle in ~0.1–0.2 s: τ ≈ 0.03–0.1 s');
  if (!modes.includes(p.mode)) bad('mode', `must be one of ${modes.join(', ')}, got ${p.mode}`, 'idle, setpoint or poi');
  if (!(p.poiCeiling > 0)) bad('poiCeiling', `must be > 0 W, got ${p.poiCeiling}`, 'omit it for no peak shaving');
  if (!(p.poiRamp > 0)) bad('poiRamp', `must be > 0 W/s, got ${p.poiRamp}`, 'utilities ask for 10–30 MW/min; omit it for no ramp limit');
  if (!(p.restorePower >= 0) || !Number.isFinite(p.restorePower)) bad('restorePower', `must be ≥ 0 and finite, got ${p.restorePower} W`, 'e.g. 10 % of the power rating');
  if (!(p.constraint >= 0)) bad('constraint', `must be ≥ 0 W, got ${p.constraint}`, 'omit it for no constraint');
  // At socMin the battery charges just enough to replace its self-discharge: the charge limit must allow it.
  const leak = p.selfDischarge * p.socMin * p.energyCap;
  if (p.selfDischarge > 0 && leak > p.etaCharge * p.chargeMax)
    bad('selfDischarge', `loses more at socMin (${leak} W) than the charge limit can replace`, 'check the unit: per second, not per day (selfDischargePerSecond converts)');

  if (!(p.frCapacity >= 0) || !Number.isFinite(p.frCapacity)) bad('frCapacity', `must be ≥ 0 and finite, got ${p.frCapacity} W`, '0 disables frequency response');
  if (p.frCapacity > 0) {
    const lim = Math.min(p.dischargeMax, p.chargeMax, (p.cRate * p.energyCap) / 3600);
    if (p.frCapacity > lim) bad('frCapacity', `(${p.frCapacity} W) exceeds what the battery can deliver both ways (${lim} W)`, 'contract at most the power limit');
    if (!(p.frNominal > 0)) bad('frNominal', `must be > 0 Hz, got ${p.frNominal}`, '50 or 60 Hz');
    if (!(p.frDeadband >= 0)) bad('frDeadband', `must be ≥ 0 Hz, got ${p.frDeadband}`, 'e.g. 0.015 Hz');
    if (!(p.frLag >= 0) || !Number.isFinite(p.frLag)) bad('frLag', `must be ≥ 0 and finite, got ${p.frLag} s`, 'detection lag, e.g. 0.5 s for Dynamic Containment');
    if (!(p.frRamp > 0)) bad('frRamp', `must be > 0 capacity/s, got ${p.frRamp}`, 'omit it for no ramp limit');
    if (!(p.frHold >= 0)) bad('frHold', `must be ≥ 0 s, got ${p.frHold}`, '0 = no latch; ERCOT FFR holds 15 min');
    const c = p.frCurve;
    if (c.length === 0 || c.length > FR_MAX_POINTS) bad('frCurve', `needs 1–${FR_MAX_POINTS} points, got ${c.length}`, 'e.g. [[-0.5, 1], [-0.2, 0.05], [-0.015, 0]]');
    for (let k = 0; k < c.length; k++) {
      if (!Number.isFinite(c[k][0]) || !(Math.abs(c[k][1]) <= 1)) bad('frCurve', `point ${k} [${c[k][0]}, ${c[k][1]}] needs a finite Δf and a share in [−1, 1]`, 'shares are of the contracted power');
      if (k > 0 && c[k][0] < c[k - 1][0]) bad('frCurve', `Δf must not decrease along the curve (point ${k})`, 'sort the points by frequency');
    }
  }
  if (step !== undefined) {
    const max = p.frCapacity > 0 ? BATTERY_FR_MAX_STEP_S : BATTERY_MAX_STEP_S;
    if (!(step > 0)) bad('step', `must be > 0 s, got ${step}`, 'e.g. 10 ms');
    else if (step > max) bad('step', `${step} s is too coarse for the battery (at most ${max} s${p.frCapacity > 0 ? ' with frequency response' : ''})`, 'choose a smaller internal step');
  }
  return out;
}

/** σ per second from a share lost per day: (1 − σ)^86400 = 1 − perDay. */
export function selfDischargePerSecond(perDay: number): number {
  return -Math.expm1(Math.log1p(-perDay) / 86_400);
}
