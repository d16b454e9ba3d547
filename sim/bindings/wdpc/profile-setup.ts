// What the WDPC profile derives from the scenario before a run: which sites are on the bus, what
// the built-in consumer knows of each facility (battery and POI ramp limit: the operator's
// configuration, not bus data).
import { expandSites } from '../../engine/site-registry.ts';
import type { Scenario } from '../../scenario/schema.ts';
import type { WdpcProfileConfig } from '../../scenario/profile-schema.ts';
import type { ConsumerFacility } from '../../controllers/reference-wdpc-consumer.ts';
import type { FacilityPublisher } from './facility-publisher.ts';

/** Expanded ids of the sites the profile publishes (a base id selects all its replicas). */
export function selectedSites(scenario: Scenario, cfg: Pick<WdpcProfileConfig, 'sites'>): Set<string> {
  const all = expandSites(scenario);
  if (cfg.sites === 'all') return new Set(all.map((s) => s.id));
  const wanted = new Set(cfg.sites);
  return new Set(all.filter((s) => wanted.has(s.id) || wanted.has(s.base)).map((s) => s.id));
}

/** The consumer's view of each facility: battery sizing and the ramp limit it must hold. */
export function consumerFacilities(facilities: readonly FacilityPublisher[]): ConsumerFacility[] {
  return facilities.map((f) => {
    const c = f.view.info.config;
    const b = c.battery;
    const rampWps = b?.poi_ramp ?? c.poi?.ramp_limit;
    return {
      edgeNode: f.site,
      ...(b ? { battery: { capacityJ: b.energy, socMin: b.soc_min, socMax: b.soc_max, etaCharge: b.charge_efficiency, etaDischarge: b.discharge_efficiency } } : {}),
      ...(rampWps !== undefined ? { rampWps } : {}),
    };
  });
}
