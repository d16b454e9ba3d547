// The WDPC data-bus profile: every facility (site) is a Sparkplug B edge node on the run's broker,
// publishing the facility → rack → node → GPU hierarchy from the physics at the WDPC Table 1 rates
// in sealed protobuf envelopes (facility-publisher.ts), with the AI job's intent signals. The
// engine's observer judges every message in and out (bus-inspector.ts); a consumer — the built-in
// one (sim/controllers/reference-wdpc-consumer.ts) or a live one — writes `Battery/SoC Target`
// with NCMDs, which move the battery's SoC target at the next window boundary. Optionally every
// envelope also goes into NATS JetStream (nats-mirror.ts).
import { createHash } from 'node:crypto';
import type { ClientSpec, InProcessCounterpart, ObservedMessage, ProfileBinding } from '../../engine/profile-binding.ts';
import type { OutboundMessage } from '../../engine/outbound.ts';
import type { RunContext } from '../../engine/run-context.ts';
import type { WdpcProfileConfig } from '../../scenario/profile-schema.ts';
import type { Direction } from '../../scoring/conformance-ledger.ts';
import type { MqttConnection } from '../../transports/mqtt-connection.ts';
import type { Micros } from '../../time.ts';
import { Priority } from '../../kernel/kernel.ts';
import { observedRecord } from '../../engine/traffic-log.ts';
import { ReferenceWdpcConsumer } from '../../controllers/reference-wdpc-consumer.ts';
import { rejects, WdpcBusInspector, type BusInspection } from './bus-inspector.ts';
import { EnvelopeSealer } from './envelope.ts';
import { FacilityPublisher } from './facility-publisher.ts';
import { facilityLayout } from './hierarchy.ts';
import { plannedTransitions } from './intent.ts';
import { encodePayload } from './sparkplug/payload.ts';
import type { SpMessage } from './sparkplug/edge-session.ts';
import { NatsMirror } from './nats-mirror.ts';
import { consumerFacilities, selectedSites } from './profile-setup.ts';
import { streamOf } from './streams.ts';

export class WdpcProfile implements ProfileBinding {
  readonly name = 'wdpc';
  readonly facilities: FacilityPublisher[];
  private readonly byNode = new Map<string, FacilityPublisher>();
  private readonly inspector: WdpcBusInspector;
  private readonly consumer?: ReferenceWdpcConsumer;
  private readonly mirror?: NatsMirror;
  /** Facilities whose connection came back: births at the next window end. */
  private readonly rebirth = new Set<FacilityPublisher>();

  constructor(
    private readonly ctx: RunContext,
    readonly cfg: WdpcProfileConfig,
  ) {
    const key = cfg.key ? Buffer.from(cfg.key, 'hex') : createHash('sha256').update(`gridtwin/wdpc-key/${ctx.seed}`).digest();
    const keys = new Map([[cfg.key_id, key]]);
    const sealer = new EnvelopeSealer({ keyId: cfg.key_id, key });
    const sites = selectedSites(ctx.scenario, cfg);
    const layouts = facilityLayout(ctx.scenario, cfg.nodes_per_rack).filter((l) => sites.has(l.site));
    const plan = plannedTransitions(ctx.scenario, (site) => {
      const info = ctx.sites.get(site);
      return { trainingW: info.unconstrainedIt, idleW: info.idleIt };
    });
    this.facilities = layouts.map((l) => new FacilityPublisher(ctx, cfg.rates, cfg.intent.lead, cfg.group, ctx.sites.get(l.site), l, sealer, plan));
    for (const f of this.facilities) this.byNode.set(f.site, f);
    this.inspector = new WdpcBusInspector(ctx.ledger, {
      keys,
      freshnessMs: cfg.freshness / 1000,
      ownNodes: new Set(this.facilities.map((f) => f.site)),
      socWindow: (node) => {
        const f = this.byNode.get(node);
        if (!f?.hasBattery) return undefined;
        const b = ctx.sites.arrays.battery;
        return { min: b.socMin[f.view.info.index], max: b.socMax[f.view.info.index] };
      },
    });
    if (cfg.consumer === 'intent' || cfg.consumer === 'reactive') {
      this.consumer = new ReferenceWdpcConsumer({
        ctx,
        group: cfg.group,
        facilities: consumerFacilities(this.facilities),
        mode: cfg.consumer,
        keys,
        freshnessMs: cfg.freshness / 1000,
        batched: ctx.scenario.run.mode === 'fast',
      });
    }
    if (cfg.nats) this.mirror = new NatsMirror(ctx, cfg.nats, ctx.scenario.run.mode === 'fast');
  }

  clients(): ClientSpec[] {
    return this.facilities.map((f) => {
      const will = f.nextWill();
      return { key: this.clientKey(f), clientId: `wdpc-${f.site}`, protocolVersion: 4, connect: { clean: true, will: { topic: will.topic, payload: Buffer.from(encodePayload(will.payload)), qos: 1, retain: false } } };
    });
  }

  private clientKey(f: FacilityPublisher): string {
    return `wdpc/${f.site}`;
  }

  attach(clients: ReadonlyMap<string, MqttConnection>): void {
    for (const f of this.facilities) {
      const conn = clients.get(this.clientKey(f));
      if (!conn) continue;
      conn.onLost(() => {
        // The session ended with the link: its held messages must not follow a new NBIRTH, and
        // the reconnect registers the next session's Will (the next bdSeq).
        this.ctx.counters.inc('wdpc_sessions_lost');
        f.session.lost();
        conn.dropHeld(`the Sparkplug session of '${f.site}' ended with the connection`);
        const will = f.nextWill();
        conn.setWill({ topic: will.topic, payload: Buffer.from(encodePayload(will.payload)), qos: 1, retain: false });
      });
      conn.onRestored(() => this.rebirth.add(f));
    }
  }

  filters(): string[] {
    return [`spBv1.0/${this.cfg.group}/#`];
  }

  counterparts(): InProcessCounterpart[] {
    return [this.consumer, this.mirror].filter((c): c is ReferenceWdpcConsumer | NatsMirror => c !== undefined);
  }

  async start(): Promise<void> {
    await this.consumer?.connect();
    await this.mirror?.connect();
    this.ctx.kernel.schedule(0, () => this.facilities.forEach((f) => this.push(f, f.births(this.ms(0)), 0, ['birth'])), Priority.inbound);
  }

  private ms(t: Micros): number {
    return this.ctx.epoch().ms(t);
  }

  windowEnd(t: Micros): void {
    const ms = this.ms(t);
    const last = t >= this.ctx.scenario.run.duration;
    for (const f of this.facilities) {
      if (this.rebirth.delete(f)) this.push(f, f.births(ms), t, ['birth']);
      if (!f.session.isBorn) {
        // t = 0: the births are a kernel event of the first window, after this window end.
        if (t > 0) this.ctx.counters.inc('wdpc_unpublished{session_down}');
        continue;
      }
      for (const d of f.windowEnd(t, ms)) {
        const names = Object.keys(d.streams);
        this.push(f, [d.msg], t, names);
        this.mirror?.mirror(names.map((metric) => ({ facility: f.site, ...(d.node ? { node: { id: d.node.id, rack: d.node.rack } } : {}), metric, bytes: d.streams[metric] })));
      }
      // A clean end: NDEATH before the engine disconnects (the broker then drops the Will).
      if (last) this.push(f, [f.session.death(ms)], t, ['death']);
    }
  }

  private push(f: FacilityPublisher, msgs: SpMessage[], t: Micros, streams: string[]): void {
    for (const m of msgs) {
      const bytes = Buffer.from(encodePayload(m.payload));
      this.ctx.counters.inc(`wdpc_messages{${m.type}}`);
      this.ctx.outbox.push({
        client: this.clientKey(f),
        topic: m.topic,
        qos: m.qos,
        retain: false,
        simTime: t,
        label: `${m.type} ${streams.join(',')}`,
        // Sequence and streams: the values are the hashed physics, the timestamps wall-clock.
        hashContent: `${m.type}:${m.payload.seq ?? '-'}:${streams.join(',')}`,
        encode: () => bytes,
      });
    }
  }

  onEcho(msg: ObservedMessage, out: OutboundMessage): void {
    const insp = this.inspect(msg, 'outbound');
    this.log(msg, 'outbound', insp, out.client);
    if (this.ctx.clock.mode !== 'realtime') return;
    // Access time (Table 1): from the envelope's timestamp to the observer receiving it.
    for (const s of insp.streams) if (s.timestampMs !== undefined) this.ctx.probes.sample(`wdpc_access_${streamOf(s.metric)!.row}`, Math.max(0, msg.wallMs - s.timestampMs) / 1000);
  }

  onInbound(msg: ObservedMessage): void {
    const insp = this.inspect(msg, 'inbound');
    this.log(msg, 'inbound', insp);
    this.ctx.hash.add('in', `${msg.topic}\n${insp.accepted}\n${insp.failures.map((f) => f.rule).join(',')}\n${msg.payload.toString('latin1')}`);
    if (!insp.accepted) {
      this.ctx.counters.inc('rejected_inbound');
      // Under the first rule that rejects it (a seq gap seen on the way is counted, not the reason).
      this.ctx.counters.inc(`rejected_inbound{${insp.failures.find((f) => rejects(f.rule))?.rule ?? 'unknown'}}`);
      return;
    }
    const f = insp.topic?.type === 'NCMD' ? this.byNode.get(insp.topic.node) : undefined;
    if (!f) return;
    for (const c of insp.commands) {
      if (c.kind === 'rebirth') {
        this.ctx.counters.inc('wdpc_rebirths');
        if (f.session.isBorn) this.rebirth.add(f);
        continue;
      }
      const info = f.view.info;
      const value = c.value ?? f.configuredSocTarget;
      const at = this.ctx.effectTime(msg.simTime, this.cfg.command_latency);
      this.ctx.sites.setInput(info.id, 'batterySocTarget', value, at);
      this.ctx.counters.inc('wdpc_soc_targets_applied');
      this.ctx.events.push({ t: at / 1e6, kind: 'control-plane', what: `SoC target ${c.value === null ? 'released' : `${(value * 100).toFixed(1)} %`} for ${info.id}` });
      this.ctx.kernel.schedule(at, () => {
        const m = f.reportTarget(this.ms(at), value);
        if (m) this.push(f, [m], at, ['soc-target']);
      });
    }
  }

  private inspect(msg: ObservedMessage, direction: Direction): BusInspection {
    return this.inspector.inspect(msg.topic, msg.payload, msg.qos, msg.retain, direction, this.ms(msg.simTime), msg.simTime);
  }

  private log(msg: ObservedMessage, direction: Direction, insp: BusInspection, client?: string): void {
    const verdict = direction === 'outbound' ? (insp.accepted ? 'ok' : 'failed') : insp.accepted ? 'accepted' : 'rejected';
    this.ctx.traffic.write(observedRecord(msg, direction === 'outbound' ? 'out' : 'in', verdict, { client, failures: insp.failures }));
  }

  finish(): Record<string, number> {
    const sealed = this.facilities.reduce((s, f) => s + f.sealed, 0);
    const gaps = Number(this.inspector.gaps('outbound') + this.inspector.gaps('inbound'));
    const out: Record<string, number> = { wdpc_envelopes: sealed, wdpc_sequence_gaps: gaps, wdpc_spb_seq_gaps: this.inspector.host.gaps };
    if (this.consumer) {
      const s = this.consumer.stats;
      out.wdpc_consumer_workloads = s.workloads;
      out.wdpc_consumer_commands = s.commands;
      out.wdpc_consumer_rejected = s.rejected;
    }
    if (this.mirror) Object.assign(out, this.mirror.finish());
    return out;
  }

  async close(): Promise<void> {
    await this.consumer?.close();
    await this.mirror?.close();
  }
}
