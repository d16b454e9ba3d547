// Liquid cooling of an AI data center (issue 3): the model's public entry point and the "site
// cooling" helper the facility calls on every one of its sub-steps.
//
// The facility steps at the AI load's sub-step (ms); the cooling loop's dynamics are seconds to
// minutes, so `stepCooling` accumulates IT heat (energy, exactly) and advances the physics once per
// internal step (`stepUs`, 0.1–1 s) with the mean heat of that interval. An input change (facility
// supply temperature, flow setpoint, reuse demand) first closes the pending interval, so it takes
// effect exactly at its time; the physics then steps on from there. The table holds the state, so
// a worker can step any range of instances in place; nothing depends on the order of instances.
export * from './cooling-fields.ts';
export * from './cooling-fluids.ts';
export * from './cooling-init.ts';
export * from './cooling-validate.ts';
export { advanceCooling, updateAlarm, updateCoolingOutputs } from './cooling-step.ts';
export { PIPE_SLOTS } from './cooling-pipe.ts';
export { cduUaFromApproach, counterflowEffectiveness, counterflowNtu, plateResistance } from './cooling-physics.ts';
import { DESCHUTES, coolingDefaults, type CoolingInput, type CoolingParams, type CoolingTable } from './cooling-fields.ts';
import { advanceCooling } from './cooling-step.ts';

/**
 * Site cooling for the next `dt` seconds (any dt ≥ 0) of IT power `itHeatW` (W, mean over dt) with
 * the facility supply at `facilitySupplyK` (K; omitted = unchanged). Temperatures, alarms, heat
 * flows and energies are stored in the table. Returns the cooling electrical power (W) of the
 * latest physics step: it moves with pump speeds and heat rejection, i.e. over seconds, so holding
 * it for up to one internal step is well inside its own dynamics.
 */
export function stepCooling(a: CoolingTable, i: number, dt: number, itHeatW: number, facilitySupplyK?: number): number {
  if (facilitySupplyK !== undefined && facilitySupplyK !== a.facSupplyTemp[i]) {
    flushCooling(a, i);
    a.facSupplyTemp[i] = facilitySupplyK;
  }
  const h = a.stepUs[i] * 1e-6;
  let left = dt;
  while (left > 0) {
    const take = Math.min(left, h - a.accTime[i]);
    a.accTime[i] += take;
    a.accHeat[i] += itHeatW * take;
    left -= take;
    // A relative tolerance: sub-steps of 10 ms add up to 0.49999999… s, not 0.5 s.
    if (a.accTime[i] >= h * (1 - 1e-9)) flushCooling(a, i);
  }
  return a.coolingPower[i];
}

/** Advances the physics over the time accumulated so far (nothing if none), with its mean IT heat. */
export function flushCooling(a: CoolingTable, i: number): void {
  const t = a.accTime[i];
  if (!(t > 0)) return;
  const heat = a.accHeat[i] / t;
  a.accTime[i] = 0;
  a.accHeat[i] = 0;
  advanceCooling(a, i, t, heat);
}

/**
 * Changes an input at the current time: the interval accumulated so far is stepped with the old
 * value first. Use this (not a direct write) while a run is going.
 */
export function setCoolingInput(a: CoolingTable, i: number, field: CoolingInput, value: number): void {
  if (a[field][i] === value) return;
  flushCooling(a, i);
  a[field][i] = value;
}

/**
 * Parameters for a site whose liquid-cooled IT load is `designHeatW` at design: the C1 CDU scaled
 * by designHeat / 2 MW (flows, conductance, volumes, pump powers, plate count), so temperatures,
 * time constants, transport delays and the shares of electrical power are those of C1. A site's
 * CDUs in parallel behave as one loop with the summed quantities as long as they share the load
 * evenly. `overrides` win.
 */
export function coolingParamsForSite(designHeatW: number, overrides: CoolingParams = {}): CoolingParams {
  const k = designHeatW / DESCHUTES.heat;
  const d = coolingDefaults;
  return {
    secFlowMax: d.secFlowMax * k,
    primFlowMax: d.primFlowMax * k,
    secFlowSet: d.secFlowSet * k,
    primFlowSet: d.primFlowSet * k,
    cduUa: d.cduUa * k,
    plateCount: Math.max(1, Math.round(d.plateCount * k)),
    manifoldVolume: d.manifoldVolume * k,
    manifoldUa: d.manifoldUa * k,
    cduSecVolume: d.cduSecVolume * k,
    cduPrimVolume: d.cduPrimVolume * k,
    facilityVolume: d.facilityVolume * k,
    supplyPipeVolume: d.supplyPipeVolume * k,
    returnPipeVolume: d.returnPipeVolume * k,
    facilityPipeVolume: d.facilityPipeVolume * k,
    pumpPowerMax: d.pumpPowerMax * k,
    primPumpPowerMax: d.primPumpPowerMax * k,
    ...overrides,
  };
}
