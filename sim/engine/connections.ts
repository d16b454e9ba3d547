// The run's broker and MQTT connections: the embedded aedes broker when no URL is given, the
// engine's observer (subscribed at QoS 2 to every profile topic), and one publishing connection per
// simulated role, each with its own stable client ID — the broker sees them as separate devices.
import { resolve } from 'node:path';
import { connectMqtt, type MqttConnection, type MqttConnectOptions } from '../transports/mqtt-connection.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../transports/embedded-broker.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ClientSpec } from './profile-binding.ts';

export interface BrokerTarget {
  url: string;
  embedded?: EmbeddedBroker;
  /** Connection settings shared by every client of the run (credentials, TLS). */
  base: Omit<MqttConnectOptions, 'clientId' | 'protocolVersion'>;
}

export async function openBroker(scenario: Scenario, scenarioDir: string, urlOverride?: string): Promise<BrokerTarget> {
  const b = scenario.broker;
  const url = urlOverride ?? b.url;
  const base: BrokerTarget['base'] = {
    url: url ?? '',
    username: b.username,
    password: b.password,
    connectTimeoutMs: 5000,
    reconnectPeriodMs: 500,
    tls:
      b.ca || b.cert || b.key
        ? {
            ca: b.ca ? resolve(scenarioDir, b.ca) : undefined,
            cert: b.cert ? resolve(scenarioDir, b.cert) : undefined,
            key: b.key ? resolve(scenarioDir, b.key) : undefined,
          }
        : undefined,
  };
  if (url) return { url, base };
  const embedded = await startEmbeddedBroker({ port: b.embedded_port });
  return { url: embedded.url, embedded, base: { ...base, url: embedded.url } };
}

/** A client ID that is stable for a scenario and role (same ID on every reconnect). */
export function clientIdFor(runName: string, key: string): string {
  return `gridtwin-${runName}-${key}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
}

export async function openClients(
  target: BrokerTarget,
  specs: ClientSpec[],
): Promise<Map<string, MqttConnection>> {
  const out = new Map<string, MqttConnection>();
  try {
    for (const spec of specs) {
      out.set(spec.key, await connectMqtt({ ...target.base, clientId: spec.clientId, protocolVersion: spec.protocolVersion }));
    }
  } catch (err) {
    await Promise.allSettled([...out.values()].map((c) => c.end(true)));
    throw err;
  }
  return out;
}
