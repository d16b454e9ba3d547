// Every Open Energi message, in either direction, goes through the same checks in the same order:
// topic shape, known device, QoS, then the payload (device-to-cloud readings / events / schedules,
// or cloud-to-device signals / schedule-signals). Each verdict is recorded in the conformance
// ledger; a cloud-to-device element is acted on only if all of its own checks and the message's
// passed (a batch may carry good and bad elements: each is judged on its own).
import type { ConformanceLedger, Direction } from '../../scoring/conformance-ledger.ts';
import type { ObservedMessage } from '../../engine/profile-binding.ts';
import type { Check, Parsing } from './check.ts';
import type { OeDevice } from './fleet-layout.ts';
import { parseOeTopic, type OeTopic } from './topics.ts';
import { checkDeviceToCloud, type D2CMessage } from './d2c-codec.ts';
import { checkCloudToDevice, type C2DResult } from './signal-codec.ts';

export interface Failure {
  rule: string;
  detail: string;
}

export interface OeInspection {
  /** Every check passed. */
  accepted: boolean;
  failures: Failure[];
  topic?: OeTopic;
  device?: OeDevice;
  /** Device-to-cloud: the parsed elements. */
  items?: D2CMessage[];
  /** Cloud-to-device: each element's verdict (acted on only when the message-level checks passed too). */
  commands?: C2DResult[];
}

export interface InspectorOptions {
  parsing: Parsing;
  maxCommandBytes: number;
  zone: string;
}

export class OeInspector {
  private readonly devices = new Map<string, OeDevice>();
  private readonly entities = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly ledger: ConformanceLedger,
    devices: OeDevice[],
    private readonly o: InspectorOptions,
  ) {
    for (const d of devices) {
      this.devices.set(d.id, d);
      this.entities.set(d.id, new Set(d.entities.map((e) => e.code.toLowerCase())));
    }
  }

  /** `nowMs`: UNIX ms the message is attributed to (its simulation time on the run's epoch). */
  inspect(msg: ObservedMessage, direction: Direction, nowMs: number): OeInspection {
    const failures: Failure[] = [];
    const record = (c: Check) => {
      this.ledger.check(c.rule, direction, c.ok, () => ({ simTimeUs: msg.simTime, topic: msg.topic, detail: c.detail ?? '' }));
      if (!c.ok) failures.push({ rule: c.rule, detail: c.detail ?? '' });
    };
    const done = (extra: Partial<OeInspection> = {}): OeInspection => ({ accepted: failures.length === 0, failures, ...extra });

    const topic = parseOeTopic(msg.topic);
    record({ rule: 'OE-TOPIC-001', ok: topic !== undefined, detail: `'${msg.topic}' is neither devices/{id}/messages/events/ nor devices/{id}/messages/devicebound/…` });
    if (!topic) return done();
    const device = this.devices.get(topic.deviceId);
    record({ rule: 'OE-TOPIC-002', ok: device !== undefined, detail: `no device '${topic.deviceId}' in this fleet` });
    record({ rule: 'OE-QOS-001', ok: msg.qos <= 1, detail: `published with QoS ${msg.qos} (the hub does not support QoS 2)` });
    const deviceEntities = this.entities.get(topic.deviceId) ?? new Set<string>();
    if (topic.kind === 'events') {
      const r = checkDeviceToCloud(msg.payload, { nowMs, zone: this.o.zone, deviceEntities });
      r.checks.forEach(record);
      return done({ topic, ...(device ? { device } : {}), items: r.items });
    }
    const r = checkCloudToDevice(msg.payload, { parsing: this.o.parsing, maxBytes: this.o.maxCommandBytes, nowMs, zone: this.o.zone, deviceEntities });
    r.checks.forEach(record);
    return done({ topic, ...(device ? { device } : {}), commands: r.messages });
  }

  /** A device's connection-level rule (OE-CLIENT-001), judged by the device itself. */
  connection(ok: boolean, simTime: number, topic: string, detail: string): void {
    this.ledger.check('OE-CLIENT-001', 'outbound', ok, () => ({ simTimeUs: simTime, topic, detail }));
  }
}
