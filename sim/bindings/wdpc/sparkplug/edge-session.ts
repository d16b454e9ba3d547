// A Sparkplug B edge node's session, as a pure state machine (the MQTT driver publishes what it
// returns). Sparkplug 3.0 rules it follows:
//   - bdSeq (0–255) counts sessions: the MQTT Will registered at CONNECT is an NDEATH carrying the
//     bdSeq metric, and the NBIRTH that opens the session carries the same bdSeq;
//   - NBIRTH first, with seq 0; a DBIRTH for each device before any of its DDATA;
//   - seq goes up by one for every NBIRTH/NDATA/DBIRTH/DDATA/DDEATH of the session, 255 → 0;
//   - births name every metric and give its alias; data messages carry aliases only;
//   - a rebirth request (NCMD "Node Control/Rebirth" = true) re-sends NBIRTH (seq 0, same bdSeq)
//     and every DBIRTH; a new connection is a new session (bdSeq + 1).
import { DataType, type Metric, type SpPayload } from './payload.ts';
import { spTopic, type SpMessageType } from './topics.ts';

export interface SpMessage {
  topic: string;
  type: SpMessageType;
  device?: string;
  payload: SpPayload;
}

export interface MetricDef {
  name: string;
  datatype: Metric['datatype'];
}

export const BDSEQ = 'bdSeq';
export const REBIRTH = 'Node Control/Rebirth';

export class EdgeSession {
  private bdSeq = -1;
  private seq = 0;
  private readonly aliases = new Map<string, number>();
  private readonly born = new Set<string>();
  private nodeBorn = false;

  constructor(
    readonly group: string,
    readonly node: string,
    private readonly nodeMetrics: MetricDef[],
    private readonly devices: Map<string, MetricDef[]>,
  ) {
    let alias = 1;
    for (const m of nodeMetrics) this.aliases.set(`/${m.name}`, alias++);
    for (const [d, ms] of devices) for (const m of ms) this.aliases.set(`${d}/${m.name}`, alias++);
  }

  /** A new connection: the next bdSeq, and the Will (NDEATH) to register with CONNECT. */
  newSession(nowMs: number): SpMessage {
    this.bdSeq = (this.bdSeq + 1) % 256;
    this.nodeBorn = false;
    this.born.clear();
    return { topic: spTopic({ group: this.group, type: 'NDEATH', node: this.node }), type: 'NDEATH', payload: { timestamp: nowMs, metrics: [this.bdSeqMetric(nowMs)] } };
  }

  get currentBdSeq(): number {
    return this.bdSeq;
  }

  private bdSeqMetric(nowMs: number): Metric {
    return { name: BDSEQ, timestamp: nowMs, datatype: DataType.UInt64, value: this.bdSeq };
  }

  private next(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) % 256;
    return s;
  }

  /** NBIRTH then a DBIRTH per device (also the answer to a rebirth request). */
  birth(nowMs: number, values: (device: string | undefined, metric: string) => Metric['value']): SpMessage[] {
    if (this.bdSeq < 0) throw new Error('birth before newSession(): register the Will first');
    this.seq = 0;
    const def = (device: string | undefined, m: MetricDef): Metric => ({ name: m.name, alias: this.aliases.get(`${device ?? ''}/${m.name}`)!, timestamp: nowMs, datatype: m.datatype, value: values(device, m.name) });
    const out: SpMessage[] = [
      {
        topic: spTopic({ group: this.group, type: 'NBIRTH', node: this.node }),
        type: 'NBIRTH',
        payload: { timestamp: nowMs, seq: this.next(), metrics: [this.bdSeqMetric(nowMs), { name: REBIRTH, timestamp: nowMs, datatype: DataType.Boolean, value: false }, ...this.nodeMetrics.map((m) => def(undefined, m))] },
      },
    ];
    this.nodeBorn = true;
    for (const [d, ms] of this.devices) {
      out.push({ topic: spTopic({ group: this.group, type: 'DBIRTH', node: this.node, device: d }), type: 'DBIRTH', device: d, payload: { timestamp: nowMs, seq: this.next(), metrics: ms.map((m) => def(d, m)) } });
      this.born.add(d);
    }
    return out;
  }

  /** NDATA (device undefined) or DDATA with the changed metrics, by alias. */
  data(nowMs: number, device: string | undefined, changed: Array<{ name: string; value: Metric['value'] }>): SpMessage {
    if (!this.nodeBorn || (device !== undefined && !this.born.has(device))) throw new Error(`data for ${device ?? 'the node'} before its birth`);
    const defs = device === undefined ? this.nodeMetrics : this.devices.get(device)!;
    const metrics = changed.map((c) => {
      const d = defs.find((m) => m.name === c.name);
      if (!d) throw new Error(`metric '${c.name}' was not in the birth of ${device ?? 'the node'}`);
      return { alias: this.aliases.get(`${device ?? ''}/${c.name}`)!, timestamp: nowMs, datatype: d.datatype, value: c.value };
    });
    const type = device === undefined ? 'NDATA' : 'DDATA';
    return { topic: spTopic({ group: this.group, type, node: this.node, ...(device !== undefined ? { device } : {}) }), type, ...(device !== undefined ? { device } : {}), payload: { timestamp: nowMs, seq: this.next(), metrics } };
  }

  /** A graceful end: NDEATH with this session's bdSeq (the Will says the same if the link dies). */
  death(nowMs: number): SpMessage {
    this.nodeBorn = false;
    return { topic: spTopic({ group: this.group, type: 'NDEATH', node: this.node }), type: 'NDEATH', payload: { timestamp: nowMs, metrics: [this.bdSeqMetric(nowMs)] } };
  }

  /** Whether an NCMD payload asks for a rebirth. */
  static isRebirth(p: SpPayload): boolean {
    return p.metrics.some((m) => m.name === REBIRTH && m.value === true);
  }
}
