// One Open Energi gateway device on a site: it samples its entities from the physics, decides by
// report-on-change what to send, raises and resolves alerts, runs the load's Dynamic Demand switch
// and applies accepted portfolio-management signals — and every message it produces goes through
// its retrying client (a bounded, prioritised buffer drained while the connection is up, linear
// back-off while it is not). Everything runs inside kernel events and never awaits.
import { Priority } from '../../kernel/kernel.ts';
import type { RunContext } from '../../engine/run-context.ts';
import type { OpenEnergiProfileConfig } from '../../scenario/profile-schema.ts';
import type { Micros } from '../../time.ts';
import type { OeDevice, OeEntity } from './fleet-layout.ts';
import type { C2DMessage } from './signal-codec.ts';
import { encodeD2C, type D2CMessage, type OeEvent } from './d2c-codec.ts';
import { RetryingSender, priorityOf } from './retrying-sender.ts';
import { ReportOnChange } from './report-on-change.ts';
import { EntitySignals, type OeValues } from './signal-state.ts';
import { DynamicDemand, type Switch } from './dynamic-demand.ts';
import { SampleSums, readEntities, type EntityValue } from './entity-readings.ts';
import { SocAlert } from './soc-alert.ts';
import { MAX_D2C_BYTES } from './d2c-checks.ts';

/** A message waiting in the device's buffer, with the simulation time it was produced at. */
export interface Pending {
  msg: D2CMessage;
  genUs: Micros;
  /** The message's JSON, encoded once when it enters the buffer (a batch joins these). */
  text: string;
  bytes: number;
}

export interface GatewayHooks {
  isUp: () => boolean;
  /** Publish one batch now (oldest first within priority). */
  publish: (device: OeDevice, batch: Pending[], t: Micros) => void;
  /** A message entered the buffer (completeness counts it from here: evicted ones are missing). */
  enqueued: (p: Pending) => void;
  /** A variable set (with the values before) or a switch took effect on an entity (reports, probes). */
  applied: (device: OeDevice, entity: OeEntity, what: string, t: Micros, change?: { values: OeValues; before: OeValues }) => void;
  /** What the gateway read from its entities at a sample (sent or not). */
  sampled: (device: OeDevice, t: Micros, values: EntityValue[]) => void;
}

/** Averaging time of the load's recent mean power (several training iterations). */
const LOAD_MEAN_TAU_S = 10;
/** Most batches one device sends in one window (a long backlog drains over a few windows). */
const BATCHES_PER_WINDOW = 20;

export class DeviceGateway {
  readonly signals = new Map<string, EntitySignals>();
  readonly sender: RetryingSender<Pending>;
  readonly dynamicDemand?: DynamicDemand;
  private readonly roc: ReportOnChange;
  private readonly sums = new SampleSums();
  private readonly socAlert?: SocAlert;
  private readonly values = new Map<string, OeValues>();
  private generation = 0;
  private readonly siteIndex: number;
  /**
   * The load's recent mean IT power, W: an exponential average over ~LOAD_MEAN_TAU. A training
   * load swings within each iteration, so what a deferral sheds (availability) and what it is
   * shedding now (response) are judged against this mean, not against the phase the switch hit.
   */
  private loadMean = NaN;

  constructor(
    private readonly ctx: RunContext,
    readonly device: OeDevice,
    private readonly cfg: OpenEnergiProfileConfig,
    private readonly nominal: number,
    private readonly hooks: GatewayHooks,
  ) {
    this.siteIndex = ctx.sites.get(device.site).index;
    this.roc = new ReportOnChange({ fraction: cfg.change, heartbeatMs: cfg.heartbeat / 1000 });
    this.sender = new RetryingSender<Pending>({
      capacity: cfg.buffer_capacity ?? defaultCapacity(device, cfg),
      batchMax: cfg.batch_max,
      maxBytes: MAX_D2C_BYTES - 2,
      sizeOf: (p) => p.bytes + 1,
      stepUs: cfg.retry.step,
      maxUs: cfg.retry.max,
    });
    for (const e of device.entities) {
      if (e.kind === 'meter') continue;
      this.signals.set(e.code, new EntitySignals());
      if (e.kind === 'load') {
        this.dynamicDemand = new DynamicDemand({ low: cfg.dynamic_demand.low, release: cfg.dynamic_demand.release, maxDuration: cfg.dynamic_demand.max_duration, nominal });
      }
      if (e.kind === 'battery') this.socAlert = new SocAlert(e.code, ctx.sites.arrays.battery.socMin[this.siteIndex]);
    }
  }

  private ms(t: Micros): number {
    return Math.floor(this.ctx.epoch().ms(t));
  }

  private enqueue(msg: D2CMessage, t: Micros): void {
    const text = encodeD2C([msg]);
    const p: Pending = { msg, genUs: t, text, bytes: Buffer.byteLength(text) };
    this.hooks.enqueued(p);
    this.sender.enqueue(p, priorityOf(msg), t);
  }

  private event(entity: string, type: string, level: OeEvent['level'], t: Micros, value?: string | null): void {
    this.enqueue({ topic: 'events', entity, type, timestampMs: this.ms(t), level, ...(value !== undefined ? { value } : {}) }, t);
  }

  /** Connections are up: the device says so and sends its entities' service schedules. */
  start(t: Micros): void {
    const first = this.device.entities[0];
    if (first) this.event(first.code, 'connected', 0, t, null);
    for (const e of this.device.entities) {
      if (e.kind !== 'meter') this.enqueue({ topic: 'schedules', entity: e.code, type: 'services', schedule: [{ span: null, repeat: null, value: ['ffr'] }] }, t);
    }
  }

  /** The connection came back (set from the socket's callback; the next window end says so in a debug event). */
  reconnectPending = false;

  valuesOf(code: string): OeValues {
    return this.values.get(code) ?? { 'oe-add': 0, 'oe-multiply-high': 1, 'oe-multiply-low': 1 };
  }

  /** The models have been stepped to `t` (one window). */
  windowEnd(t: Micros): void {
    const a = this.ctx.sites.arrays;
    const i = this.siteIndex;
    this.sums.add(a.site.poiMean[i], a.site.battMean[i], a.site.itMean[i]);
    const load = this.device.entities.find((e) => e.kind === 'load');
    if (load && this.dynamicDemand) {
      const it = a.site.itMean[i];
      // Not while deferring: the mean keeps the consumption the deferral is measured from.
      if (Number.isNaN(this.loadMean)) this.loadMean = it;
      else if (!this.dynamicDemand.deferring) this.loadMean += (it - this.loadMean) * Math.min(1, this.ctx.window / 1e6 / LOAD_MEAN_TAU_S);
      const sw = this.dynamicDemand.update(t, a.site.frequency[i], this.valuesOf(load.code), this.loadMean);
      if (sw) this.switched(load, sw);
    }
    if (this.reconnectPending) {
      this.reconnectPending = false;
      const first = this.device.entities[0];
      if (first) this.event(first.code, 'connected', 0, t, null);
    }
    if (t > 0 && t % this.cfg.sample === 0) this.sample(t);
    this.drain(t);
  }

  private switched(load: OeEntity, sw: Switch): void {
    this.ctx.sites.setInput(this.device.site, 'gpuCap', sw.kind === 'start' ? 0 : Infinity, sw.at);
    if (sw.kind === 'start') this.event(load.code, 'switch-ffr-start', 1, sw.at, '-1');
    else this.event(load.code, 'switch-ffr-end', 1, sw.at);
    this.hooks.applied(this.device, load, sw.kind === 'start' ? 'defers consumption (switch-ffr-start)' : `resumes (switch-ffr-end, ${sw.reason})`, sw.at);
  }

  private sample(t: Micros): void {
    const now = this.ms(t);
    const values = readEntities({
      ctx: this.ctx,
      device: this.device,
      sums: this.sums,
      values: (e) => this.valuesOf(e.code),
      nominal: this.nominal,
      loadMeanW: this.loadMean,
      ...(this.dynamicDemand ? { dynamicDemand: this.dynamicDemand } : {}),
    });
    this.sums.reset();
    this.hooks.sampled(this.device, t, values);
    for (const v of values) {
      if (this.roc.offer(`${v.entity}/${v.type}`, v.value, now)) this.enqueue({ topic: 'readings', entity: v.entity, type: v.type, timestampMs: now, value: v.value }, t);
    }
    const alert = this.socAlert?.update(this.ctx.sites.arrays.battery, this.siteIndex);
    if (alert) this.event(alert.entity, 'state-of-charge-alert', alert.level, t, alert.text);
  }

  private drain(t: Micros): void {
    const up = this.hooks.isUp();
    for (let k = 0; k < BATCHES_PER_WINDOW; k++) {
      const batch = this.sender.poll(t, up);
      if (!batch || batch.length === 0) return;
      this.hooks.publish(this.device, batch, t);
      this.sender.succeeded();
    }
  }

  /** An accepted cloud-to-device message arrived at `arrival`; it takes effect at the rule-defined time. */
  receive(m: C2DMessage, arrival: Micros): Micros {
    const effect = this.ctx.effectTime(arrival, this.cfg.command_latency);
    this.ctx.kernel.schedule(effect, () => {
      for (const code of m.entities) {
        const s = this.signals.get(code);
        if (!s) continue;
        if (m.kind === 'signal') s.signal(m.points);
        else s.scheduleSignal(m.variables, m.schedule);
      }
      this.reevaluate(++this.generation);
    }, Priority.inbound);
    return effect;
  }

  /** Applies the variables in force now and schedules the next change (stale chains stop). */
  private reevaluate(gen: number): void {
    if (gen !== this.generation) return;
    const t = this.ctx.kernel.now;
    const now = this.ms(t);
    let next: number | undefined;
    for (const e of this.device.entities) {
      const s = this.signals.get(e.code);
      if (!s) continue;
      const v = s.valuesAt(now);
      const old = this.valuesOf(e.code);
      if (v['oe-add'] !== old['oe-add'] || v['oe-multiply-high'] !== old['oe-multiply-high'] || v['oe-multiply-low'] !== old['oe-multiply-low']) {
        this.values.set(e.code, v);
        if (e.kind === 'battery') {
          this.ctx.sites.setInput(this.device.site, 'oeAdd', v['oe-add'], t);
          this.ctx.sites.setInput(this.device.site, 'oeMultiplyHigh', v['oe-multiply-high'], t);
          this.ctx.sites.setInput(this.device.site, 'oeMultiplyLow', v['oe-multiply-low'], t);
        }
        this.hooks.applied(this.device, e, `oe-add ${v['oe-add']}, oe-multiply-high ${v['oe-multiply-high']}, oe-multiply-low ${v['oe-multiply-low']}`, t, { values: v, before: old });
      }
      const n = s.nextChangeAfter(now);
      if (n !== undefined) next = Math.min(next ?? Infinity, n);
    }
    if (next === undefined) return;
    const at = this.ctx.epoch().fromMs(next);
    // At most once per window: a hostile schedule repeating every few ms must not flood the kernel
    // (the inputs still change at the exact boundary instant when boundaries are a window apart).
    if (at < this.ctx.scenario.run.duration) this.ctx.kernel.schedule(Math.max(at, t + this.ctx.window), () => this.reevaluate(gen), Priority.inbound);
  }

  /** Messages still buffered (end of run: never sent). */
  buffered(): number {
    return this.sender.size;
  }
}

/** 24 h of FFR data (the spec's sizing advice): every FFR reading of every entity once per sample, plus the events. */
function defaultCapacity(device: OeDevice, cfg: OpenEnergiProfileConfig): number {
  const perSample = device.entities.reduce((n, e) => n + (e.kind === 'meter' ? 1 : 5), 0);
  return Math.ceil((86_400e6 / cfg.sample) * perSample * 1.1);
}
