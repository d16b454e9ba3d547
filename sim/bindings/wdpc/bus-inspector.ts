// Every message of the WDPC bus as the engine's observer sees it, judged in one pass: the Sparkplug
// B session rules (sparkplug/host-inspector.ts), then each `wdpc/<stream>` metric's sealed envelope
// (integrity, schema, the stream's type: WDPC-BUS-001), then what a command asks (WDPC-CMD-001).
// Outbound (gridtwin's own edge nodes, self-checked) and inbound (anyone else: a consumer's NCMDs,
// a foreign or hostile publisher) keep separate integrity windows, so one cannot spoil the other's.
import type protobuf from 'protobufjs';
import type { ConformanceLedger, Direction } from '../../scoring/conformance-ledger.ts';
import { openEnvelope } from './envelope.ts';
import { IntegrityChecker } from './integrity.ts';
import { MESSAGE_TYPE } from './schema.ts';
import { STREAM_PREFIX, streamMessageType } from './streams.ts';
import { fieldFits } from './sparkplug/datatypes.ts';
import { REBIRTH } from './sparkplug/edge-session.ts';
import { HostInspector } from './sparkplug/host-inspector.ts';
import type { DecodedMetric } from './sparkplug/payload.ts';
import { DataType } from './sparkplug/payload.ts';
import { parseSpTopic, type SpTopic } from './sparkplug/topics.ts';

/** The writable metric a consumer sets to pre-position a facility's battery (0–1; null releases). */
export const SOC_TARGET = 'Battery/SoC Target';
export { streamMessageType } from './streams.ts';

/** Rules whose failure is counted but does not reject the message (a gap reveals loss, not a bad message). */
const COUNTED_ONLY = new Set(['WDPC-SEC-004', 'SPB-SEQ-003']);

export function rejects(rule: string): boolean {
  return !COUNTED_ONLY.has(rule);
}

export interface Failure {
  rule: string;
  detail: string;
}

export interface OpenedStream {
  metric: string;
  /** Envelope timestamp, UNIX ms (access time = receipt − this). */
  timestampMs?: number;
  /** The decoded payload (a protobufjs message of the stream's type). */
  payload?: protobuf.Message;
}

export type Command = { kind: 'rebirth' } | { kind: 'soc-target'; value: number | null };

export interface BusInspection {
  accepted: boolean;
  failures: Failure[];
  topic?: SpTopic;
  streams: OpenedStream[];
  /** What an accepted NCMD asks for, in order. */
  commands: Command[];
}

export interface BusInspectorOptions {
  keys: ReadonlyMap<string, Uint8Array>;
  freshnessMs: number;
  /** gridtwin's own edge nodes (their sessions are followed from the echoes). */
  ownNodes?: ReadonlySet<string>;
  /** The SoC window a facility's target must stay in, or undefined when it has no battery. */
  socWindow: (edgeNode: string) => { min: number; max: number } | undefined;
}

export class WdpcBusInspector {
  readonly host = new HostInspector({ subscriptionQos: 2 });
  private readonly checkers: Record<Direction, IntegrityChecker>;

  constructor(
    private readonly ledger: ConformanceLedger,
    private readonly o: BusInspectorOptions,
  ) {
    const outbound = new IntegrityChecker(o);
    this.checkers = { outbound, inbound: new IntegrityChecker({ ...o, alsoSeen: outbound }) };
  }

  /** Gaps in envelope sequences seen so far, per direction. */
  gaps(direction: Direction): bigint {
    return this.checkers[direction].gaps;
  }

  inspect(topic: string, payload: Uint8Array, qos: number, retain: boolean, direction: Direction, receivedMs: number, simTimeUs: number): BusInspection {
    const failures: Failure[] = [];
    const check = (rule: string, ok: boolean, detail = '') => {
      this.ledger.check(rule, direction, ok, () => ({ simTimeUs, topic, detail }));
      if (!ok) failures.push({ rule, detail });
    };
    // Inbound traffic on gridtwin's own edge nodes (a foreign publisher posing as one) is judged
    // against their sessions but must not move them.
    const foreignOnOwn = direction === 'inbound' && (this.o.ownNodes?.has(parseSpTopic(topic)?.node ?? '') ?? false);
    const sp = this.host.inspect(topic, payload, qos, retain, !foreignOnOwn);
    for (const c of sp.checks) check(c.rule, c.ok, c.detail);
    const out: BusInspection = { accepted: true, failures, streams: [], commands: [], ...(sp.topic ? { topic: sp.topic } : {}) };
    const t = sp.topic;
    if (t && sp.payload) {
      if (t.type === 'NCMD' || t.type === 'DCMD') this.command(t, sp.payload.metrics, check, out);
      else for (const m of sp.payload.metrics) this.stream(t, m, direction, receivedMs, check, out);
    }
    out.accepted = failures.every((f) => !rejects(f.rule));
    return out;
  }

  private stream(t: SpTopic, m: DecodedMetric, direction: Direction, receivedMs: number, check: (rule: string, ok: boolean, detail?: string) => void, out: BusInspection): void {
    const name = this.host.metricName(t, m);
    if (name === undefined || !name.startsWith(STREAM_PREFIX)) return;
    const want = streamMessageType(name);
    if (m.isNull && (t.type === 'NBIRTH' || t.type === 'DBIRTH')) return; // a birth may leave a stream empty
    if (!want || !(m.value instanceof Uint8Array)) {
      check('WDPC-BUS-001', false, want ? `${name} holds no bytes` : `${name} is not a WDPC stream gridtwin knows`);
      return;
    }
    const opened = openEnvelope(m.value, this.checkers[direction], receivedMs);
    for (const c of opened.checks) check(c.rule, c.ok, c.detail);
    if (opened.messageType === undefined) return;
    const typed = opened.messageType === MESSAGE_TYPE[want];
    check('WDPC-BUS-001', typed, typed ? '' : `${name} carries message_type ${opened.messageType}, not ${want}`);
    if (opened.accepted && opened.payload) out.streams.push({ metric: name, timestampMs: opened.timestampMs, payload: opened.payload });
  }

  private command(t: SpTopic, metrics: DecodedMetric[], check: (rule: string, ok: boolean, detail?: string) => void, out: BusInspection): void {
    if (t.type === 'DCMD') {
      check('WDPC-CMD-001', false, `DCMD to '${t.device}': gridtwin's compute nodes take no writes`);
      return;
    }
    const problems: string[] = [];
    const commands: Command[] = [];
    for (const m of metrics) {
      const name = this.host.metricName(t, m);
      const label = name ?? (m.alias !== undefined ? `alias ${m.alias}` : '(unnamed)');
      if (name === REBIRTH && m.name === REBIRTH) {
        if (m.value === true) commands.push({ kind: 'rebirth' });
        else if (m.field !== 'boolean_value') problems.push(`${REBIRTH} is not a Boolean`);
        continue;
      }
      if (name !== SOC_TARGET) {
        problems.push(`${label} is not a writable metric of '${t.node}'`);
        continue;
      }
      if (m.name !== undefined) problems.push(`${SOC_TARGET} named although born with an alias`);
      if (m.datatype !== undefined && m.datatype !== DataType.Double) problems.push(`${SOC_TARGET} sent as datatype ${m.datatype}, not Double`);
      const window = this.o.socWindow(t.node);
      if (m.isNull) {
        commands.push({ kind: 'soc-target', value: null });
        continue;
      }
      const v = m.value;
      if (m.field === undefined || !fieldFits(DataType.Double, m.field) || typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${SOC_TARGET} value ${String(v)} is not a finite Double`);
      else if (!window) problems.push(`'${t.node}' has no battery`);
      else if (v < window.min || v > window.max) problems.push(`${SOC_TARGET} ${v} is outside the battery's SoC window [${window.min}, ${window.max}]`);
      else commands.push({ kind: 'soc-target', value: v });
    }
    check('WDPC-CMD-001', problems.length === 0, problems.join('; '));
    if (problems.length === 0) out.commands = commands;
  }
}
