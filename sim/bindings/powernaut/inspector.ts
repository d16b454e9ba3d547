// Every Powernaut message, in either direction, goes through the same checks in the same order:
// topic shape, known identifier, QoS, retain flag, then the payload (telemetry or setpoint). Each
// verdict is recorded in the conformance ledger; a message is accepted only if every check passed,
// and a rejected setpoint is never acted on.
import type { ConformanceLedger, Direction } from '../../scoring/conformance-ledger.ts';
import type { ObservedMessage } from '../../engine/profile-binding.ts';
import type { PnDevice } from './fleet-layout.ts';
import { parsePnTopic, type PnTopic } from './topics.ts';
import { checkTelemetry, type ParsedItem } from './telemetry-codec.ts';
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
    // Runs on every message of a fleet: no closures per message (see record()).
    const failures: Failure[] = [];
    const topic = parsePnTopic(msg.topic);
    this.record(msg, direction, failures, 'PN-TOPIC-001', topic !== undefined, `'${msg.topic}' is not a Powernaut topic`);
    if (!topic) return { accepted: false, failures };
    const device = (topic.kind === 'site-data' ? this.sites : this.resources).get(topic.id);
    this.record(msg, direction, failures, 'PN-TOPIC-002', device !== undefined, device ? '' : `no ${topic.kind === 'site-data' ? 'site' : 'resource'} '${topic.id}' in this fleet`);
    this.record(msg, direction, failures, 'PN-QOS-001', msg.qos === 1 || msg.qos === 2, `published with QoS ${msg.qos}`);
    this.record(msg, direction, failures, 'PN-RETAIN-001', !msg.retain, 'published with the retain flag set');
    if (topic.kind === 'setpoint') {
      const r = checkSetpoint(msg.payload, { maxBytes: this.maxCommandBytes, nowMs });
      for (const c of r.checks) this.record(msg, direction, failures, c.rule, c.ok, c.detail);
      return { accepted: failures.length === 0, failures, topic, device, ...(r.command ? { command: r.command } : {}) };
    }
    const r = checkTelemetry(msg.payload, { nowMs, needsSoc: device?.kind === 'battery' });
    for (const c of r.checks) this.record(msg, direction, failures, c.rule, c.ok, c.detail);
    return { accepted: failures.length === 0, failures, topic, device, items: r.items };
  }

  private record(msg: ObservedMessage, direction: Direction, failures: Failure[], rule: string, ok: boolean, detail = ''): void {
    if (ok) {
      this.ledger.check(rule, direction, true);
      return;
    }
    this.ledger.check(rule, direction, false, () => ({ simTimeUs: msg.simTime, topic: msg.topic, detail }));
    failures.push({ rule, detail });
  }

  /** A device's connection-level rules (PN-CLIENT-00x), judged by the device itself. */
  connection(rule: 'PN-CLIENT-001' | 'PN-CLIENT-002', ok: boolean, simTime: number, topic: string, detail: string): void {
    this.ledger.check(rule, 'outbound', ok, () => ({ simTimeUs: simTime, topic, detail }));
  }
}
