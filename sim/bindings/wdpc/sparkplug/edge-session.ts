// A Sparkplug B edge node's session as a pure state machine: it returns the messages to publish
// and the MQTT driver (edge-node.ts) sends them. Time is a parameter (UNIX ms). The rules it keeps
// (Sparkplug 3.0 as gridtwin reads it, docs/spec-decisions.md W8):
//   - bdSeq (0–255) counts MQTT sessions: each new connection takes the next bdSeq; the Will
//     registered at CONNECT is an NDEATH carrying it, the NBIRTH that opens the session the same;
//   - NBIRTH first, seq 0; then a DBIRTH per device before any of that device's DDATA;
//   - seq +1 for every NBIRTH/NDATA/DBIRTH/DDATA/DDEATH of the session, 255 → 0; NDEATH has none;
//   - births name every metric with its alias and datatype; NDATA/DDATA carry only the metrics
//     whose value changed since the last report, by alias, without the datatype;
//   - a removed device gets a DDEATH; a rebirth request (NCMD `Node Control/Rebirth` = true)
//     re-sends NBIRTH (seq 0, same bdSeq) and every DBIRTH.
import { InputError } from '../../../errors.ts';
import { DataType, isScalar, valueProblem, type DataTypeCode, type MetricValue } from './datatypes.ts';
import type { Metric, SpPayload } from './payload.ts';
import { spTopic, type SpMessageType } from './topics.ts';

export interface SpMessage {
  topic: string;
  type: SpMessageType;
  device?: string;
  payload: SpPayload;
  /** Sparkplug 3.0: births, data and DDEATH QoS 0; NDEATH (Will and graceful) QoS 1. Never retained. */
  qos: 0 | 1;
}

export interface MetricDef {
  name: string;
  datatype: DataTypeCode;
}

/** The current value of a metric (null = explicitly null). */
export type ValueSource = (device: string | undefined, metric: string) => MetricValue | null;

export const BDSEQ = 'bdSeq';
export const REBIRTH = 'Node Control/Rebirth';

const NODE = ''; // key of the node's own metrics (device ids are never empty)

export class EdgeSession {
  private bdSeq: number;
  private seq = 0;
  private started = false;
  private nodeBorn = false;
  private nextAlias = 1;
  private readonly defs = new Map<string, Map<string, MetricDef & { alias: number }>>();
  private readonly born = new Set<string>();
  /** Last value published per device (NODE for the node) and metric: the base for "changed". */
  private readonly last = new Map<string, Map<string, MetricValue | null>>();

  constructor(
    readonly group: string,
    readonly node: string,
    nodeMetrics: MetricDef[],
    devices: Iterable<[string, MetricDef[]]> = [],
    /** The bdSeq of the first session (a node that keeps it across restarts passes its next one). */
    firstBdSeq = 0,
  ) {
    if (!Number.isInteger(firstBdSeq) || firstBdSeq < 0 || firstBdSeq > 255) throw new InputError(`bdSeq ${firstBdSeq} is outside 0–255`);
    spTopic({ group, type: 'NBIRTH', node }); // validates the ids
    this.bdSeq = (firstBdSeq + 255) % 256;
    this.define(NODE, nodeMetrics);
    for (const [d, ms] of devices) this.define(d, ms);
  }

  private define(device: string, metrics: MetricDef[]): void {
    if (device !== NODE) spTopic({ group: this.group, type: 'DBIRTH', node: this.node, device });
    if (this.defs.has(device)) throw new InputError(`device '${device}' is defined twice`);
    const m = new Map<string, MetricDef & { alias: number }>();
    for (const d of metrics) {
      if (m.has(d.name) || d.name === BDSEQ || d.name === REBIRTH) throw new InputError(`metric '${d.name}' of ${device || 'the node'} is duplicated or reserved`);
      if (!isScalar(d.datatype)) throw new InputError(`metric '${d.name}': datatype ${d.datatype} is not supported`);
      // Aliases stay fixed for the node's lifetime, across sessions and rebirths.
      m.set(d.name, { ...d, alias: this.nextAlias++ });
    }
    this.defs.set(device, m);
  }

  get currentBdSeq(): number {
    return this.bdSeq;
  }
  /** The seq the next message of the session will carry. */
  get nextSeq(): number {
    return this.seq;
  }
  get isBorn(): boolean {
    return this.nodeBorn;
  }
  get devices(): string[] {
    return [...this.defs.keys()].filter((d) => d !== NODE);
  }

  /** A new MQTT connection: the next bdSeq and the Will (NDEATH) to register in its CONNECT. */
  newSession(nowMs: number): SpMessage {
    this.bdSeq = (this.bdSeq + 1) % 256;
    this.started = true;
    this.endSession();
    return this.ndeath(nowMs);
  }

  /** The connection is gone (graceful or not): no more messages until newSession(). */
  lost(): void {
    this.started = false;
    this.endSession();
  }

  private endSession(): void {
    this.nodeBorn = false;
    this.born.clear();
    this.last.clear();
  }

  /** NBIRTH then a DBIRTH per device; also the answer to a rebirth request (seq restarts at 0). */
  birth(nowMs: number, values: ValueSource): SpMessage[] {
    if (!this.started) throw new Error('birth before newSession(): the Will must be registered first');
    this.seq = 0;
    this.born.clear();
    const node: Metric[] = [
      { name: BDSEQ, timestamp: nowMs, datatype: DataType.UInt64, value: this.bdSeq },
      { name: REBIRTH, timestamp: nowMs, datatype: DataType.Boolean, value: false },
      ...this.birthMetrics(NODE, nowMs, values),
    ];
    const out: SpMessage[] = [this.message('NBIRTH', undefined, nowMs, node)];
    this.nodeBorn = true;
    for (const d of this.devices) out.push(this.dbirth(d, nowMs, values));
    return out;
  }

  private birthMetrics(device: string, nowMs: number, values: ValueSource): Metric[] {
    const last = new Map<string, MetricValue | null>();
    this.last.set(device, last);
    return [...this.defs.get(device)!.values()].map((d) => {
      const value = checked(d, values(device === NODE ? undefined : device, d.name));
      last.set(d.name, value);
      return { name: d.name, alias: d.alias, timestamp: nowMs, datatype: d.datatype, value };
    });
  }

  private dbirth(device: string, nowMs: number, values: ValueSource): SpMessage {
    const msg = this.message('DBIRTH', device, nowMs, this.birthMetrics(device, nowMs, values));
    this.born.add(device);
    return msg;
  }

  /** A device joins after the births: its DBIRTH (the node must be born). */
  addDevice(nowMs: number, device: string, metrics: MetricDef[], values: ValueSource): SpMessage {
    if (!this.nodeBorn) throw new Error(`device '${device}' added before the NBIRTH`);
    this.define(device, metrics);
    return this.dbirth(device, nowMs, values);
  }

  /** A device leaves: its DDEATH; it is forgotten (a later addDevice re-births it). */
  removeDevice(nowMs: number, device: string): SpMessage {
    if (!this.born.has(device)) throw new Error(`DDEATH for '${device}', which is not born`);
    const msg = this.message('DDEATH', device, nowMs, []);
    this.born.delete(device);
    this.defs.delete(device);
    this.last.delete(device);
    return msg;
  }

  /**
   * NDATA (device undefined) or DDATA with the metrics whose value differs from the last one
   * published; undefined when nothing changed (no message, no seq used).
   */
  data(nowMs: number, device: string | undefined, values: Record<string, MetricValue | null>): SpMessage | undefined {
    const key = device ?? NODE;
    if (!this.nodeBorn || (device !== undefined && !this.born.has(device))) throw new Error(`data for ${device ?? 'the node'} before its birth`);
    const defs = this.defs.get(key)!;
    const last = this.last.get(key)!;
    const metrics: Metric[] = [];
    for (const [name, value] of Object.entries(values)) {
      const d = defs.get(name);
      if (!d) throw new Error(`metric '${name}' was not in the birth of ${device ?? 'the node'}`);
      checked(d, value);
      if (sameValue(last.get(name), value)) continue;
      last.set(name, value);
      metrics.push({ alias: d.alias, timestamp: nowMs, bornAs: d.datatype, value });
    }
    return metrics.length === 0 ? undefined : this.message(device === undefined ? 'NDATA' : 'DDATA', device, nowMs, metrics);
  }

  /** A graceful end: NDEATH with this session's bdSeq (the Will says the same if the link dies). */
  death(nowMs: number): SpMessage {
    const msg = this.ndeath(nowMs);
    this.lost();
    return msg;
  }

  /** What an NCMD asks of the node: the births again for a rebirth request, else nothing. */
  nodeCommand(nowMs: number, cmd: SpPayload, values: ValueSource): SpMessage[] {
    return this.nodeBorn && EdgeSession.isRebirth(cmd) ? this.birth(nowMs, values) : [];
  }

  /** Whether an NCMD payload asks for a rebirth (by name; NCMD may not use the alias here). */
  static isRebirth(p: SpPayload): boolean {
    return p.metrics.some((m) => m.name === REBIRTH && m.value === true);
  }

  private ndeath(nowMs: number): SpMessage {
    const topic = spTopic({ group: this.group, type: 'NDEATH', node: this.node });
    return { topic, type: 'NDEATH', qos: 1, payload: { timestamp: nowMs, metrics: [{ name: BDSEQ, timestamp: nowMs, datatype: DataType.UInt64, value: this.bdSeq }] } };
  }

  private message(type: SpMessageType, device: string | undefined, nowMs: number, metrics: Metric[]): SpMessage {
    const seq = this.seq;
    this.seq = (this.seq + 1) % 256;
    const topic = spTopic({ group: this.group, type, node: this.node, ...(device !== undefined ? { device } : {}) });
    return { topic, type, ...(device !== undefined ? { device } : {}), qos: 0, payload: { timestamp: nowMs, seq, metrics } };
  }
}

/** A value that does not fit its datatype is refused here, before anything is published. */
function checked(d: MetricDef, value: MetricValue | null): MetricValue | null {
  const problem = value === null ? undefined : valueProblem(d.datatype, value);
  if (problem) throw new TypeError(`metric '${d.name}': ${problem}`);
  return value;
}

function sameValue(a: MetricValue | null | undefined, b: MetricValue | null): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || a === b;
  return a === b;
}
