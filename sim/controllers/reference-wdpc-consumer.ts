// The built-in WDPC consumer: a Sparkplug host application on its own MQTT connection that reads the
// facilities' workload publications off the bus — verifying every envelope like any receiver must —
// and, in `intent` mode, pre-positions each facility's battery before an announced power transition
// by writing the edge node's `Battery/SoC Target` metric with an NCMD (intent-policy.ts says which
// SoC). When the intent set no longer lists a transition, it releases the target (null: the
// battery's configured target again). In `reactive` mode it subscribes and reads the same messages
// but never writes: the battery reacts to the POI alone — the baseline intent control is scored
// against. It knows each facility's battery and POI ramp limit from the operator's configuration
// (the scenario), not from the bus: the WDPC streams carry SoC and power, not battery sizing.
import type { InProcessCounterpart } from '../engine/profile-binding.ts';
import { simTimeNow, type RunContext } from '../engine/run-context.ts';
import { wireKey } from '../engine/outbound.ts';
import { BarrierInbox } from './barrier-inbox.ts';
import { connectMqtt, type MqttConnection } from '../transports/mqtt-connection.ts';
import { openEnvelope } from '../bindings/wdpc/envelope.ts';
import { IntegrityChecker } from '../bindings/wdpc/integrity.ts';
import { SOC_TARGET } from '../bindings/wdpc/bus-inspector.ts';
import { DataType, decodePayload, encodePayload } from '../bindings/wdpc/sparkplug/payload.ts';
import { parseSpTopic } from '../bindings/wdpc/sparkplug/topics.ts';
import { socTargetFor, type BatteryView } from './intent-policy.ts';

export interface ConsumerFacility {
  edgeNode: string;
  battery?: BatteryView;
  /** The utility's POI ramp limit, W/s (undefined: none). */
  rampWps?: number;
}

export interface WdpcConsumerOptions {
  ctx: RunContext;
  group: string;
  facilities: ConsumerFacility[];
  mode: 'intent' | 'reactive';
  keys: ReadonlyMap<string, Uint8Array>;
  freshnessMs: number;
  /** Fast mode: handle messages when the barrier settles. */
  batched: boolean;
}

interface NodeState {
  workloadAlias?: string;
  targetAlias?: number | bigint;
  /** Last target sent (null: released; undefined: nothing sent yet). */
  sent?: number | null;
}

export class ReferenceWdpcConsumer implements InProcessCounterpart {
  readonly name = 'reference WDPC consumer';
  readonly filters: string[];
  private conn: MqttConnection | undefined;
  private readonly inbox: BarrierInbox;
  private readonly nodes = new Map<string, NodeState>();
  private readonly byNode: Map<string, ConsumerFacility>;
  private readonly checker: IntegrityChecker;
  readonly stats = { workloads: 0, rejected: 0, commands: 0 };

  constructor(private readonly o: WdpcConsumerOptions) {
    this.filters = [`spBv1.0/${o.group}/NBIRTH/+`, `spBv1.0/${o.group}/NDATA/+`];
    this.byNode = new Map(o.facilities.map((f) => [f.edgeNode, f]));
    this.checker = new IntegrityChecker({ keys: o.keys, freshnessMs: o.freshnessMs });
    this.inbox = new BarrierInbox('reference WDPC consumer', o.batched, (m) => this.handle(m.topic, m.payload), (w) => o.ctx.warn(w));
  }

  async connect(): Promise<void> {
    const b = this.o.ctx.broker();
    this.conn = await connectMqtt({ ...b.options, clientId: b.clientId('wdpc-consumer'), protocolVersion: 4 });
    await this.inbox.listen(this.conn, this.filters, 0);
  }

  settle(expected: string[]): Promise<string[]> {
    return this.inbox.settle(expected);
  }

  private nowMs(): number {
    return this.o.ctx.epoch().ms(simTimeNow(this.o.ctx));
  }

  private async handle(topic: string, payload: Buffer): Promise<string[]> {
    const t = parseSpTopic(topic);
    if (!t || t.device !== undefined) return [];
    const state = this.nodes.get(t.node) ?? {};
    this.nodes.set(t.node, state);
    let p;
    try {
      p = decodePayload(payload);
    } catch {
      this.stats.rejected++;
      return [];
    }
    if (t.type === 'NBIRTH') {
      for (const m of p.metrics) {
        if (m.name === 'wdpc/workload' && m.alias !== undefined) state.workloadAlias = String(m.alias);
        if (m.name === SOC_TARGET && m.alias !== undefined) state.targetAlias = m.alias;
      }
      state.sent = undefined; // a new session: the edge node forgot nothing, but say it again when needed
      return [];
    }
    const w = p.metrics.find((m) => m.alias !== undefined && String(m.alias) === state.workloadAlias);
    if (!w || !(w.value instanceof Uint8Array)) return [];
    const opened = openEnvelope(w.value, this.checker, this.nowMs());
    if (!opened.accepted || !opened.payload) {
      this.stats.rejected++;
      return [];
    }
    this.stats.workloads++;
    if (this.o.mode !== 'intent') return [];
    const target = this.targetFor(t.node, opened.payload.toJSON() as WorkloadJson);
    if (target === undefined || state.targetAlias === undefined || state.sent === target) return [];
    if (state.sent === undefined && target === null) return []; // nothing to release
    state.sent = target;
    return [await this.write(t.node, state.targetAlias, target)];
  }

  /** The SoC the next announced transition needs (null: none announced, release). */
  private targetFor(node: string, w: WorkloadJson): number | null | undefined {
    const f = this.byNode.get(node);
    if (!f?.battery || f.rampWps === undefined) return undefined;
    const next = [...(w.future_intent ?? [])].sort((a, b) => tsMs(a.predicted_time) - tsMs(b.predicted_time))[0];
    if (!next) return null;
    const target = socTargetFor(f.battery, (next.current_power_mw ?? 0) * 1e6, (next.predicted_power_mw ?? 0) * 1e6, f.rampWps);
    return target === undefined ? null : Math.round(target * 1e4) / 1e4;
  }

  private async write(node: string, alias: number | bigint, value: number | null): Promise<string> {
    const topic = `spBv1.0/${this.o.group}/NCMD/${node}`;
    const bytes = Buffer.from(encodePayload({ timestamp: Math.floor(this.nowMs()), metrics: [{ alias, timestamp: Math.floor(this.nowMs()), datatype: DataType.Double, value }] }));
    this.stats.commands++;
    await this.conn!.publish(topic, bytes, { qos: 1 });
    return wireKey(topic, bytes);
  }

  async close(): Promise<void> {
    await this.inbox.drain();
    await this.conn?.end();
  }
}

interface WorkloadJson {
  future_intent?: Array<{ predicted_time?: { seconds?: string | number; nanos?: number }; predicted_power_mw?: number; current_power_mw?: number }>;
}

function tsMs(t: { seconds?: string | number; nanos?: number } | undefined): number {
  return t ? Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6) : Infinity;
}
