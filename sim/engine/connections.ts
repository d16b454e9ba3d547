// The run's broker and MQTT connections: the embedded aedes broker when no URL is given, the
// engine's observer (subscribed at QoS 2 to every profile topic), and one publishing connection per
// simulated role, each with its own stable client ID — the broker sees them as separate devices.
import { resolve } from 'node:path';
import { connectMqtt, type MqttConnection, type MqttConnectOptions } from '../transports/mqtt-connection.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../transports/embedded-broker.ts';
import { findBinary, startMosquitto } from '../transports/broker-processes.ts';
import { InputError } from '../errors.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ClientSpec } from './profile-binding.ts';

export interface BrokerTarget {
  url: string;
  embedded?: EmbeddedBroker;
  /** A Mosquitto gridtwin started for this run (an MQTT 5 profile without a broker URL). */
  managed?: { stop(): Promise<void> };
  /** Connection settings shared by every client of the run (credentials, TLS). */
  base: Omit<MqttConnectOptions, 'clientId' | 'protocolVersion'>;
}

/**
 * The run's broker: the given URL; else the embedded aedes broker (MQTT 3.1.1); else, when a profile
 * needs MQTT 5 (`mqtt5`), a private Mosquitto on a free loopback port if one is installed — and if
 * none is, a bad-input error (exit 2) that says how to get one (docs/spec-decisions.md, P1).
 */
export async function openBroker(scenario: Scenario, scenarioDir: string, urlOverride?: string, mqtt5 = false): Promise<BrokerTarget> {
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
  if (mqtt5) {
    try {
      findBinary('mosquitto');
    } catch {
      throw new InputError('this scenario needs an MQTT 5 broker, and the embedded broker speaks MQTT 3.1.1 only', [
        {
          path: 'broker.url',
          message: 'no broker URL given and no mosquitto installed to start one',
          hint: 'install mosquitto (apt-get install mosquitto) or pass --broker mqtt://host:port of an MQTT 5 broker',
        },
      ], 'NEEDS_MQTT5');
    }
    const m = await startMosquitto();
    return { url: m.url, managed: m, base: { ...base, url: m.url } };
  }
  const embedded = await startEmbeddedBroker({ port: b.embedded_port });
  return { url: embedded.url, embedded, base: { ...base, url: embedded.url } };
}

/** A client ID that is stable for a scenario and role (same ID on every reconnect). */
export function clientIdFor(runName: string, key: string): string {
  return `gridtwin-${runName}-${key}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
}

/** Connections opened at once (a fleet of thousands of devices connects in batches, not one by one). */
const CONNECT_BATCH = 64;

export async function openClients(
  target: BrokerTarget,
  specs: ClientSpec[],
): Promise<Map<string, MqttConnection>> {
  const out = new Map<string, MqttConnection>();
  try {
    for (let k = 0; k < specs.length; k += CONNECT_BATCH) {
      const batch = specs.slice(k, k + CONNECT_BATCH);
      const settled = await Promise.allSettled(
        batch.map((spec) => connectMqtt({ ...target.base, ...spec.connect, clientId: spec.clientId, protocolVersion: spec.protocolVersion })),
      );
      settled.forEach((r, i) => r.status === 'fulfilled' && out.set(batch[i].key, r.value));
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
    }
  } catch (err) {
    await Promise.allSettled([...out.values()].map((c) => c.end(true)));
    throw err;
  }
  return out;
}
