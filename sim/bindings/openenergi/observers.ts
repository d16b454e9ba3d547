// What the Open Energi profile scores, fed by the gateways and the echoes of their messages:
//   - telemetry completeness per message (sim/scoring/message-delivery.ts),
//   - FFR delivery: declared availability against delivered response (sim/scoring/ffr-delivery.ts),
//   - signal latency: a signal point taking effect → the entity's power moving (signal-response-probe),
// plus the run's event list (what took effect on which entity, for the report's timeline).
import type { RunContext } from '../../engine/run-context.ts';
import type { OpenEnergiProfileConfig } from '../../scenario/profile-schema.ts';
import type { Micros } from '../../time.ts';
import type { OeDevice, OeEntity } from './fleet-layout.ts';
import type { D2CMessage } from './d2c-codec.ts';
import type { DeviceGateway, Pending } from './device-gateway.ts';
import type { OeValues } from './signal-state.ts';
import { loadLimits, type EntityValue } from './entity-readings.ts';
import { MessageDelivery } from '../../scoring/message-delivery.ts';
import { FfrDelivery } from '../../scoring/ffr-delivery.ts';
import { SignalResponseProbe } from '../../scoring/signal-response-probe.ts';
import { batteryResponseAt } from './availability.ts';
import { effectiveFrequency } from '../../../models/effective-frequency.ts';

/** A signal's effect not seen in the entity's power within this counts as never. */
const SIGNAL_GIVE_UP: Micros = 60_000_000;

/** Identity of a reading or event on the wire (schedules carry no timestamp: not counted). */
function messageKey(m: D2CMessage): string | undefined {
  return m.topic === 'schedules' ? undefined : `${m.topic}|${m.entity.toLowerCase()}|${m.type.toLowerCase()}|${m.timestampMs}`;
}

export class OeObservers {
  private readonly delivery: MessageDelivery;
  private readonly ffr: FfrDelivery;
  private readonly signals: SignalResponseProbe;

  constructor(
    private readonly ctx: RunContext,
    private readonly devices: OeDevice[],
    cfg: OpenEnergiProfileConfig,
    private readonly nominal: number,
  ) {
    this.delivery = new MessageDelivery(devices.length, cfg.on_time);
    this.ffr = new FfrDelivery(nominal);
    this.signals = new SignalResponseProbe(ctx.probes, SIGNAL_GIVE_UP);
  }

  /** Grid frequency for the FFR excursion tracking (the sites share one grid: the first site's). */
  windowEnd(t: Micros): void {
    if (this.devices.length === 0) return;
    const i = this.ctx.sites.get(this.devices[0].site).index;
    this.ffr.frequency(t, this.ctx.sites.arrays.site.frequency[i]);
  }

  /** Device k buffered a message: from now on it is expected on the broker. */
  enqueued(k: number, p: Pending): void {
    const key = messageKey(p.msg);
    if (key !== undefined) this.delivery.produce(k, key, p.genUs);
  }

  /** Device k published a message (its declared availability counts from here). */
  produced(k: number, p: Pending): void {
    if (p.msg.topic === 'readings' && (p.msg.type === 'availability-ffr-low' || p.msg.type === 'availability-ffr-high')) {
      this.ffr.availability(`${this.devices[k].id}/${p.msg.entity}`, p.msg.type, p.msg.value);
    }
  }

  observed(k: number, item: D2CMessage, arrival: Micros): void {
    const key = messageKey(item);
    if (key !== undefined) this.delivery.observe(k, key, arrival);
  }

  sampled(d: OeDevice, t: Micros, values: EntityValue[]): void {
    const by = new Map<string, Record<string, number>>();
    for (const v of values) {
      const m = by.get(v.entity) ?? {};
      m[v.type] = v.value;
      by.set(v.entity, m);
    }
    for (const [entity, m] of by) {
      const key = `${d.id}/${entity}`;
      if (m['response-ffr-low'] !== undefined) this.ffr.response(key, t, m['response-ffr-low'], m['response-ffr-high'] ?? 0);
      if (m.power !== undefined) this.signals.sample(key, t, m.power * 1000);
    }
  }

  /** Something took effect on an entity: report it, and time the power's answer to a signal. */
  applied(g: DeviceGateway, entity: OeEntity, what: string, t: Micros, change?: { values: OeValues; before: OeValues }): void {
    const d = g.device;
    this.ctx.events.push({ t: t / 1e6, kind: 'physics', what: `${d.id}/${entity.code} ${what}` });
    if (!change) return;
    const i = this.ctx.sites.get(d.site).index;
    const a = this.ctx.sites.arrays;
    const f = a.site.frequency[i];
    const fe = (v: OeValues) => effectiveFrequency(f, this.nominal, v['oe-add'], v['oe-multiply-high'], v['oe-multiply-low']);
    const key = `${d.id}/${entity.code}`;
    if (entity.kind === 'battery') {
      const resp = batteryResponseAt(a.battery, i);
      // Response is + for consumption decreased; the entity's power is consumption-positive.
      this.signals.expect(key, t, -a.site.battMean[i], -(resp(fe(change.values)) - resp(fe(change.before))));
    } else if (entity.kind === 'load' && g.dynamicDemand && !g.dynamicDemand.deferring) {
      const lim = loadLimits(this.ctx, d.site);
      const it = a.site.itMean[i];
      const willDefer = g.dynamicDemand.effective(f, change.values) <= g.dynamicDemand.low;
      this.signals.expect(key, t, it, willDefer ? -(it - lim.minW) : 0);
    }
  }

  finish(_t: Micros): Record<string, number> {
    return { ...this.delivery.metrics(), ...this.ffr.metrics(), ...(this.signals.untimed > 0 ? { oe_signal_changes_untimed: this.signals.untimed } : {}) };
  }
}
