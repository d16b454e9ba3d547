// Which Open Energi devices a scenario has: one gateway device per site (the spec: "a device is a
// parent to all other physical entities on a site"), with the site's entities — its POI meter, its
// battery (a frequency-tracking load) where it has one, and its AI-training load (a Dynamic Demand
// load). Entity codes are at most 10 characters (the spec's limit): m<n>, b<n>, l<n> with n the
// site's 1-based position among the profile's sites. The device ID is the MQTT client ID (IoT Hub
// rule). Pure: the scenario checks use it too.
import type { Scenario } from '../../scenario/schema.ts';
import type { OpenEnergiProfileConfig } from '../../scenario/profile-schema.ts';
import { expandSites } from '../../engine/site-registry.ts';
import { deviceboundTopic, eventsTopic } from './topics.ts';

export type EntityKind = 'meter' | 'battery' | 'load';

export interface OeEntity {
  code: string;
  kind: EntityKind;
}

export interface OeDevice {
  /** Key of its publishing connection: `openenergi/<device id>`. */
  key: string;
  id: string;
  /** The (expanded) site it belongs to. */
  site: string;
  /** The scenario's site id (differs for replicas). */
  base: string;
  entities: OeEntity[];
  eventsTopic: string;
  deviceboundTopic: string;
  username?: string;
  password?: string;
}

const fill = (template: string, vars: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
const PREFIX: Record<EntityKind, string> = { meter: 'm', battery: 'b', load: 'l' };

export function oeFleetLayout(scenario: Scenario, cfg: OpenEnergiProfileConfig, scenarioName: string): OeDevice[] {
  const wanted = cfg.sites === 'all' ? undefined : new Set(cfg.sites);
  const sites = expandSites(scenario).filter((s) => !wanted || wanted.has(s.id) || wanted.has(s.base));
  return sites.map((s, k) => {
    const id = fill(cfg.device_id, { scenario: scenarioName, site: s.id });
    const entities = cfg.entities
      .filter((kind) => kind !== 'battery' || s.config.battery !== undefined)
      .map((kind) => ({ code: `${PREFIX[kind]}${k + 1}`, kind }));
    const a = cfg.auth;
    const username = a.username !== undefined ? fill(a.username, { device: id }) : scenario.broker.username;
    const password = a.password !== undefined ? fill(a.password, { device: id }) : scenario.broker.password;
    return {
      key: `openenergi/${id}`,
      id,
      site: s.id,
      base: s.base,
      entities,
      eventsTopic: eventsTopic(id),
      deviceboundTopic: deviceboundTopic(id),
      ...(username !== undefined ? { username } : {}),
      ...(password !== undefined ? { password } : {}),
    };
  });
}

/** Device IDs used by more than one site (each device needs its own). */
export function duplicateDeviceIds(devices: OeDevice[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const d of devices) by.set(d.id, [...(by.get(d.id) ?? []), d.site]);
  return new Map([...by].filter(([, sites]) => sites.length > 1));
}

/** Devices whose entities a portfolio-manager entry targets (sites 'all' or ids, asset kinds). */
export function targetedEntities(devices: OeDevice[], sites: 'all' | string[], assets: readonly ('battery' | 'load')[]): Array<{ device: OeDevice; codes: string[] }> {
  const wanted = sites === 'all' ? undefined : new Set(sites);
  return devices
    .filter((d) => !wanted || wanted.has(d.site) || wanted.has(d.base))
    .map((device) => ({ device, codes: device.entities.filter((e) => e.kind !== 'meter' && assets.includes(e.kind)).map((e) => e.code) }))
    .filter((t) => t.codes.length > 0);
}
