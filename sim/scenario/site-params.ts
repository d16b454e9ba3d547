// Scenario site blocks as model parameters (SI; durations from µs to s where a model wants s).
// The loader's checks and the engine's initialisation use these same functions.
import type { BatteryParams } from '../../models/battery-fields.ts';
import { BatteryMode } from '../../models/battery-fields.ts';
import { frParamsFromService } from '../../models/battery-fr.ts';
import type { CoolingParams } from '../../models/cooling-fields.ts';
import { coolingParamsForSite } from '../../models/cooling-loop.ts';
import { PG25, WATER, plateRConvFor } from '../../models/cooling-fluids.ts';
import type { ProtectionParams } from '../../models/protection.ts';
import { dynamicContainmentHigh, dynamicContainmentLow, ercotFastFrequencyResponse, frequencyContainmentReserve, type CurvePoint } from '../../models/response-curves.ts';
import type { ResponseServiceParams } from '../../models/grid-params.ts';
import type { SiteConfig } from './site-schema.ts';

type BatteryConfig = NonNullable<SiteConfig['battery']>;

function frService(fr: NonNullable<BatteryConfig['frequency_response']>, f0: number): ResponseServiceParams {
  switch (fr.preset) {
    case 'dynamic_containment_low':
      return dynamicContainmentLow('fr', fr.capacity, f0);
    case 'dynamic_containment_high':
      return dynamicContainmentHigh('fr', fr.capacity, f0);
    case 'ercot_ffr':
      return ercotFastFrequencyResponse('fr', fr.capacity, f0);
    case 'fcr':
      return frequencyContainmentReserve('fr', fr.capacity);
    default:
      return { id: 'fr', capacity: fr.capacity, curve: [] };
  }
}

export function toBatteryParams(b: BatteryConfig, f0: number): BatteryParams {
  const fr = b.frequency_response;
  const service = fr ? frService(fr, f0) : undefined;
  return {
    energyCap: b.energy,
    dischargeMax: b.power,
    chargeMax: b.charge_power ?? b.power,
    cRate: b.c_rate ?? Infinity,
    etaCharge: b.charge_efficiency,
    etaDischarge: b.discharge_efficiency,
    selfDischarge: b.self_discharge > 0 ? 1 - (1 - b.self_discharge) ** (1 / 86_400) : 0,
    socMin: b.soc_min,
    socMax: b.soc_max,
    soc: b.soc_initial,
    invTau: b.inverter_lag / 1e6,
    mode: b.mode === 'idle' ? BatteryMode.idle : b.mode === 'setpoint' ? BatteryMode.setpoint : BatteryMode.poi,
    poiCeiling: b.poi_ceiling ?? Infinity,
    poiRamp: b.poi_ramp ?? Infinity,
    restorePower: b.recharge_power ?? 0.1 * b.power,
    ...(b.soc_target !== undefined ? { socTarget: b.soc_target } : {}),
    setpoint: b.setpoint ?? 0,
    ...(service && fr
      ? frParamsFromService(service, f0, {
          ...(fr.curve ? { frCurve: fr.curve as CurvePoint[] } : {}),
          ...(fr.deadband !== undefined ? { frDeadband: fr.deadband } : {}),
          ...(fr.detection_lag !== undefined ? { frLag: fr.detection_lag / 1e6 } : {}),
          ...(fr.ramp_time !== undefined ? { frRamp: 1e6 / fr.ramp_time } : {}),
          ...(fr.hold !== undefined ? { frHold: fr.hold / 1e6 } : {}),
        })
      : {}),
  };
}

export function toCoolingParams(site: SiteConfig): CoolingParams | undefined {
  const c = site.cooling;
  if (!c) return undefined;
  const design = c.design_heat ?? site.ai_load.rated_power + site.ai_load.overhead;
  const fluid = c.coolant === 'water' ? WATER : PG25;
  return coolingParamsForSite(design, {
    secRho: fluid.rho,
    secCp: fluid.cp,
    plateRConv: plateRConvFor(fluid),
    liquidShare: c.liquid_share,
    facSupplyTemp: c.facility_supply,
    reuseDemand: c.heat_reuse,
    stepUs: c.step,
  });
}

export function toProtectionParams(site: SiteConfig): ProtectionParams | undefined {
  const p = site.protection;
  if (!p) return undefined;
  return {
    dipsToTransfer: p.dips_to_transfer,
    windowUs: p.window,
    dipThreshold: p.dip_threshold,
    recoverThreshold: p.recover_threshold,
    minDipUs: p.min_dip,
    reconnectRate: 1e6 / p.reconnect_time,
  };
}
