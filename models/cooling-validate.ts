// Parameter checks for the liquid-cooling loop, called by the scenario loader: every physically
// bad or inconsistent value is reported at once with a hint (SI values, as the model receives
// them: temperatures in K, flows in kg/s, volumes in m³).
import { COOLING_MAX_STEP_US, T0C, coolingDefaults, type CoolingParams } from './cooling-fields.ts';

export interface ParamProblem {
  field: string;
  message: string;
  hint: string;
}

const positive = ['secFlowMax', 'primFlowMax', 'secRho', 'secCp', 'primRho', 'primCp', 'cduUa', 'plateTau'] as const;
const volumes = ['manifoldVolume', 'cduSecVolume', 'cduPrimVolume', 'facilityVolume', 'supplyPipeVolume', 'returnPipeVolume', 'facilityPipeVolume'] as const;
const nonNegative = ['manifoldUa', 'plateRBase', 'plateRConv', 'pumpRampTime', 'valveStrokeTime', 'pumpPowerMax', 'primPumpPowerMax', 'secFlowSet', 'primFlowSet', 'reuseDemand', 'alarmHysteresis'] as const;
const shares = ['liquidShare', 'rejectionCoef', 'airCoolingCoef'] as const;
/** Temperatures of liquid water/glycol at atmospheric pressure: 0–100 °C. */
const liquidTemps = ['facSupplyTemp', 'supplyLowLimit', 'supplyHighWarn', 'supplyHighCrit', 'reuseMinTemp', 'ambientTemp'] as const;

/** Problems with `params` (defaults fill what is missing); empty when the instance can run. */
export function validateCoolingParams(params: CoolingParams): ParamProblem[] {
  const p = { ...coolingDefaults, ...params };
  const out: ParamProblem[] = [];
  const bad = (field: string, message: string, hint: string) => out.push({ field, message, hint });
  for (const [k, v] of Object.entries(p)) if (Number.isNaN(v)) bad(k, 'is not a number', 'give a numeric value with its unit');

  for (const k of positive) if (!(p[k] > 0) || !Number.isFinite(p[k])) bad(k, `must be positive and finite, got ${p[k]}`, 'a physical property or design value of the loop');
  for (const k of volumes)
    if (!(p[k] > 0) || !Number.isFinite(p[k])) bad(k, `must be a positive finite volume, got ${p[k]} m³`, 'every node and pipe holds some fluid; use a small volume (e.g. 0.01 m³) for a short pipe');
  for (const k of nonNegative) if (!(p[k] >= 0) || !Number.isFinite(p[k])) bad(k, `must be ≥ 0 and finite, got ${p[k]}`, '0 switches the effect off');
  for (const k of shares) if (!(p[k] >= 0 && p[k] <= 1)) bad(k, `must be in [0, 1], got ${p[k]}`, k === 'liquidShare' ? 'the share of IT heat captured by the liquid loop' : 'electrical W per W of heat; above 1 the plant would have a COP below 1');
  for (const k of liquidTemps)
    if (!(p[k] > T0C && p[k] < T0C + 100))
      bad(k, `must be between 0 °C and 100 °C (273.15–373.15 K), got ${p[k]} K`, p[k] >= 0 && p[k] <= 100 ? 'this looks like °C given as K; write the unit, e.g. "26.8 degC"' : 'the coolant must stay liquid');

  if (!(p.cduSecShare > 0 && p.cduSecShare < 1)) bad('cduSecShare', `must be in (0, 1), got ${p.cduSecShare}`, 'the share of the CDU resistance on the IT side, 0.5 for a symmetric plate exchanger');
  if (!(p.uaFlowExp > 0 && p.uaFlowExp <= 1)) bad('uaFlowExp', `must be in (0, 1], got ${p.uaFlowExp}`, '0.8 for turbulent convection (Dittus–Boelter)');
  if (!(p.plateFlowExp >= 0 && p.plateFlowExp <= 1)) bad('plateFlowExp', `must be in [0, 1], got ${p.plateFlowExp}`, '0.8 for turbulent convection; 0 if R does not depend on flow');
  if (!(p.plateCount >= 1) || !Number.isInteger(p.plateCount)) bad('plateCount', `must be a positive integer, got ${p.plateCount}`, 'e.g. one 1 kW plate per kW of liquid-cooled IT load');
  if (p.plateRBase + p.plateRConv === 0) bad('plateRConv', 'cold-plate resistance is zero', 'give the plate\'s thermal resistance (e.g. from the C2 fit)');

  if (p.supplyLowLimit < p.supplyHighWarn && p.supplyHighWarn <= p.supplyHighCrit) {
    if (p.alarmHysteresis * 2 >= p.supplyHighWarn - p.supplyLowLimit)
      bad('alarmHysteresis', `(${p.alarmHysteresis} K) is too wide for the band between the limits`, 'keep it below half the gap between the low and the high warning limit, e.g. 0.5 K');
  } else {
    bad('supplyHighWarn', `limits out of order: low ${p.supplyLowLimit} K, warning ${p.supplyHighWarn} K, critical ${p.supplyHighCrit} K`, 'need low < high warning ≤ high critical');
  }

  if (!(p.stepUs > 0) || !Number.isInteger(p.stepUs)) bad('stepUs', `must be a positive whole number of µs, got ${p.stepUs}`, 'e.g. 500 ms; 100 ms–1 s');
  else if (p.stepUs > COOLING_MAX_STEP_US)
    bad('stepUs', `${p.stepUs / 1e6} s is too coarse for the cooling loop (at most ${COOLING_MAX_STEP_US / 1e6} s)`, 'the 2 s cold-plate lag needs a step ≤ 1 s; choose 100 ms–1 s');
  else if (p.returnPipeVolume > 0 && p.secRho > 0 && p.secFlowMax > 0) {
    // The loop is closed in one pass through the return pipe: its delay at full flow must cover a step.
    const delay = (p.returnPipeVolume * p.secRho) / p.secFlowMax;
    if (delay < p.stepUs * 1e-6)
      bad('stepUs', `${p.stepUs / 1e6} s is longer than the return pipe's transport delay at full flow (${delay.toFixed(3)} s)`, 'choose a step no longer than the return-pipe delay, or a larger returnPipeVolume');
  }
  return out;
}
