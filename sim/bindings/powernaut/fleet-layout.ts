// Which Powernaut devices a scenario has: one meter per streaming site (`site/{id}/data`, the POI)
// and its resources (`resource/{id}/data`): the battery (with SoC) where the site has one, and the
// AI-training load as a flexible load. Each device has its own MQTT connection, a client ID derived
// from the scenario (the same on every reconnect) and its site's credentials. Pure: the scenario
// checks use it too.
import type { Scenario } from '../../scenario/schema.ts';
import type { PowernautProfileConfig } from '../../scenario/profile-schema.ts';
import { expandSites } from '../../engine/site-registry.ts';

export type DeviceKind = 'site' | 'battery' | 'load';

export interface PnDevice {
  /** Key of its publishing connection: `powernaut/<id>`. */
  key: string;
  kind: DeviceKind;
  /** The identifier in its topics (`site/{id}/data`, `resource/{id}/data`). */
  id: string;
  /** The (expanded) site it belongs to. */
  site: string;
  clientId: string;
  dataTopic: string;
  /** Resources only: where its setpoints arrive. */
  commandTopic?: string;
  username?: string;
  password?: string;
}

export const resourceId = (site: string, kind: 'battery' | 'load'): string => `${site}-${kind}`;

const fill = (template: string, vars: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

/** The streaming sites of the profile (expanded replicas, scenario order). */
export function streamingSites(scenario: Scenario, cfg: PowernautProfileConfig): Array<{ id: string; base: string; battery: boolean }> {
  const wanted = cfg.sites === 'all' ? undefined : new Set(cfg.sites);
  return expandSites(scenario)
    .filter((s) => !wanted || wanted.has(s.id) || wanted.has(s.base))
    .map((s) => ({ id: s.id, base: s.base, battery: s.config.battery !== undefined }));
}

export function fleetLayout(scenario: Scenario, cfg: PowernautProfileConfig, scenarioName: string): PnDevice[] {
  const out: PnDevice[] = [];
  for (const site of streamingSites(scenario, cfg)) {
    const creds = credentials(scenario, cfg, site.id);
    const device = (kind: DeviceKind, id: string): PnDevice => {
      const resource = kind !== 'site';
      return {
        key: `powernaut/${id}`,
        kind,
        id,
        site: site.id,
        clientId: fill(cfg.client_id, { scenario: scenarioName, site: site.id, device: resource ? `resource-${id}` : `site-${id}` }),
        dataTopic: `${resource ? 'resource' : 'site'}/${id}/data`,
        ...(resource ? { commandTopic: `resource/${id}/commands/setpoint` } : {}),
        ...creds,
      };
    };
    if (cfg.site_meters) out.push(device('site', site.id));
    if (site.battery && cfg.resources.includes('battery')) out.push(device('battery', resourceId(site.id, 'battery')));
    if (cfg.resources.includes('load')) out.push(device('load', resourceId(site.id, 'load')));
  }
  return out;
}

function credentials(scenario: Scenario, cfg: PowernautProfileConfig, site: string): { username?: string; password?: string } {
  const a = cfg.auth;
  if (a.mode === 'broker') return { username: scenario.broker.username, password: scenario.broker.password };
  if (a.mode === 'cloud') return { username: a.username, password: a.password };
  return { username: a.username && fill(a.username, { site }), password: a.password && fill(a.password, { site }) };
}

/** Client IDs used by more than one device (each must be unique across the broker). */
export function duplicateClientIds(devices: PnDevice[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const d of devices) by.set(d.clientId, [...(by.get(d.clientId) ?? []), d.id]);
  return new Map([...by].filter(([, ids]) => ids.length > 1));
}
