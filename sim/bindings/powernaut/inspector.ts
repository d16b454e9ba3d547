// Every Powernaut message, in either direction, goes through the same checks in the same order:
// topic shape, known identifier, QoS, retain flag, then the payload (telemetry or setpoint). Each
// verdict is recorded in the conformance ledger; a message is accepted only if every check passed,
// and a rejected setpoint is never acted on.
import type { ConformanceLedger, Direction } from '../../scoring/conformance-ledger.ts';
import type { ObservedMessage } from '../../engine/profile-binding.ts';
import type { PnDevice } from './fleet-layout.ts';
import { parsePnTopic, type PnTopic } from './topics.ts';
import { checkTelemetry, type Check, type ParsedItem } from './telemetry-codec.ts';
import { checkSetpoint, type SetpointCommand } from './setpoint-codec.ts';

export interface Failure {
  rule: string;
  detail: string;
}

export interface PnInspection {
  accepted: boolean;
  failures: Failure[];
  topic?: PnTopic;
  device?: PnDevice;
  items?: ParsedItem[];
  command?: SetpointCommand;
}

export class PnInspector {
  private readonly sites = new Map<string, PnDevice>();
  private readonly resources = new Map<string, PnDevice>();

  constructor(
    private readonly ledger: ConformanceLedger,
    devices: PnDevice[],
    private readonly maxCommandBytes: number,
  ) {
    for (const d of devices) (d.kind === 'site' ? this.sites : this.resources).set(d.id, d);
  }

  /** `nowMs`: UNIX ms the message is attributed to (its simulation time on the run's epoch). */
  inspect(msg: ObservedMessage, direction: Direction, nowMs: number): PnInspection {
    const failures: Failure[] = [];
    const record = (c: Check) => {
      this.ledger.check(c.rule, direction, c.ok, () => ({ simTimeUs: msg.simTime, topic: msg.topic, detail: c.detail ?? '' }));
      if (!c.ok) failures.push({ rule: c.rule, detail: c.detail ?? '' });
    };
    const done = (extra: Partial<PnInspection> = {}): PnInspection => ({ accepted: failures.length === 0, failures, ...extra });

    const topic = parsePnTopic(msg.topic);
    record({ rule: 'PN-TOPIC-001', ok: topic !== undefined, detail: `'${msg.topic}' is not a Powernaut topic` });
    if (!topic) return done();
    const device = (topic.kind === 'site-data' ? this.sites : this.resources).get(topic.id);
    const what = topic.kind === 'site-data' ? 'site' : 'resource';
    record({ rule: 'PN-TOPIC-002', ok: device !== undefined, detail: `no ${what} '${topic.id}' in this fleet` });
    record({ rule: 'PN-QOS-001', ok: msg.qos === 1 || msg.qos === 2, detail: `published with QoS ${msg.qos}` });
    record({ rule: 'PN-RETAIN-001', ok: !msg.retain, detail: 'published with the retain flag set' });
    if (topic.kind === 'setpoint') {
      const r = checkSetpoint(msg.payload, { maxBytes: this.maxCommandBytes, nowMs });
      r.checks.forEach(record);
      return done({ topic, device, ...(r.command ? { command: r.command } : {}) });
    }
    const r = checkTelemetry(msg.payload, { nowMs, needsSoc: device?.kind === 'battery' });
    r.checks.forEach(record);
    return done({ topic, device, items: r.items });
  }

  /** A device's connection-level rules (PN-CLIENT-00x), judged by the device itself. */
  connection(rule: 'PN-CLIENT-001' | 'PN-CLIENT-002', ok: boolean, simTime: number, topic: string, detail: string): void {
    this.ledger.check(rule, 'outbound', ok, () => ({ simTimeUs: simTime, topic, detail }));
  }
}
