// The first connect to a broker fails fast and is never retried: a wrong URL, port, CA or password
// will not fix itself, and a run that waits for it would just hang. (Reconnects after a broker
// loss are another matter, handled by mqtt.js's reconnect timer.)

import type { IConnackPacket, MqttClient } from 'mqtt';
import { ConnectionError } from '../errors.ts';
import { CLOSED_BEFORE_CONNACK, describeConnectFailure } from './mqtt-failure.ts';
import type { ResolvedMqttOptions } from './mqtt-options.ts';

/**
 * Resolves with the CONNACK of a freshly created client. On the first error, close or timeout it
 * ends the client (stopping mqtt.js from retrying) and rejects with a ConnectionError whose message
 * says why in words and whose cause is the original error.
 */
export function firstConnack(
  client: MqttClient,
  opts: ResolvedMqttOptions,
  lastError: () => unknown,
): Promise<IConnackPacket> {
  return new Promise((resolve, reject) => {
    const onConnect = (connack: IConnackPacket) => {
      cleanup();
      resolve(connack);
    };
    const fail = (err: unknown) => {
      cleanup();
      client.end(true);
      const why = describeConnectFailure(err, opts);
      reject(new ConnectionError(opts.displayUrl, `cannot connect to MQTT broker ${opts.displayUrl}: ${why}`, { cause: err }));
    };
    const onError = (err: Error) => fail(err);
    // Some failures close the socket without an error event (e.g. a TLS alert without a code).
    const onClose = () => fail(lastError() ?? new Error(CLOSED_BEFORE_CONNACK));
    // mqtt.js has its own CONNACK timer; this one also covers a socket that never reports anything.
    const guard = setTimeout(() => fail(new Error('connack timeout')), opts.connectTimeoutMs + 250);
    const cleanup = () => {
      clearTimeout(guard);
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
    };
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}
