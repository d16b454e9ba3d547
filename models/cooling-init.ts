// Initial state of the cooling loop: parameters and inputs written (defaults where not given),
// actuators at their setpoints and every temperature at the loop's steady state for a given IT
// heat, so a run can start in operation instead of warming up for half an hour of simulated time.
import { SoaTable } from '../sim/workers/soa.ts';
import { coolingDefaults, coolingFields, tablePipes, type CoolingField, type CoolingInput, type CoolingParam, type CoolingParams, type CoolingTable } from './cooling-fields.ts';
import { PIPE_SLOTS, pipeFill } from './cooling-pipe.ts';
import { counterflowEffectiveness, cduConductance } from './cooling-physics.ts';
import { updateCoolingOutputs } from './cooling-step.ts';

const clamp01 = (x: number) => (x > 1 ? 1 : x > 0 ? x : 0);

/** Steady-state temperatures of the loop (K) and the heat through the CDU (W). */
export interface CoolingSteadyState {
  rackSupply: number;
  plate: number;
  rackReturn: number;
  cduHeat: number;
  facilityReturn: number;
}

/**
 * The loop at rest with constant IT heat, flows and facility supply. With x the rack supply:
 * plate = x + Q/G_s; manifold = α·plate + (1 − α)·T_amb (α = G_s/(G_s + UA_m)); the CDU cools the
 * return by ε·C_min·(return − T_fs)/G_s back to x. Linear in x, solved directly. Without flow on
 * either side there is no steady state with heat; everything is then at the facility supply.
 */
export function coolingSteadyState(a: CoolingTable, i: number, itHeatW: number): CoolingSteadyState {
  const tFs = a.facSupplyTemp[i];
  const ms = clamp01(a.secFlowSet[i] / a.secFlowMax[i]) * a.secFlowMax[i];
  const mp = clamp01(a.primFlowSet[i] / a.primFlowMax[i]) * a.primFlowMax[i];
  const gs = ms * a.secCp[i];
  const gp = mp * a.primCp[i];
  if (!(gs > 0 && gp > 0)) return { rackSupply: tFs, plate: tFs, rackReturn: tFs, cduHeat: 0, facilityReturn: tFs };
  const ua = cduConductance(a.cduUa[i], a.cduSecShare[i], a.uaFlowExp[i], ms, a.secFlowMax[i], mp, a.primFlowMax[i]);
  const cMin = Math.min(gs, gp);
  const eC = counterflowEffectiveness(ua / cMin, cMin / Math.max(gs, gp)) * cMin; // not via the cache: these are the setpoint flows, not the current ones
  const qLiq = a.liquidShare[i] * itHeatW;
  const uaM = a.manifoldUa[i];
  const alpha = gs / (gs + uaM);
  const beta = alpha * (qLiq / gs) + (1 - alpha) * a.ambientTemp[i];
  const r = eC / gs;
  const x = (beta * (1 - r) + r * tFs) / (1 - alpha * (1 - r));
  const rackReturn = alpha * x + beta;
  const cduHeat = eC * (rackReturn - tFs);
  return { rackSupply: x, plate: x + qLiq / gs, rackReturn, cduHeat, facilityReturn: tFs + cduHeat / gp };
}

/**
 * Writes instance `i`'s parameters and inputs (defaults where not given) and starts it at the
 * steady state for IT power `itHeatW` (W; 0 = everything at the facility supply temperature),
 * with the pump and valve already at their setpoints and no alarm counted.
 */
export function initCooling(a: CoolingTable, i: number, params: CoolingParams = {}, itHeatW = 0): void {
  const p = { ...coolingDefaults, ...params };
  for (const k of Object.keys(p) as (CoolingParam | CoolingInput)[]) a[k][i] = p[k];
  a.pumpSpeed[i] = clamp01(p.secFlowSet / p.secFlowMax);
  a.valvePos[i] = clamp01(p.primFlowSet / p.primFlowMax);
  a.cacheSecFlow[i] = a.cachePrimFlow[i] = NaN; // parameters may have changed under the cache
  a.secFlow[i] = a.pumpSpeed[i] * p.secFlowMax;
  a.primFlow[i] = a.valvePos[i] * p.primFlowMax;
  const s = coolingSteadyState(a, i, itHeatW);
  a.tRackSupply[i] = a.tCduSec[i] = s.rackSupply;
  a.tPlate[i] = s.plate;
  a.tManifold[i] = a.tCduIn[i] = s.rackReturn;
  a.tCduPrim[i] = a.tFacReturn[i] = a.tFacility[i] = s.facilityReturn;
  const pipes = tablePipes(a);
  pipeFill(pipes.sup, i, s.rackSupply);
  pipeFill(pipes.ret, i, s.rackReturn);
  pipeFill(pipes.fac, i, s.facilityReturn);
  a.supHead[i] = a.retHead[i] = a.facHead[i] = PIPE_SLOTS - 1;
  a.cduHeat[i] = s.cduHeat;
  a.accTime[i] = a.accHeat[i] = 0;
  a.alarmLevel[i] = a.alarmKind[i] = a.alarmCount[i] = a.alarmTime[i] = 0;
  a.itHeatEnergy[i] = a.coolingEnergy[i] = a.recoveredEnergy[i] = a.rejectedEnergy[i] = 0;
  updateCoolingOutputs(a, i, itHeatW);
}

/** A table of `params.length` instances, each initialised by `initCooling` (cold: no IT heat yet). */
export function makeCoolingTable(...params: CoolingParams[]): SoaTable<CoolingField> {
  const t = new SoaTable(coolingFields, params.length);
  params.forEach((p, i) => initCooling(t.arrays, i, p));
  return t;
}
