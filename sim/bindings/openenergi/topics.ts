// Open Energi topics on an Azure-IoT-Hub-style broker: a device publishes to
// `devices/{device_id}/messages/events/` (optionally followed by a URL-encoded property bag) and
// receives on `devices/{device_id}/messages/devicebound/#` (`devicebound/` then a property bag).

export const eventsTopic = (deviceId: string): string => `devices/${deviceId}/messages/events/`;
export const deviceboundTopic = (deviceId: string): string => `devices/${deviceId}/messages/devicebound/`;

/** What the observer subscribes to: every device's telemetry and every cloud-to-device message. */
export const OE_FILTERS = ['devices/+/messages/events/#', 'devices/+/messages/devicebound/#'];

export type OeTopic = { kind: 'events' | 'devicebound'; deviceId: string };

/** The kind and device of an Open Energi topic, or undefined for any other topic. */
export function parseOeTopic(topic: string): OeTopic | undefined {
  const m = /^devices\/([^/]+)\/messages\/(events|devicebound)\/(.*)$/.exec(topic);
  if (!m) return undefined;
  // The rest is a property bag (key=value&…); a further level is not part of the hub's scheme.
  if (m[3].includes('/')) return undefined;
  return { kind: m[2] as OeTopic['kind'], deviceId: m[1] };
}
