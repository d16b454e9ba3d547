// Liquid cooling, one physics step of a lumped loop (cold plate, rack manifold, CDU secondary, CDU
// primary, facility water), with transport delays, the CDU as a counterflow ε-NTU exchanger,
// actuator rate limits, supply-temperature alarms, cooling electrical power and heat reuse.
// The public entry point (with the helper the facility calls each sub-step) is cooling-loop.ts.
//
// Every node obeys  C·dT/dt = Q_in − ṁ·c_p·(T − T_up) − UA·(T − T_j)  and is advanced with the
// exact exponential update of `nodeStep` (first-order hold on its inputs). Nodes are updated in
// flow order, each using its upstream node's start and end values, so within a step everything is
// explicit except where the secondary loop closes on itself; it is cut at the return pipe, whose
// outlet over the step is fluid that entered in earlier steps as long as the pipe's delay is ≥ the
// step (validation insists). The exchanger's heat depends only on its two INLET temperatures
// (ε-NTU), so it needs no iteration either.
import { tablePipes, type CoolingTable } from './cooling-fields.ts';
import { pipeOutlet, pipePush, pipeSlices } from './cooling-pipe.ts';
import { counterflowEffectiveness, cduConductance, nodeStep, plateResistance, rampEnd, rampMean } from './cooling-physics.ts';

const clamp01 = (x: number) => (x > 1 ? 1 : x > 0 ? x : 0);

/**
 * Advances instance `i` by `dt` seconds (0 < dt ≤ the internal step) with IT power `itHeatW` (W,
 * mean over the step; all of it becomes heat). Inputs (flow setpoints, facility supply, reuse
 * demand) are read from the table and held over the step.
 */
export function advanceCooling(a: CoolingTable, i: number, dt: number, itHeatW: number): void {
  if (!(dt > 0)) return;
  const pipes = tablePipes(a);
  const cs = a.secCp[i];
  const cp = a.primCp[i];
  const rhoS = a.secRho[i];
  const rhoP = a.primRho[i];
  const tFs = a.facSupplyTemp[i];

  // Actuators: pump speed and valve position move at their rate limits; the nodes see the mean flow.
  const speedTarget = clamp01(a.secFlowSet[i] / a.secFlowMax[i]);
  const valveTarget = clamp01(a.primFlowSet[i] / a.primFlowMax[i]);
  const speed0 = a.pumpSpeed[i];
  const valve0 = a.valvePos[i];
  const ms = rampMean(speed0, speedTarget, a.pumpRampTime[i], dt) * a.secFlowMax[i];
  const mp = rampMean(valve0, valveTarget, a.valveStrokeTime[i], dt) * a.primFlowMax[i];
  a.pumpSpeed[i] = rampEnd(speed0, speedTarget, a.pumpRampTime[i], dt);
  a.valvePos[i] = rampEnd(valve0, valveTarget, a.valveStrokeTime[i], dt);
  const gs = ms * cs; // W/K
  const gp = mp * cp;

  // Return pipe, provisional: the manifold's end value is not known yet, so fluid entering during
  // this step is recorded at its start value; it only reaches the outlet now if the delay < dt.
  const retVol = a.returnPipeVolume[i];
  const hRet0 = a.retHead[i];
  const dhRet = pipeSlices((ms * dt) / rhoS, retVol);
  const tMan0 = a.tManifold[i];
  const hRet1 = pipePush(pipes.ret, i, hRet0, dhRet, tMan0, tMan0);
  const tIn0 = a.tCduIn[i];
  const tIn1 = pipeOutlet(pipes.ret, i, hRet1);

  // CDU: counterflow ε-NTU on the inlet temperatures; Q moves linearly with the secondary inlet.
  const eC = flowTerms(a, i, ms, mp); // ε·C_min, W/K
  const q0 = eC * (tIn0 - tFs);
  const q1 = eC * (tIn1 - tFs);

  // CDU secondary: cooled by Q, fed by the return pipe.
  const tSec0 = a.tCduSec[i];
  const tSec1 = nodeStep(tSec0, rhoS * a.cduSecVolume[i] * cs, gs, gs * tIn0 - q0, gs * tIn1 - q1, dt);

  // Supply pipe: CDU outlet → racks.
  const hSup = pipePush(pipes.sup, i, a.supHead[i], pipeSlices((ms * dt) / rhoS, a.supplyPipeVolume[i]), tSec0, tSec1);
  const tRs0 = a.tRackSupply[i];
  const tRs1 = pipeOutlet(pipes.sup, i, hSup);

  // Cold plate: IT heat in, rack supply upstream; C = τ·ṁ_max·c_p gives τ = 2 s at full flow.
  const qLiq = a.liquidShare[i] * itHeatW;
  const tPl0 = a.tPlate[i];
  const cPlate = a.plateTau[i] * a.secFlowMax[i] * cs;
  const tPl1 = nodeStep(tPl0, cPlate, gs, qLiq + gs * tRs0, qLiq + gs * tRs1, dt);

  // Rack return manifold: mixes the plates' outlets, exchanges heat with the room.
  const uaM = a.manifoldUa[i];
  const amb = uaM * a.ambientTemp[i];
  const tMan1 = nodeStep(tMan0, rhoS * a.manifoldVolume[i] * cs, gs + uaM, gs * tPl0 + amb, gs * tPl1 + amb, dt);

  // Return pipe, final: the same samples again with the manifold's real trajectory.
  pipePush(pipes.ret, i, hRet0, dhRet, tMan0, tMan1);

  // CDU primary: heated by Q, fed at the facility supply temperature.
  const tPr0 = a.tCduPrim[i];
  const tPr1 = nodeStep(tPr0, rhoP * a.cduPrimVolume[i] * cp, gp, gp * tFs + q0, gp * tFs + q1, dt);

  // Facility pipe and facility water volume ahead of the plant.
  const hFac = pipePush(pipes.fac, i, a.facHead[i], pipeSlices((mp * dt) / rhoP, a.facilityPipeVolume[i]), tPr0, tPr1);
  const tFr0 = a.tFacReturn[i];
  const tFr1 = pipeOutlet(pipes.fac, i, hFac);
  const tFw1 = nodeStep(a.tFacility[i], rhoP * a.facilityVolume[i] * cp, gp, gp * tFr0, gp * tFr1, dt);

  a.tCduIn[i] = tIn1;
  a.tCduSec[i] = tSec1;
  a.tRackSupply[i] = tRs1;
  a.tPlate[i] = tPl1;
  a.tManifold[i] = tMan1;
  a.tCduPrim[i] = tPr1;
  a.tFacReturn[i] = tFr1;
  a.tFacility[i] = tFw1;
  a.retHead[i] = hRet1;
  a.supHead[i] = hSup;
  a.facHead[i] = hFac;
  a.secFlow[i] = ms;
  a.primFlow[i] = mp;
  a.cduHeat[i] = q1;
  updateCoolingOutputs(a, i, itHeatW);
  updateAlarm(a, i, dt);

  a.itHeatEnergy[i] += itHeatW * dt;
  a.coolingEnergy[i] += a.coolingPower[i] * dt;
  a.recoveredEnergy[i] += a.heatRecovered[i] * dt;
  a.rejectedEnergy[i] += a.heatRejected[i] * dt;
}

/**
 * ε·C_min of the CDU (W/K) at flows ms, mp (kg/s), and the cold-plate resistance at ms in
 * `cachePlateR`. They cost three powers and an exponential, and flows are steady most of the
 * time, so they are recomputed only when a flow changes (a pure cache: same numbers either way).
 */
export function flowTerms(a: CoolingTable, i: number, ms: number, mp: number): number {
  if (ms === a.cacheSecFlow[i] && mp === a.cachePrimFlow[i]) return a.cacheEpsC[i];
  const gs = ms * a.secCp[i];
  const gp = mp * a.primCp[i];
  let eC = 0;
  if (gs > 0 && gp > 0) {
    const ua = cduConductance(a.cduUa[i], a.cduSecShare[i], a.uaFlowExp[i], ms, a.secFlowMax[i], mp, a.primFlowMax[i]);
    const cMin = Math.min(gs, gp);
    eC = counterflowEffectiveness(ua / cMin, cMin / Math.max(gs, gp)) * cMin;
  }
  a.cacheSecFlow[i] = ms;
  a.cachePrimFlow[i] = mp;
  a.cacheEpsC[i] = eC;
  a.cachePlateR[i] = plateResistance(a.plateRBase[i], a.plateRConv[i], a.plateFlowExp[i], ms / a.secRho[i] / a.plateCount[i]);
  return eC;
}

/**
 * Outputs that follow from the state (temperatures, actuators, flows) and the IT heat: case
 * temperature, heat reuse and rejection, and the electrical power of the cooling.
 */
export function updateCoolingOutputs(a: CoolingTable, i: number, itHeatW: number): void {
  const qLiq = a.liquidShare[i] * itHeatW;
  flowTerms(a, i, a.secFlow[i], a.primFlow[i]);
  a.itHeat[i] = itHeatW;
  a.caseTemp[i] = a.tRackSupply[i] + (a.cachePlateR[i] * qLiq) / a.plateCount[i];

  // The plant brings the facility water back to the supply temperature. The reuse consumer takes
  // heat first, but only what lies above its useful temperature and within its demand.
  const gp = a.primFlow[i] * a.primCp[i];
  const toPlant = gp * (a.tFacility[i] - a.facSupplyTemp[i]);
  const usable = gp * Math.max(0, a.tFacility[i] - a.reuseMinTemp[i]);
  const recovered = Math.max(0, Math.min(a.reuseDemand[i], usable, toPlant));
  a.heatRecovered[i] = recovered;
  a.heatRejected[i] = toPlant - recovered;
  a.airHeat[i] = itHeatW - qLiq;

  // Pumps on a fixed system curve follow the affinity laws: P ∝ speed³ ∝ flow³.
  const speed = a.pumpSpeed[i];
  const valve = a.valvePos[i];
  a.cduPower[i] = a.pumpPowerMax[i] * speed * speed * speed;
  a.primPumpPower[i] = a.primPumpPowerMax[i] * valve * valve * valve;
  a.rejectionPower[i] = a.rejectionCoef[i] * Math.max(0, a.heatRejected[i]);
  a.airCoolingPower[i] = a.airCoolingCoef[i] * a.airHeat[i];
  a.coolingPower[i] = a.cduPower[i] + a.primPumpPower[i] + a.rejectionPower[i] + a.airCoolingPower[i];
}

/**
 * Rack-supply alarm: critical above the high critical limit, warning above the high warning limit
 * or below the low limit (condensation risk). An active alarm clears only once the temperature is
 * `alarmHysteresis` inside its limit, so noise at a limit does not chatter. Each rise of the level
 * (0 → 1, 1 → 2, 0 → 2) counts one alarm.
 */
export function updateAlarm(a: CoolingTable, i: number, dt: number): void {
  const t = a.tRackSupply[i];
  const prevLevel = a.alarmLevel[i];
  const prevKind = a.alarmKind[i];
  const hys = a.alarmHysteresis[i];
  const highHys = prevKind > 0 ? hys : 0;
  let level = 0;
  let kind = 0;
  if (t > a.supplyHighCrit[i] - (prevLevel === 2 ? highHys : 0)) {
    level = 2;
    kind = 1;
  } else if (t > a.supplyHighWarn[i] - highHys) {
    level = 1;
    kind = 1;
  } else if (t < a.supplyLowLimit[i] + (prevKind < 0 ? hys : 0)) {
    level = 1;
    kind = -1;
  }
  if (level > prevLevel) a.alarmCount[i] += 1;
  a.alarmLevel[i] = level;
  a.alarmKind[i] = kind;
  if (level > 0) a.alarmTime[i] += dt;
}
