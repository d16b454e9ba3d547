// The Powernaut profile (MQTT 5 streaming to a flexibility platform): gridtwin plays the fleet — a
// meter per site and its resources, each on its own MQTT 5 connection with a stable client ID and a
// persistent session — streaming every 4 s from the physics; the platform (built-in reference or
// live) sends setpoints that the resources follow. Every message in either direction is inspected;
// rejected setpoints are counted under their rule and never acted on.
import type { ClientSpec, InProcessCounterpart, ObservedMessage, ProfileBinding } from '../../engine/profile-binding.ts';
import type { OutboundMessage } from '../../engine/outbound.ts';
import { simTimeNow, type RunContext } from '../../engine/run-context.ts';
import type { PowernautProfileConfig } from '../../scenario/profile-schema.ts';
import type { SetpointEntry } from '../../scenario/timeline-schema.ts';
import type { MqttConnection } from '../../transports/mqtt-connection.ts';
import type { Direction } from '../../scoring/conformance-ledger.ts';
import type { Micros } from '../../time.ts';
import { observedRecord } from '../../engine/traffic-log.ts';
import { fleetLayout, type PnDevice } from './fleet-layout.ts';
import { PN_FILTERS } from './topics.ts';
import { PnInspector, type PnInspection } from './inspector.ts';
import { DeviceStream } from './device-stream.ts';
import { ResourceControl } from './resource-control.ts';
import { ReferenceFlexPlatform } from '../../controllers/reference-flex-platform.ts';
import { TelemetryCompleteness } from '../../scoring/telemetry-completeness.ts';
import { SetpointProbe } from '../../scoring/setpoint-probe.ts';

/** MQTT 5 DISCONNECT reason: another client connected with the same client ID. */
const SESSION_TAKEN_OVER = 0x8e;
/** How long after a device's loss the rest of the fleet is checked (a broker restart drops them all). */
const TAKEOVER_CHECK_MS = 250;

export class PowernautProfile implements ProfileBinding {
  readonly name = 'powernaut';
  readonly needsMqtt5 = true;
  readonly devices: PnDevice[];
  private readonly byTopic = new Map<string, number>();
  private readonly inspector: PnInspector;
  private readonly stream: DeviceStream;
  private readonly controls = new Map<string, ResourceControl>();
  private readonly completeness: TelemetryCompleteness;
  private readonly setpoints: SetpointProbe;
  private readonly platform?: ReferenceFlexPlatform;
  private conns: ReadonlyMap<string, MqttConnection> = new Map();

  constructor(
    private readonly ctx: RunContext,
    readonly cfg: PowernautProfileConfig,
  ) {
    this.devices = fleetLayout(ctx.scenario, cfg, ctx.loaded.name);
    this.devices.forEach((d, k) => this.byTopic.set(d.dataTopic, k));
    this.inspector = new PnInspector(ctx.ledger, this.devices, cfg.max_command_size);
    this.setpoints = new SetpointProbe(ctx.probes, cfg.interval);
    this.completeness = new TelemetryCompleteness(this.devices.length, cfg.interval, cfg.on_time ?? cfg.interval, ctx.scenario.run.duration);
    this.stream = new DeviceStream(
      ctx,
      this.devices,
      { interval: cfg.interval, staleAfter: cfg.stale_after, batchMax: cfg.batch_max, qos: cfg.qos, includeTime: cfg.include_time },
      (d, r) => d.kind !== 'site' && this.setpoints.reading(d.id, r.slot, r.value),
    );
    for (const d of this.devices) {
      if (d.kind === 'site') continue;
      this.controls.set(d.id, new ResourceControl(ctx, d, cfg.command_latency, (dev, s) => this.onApplied(dev, s.value, s.since)));
    }
    if (cfg.platform === 'reference') {
      const cloud = cfg.auth.mode === 'cloud';
      this.platform = new ReferenceFlexPlatform({
        ctx,
        qos: cfg.qos,
        batched: ctx.scenario.run.mode === 'fast',
        ...(cloud ? { username: cfg.auth.username, password: cfg.auth.password } : {}),
      });
    }
  }

  clients(): ClientSpec[] {
    const c = this.cfg;
    return this.devices.map((d) => ({
      key: d.key,
      clientId: d.clientId,
      exactClientId: true,
      protocolVersion: 5,
      connect: {
        clean: false,
        sessionExpirySeconds: Math.round(c.session_expiry / 1e6),
        reconnectPeriodMs: Math.max(1, Math.round(c.reconnect.initial / 1e3)),
        reconnectBackoffMaxMs: Math.max(Math.round(c.reconnect.initial / 1e3), Math.round(c.reconnect.max / 1e3)),
        ...(d.username !== undefined ? { username: d.username } : {}),
        ...(d.password !== undefined ? { password: d.password } : {}),
      },
    }));
  }

  attach(clients: ReadonlyMap<string, MqttConnection>): void {
    this.conns = clients;
    this.stream.isUp = (d) => this.conns.get(d.key)?.connected ?? false;
    const sessionOk = this.cfg.session_expiry > 0;
    for (const d of this.devices) {
      const conn = clients.get(d.key);
      if (!conn) continue;
      this.inspector.connection('PN-CLIENT-002', conn.protocolVersion === 5 && sessionOk, 0, d.dataTopic, `device ${d.id}: MQTT ${conn.protocolVersion === 5 ? 5 : '3.1.1'}`);
      // The fleet's IDs are unique (checked with the scenario); the broker may still see another
      // client use one — then it takes the session over, and the loss below says so.
      this.inspector.connection('PN-CLIENT-001', true, 0, d.dataTopic, '');
      conn.onLost(() => {
        const now = this.now();
        this.ctx.counters.inc('pn_connection_losses');
        if (conn.lastDisconnectCode === SESSION_TAKEN_OVER) return this.takenOver(d, now, 'the broker said so (DISCONNECT reason 142)');
        // Brokers that send no reason (Mosquitto 2.0 closes the socket): a loss of this device alone,
        // while the rest of the fleet stays connected, is another client taking its session over.
        const others = this.devices.filter((x) => x !== d);
        if (others.length === 0) return;
        setTimeout(() => {
          if (others.every((x) => this.conns.get(x.key)?.connected)) this.takenOver(d, now, 'the broker closed only its connection while the rest of the fleet stayed connected');
        }, TAKEOVER_CHECK_MS).unref();
      });
      conn.onRestored(() => {
        this.ctx.counters.inc('pn_reconnects');
        // Same client ID on every reconnect (the connection keeps its options).
        this.inspector.connection('PN-CLIENT-002', true, this.now(), d.dataTopic, '');
      });
    }
  }

  private takenOver(d: PnDevice, now: Micros, evidence: string): void {
    this.inspector.connection('PN-CLIENT-001', false, now, d.dataTopic, `another client connected as '${d.clientId}' and took over the session of ${d.id}: ${evidence}`);
    this.ctx.warn(`powernaut: client ID '${d.clientId}' of ${d.id} is used by another client (session taken over)`);
  }

  private now(): Micros {
    return simTimeNow(this.ctx);
  }

  filters(): string[] {
    return PN_FILTERS;
  }

  counterparts(): InProcessCounterpart[] {
    return this.platform ? [this.platform] : [];
  }

  async start(): Promise<void> {
    await this.platform?.connect();
  }

  /** The reference platform's hook for `setpoint` timeline entries. */
  get setpoint(): ((e: SetpointEntry, id: string) => void) | undefined {
    return this.platform ? (e) => this.platform!.request(e) : undefined;
  }

  windowEnd(t: Micros): void {
    this.stream.windowEnd(t);
  }

  private onApplied(d: PnDevice, value: number | null, since: Micros): void {
    this.setpoints.applied(d.id, value, since);
    this.ctx.events.push({ t: since / 1e6, kind: 'physics', what: `${d.id} ${value === null ? 'back to baseline' : `follows ${value} W`}` });
  }

  /** Synchronous: a fleet's echoes arrive by the ten thousand per slot, each would cost a promise. */
  onEcho(msg: ObservedMessage, out: OutboundMessage): void {
    const epoch = this.ctx.epoch();
    const insp = this.inspector.inspect(msg, 'outbound', epoch.ms(msg.simTime));
    this.log(msg, 'outbound', insp, out.client);
    const k = this.byTopic.get(msg.topic);
    if (k === undefined || !insp.items) return;
    for (const item of insp.items) {
      const slot = item.time !== undefined ? this.completeness.slotOf(item.time, epoch.startMs) : Math.floor(out.simTime / this.cfg.interval) * this.cfg.interval;
      this.completeness.observed(k, slot, msg.simTime);
    }
  }

  async onInbound(msg: ObservedMessage): Promise<void> {
    const insp = this.inspect(msg, 'inbound');
    this.log(msg, 'inbound', insp);
    this.ctx.hash.add('in', `${msg.topic}\n${insp.accepted}\n${insp.command ? JSON.stringify(insp.command) : insp.failures.map((f) => f.rule).join(',')}`);
    if (!insp.accepted) {
      this.ctx.counters.inc('rejected_inbound');
      this.ctx.counters.inc(`rejected_inbound{${insp.failures[0]?.rule ?? 'unknown'}}`);
      return;
    }
    if (!insp.command || !insp.device) return;
    const control = this.controls.get(insp.device.id);
    if (!control) return;
    const cmd = insp.command;
    const w = control.receive(cmd, msg.simTime);
    this.ctx.counters.inc('pn_setpoints_accepted');
    this.ctx.events.push({ t: msg.simTime / 1e6, kind: 'control-plane', what: `setpoint for ${insp.device.id}`, detail: cmd.value === null ? 'cancel' : `${cmd.value} W` });
    if (cmd.value !== null) this.setpoints.command(insp.device.id, msg.simTime, w.start, w.to, cmd.value);
  }

  private inspect(msg: ObservedMessage, direction: Direction): PnInspection {
    return this.inspector.inspect(msg, direction, this.ctx.epoch().ms(msg.simTime));
  }

  private log(msg: ObservedMessage, direction: Direction, insp: PnInspection, client?: string): void {
    const verdict = direction === 'outbound' ? (insp.accepted ? 'ok' : 'failed') : insp.accepted ? 'accepted' : 'rejected';
    this.ctx.traffic.write(observedRecord(msg, direction === 'outbound' ? 'out' : 'in', verdict, { client, failures: insp.failures }));
  }

  finish(t: Micros): Record<string, number> {
    const left = this.stream.buffered();
    if (left > 0) this.ctx.counters.inc('pn_unsent_at_end', left);
    return {
      ...this.completeness.metrics(t),
      ...this.setpoints.finish(t),
      stale_dropped: this.ctx.counters.get('stale_dropped'),
      telemetry_late: this.completeness.late,
    };
  }

  async close(): Promise<void> {
    await this.platform?.close();
  }
}
