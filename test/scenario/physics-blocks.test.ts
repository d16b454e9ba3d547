// The physics blocks of a scenario (issue 3) parse to the model parameters in SI, through the same
// functions the loader's checks and the engine use. Their error paths: physics-block-errors.test.ts.
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/load.ts';
import { toAiLoadParams } from '../../sim/scenario/ai-load-params.ts';
import { toBatteryParams, toCoolingParams, toProtectionParams } from '../../sim/scenario/site-params.ts';
import { toGridParams } from '../../sim/scenario/grid-schema.ts';
import { SiteRegistry } from '../../sim/engine/site-registry.ts';
import { BatteryMode } from '../../models/battery-fields.ts';
import { DESCHUTES, T0C, coolingDefaults } from '../../models/cooling-fields.ts';
import { WATER } from '../../models/cooling-fluids.ts';
import { BASE, FILE } from './scenario-helpers.ts';

const MW = 1e6;
const MWh = 3.6e9;

const FULL = `run:
  duration: 1 h
grid:
  model:
    demand: 30 GW
    inertia: 210 GVAs
    damping: 1.75%
    step: 20 ms
    governors:
      - { id: steam, kind: reheat, rating: 10 GW, droop: 5%, hp_fraction: 30%, reheat_time: 7 s, headroom: 1 GW }
    services:
      - { id: dc, preset: dynamic_containment_low, capacity: 1 GW, detection_lag: 300 ms }
    lfdd: { preset: gb_england_wales, relay_delay: 0.3 s }
sites:
  dc1:
    ai_load:
      rated_power: 300 MW
      gpus: 250000
      idle_fraction: 20%
      comm_fraction: 30%
      overhead: 20 MW
      period: 1.5 s
      duty: 0.75
      edge_time: 5 ms
      checkpoints: { interval: 30 min, duration: 1 min, depth: 80% }
      failures: { mtbf: 5 h, recovery: 12 min }
      power_floor: 60%
      ramp_up: 100 MW/s
      ramp_down: 50 MW/min
      ramp_down_hysteresis: 500 ms
      dummy_work: { level: 0.5, slowdown: 4% }
      rack_storage: { energy: 10 MWh, power: 50 MW, efficiency: 0.9, time_constant: 20 s }
      step: 5 ms
      running: false
    cooling:
      design_heat: 50 MW
      facility_supply: 30 degC
      coolant: water
      liquid_share: 90%
      heat_reuse: 5 MW
      step: 500 ms
    battery:
      energy: 129 MWh
      power: 100 MW
      charge_power: 80 MW
      c_rate: 1
      charge_efficiency: 0.96
      discharge_efficiency: 94%
      self_discharge: 2%
      soc_initial: 0.6
      soc_min: 5%
      soc_max: 95%
      inverter_lag: 100 ms
      poi_ceiling: 400 MW
      poi_ramp: 30 MW/min
      recharge_power: 5 MW
      soc_target: 80%
      frequency_response: { preset: dynamic_containment_low, capacity: 50 MW, detection_lag: 300 ms, ramp_time: 250 ms }
    poi:
      ramp_limit: 30 MW/min
      burner: 400 MW
    protection:
      dips_to_transfer: 4
      window: 30 s
      dip_threshold: 0.6
      recover_threshold: 0.95
      min_dip: 20 ms
      reconnect_time: 5 min
`;

describe('each physics block parses to SI model parameters', () => {
  const { scenario: s } = parseScenarioText(FULL, FILE);
  const site = s.sites.dc1;

  it('ai_load: per-GPU powers and rates, durations in µs', () => {
    const p = toAiLoadParams(site.ai_load, 17);
    expect(p).toMatchObject({ gpuCount: 250_000, computePower: 1200, gpuTdp: 1200, idlePower: 240, overheadPower: 20 * MW, periodUs: 1_500_000, duty: 0.75, riseUs: 5000, fallUs: 5000 });
    expect(p.commPower).toBeCloseTo(360, 9);
    expect(p).toMatchObject({ ckptIntervalUs: 1_800_000_000, ckptDurationUs: 60_000_000, ckptDepth: 0.8, mtbf: 18_000, recoveryUs: 720_000_000, seed: 17 });
    expect(p).toMatchObject({ floorShare: 0.6, rampUpRate: 400, hysteresisUs: 500_000, dummyLevel: 0.5, dummySlowdown: 0.04, stepUs: 5000, running: 0 });
    expect(p.rampDownRate).toBeCloseTo((50 * MW) / 60 / 250_000, 12);
    expect(p).toMatchObject({ rackEnergyCap: 10 * MWh, rackPowerCap: 50 * MW, rackEta: 0.9, rackTau: 20 });
  });

  it('battery: energy in J, efficiencies, self-discharge per second, peak-shave mode, DC low with overrides', () => {
    const p = toBatteryParams(site.battery!, 50);
    expect(p).toMatchObject({ energyCap: 129 * MWh, dischargeMax: 100 * MW, chargeMax: 80 * MW, cRate: 1, etaCharge: 0.96, etaDischarge: 0.94 });
    expect(p).toMatchObject({ soc: 0.6, socMin: 0.05, socMax: 0.95, invTau: 0.1, mode: BatteryMode.poi, poiCeiling: 400 * MW, restorePower: 5 * MW, socTarget: 0.8 });
    expect(p.poiRamp).toBeCloseTo((30 * MW) / 60, 6);
    expect((1 - p.selfDischarge!) ** 86_400).toBeCloseTo(0.98, 9); // 2 % a day
    expect(p).toMatchObject({ frCapacity: 50 * MW, frNominal: 50, frLag: 0.3, frRamp: 4 });
    expect(p.frCurve!.map(([x, y]) => [Number(x.toFixed(6)), y])).toEqual([[-0.5, 1], [-0.2, 0.05], [-0.015, 0]]);
  });

  it('cooling: the C1 loop scaled to the design heat, water as coolant, °C to K, step in µs', () => {
    const p = toCoolingParams(site)!;
    const k = (50 * MW) / DESCHUTES.heat;
    expect(p.secFlowMax).toBeCloseTo(coolingDefaults.secFlowMax * k, 9);
    expect(p.pumpPowerMax).toBeCloseTo(coolingDefaults.pumpPowerMax * k, 6);
    expect(p).toMatchObject({ secRho: WATER.rho, secCp: WATER.cp, liquidShare: 0.9, reuseDemand: 5 * MW, stepUs: 500_000 });
    expect(p.facSupplyTemp).toBeCloseTo(T0C + 30, 9);
    // Without design_heat the loop is sized for the rated GPU power plus the overhead.
    const { scenario } = parseScenarioText(`${BASE}    cooling: {}\n`, FILE);
    expect(toCoolingParams(scenario.sites.dc1)!.secFlowMax).toBeCloseTo(coolingDefaults.secFlowMax * 50, 9);
  });

  it('protection: thresholds in pu, window and minimum dip in µs, reconnection as a rate per second', () => {
    expect(toProtectionParams(site)).toEqual({ dipsToTransfer: 4, windowUs: 30_000_000, dipThreshold: 0.6, recoverThreshold: 0.95, minDipUs: 20_000, reconnectRate: 1 / 300 });
  });

  it('poi: the ramp limit in W/s and the burner cap reach the ramp-limiter table', () => {
    const reg = new SiteRegistry(s, 1);
    expect(reg.arrays.poiRamp.rampDownLimit[0]).toBeCloseTo((30 * MW) / 60, 6);
    expect(reg.arrays.poiRamp.burnerCap[0]).toBe(400 * MW);
    expect(reg.arrays.site.hasPoiRamp[0]).toBe(1);
  });

  it('grid.model: inertia in J, damping per Hz, governors and services in s, LFDD blocks with their relay delay', () => {
    const g = toGridParams(s.grid)!;
    expect(g).toMatchObject({ f0: 50, demand: 30e9, kineticEnergy: 210e9, damping: 0.0175, swing: 'energy' });
    expect(g.governors).toEqual([{ id: 'steam', kind: 'reheat', rating: 10e9, droop: 0.05, hpFraction: 0.3, reheatTime: 7, headroom: 1e9 }]);
    expect(g.services![0]).toMatchObject({ id: 'dc', capacity: 1e9, detectionLag: 0.3, ramp: 2 });
    expect(g.trips!.length).toBeGreaterThan(0);
    expect(g.trips!.every((t) => t.delay === 0.3 && t.id.startsWith('lfdd'))).toBe(true);
    expect(s.grid.model!.step).toBe(20_000);
  });
});
