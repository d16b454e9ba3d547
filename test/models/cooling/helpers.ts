// Test helpers for the liquid-cooling loop: tables in SI units, stepping as the facility does
// (fixed sub-steps through `stepCooling`), °C conversion and the energy held in the loop.
import { PIPE_SLOTS, T0C, makeCoolingTable, initCooling, stepCooling, type CoolingField, type CoolingParams, type CoolingTable } from '../../../models/cooling-loop.ts';
import type { SoaTable } from '../../../sim/workers/soa.ts';

export const degC = (t: number) => t - T0C;
export const K = (c: number) => c + T0C;

/** A one-instance table started at the steady state for `itHeatW` (0 = cold). */
export function loop(params: CoolingParams = {}, itHeatW = 0): SoaTable<CoolingField> {
  const t = makeCoolingTable(params);
  initCooling(t.arrays, 0, params, itHeatW);
  return t;
}

/**
 * Steps instance `i` for `seconds` in sub-steps of `sub` s with IT heat `heat(t)` (t = time since
 * the call's start at the sub-step's start); `each` runs after every sub-step.
 */
export function run(a: CoolingTable, seconds: number, sub: number, heat: number | ((t: number) => number), each?: (t: number) => void, i = 0): void {
  const n = Math.round(seconds / sub);
  for (let k = 0; k < n; k++) {
    stepCooling(a, i, sub, typeof heat === 'number' ? heat : heat(k * sub));
    each?.((k + 1) * sub);
  }
}

/** Heat held by the loop's fluid and plates relative to 0 K, J (nodes plus the pipes' contents). */
export function storedHeat(a: CoolingTable, i = 0): number {
  const cs = a.secRho[i] * a.secCp[i];
  const cp = a.primRho[i] * a.primCp[i];
  const pipeMean = (p: string) => {
    let s = 0;
    for (let k = 0; k < PIPE_SLOTS; k++) s += a[`${p}${k}` as CoolingField][i];
    return s / PIPE_SLOTS;
  };
  return (
    a.plateTau[i] * a.secFlowMax[i] * a.secCp[i] * a.tPlate[i] +
    cs * (a.manifoldVolume[i] * a.tManifold[i] + a.cduSecVolume[i] * a.tCduSec[i]) +
    cs * (a.supplyPipeVolume[i] * pipeMean('supPipe') + a.returnPipeVolume[i] * pipeMean('retPipe')) +
    cp * (a.cduPrimVolume[i] * a.tCduPrim[i] + a.facilityVolume[i] * a.tFacility[i] + a.facilityPipeVolume[i] * pipeMean('facPipe'))
  );
}
