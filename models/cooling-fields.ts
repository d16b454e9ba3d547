// The liquid-cooling loop's struct-of-arrays layout, its defaults and its initial state. All SI:
// W, J, s, K (temperatures are absolute), kg/s, m³; shares 0..1.
//
// Loop topology (one lumped loop per instance; a site's CDUs in parallel are one loop with the
// summed flows, volumes, conductances and pump powers — see `coolingParamsForSite`):
//
//   IT heat ─▶ cold plate ─▶ rack manifold ─▶ return pipe ─▶ CDU secondary ─▶ supply pipe ─┐
//                  ▲                              (delay)        ║ ε-NTU        (delay)      │
//                  └──────────────────────────────────────────── ║ ──────────────────────────┘
//   facility supply (input) ─────────────────────────────▶ CDU primary ─▶ facility pipe ─▶ facility water ─▶ reuse / heat rejection
import { SoaTable } from '../sim/workers/soa.ts';
import { OCP_PLATE_FIT, PG25, PLATE_FLOW_EXP, WATER, plateRConvFor } from './cooling-fluids.ts';
import { pipeSlotFields } from './cooling-pipe.ts';
import { cduUaFromApproach } from './cooling-physics.ts';

/** 0 °C in kelvin. */
export const T0C = 273.15;

export const coolingParamFields = [
  'stepUs', // internal step, µs (≤ COOLING_MAX_STEP_US)
  'secFlowMax', // IT-loop (secondary) mass flow at 100 % pump speed, kg/s
  'primFlowMax', // facility (primary) mass flow through the CDU with the valve fully open, kg/s
  'secRho', // secondary coolant density, kg/m³
  'secCp', // secondary coolant specific heat, J/(kg·K)
  'primRho', // facility water density, kg/m³
  'primCp', // facility water specific heat, J/(kg·K)
  'cduUa', // CDU conductance at secFlowMax and primFlowMax, W/K
  'cduSecShare', // share of the CDU's thermal resistance on the secondary side at those flows (r)
  'uaFlowExp', // exponent n of hA ∝ ṁ^n on each side of the CDU
  'plateCount', // cold plates sharing the IT heat and the secondary flow (per-plate R(V̇) and Q)
  'plateRBase', // cold-plate resistance, flow-independent part, K/W
  'plateRConv', // cold-plate convective resistance at 1 L/min with the secondary coolant, K/W
  'plateFlowExp', // exponent of R_conv ∝ V̇^−n
  'plateTau', // cold-plate outlet time constant at secFlowMax, s (sets the node's heat capacity)
  'liquidShare', // share of IT power captured by the liquid loop (the rest is air-cooled)
  'manifoldVolume', // rack return manifolds and hoses, m³
  'manifoldUa', // heat exchange of the manifolds with the room, W/K (0 = insulated)
  'ambientTemp', // room temperature around the racks, K
  'cduSecVolume', // CDU secondary hold-up (exchanger + reservoir), m³
  'cduPrimVolume', // CDU primary hold-up, m³
  'facilityVolume', // well-mixed facility water volume ahead of the heat rejection, m³
  'supplyPipeVolume', // CDU → racks, m³ (transport delay)
  'returnPipeVolume', // racks → CDU, m³ (transport delay)
  'facilityPipeVolume', // CDU → heat rejection plant, m³ (transport delay)
  'pumpRampTime', // secondary pump: time for 0 → 100 % speed, s (same down)
  'valveStrokeTime', // primary valve: time for a full stroke, s
  'pumpPowerMax', // CDU electrical power at 100 % pump speed, W (∝ flow³)
  'primPumpPowerMax', // facility pump power at primFlowMax, W (∝ flow³)
  'rejectionCoef', // heat-rejection electrical power per W rejected (dry-cooler fans)
  'airCoolingCoef', // electrical power per W of air-cooled IT heat (CRAH fans + chiller)
  'supplyLowLimit', // rack supply low limit (condensation), K → warning
  'supplyHighWarn', // rack supply high warning limit, K
  'supplyHighCrit', // rack supply high critical limit, K
  'alarmHysteresis', // an active alarm clears this far inside its limit, K
  'reuseMinTemp', // facility water above this temperature is useful to the heat-reuse consumer, K
] as const;

export const coolingInputFields = [
  'secFlowSet', // secondary flow setpoint, kg/s (→ pump speed target)
  'primFlowSet', // primary flow setpoint, kg/s (→ valve position target)
  'facSupplyTemp', // facility water supply temperature at the CDU, K
  'reuseDemand', // heat the reuse consumer can take, W (0 = no heat reuse)
] as const;

export const coolingStateFields = [
  'pumpSpeed', // secondary pump speed, share of 100 %
  'valvePos', // primary valve position, share of fully open
  'tPlate', // cold-plate outlet (node) temperature, K
  'tManifold', // rack return manifold temperature = rack return, K
  'tCduSec', // CDU secondary outlet temperature, K
  'tCduPrim', // CDU primary outlet = facility return at the CDU, K
  'tFacility', // facility water temperature at the heat rejection, K
  'tRackSupply', // supply pipe outlet = cold-plate inlet = rack supply, K
  'tCduIn', // return pipe outlet = CDU secondary inlet, K
  'tFacReturn', // facility pipe outlet, K
  'supHead', // pipe heads (slices, see cooling-pipe.ts)
  'retHead',
  'facHead',
  'accTime', // time accumulated by stepCooling since the last physics step, s
  'accHeat', // IT heat accumulated over accTime, J
  'alarmLevel', // 0 normal, 1 warning, 2 critical
  'alarmKind', // +1 high, −1 low, 0 none
  'alarmCount', // alarms raised so far (each rise of the level counts once)
  'alarmTime', // time spent with an alarm active, s
  'itHeatEnergy', // IT heat received, J
  'coolingEnergy', // cooling electrical energy, J
  'recoveredEnergy', // heat delivered for reuse, J
  'rejectedEnergy', // heat rejected by the plant, J
  'cacheSecFlow', // flows for which cacheEpsC and cachePlateR were computed, kg/s (NaN = none)
  'cachePrimFlow',
  'cacheEpsC', // ε·C_min of the CDU at those flows, W/K
  'cachePlateR', // cold-plate resistance at that secondary flow, K/W
] as const;

export const coolingOutputFields = [
  'itHeat', // mean IT heat over the last physics step, W
  'secFlow', // secondary mass flow over the last step, kg/s
  'primFlow', // primary mass flow over the last step, kg/s
  'caseTemp', // cold-plate case temperature, K
  'cduHeat', // heat through the CDU exchanger at the end of the step, W
  'heatRecovered', // heat delivered for reuse, W
  'heatRejected', // heat rejected by the plant (negative: the plant heats), W
  'airHeat', // IT heat left to the air, W
  'cduPower', // CDU electrical power (secondary pumps), W
  'primPumpPower', // facility pump power, W
  'rejectionPower', // heat-rejection electrical power, W
  'airCoolingPower', // air-side cooling electrical power, W
  'coolingPower', // total cooling electrical power, W
] as const;

export const coolingFields = [
  ...coolingParamFields,
  ...coolingInputFields,
  ...coolingStateFields,
  ...coolingOutputFields,
  ...pipeSlotFields('supPipe'),
  ...pipeSlotFields('retPipe'),
  ...pipeSlotFields('facPipe'),
] as const;

export type CoolingField = (typeof coolingFields)[number];
export type CoolingParam = (typeof coolingParamFields)[number];
export type CoolingInput = (typeof coolingInputFields)[number];
export type CoolingTable = Record<CoolingField, Float64Array>;
export type CoolingParams = Partial<Record<CoolingParam | CoolingInput, number>>;

/**
 * Largest internal step, µs. The node updates are exact exponentials (stable at any step); the
 * limit is accuracy: the 2 s cold-plate lag and the IT heat averaged over a step need a step
 * ≤ τ/2, alarms and actuator limits are resolved at the step, and the loop closes through the
 * return pipe in one pass only while its delay is ≥ the step (checked too).
 */
export const COOLING_MAX_STEP_US = 1_000_000;

/** The C1 design point (Google "Project Deschutes" CDU, LBNL Modelica Buildings data record). */
export const DESCHUTES = {
  heat: 2e6,
  facilitySupply: T0C + 26.8,
  approach: 3,
  secFlow: 31.48,
  secCp: PG25.cp,
  primFlow: 32.3,
  primCp: WATER.cp,
};

/**
 * Defaults: one 2 MW CDU as in C1, PG25 IT loop, water facility loop, 1 kW cold plates. Sources
 * and reasoning for each value are in docs/model-validation.md (liquid cooling); in short:
 * flows and approach from C1; cold plate from the C2 fit; τ = 2 s from C3; volumes for a row-level
 * CDU (≈ 30 m of DN150 each way ⇒ 0.5 m³, 16 s; facility ≈ 100 m of DN200 ⇒ 3 m³, 93 s);
 * actuators 120 s / 30 s (reference-cases.md); CDU pumps 74 kW at full flow (C1); facility pumps
 * 250 kPa at 55 % wire-to-water ⇒ 15 kW; dry coolers 2 % of heat rejected; air side 0.25 W/W.
 */
export const coolingDefaults: Record<CoolingParam | CoolingInput, number> = {
  stepUs: 1_000_000, // the maximum: C3 is exact at 1 s and 1 s stays within 0.04 K of 100 ms (tests)
  secFlowMax: DESCHUTES.secFlow,
  primFlowMax: DESCHUTES.primFlow,
  secRho: PG25.rho,
  secCp: PG25.cp,
  primRho: WATER.rho,
  primCp: WATER.cp,
  cduUa: cduUaFromApproach(DESCHUTES),
  cduSecShare: 0.5,
  uaFlowExp: 0.8,
  plateCount: 2000,
  plateRBase: OCP_PLATE_FIT.rBase,
  plateRConv: plateRConvFor(PG25),
  plateFlowExp: PLATE_FLOW_EXP,
  plateTau: 2,
  liquidShare: 1,
  manifoldVolume: 0.1,
  manifoldUa: 0,
  ambientTemp: T0C + 25,
  cduSecVolume: 0.1,
  cduPrimVolume: 0.1,
  facilityVolume: 3,
  supplyPipeVolume: 0.5,
  returnPipeVolume: 0.5,
  facilityPipeVolume: 3,
  pumpRampTime: 30,
  valveStrokeTime: 120,
  pumpPowerMax: 74_000,
  primPumpPowerMax: 15_000,
  rejectionCoef: 0.02,
  airCoolingCoef: 0.25,
  supplyLowLimit: T0C + 18,
  supplyHighWarn: T0C + 32,
  supplyHighCrit: T0C + 35,
  alarmHysteresis: 0.5,
  reuseMinTemp: T0C + 35,
  secFlowSet: DESCHUTES.secFlow,
  primFlowSet: DESCHUTES.primFlow,
  facSupplyTemp: DESCHUTES.facilitySupply,
  reuseDemand: 0,
};

const SUP = pipeSlotFields('supPipe');
const RET = pipeSlotFields('retPipe');
const FAC = pipeSlotFields('facPipe');

/** The slot arrays of a table's three pipes. */
export interface TablePipes {
  sup: Float64Array[];
  ret: Float64Array[];
  fac: Float64Array[];
}

// One lookup per table object instead of building 48-element arrays on every step.
const pipeCache = new WeakMap<CoolingTable, TablePipes>();

export function tablePipes(a: CoolingTable): TablePipes {
  let p = pipeCache.get(a);
  if (!p) {
    p = { sup: SUP.map((f) => a[f]), ret: RET.map((f) => a[f]), fac: FAC.map((f) => a[f]) };
    pipeCache.set(a, p);
  }
  return p;
}
