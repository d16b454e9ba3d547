// The Open Energi profile (Azure-IoT-Hub-style MQTT 3.1.1): gridtwin plays a gateway device per
// site (client ID = device ID) that reports its entities' readings, events and schedules to
// `devices/{id}/messages/events/` through a retrying client, and follows the portfolio-management
// signals and schedule-signals that arrive on `devices/{id}/messages/devicebound/` — from the
// built-in reference portfolio manager or a live one. Every message in either direction is
// inspected; rejected signals are counted under their rule and never acted on.
import type { ClientSpec, InProcessCounterpart, ObservedMessage, ProfileBinding } from '../../engine/profile-binding.ts';
import type { OutboundMessage } from '../../engine/outbound.ts';
import { simTimeNow, type RunContext } from '../../engine/run-context.ts';
import type { OpenEnergiProfileConfig } from '../../scenario/profile-schema.ts';
import type { OeScheduleSignalEntry, OeSignalEntry } from '../../scenario/timeline-schema.ts';
import type { MqttConnection } from '../../transports/mqtt-connection.ts';
import type { Direction } from '../../scoring/conformance-ledger.ts';
import type { Micros } from '../../time.ts';
import { Priority } from '../../kernel/kernel.ts';
import { observedRecord } from '../../engine/traffic-log.ts';
import { oeFleetLayout, type OeDevice } from './fleet-layout.ts';
import { OE_FILTERS } from './topics.ts';
import { OeInspector, type OeInspection } from './inspector.ts';
import { DeviceGateway, type Pending } from './device-gateway.ts';
import { OeObservers } from './observers.ts';
import { ReferencePortfolioManager } from '../../controllers/reference-portfolio-manager.ts';

/** Rules whose failure means no element of a cloud-to-device message may be acted on. */
const MESSAGE_LEVEL = new Set(['OE-TOPIC-001', 'OE-TOPIC-002', 'OE-QOS-001', 'OE-SIZE-002', 'OE-JSON-001']);
/** How long after a device's loss the rest of the fleet is checked (a broker restart drops them all). */
const TAKEOVER_CHECK_MS = 250;

export class OpenEnergiProfile implements ProfileBinding {
  readonly name = 'openenergi';
  readonly devices: OeDevice[];
  private readonly gateways: DeviceGateway[];
  private readonly byId = new Map<string, number>();
  private readonly inspector: OeInspector;
  private readonly observers: OeObservers;
  private readonly portfolio?: ReferencePortfolioManager;
  private conns: ReadonlyMap<string, MqttConnection> = new Map();

  constructor(
    private readonly ctx: RunContext,
    readonly cfg: OpenEnergiProfileConfig,
  ) {
    this.devices = oeFleetLayout(ctx.scenario, cfg, ctx.loaded.name);
    this.devices.forEach((d, k) => this.byId.set(d.id, k));
    this.inspector = new OeInspector(ctx.ledger, this.devices, { parsing: cfg.parsing, maxCommandBytes: cfg.max_command_size, zone: cfg.time_zone });
    const nominal = ctx.scenario.grid.nominal_frequency;
    this.observers = new OeObservers(ctx, this.devices, cfg, nominal);
    this.gateways = this.devices.map(
      (d, k) =>
        new DeviceGateway(ctx, d, cfg, nominal, {
          isUp: () => this.conns.get(d.key)?.connected ?? true,
          publish: (dev, batch, t) => this.publish(k, dev, batch, t),
          enqueued: (p) => this.observers.enqueued(k, p),
          applied: (dev, entity, what, t, change) => this.observers.applied(this.gateways[k], entity, what, t, change),
          sampled: (dev, t, values) => this.observers.sampled(dev, t, values),
        }),
    );
    if (cfg.portfolio === 'reference') {
      this.portfolio = new ReferencePortfolioManager({ ctx, devices: this.devices, qos: cfg.qos === 0 ? 0 : 1, batched: ctx.scenario.run.mode === 'fast' });
    }
  }

  clients(): ClientSpec[] {
    return this.devices.map((d) => ({
      key: d.key,
      clientId: d.id,
      exactClientId: true,
      protocolVersion: 4,
      connect: {
        clean: true,
        ...(d.username !== undefined ? { username: d.username } : {}),
        ...(d.password !== undefined ? { password: d.password } : {}),
      },
    }));
  }

  attach(clients: ReadonlyMap<string, MqttConnection>): void {
    this.conns = clients;
    this.devices.forEach((d, k) => {
      const conn = clients.get(d.key);
      if (!conn) return;
      this.inspector.connection(true, 0, d.eventsTopic, '');
      conn.onLost(() => {
        const now = this.now();
        this.ctx.counters.inc('oe_connection_losses');
        // MQTT 3.1.1 has no reason code: a loss of this device alone, while the rest of the fleet
        // stays connected, is another client connecting with its device ID.
        const others = this.devices.filter((x) => x !== d);
        if (others.length === 0) return;
        setTimeout(() => {
          if (others.every((x) => this.conns.get(x.key)?.connected)) {
            this.inspector.connection(false, now, d.eventsTopic, `another client connected as device '${d.id}' and took its connection over`);
            this.ctx.warn(`openenergi: device ID '${d.id}' is used by another client (connection taken over)`);
          }
        }, TAKEOVER_CHECK_MS).unref();
      });
      conn.onRestored(() => {
        this.ctx.counters.inc('oe_reconnects');
        this.gateways[k].reconnectPending = true;
      });
    });
  }

  private now(): Micros {
    return simTimeNow(this.ctx);
  }

  filters(): string[] {
    return OE_FILTERS;
  }

  counterparts(): InProcessCounterpart[] {
    return this.portfolio ? [this.portfolio] : [];
  }

  async start(): Promise<void> {
    await this.portfolio?.connect();
    // At t = 0 inside the loop, not here: in real time the engine starts the clock (and so the
    // epoch of the messages' UNIX-ms timestamps) after the bindings' start().
    this.ctx.kernel.schedule(0, () => this.gateways.forEach((g) => g.start(0)), Priority.inbound);
  }

  /** The reference portfolio manager's hook for `oe_signal` / `oe_schedule_signal` timeline entries. */
  get oeSignal(): ((e: OeSignalEntry | OeScheduleSignalEntry, id: string) => void) | undefined {
    return this.portfolio ? (e) => this.portfolio!.request(e) : undefined;
  }

  windowEnd(t: Micros): void {
    this.observers.windowEnd(t);
    for (const g of this.gateways) g.windowEnd(t);
  }

  private publish(k: number, d: OeDevice, batch: Pending[], t: Micros): void {
    // encodeD2C's batch form, from the texts each message got when it was buffered.
    const text = batch.length === 1 ? batch[0].text : `[${batch.map((p) => p.text).join(',')}]`;
    for (const p of batch) this.observers.produced(k, p);
    this.ctx.counters.inc('oe_messages_sent', batch.length);
    if (batch.length > 1) this.ctx.counters.inc('oe_batches');
    this.ctx.outbox.push({
      client: d.key,
      topic: d.eventsTopic,
      qos: this.cfg.qos,
      retain: false,
      simTime: t,
      label: batch.length > 1 ? `batch of ${batch.length}` : batch[0].msg.topic,
      // Simulation times instead of the UNIX-ms timestamps: the hash is the same in real time.
      hashContent: batch.map((p) => `${p.genUs}:${'entity' in p.msg ? p.msg.entity : ''}:${p.msg.type}:${'value' in p.msg ? JSON.stringify(p.msg.value) : ''}`).join(','),
      encode: () => Buffer.from(text),
    });
  }

  async onEcho(msg: ObservedMessage, out: OutboundMessage): Promise<void> {
    const insp = this.inspect(msg, 'outbound');
    this.log(msg, 'outbound', insp, out.client);
    const k = insp.device ? this.byId.get(insp.device.id) : undefined;
    if (k !== undefined && insp.items) for (const item of insp.items) this.observers.observed(k, item, msg.simTime);
  }

  async onInbound(msg: ObservedMessage): Promise<void> {
    const insp = this.inspect(msg, 'inbound');
    this.log(msg, 'inbound', insp);
    const acted = insp.commands?.filter((c) => c.accepted && c.message) ?? [];
    const messageOk = !insp.failures.some((f) => MESSAGE_LEVEL.has(f.rule));
    this.ctx.hash.add('in', `${msg.topic}\n${insp.accepted}\n${acted.map((c) => c.index).join(',')}\n${insp.failures.map((f) => f.rule).join(',')}\n${msg.payload.toString('latin1')}`);
    if (!insp.accepted) {
      this.ctx.counters.inc('rejected_inbound');
      this.ctx.counters.inc(`rejected_inbound{${insp.failures[0]?.rule ?? 'unknown'}}`);
    }
    if (insp.topic?.kind !== 'devicebound' || !insp.device || !messageOk) return;
    const gateway = this.gateways[this.byId.get(insp.device.id)!];
    for (const c of acted) {
      const m = c.message!;
      if (m.foreignEntities.length > 0) this.ctx.counters.inc('oe_signal_foreign_entities', m.foreignEntities.length);
      gateway.receive(m, msg.simTime);
      this.ctx.counters.inc(m.kind === 'signal' ? 'oe_signals_accepted' : 'oe_schedule_signals_accepted');
      this.ctx.events.push({ t: msg.simTime / 1e6, kind: 'control-plane', what: `${m.kind} for ${insp.device.id}`, detail: m.entities.join(', ') });
    }
  }

  private inspect(msg: ObservedMessage, direction: Direction): OeInspection {
    return this.inspector.inspect(msg, direction, this.ctx.epoch().ms(msg.simTime));
  }

  private log(msg: ObservedMessage, direction: Direction, insp: OeInspection, client?: string): void {
    const verdict = direction === 'outbound' ? (insp.accepted ? 'ok' : 'failed') : insp.accepted ? 'accepted' : 'rejected';
    this.ctx.traffic.write(observedRecord(msg, direction === 'outbound' ? 'out' : 'in', verdict, { client, failures: insp.failures }));
  }

  finish(t: Micros): Record<string, number> {
    let buffered = 0;
    for (const g of this.gateways) {
      buffered += g.buffered();
      const c = g.sender.counters;
      if (c.retried > 0) this.ctx.counters.inc('oe_retried', c.retried);
      if (c.backoffs > 0) this.ctx.counters.inc('oe_backoffs', c.backoffs);
      c.evicted.forEach((n, p) => n > 0 && this.ctx.counters.inc(`oe_evicted{priority ${p}}`, n));
      for (const [reason, n] of Object.entries(c.dropped)) if (n > 0) this.ctx.counters.inc(`oe_dropped{${reason}}`, n);
    }
    if (buffered > 0) this.ctx.counters.inc('oe_unsent_at_end', buffered);
    return this.observers.finish(t);
  }

  async close(): Promise<void> {
    await this.portfolio?.close();
  }
}
