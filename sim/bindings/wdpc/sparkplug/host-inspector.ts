// A Sparkplug host application's view of the wire: it follows each edge node's session from the
// messages it receives and checks the rules of rule-catalogue.ts, one verdict per rule and message.
// What a subscriber cannot see is not judged: the publisher's QoS shows only up to the
// subscription's QoS (so NDEATH's QoS 1 is judged only on a QoS ≥ 1 subscription). The retain flag
// of a live message is the publisher's only with MQTT 5 Retain As Published; a 3.1.1 subscriber
// sees a retained birth or death only as the retained copy it gets when it subscribes, so a host
// that wants the retain rules judged subscribes with MQTT 5 and rap.
import { DataType, dataTypeName, fieldFits, valueFieldOf } from './datatypes.ts';
import { BDSEQ, REBIRTH } from './edge-session.ts';
import { decodePayload, type DecodedMetric, type DecodedPayload } from './payload.ts';
import { parseSpTopic, parseStateTopic, type SpTopic } from './topics.ts';

/** Records one rule's verdict; `detail` is called only when it failed. */
type Put = (rule: string, ok: boolean, detail: () => string) => void;

export interface SpCheck {
  rule: string;
  ok: boolean;
  detail?: string;
}

export interface SpInspection {
  checks: SpCheck[];
  topic?: SpTopic;
  payload?: DecodedPayload;
  /** A host application's STATE message (not judged here). */
  stateOf?: string;
}

export interface HostInspectorOptions {
  /** QoS the host subscribed with (default 1): the delivered QoS is min(published, subscribed). */
  subscriptionQos?: 0 | 1 | 2;
}

interface Born {
  name: string;
  datatype: number;
  alias?: string;
}

interface NodeSession {
  born: boolean;
  bdSeq?: number;
  /** bdSeqs of this node's earlier sessions: their late Wills are stale, not wrong. */
  pastBdSeqs: Set<number>;
  lastSeq?: number;
  gaps: number;
  /** Metrics per device ('' = the node), by `n:name` and `a:alias`. */
  metrics: Map<string, Map<string, Born>>;
  /** Which device ('' = the node) holds each alias: aliases are unique per edge node. */
  aliasOwner: Map<string, string>;
}

export interface NodeView {
  group: string;
  node: string;
  born: boolean;
  bdSeq?: number;
  lastSeq?: number;
  gaps: number;
  devices: string[];
}

export class HostInspector {
  private readonly nodes = new Map<string, NodeSession>();
  private readonly subQos: number;
  /** Messages missing from seq runs, over all nodes. */
  gaps = 0;

  constructor(opts: HostInspectorOptions = {}) {
    this.subQos = opts.subscriptionQos ?? 1;
  }

  /**
   * Judges one message. With `commit` false the message is judged against the sessions as they
   * are but leaves them unchanged: a foreign message on a node whose session the host follows
   * from another source (gridtwin's own edge nodes, judged from their echoes) must not move it.
   */
  inspect(topic: string, payload: Uint8Array, qos: number, retain: boolean, commit = true): SpInspection {
    if (commit) return this.judge(topic, payload, qos, retain);
    const t = parseSpTopic(topic);
    const key = t ? `${t.group}/${t.node}` : undefined;
    const before = key ? this.nodes.get(key) : undefined;
    const saved = before && { ...before, pastBdSeqs: new Set(before.pastBdSeqs), metrics: new Map(before.metrics), aliasOwner: new Map(before.aliasOwner) };
    const gaps = this.gaps;
    try {
      return this.judge(topic, payload, qos, retain);
    } finally {
      if (key !== undefined) {
        if (saved) this.nodes.set(key, saved);
        else this.nodes.delete(key);
      }
      this.gaps = gaps;
    }
  }

  private judge(topic: string, payload: Uint8Array, qos: number, retain: boolean): SpInspection {
    const state = parseStateTopic(topic);
    if (state !== undefined) return { checks: [], stateOf: state };
    const checks: SpCheck[] = [];
    // The detail is written only for a failure: this runs for every message on the bus.
    const put: Put = (rule, ok, detail) => checks.push(ok ? { rule, ok } : { rule, ok, detail: detail() });
    const t = parseSpTopic(topic);
    put('SPB-TOPIC-001', t !== undefined, () => `'${topic}' is not a Sparkplug B topic`);
    if (!t) return { checks };
    const key = `${t.group}/${t.node}`;
    const n: NodeSession = this.nodes.get(key) ?? { born: false, pastBdSeqs: new Set<number>(), gaps: 0, metrics: new Map(), aliasOwner: new Map() };
    this.nodes.set(key, n);
    const scope = t.device ?? '';
    let p: DecodedPayload;
    try {
      p = decodePayload(payload, (m) => lookup(n.metrics.get(scope), m)?.datatype);
      put('SPB-PAYLOAD-001', true, () => '');
    } catch (err) {
      put('SPB-PAYLOAD-001', false, () => (err as Error).message);
      return { checks, topic: t };
    }
    if (t.type === 'NCMD' || t.type === 'DCMD') return { checks, topic: t, payload: p };

    if (t.type === 'NDEATH') {
      const qosOk = this.subQos === 0 || qos === 1;
      put('SPB-MQTT-002', qosOk && !retain, () => `NDEATH delivered with QoS ${qos}${retain ? ', retained' : ''} (subscribed at QoS ${this.subQos})`);
      this.ndeath(n, p, put);
      return { checks, topic: t, payload: p };
    }
    put('SPB-MQTT-001', qos === 0 && !retain, () => `${t.type} delivered with QoS ${qos}${retain ? ', retained' : ''}`);
    put('SPB-TIME-001', p.timestamp !== undefined, () => `${t.type} has no payload timestamp`);
    const seqOk = p.seq !== undefined && Number.isInteger(p.seq) && p.seq >= 0 && p.seq <= 255;
    put('SPB-SEQ-001', seqOk, () => `${t.type} seq ${p.seq ?? '(none)'}`);

    if (t.type === 'NBIRTH') {
      put('SPB-SEQ-002', p.seq === 0, () => `NBIRTH seq ${p.seq ?? '(none)'}, not 0`);
      const bd = p.metrics.find((m) => m.name === BDSEQ)?.value;
      const bdOk = (typeof bd === 'number' || typeof bd === 'bigint') && bd >= 0 && bd <= 255;
      put('SPB-BDSEQ-001', bdOk, () => bd === undefined ? 'no bdSeq metric' : `bdSeq ${String(bd)} is not an integer 0–255`);
      const rb = p.metrics.find((m) => m.name === REBIRTH);
      put('SPB-BIRTH-001', rb?.datatype === DataType.Boolean, () => rb ? `'${REBIRTH}' has datatype ${dataTypeName(rb.datatype ?? 0)}` : `no '${REBIRTH}' metric`);
      if (n.bdSeq !== undefined && n.bdSeq !== Number(bd)) n.pastBdSeqs.add(n.bdSeq);
      n.bdSeq = bdOk ? Number(bd) : undefined;
      n.born = true;
      n.metrics = new Map();
      n.aliasOwner = new Map();
      this.birthMetrics(n, '', p.metrics, put);
      n.lastSeq = seqOk ? p.seq : undefined;
      return { checks, topic: t, payload: p };
    }

    const deviceMsg = t.device !== undefined && t.type !== 'DBIRTH';
    if (deviceMsg) put('SPB-ORDER-002', n.born && n.metrics.has(scope), () => `${t.type} for '${t.device}' before its DBIRTH`);
    else put('SPB-ORDER-001', n.born, () => `${t.type} before the node's NBIRTH`);
    if (seqOk) this.seqStep(n, p.seq!, put);

    if (t.type === 'DBIRTH') this.birthMetrics(n, scope, p.metrics, put);
    else if (t.type === 'DDEATH') this.forget(n, scope);
    else this.dataMetrics(n.metrics.get(scope), p.metrics, put);
    return { checks, topic: t, payload: p };
  }

  private seqStep(n: NodeSession, seq: number, put: Put): void {
    if (n.lastSeq !== undefined) {
      const expected = (n.lastSeq + 1) % 256;
      const missing = (seq - expected + 256) % 256;
      // A repeated seq is a duplicate or a reordering, not 255 lost messages.
      if (seq !== n.lastSeq) {
        n.gaps += missing;
        this.gaps += missing;
      }
      put('SPB-SEQ-003', seq === expected, () => `seq ${seq} after ${n.lastSeq}${seq === n.lastSeq ? ' (repeated)' : ` (${missing} missing)`}`);
    }
    n.lastSeq = seq;
  }

  private ndeath(n: NodeSession, p: DecodedPayload, put: Put): void {
    const raw = p.metrics.find((m) => m.name === BDSEQ)?.value;
    const bd = typeof raw === 'number' || typeof raw === 'bigint' ? Number(raw) : undefined;
    if (bd === undefined) {
      put('SPB-BDSEQ-002', false, () => 'NDEATH has no bdSeq metric');
      return;
    }
    if (n.bdSeq === undefined) return; // no NBIRTH seen: nothing to compare with
    const stale = bd !== n.bdSeq && n.pastBdSeqs.has(bd);
    put('SPB-BDSEQ-002', bd === n.bdSeq || stale, () => `NDEATH bdSeq ${bd}, the session's NBIRTH had ${n.bdSeq}`);
    if (bd !== n.bdSeq) return; // a stale Will does not end the current session
    n.born = false;
    n.lastSeq = undefined;
    n.metrics = new Map();
    n.aliasOwner = new Map();
  }

  /** A device's metrics and aliases go with its DDEATH (or its next DBIRTH replaces them). */
  private forget(n: NodeSession, scope: string): void {
    for (const b of n.metrics.get(scope)?.values() ?? []) if (b.alias !== undefined && n.aliasOwner.get(b.alias) === scope) n.aliasOwner.delete(b.alias);
    n.metrics.delete(scope);
  }

  private birthMetrics(n: NodeSession, scope: string, metrics: DecodedMetric[], put: Put): void {
    const defs = new Map<string, Born>();
    this.forget(n, scope);
    const problems: string[] = [];
    for (const m of metrics) {
      const label = m.name ?? `alias ${m.alias}`;
      if (m.name === undefined || m.datatype === undefined || valueFieldOf(m.datatype) === undefined) {
        problems.push(`${label}: ${m.name === undefined ? 'no name' : `datatype ${m.datatype === undefined ? '(none)' : dataTypeName(m.datatype)}`}`);
        continue;
      }
      if (!m.isNull && (m.field === undefined || !fieldFits(m.datatype, m.field))) problems.push(`${label}: ${dataTypeName(m.datatype)} value in ${m.field ?? '(no value)'}`);
      const b: Born = { name: m.name, datatype: m.datatype, ...(m.alias !== undefined ? { alias: String(m.alias) } : {}) };
      if (b.alias !== undefined) {
        const owner = n.aliasOwner.get(b.alias);
        if ((owner !== undefined && owner !== scope) || defs.has(`a:${b.alias}`)) problems.push(`${label}: alias ${b.alias} already used by this edge node`);
        else n.aliasOwner.set(b.alias, scope);
        defs.set(`a:${b.alias}`, b);
      }
      defs.set(`n:${m.name}`, b);
    }
    put('SPB-BIRTH-002', problems.length === 0, () => problems.join('; '));
    n.metrics.set(scope, defs);
  }

  private dataMetrics(defs: Map<string, Born> | undefined, metrics: DecodedMetric[], put: Put): void {
    if (!defs) return; // no birth: SPB-ORDER-00x already failed
    const unknown: string[] = [];
    const typed: string[] = [];
    const named: string[] = [];
    for (const m of metrics) {
      const b = lookup(defs, m);
      const label = m.name ?? `alias ${m.alias}`;
      if (!b) {
        unknown.push(label);
        continue;
      }
      if (b.alias !== undefined && m.name !== undefined) named.push(label);
      if (m.datatype !== undefined && m.datatype !== b.datatype) typed.push(`${label}: datatype ${dataTypeName(m.datatype)}, born ${dataTypeName(b.datatype)}`);
      else if (!m.isNull && m.field === undefined) typed.push(`${label}: no value`);
      else if (m.field !== undefined && !fieldFits(b.datatype, m.field)) typed.push(`${label}: value in ${m.field}, born ${dataTypeName(b.datatype)}`);
    }
    put('SPB-DATA-001', unknown.length === 0, () => `not in the birth: ${unknown.join(', ')}`);
    put('SPB-DATA-002', typed.length === 0, () => typed.join('; '));
    put('SPB-DATA-003', named.length === 0, () => `named although born with an alias: ${named.join(', ')}`);
  }

  /** The name a metric of a message on `topic` was born with (data carries only the alias). */
  metricName(topic: SpTopic, m: { name?: string; alias?: number | bigint }): string | undefined {
    return m.name ?? lookup(this.nodes.get(`${topic.group}/${topic.node}`)?.metrics.get(topic.device ?? ''), m)?.name;
  }

  /** What the host knows of each edge node's session. */
  nodeViews(): NodeView[] {
    return [...this.nodes].map(([key, n]) => {
      const [group, node] = key.split('/');
      return { group, node, born: n.born, ...(n.bdSeq !== undefined ? { bdSeq: n.bdSeq } : {}), ...(n.lastSeq !== undefined ? { lastSeq: n.lastSeq } : {}), gaps: n.gaps, devices: [...n.metrics.keys()].filter((d) => d !== '') };
    });
  }
}

function lookup(defs: Map<string, Born> | undefined, m: { name?: string; alias?: number | bigint }): Born | undefined {
  if (!defs) return undefined;
  return m.alias !== undefined ? defs.get(`a:${m.alias}`) : m.name !== undefined ? defs.get(`n:${m.name}`) : undefined;
}
