// The simulated DSX power agent (Power Management 1.7.0, "Power Management Agent"): it receives
// load targets, holds them per feed, applies the active constraint to its site by capping GPU
// power, and publishes grid.powerstate.status.v1 on every transition and as a heartbeat. When the
// measured load stays above an active constraint it raises grid.powerbreach.alert.v1 through
// active → escalated → resolved.
import { Priority } from '../../kernel/kernel.ts';
import type { RunContext } from '../../engine/run-context.ts';
import type { SiteInfo } from '../../engine/site-registry.ts';
import type { DsxProfileConfig } from '../../scenario/profile-schema.ts';
import type { DemandResponseProbe } from '../../scoring/demand-response-probe.ts';
import type { RandomStream } from '../../random/streams.ts';
import type { Micros } from '../../time.ts';
import type { DsxEmitter, TraceParentage } from './emitter.ts';
import { TargetSchedule, type HeldTarget } from './target-schedule.ts';
import { statusData, type FeedView, type StatusEvent } from './status-snapshot.ts';
import { BreachTracker } from './breach-tracker.ts';
import { alertData } from './alert-data.ts';
import { fromPowerUnit } from './power-units.ts';
import { formatQuantity } from '../../scenario/units.ts';

export interface LoadTargetCommand {
  correlationId: string;
  cause: TraceParentage;
  targets: Array<{
    interval?: { start_time?: string; end_time?: string };
    feed_tags?: string[];
    load_constraint: { value: number; unit: string } | null;
    strategy?: { best_effort?: boolean };
  }>;
}

interface FeedRuntime {
  constraint: number;
  ramp: 'none' | 'down' | 'up';
  eventStart?: Micros;
  rampDeadline: Micros;
  compliant: boolean;
  /** Target whose time-to-target is still being measured. */
  awaiting?: HeldTarget;
  breach: BreachTracker;
}

export class PowerAgent {
  readonly schedule: TargetSchedule;
  private readonly feeds = new Map<string, FeedRuntime>();
  private readonly history: number[] = [];
  private readonly itHistory: number[] = [];
  private readonly averaging: number;

  constructor(
    private readonly ctx: RunContext,
    private readonly emitter: DsxEmitter,
    private readonly cfg: DsxProfileConfig,
    readonly site: SiteInfo,
    private readonly demand: DemandResponseProbe,
    private readonly breachIds: RandomStream,
  ) {
    this.schedule = new TargetSchedule(site.feeds);
    for (const f of site.feeds) {
      this.feeds.set(f, { constraint: Infinity, ramp: 'none', rampDeadline: 0, compliant: true, breach: new BreachTracker() });
    }
    // The calculated load averages the POI over one training iteration, so the square wave does
    // not make compliance flicker from window to window.
    this.averaging = Math.max(1, Math.ceil(site.config.ai_load.period / ctx.window));
  }

  start(): void {
    const { kernel } = this.ctx;
    const period = this.cfg.heartbeat;
    kernel.process(function* (this: PowerAgent) {
      for (;;) {
        yield kernel.timeout(period);
        this.publishStatus(new Map());
      }
    }.bind(this), 'dsx-pm heartbeat');
  }

  /** A verified, schema-valid load target arrived at simulation time `arrival`. */
  receive(cmd: LoadTargetCommand, arrival: Micros): void {
    const touches = cmd.targets.some((t) => t.load_constraint !== null && this.feedsOf(t.feed_tags).length > 0);
    if (touches) this.demand.answer(this.site.id, arrival);
    const at = this.ctx.effectTime(arrival, this.cfg.command_latency);
    this.ctx.kernel.schedule(at, () => this.apply(cmd), Priority.inbound);
  }

  private feedsOf(tags: string[] | undefined): string[] {
    return !tags || tags.length === 0 ? [...this.site.feeds] : tags.filter((t) => this.site.feeds.includes(t));
  }

  private apply(cmd: LoadTargetCommand): void {
    const now = this.ctx.kernel.now;
    const epoch = this.ctx.epoch();
    const touched = new Map<string, StatusEvent>();
    for (const t of cmd.targets) {
      const feeds = this.feedsOf(t.feed_tags);
      if (feeds.length === 0) {
        this.ctx.counters.inc('dsx_targets_ignored{no_feed_of_this_agent}');
        continue;
      }
      const start = t.interval?.start_time ? Math.max(now, epoch.fromMs(Date.parse(t.interval.start_time))) : now;
      const end = t.interval?.end_time ? epoch.fromMs(Date.parse(t.interval.end_time)) : undefined;
      if (end !== undefined && end <= start) {
        this.ctx.counters.inc('dsx_targets_ignored{interval_already_over}');
        continue;
      }
      const constraint = t.load_constraint === null ? null : (fromPowerUnit(t.load_constraint) as number);
      for (const feed of feeds) {
        const displaced = this.schedule.put(feed, {
          feed,
          constraint,
          start,
          end,
          bestEffort: t.strategy?.best_effort ?? false,
          correlationId: cmd.correlationId,
          interval: t.interval ?? {},
          cause: cmd.cause,
        });
        const rt = this.feeds.get(feed) as FeedRuntime;
        if (rt.awaiting && displaced.includes(rt.awaiting)) this.stopAwaiting(rt);
        touched.set(feed, 'target_set');
      }
      if (start > now) this.ctx.kernel.schedule(start, () => this.reevaluate(), Priority.inbound);
      if (end !== undefined) this.ctx.kernel.schedule(end, () => this.reevaluate(), Priority.inbound);
    }
    if (touched.size > 0) {
      this.publishStatus(touched, cmd);
      this.ctx.events.push({ t: now / 1e6, kind: 'gridtwin', what: 'power agent: target_set', detail: `feeds ${[...touched.keys()].join(', ')}` });
    }
    this.reevaluate();
  }

  private stopAwaiting(rt: FeedRuntime): void {
    this.ctx.probes.sample('time_to_target', Infinity);
    rt.awaiting = undefined;
  }

  /** Applies whatever constraint is in force now; publishes ramp starts. */
  private reevaluate(): void {
    const now = this.ctx.kernel.now;
    this.schedule.expire(now);
    const events = new Map<string, StatusEvent>();
    let cause: LoadTargetCommand | undefined;
    const calc = this.calculatedLoad() / this.site.feeds.length;
    for (const [feed, rt] of this.feeds) {
      const active = this.schedule.activeAt(feed, now);
      const c = active ? active.constraint : Infinity;
      if (c === rt.constraint) continue;
      if (rt.awaiting && rt.awaiting !== active) this.stopAwaiting(rt);
      const tighter = c < rt.constraint;
      rt.constraint = c;
      if (active) {
        active.activatedAt ??= now;
        cause = { correlationId: active.correlationId, cause: active.cause, targets: [] };
      }
      if (tighter && calc > c * (1 + this.cfg.breach.tolerance)) {
        rt.ramp = 'down';
        rt.eventStart = now;
        rt.rampDeadline = now + this.rampTime(calc - c, this.site.config.ai_load.ramp_down);
        rt.awaiting = active;
        events.set(feed, 'start_ramp_down');
      } else if (tighter) {
        this.ctx.probes.sample('time_to_target', 0);
      } else {
        rt.ramp = 'up';
        rt.eventStart = now;
        rt.rampDeadline = now + this.rampTime(Math.max(0, this.site.unconstrainedIt / this.site.feeds.length - calc), this.site.config.ai_load.ramp_up);
        events.set(feed, 'start_ramp_up');
      }
    }
    this.applyToSite(now);
    if (events.size > 0) this.publishStatus(events, cause);
  }

  /** Time a ramp of `delta` W per feed may take: the physical ramp plus the averaging lag. */
  private rampTime(delta: number, rate: number | undefined): Micros {
    const physical = rate ? (delta * this.site.feeds.length) / rate : 0;
    return Math.round(physical * 1e6) + (this.averaging + 1) * this.ctx.window;
  }

  private applyToSite(now: Micros): void {
    const tightest = Math.min(...[...this.feeds.values()].map((f) => f.constraint));
    const poiLimit = tightest * this.site.feeds.length;
    const gpuCap = Number.isFinite(poiLimit) ? Math.max(0, poiLimit - this.site.config.auxiliary_load) : Infinity;
    this.ctx.sites.setInput(this.site.id, 'gpuCap', gpuCap, now);
    this.ctx.sites.setInput(this.site.id, 'constraint', poiLimit, now);
  }

  private calculatedLoad(): number {
    if (this.history.length === 0) return this.ctx.sites.value(this.site.id, 'poiEnd');
    return this.history.reduce((a, b) => a + b, 0) / this.history.length;
  }

  windowEnd(t: Micros): void {
    if (t === 0) {
      this.publishStatus(new Map());
      return;
    }
    const push = (h: number[], v: number) => {
      h.push(v);
      if (h.length > this.averaging) h.shift();
    };
    push(this.history, this.ctx.sites.value(this.site.id, 'poiMean'));
    push(this.itHistory, this.ctx.sites.value(this.site.id, 'itMean'));
    const feedLoad = this.calculatedLoad() / this.site.feeds.length;
    const events = new Map<string, StatusEvent>();
    let cause: LoadTargetCommand | undefined;
    for (const [feed, rt] of this.feeds) {
      const active = this.schedule.activeAt(feed, t);
      const limit = rt.constraint * (1 + this.cfg.breach.tolerance);
      rt.compliant = feedLoad <= limit;
      if (active) cause = { correlationId: active.correlationId, cause: active.cause, targets: [] };
      if (rt.awaiting && rt.compliant && rt.awaiting.activatedAt !== undefined) {
        this.ctx.probes.sample('time_to_target', (t - rt.awaiting.activatedAt) / 1e6);
        rt.awaiting = undefined;
      }
      if (rt.ramp === 'down' && (rt.compliant || t >= rt.rampDeadline)) {
        rt.ramp = 'none';
        events.set(feed, 'end_ramp_down');
      } else if (rt.ramp === 'up' && (this.rampedUp() || t >= rt.rampDeadline)) {
        rt.ramp = 'none';
        rt.eventStart = undefined;
        events.set(feed, 'end_ramp_up');
      }
      this.trackBreach(feed, rt, active, feedLoad, t);
    }
    if (events.size > 0) this.publishStatus(events, cause);
  }

  private rampedUp(): boolean {
    const running = this.ctx.sites.input(this.site.id, 'running') === 1;
    const expected = running ? this.site.unconstrainedIt : this.site.idleIt;
    const it = this.itHistory.reduce((a, b) => a + b, 0) / Math.max(1, this.itHistory.length);
    return it >= 0.98 * expected;
  }

  private trackBreach(feed: string, rt: FeedRuntime, active: HeldTarget | undefined, load: number, t: Micros): void {
    const b = rt.breach.current;
    if (!active) {
      if (b) {
        this.ctx.events.push({ t: t / 1e6, kind: 'gridtwin', what: 'power agent: breach resolved', detail: `${feed}: constraint lifted` });
        this.publishAlert(rt.breach.resolve(load), t);
      }
      return;
    }
    const rampSettled = rt.ramp !== 'down' || t - (active.activatedAt ?? t) >= this.cfg.breach.grace;
    const over = !rt.compliant && rampSettled;
    if (over && !b) {
      const opened = rt.breach.detect(this.breachIds.uuid4(), feed, active, load, t);
      this.ctx.probes.add('breaches', 1);
      this.ctx.events.push({ t: t / 1e6, kind: 'gridtwin', what: 'power agent: breach active', detail: `${feed} at ${formatQuantity(load, 'MW')} over ${formatQuantity(active.constraint, 'MW')}` });
      this.publishAlert(opened, t);
    } else if (over && b && b.status === 'active' && !active.bestEffort && t - b.detectedAt >= this.cfg.breach.escalate_after) {
      this.ctx.events.push({ t: t / 1e6, kind: 'gridtwin', what: 'power agent: breach escalated', detail: feed });
      this.publishAlert(rt.breach.escalate(load), t);
    } else if (!rt.compliant && b) {
      b.measured = load;
    } else if (rt.compliant && b) {
      this.ctx.events.push({ t: t / 1e6, kind: 'gridtwin', what: 'power agent: breach resolved', detail: feed });
      this.publishAlert(rt.breach.resolve(load), t);
    }
  }

  private publishAlert(b: ReturnType<BreachTracker['resolve']>, t: Micros): void {
    const nodes = this.site.config.ai_load.nodes;
    const nodePower = this.site.config.ai_load.rated_power / nodes;
    this.emitter.emit({
      channelId: 'powerBreachAlertChannel',
      subject: 'powerbreach',
      correlationid: b.target.correlationId,
      cause: b.target.cause,
      data: (iso) => alertData(b, t, { siteId: this.site.id, nodes, nodePower, feeds: this.site.feeds.length }, iso),
    });
  }

  private publishStatus(events: Map<string, StatusEvent>, cause?: LoadTargetCommand): void {
    const now = this.ctx.kernel.now;
    const n = this.site.feeds.length;
    const aux = this.site.config.auxiliary_load;
    const limits = this.site.config.limits;
    const feedLoad = this.calculatedLoad() / n;
    const views: FeedView[] = this.site.feeds.map((tag) => {
      const rt = this.feeds.get(tag) as FeedRuntime;
      return {
        tag,
        minimum: (limits?.power_minimum ?? this.site.idleIt + aux) / n,
        maximum: (limits?.power_maximum ?? this.site.config.ai_load.rated_power + aux) / n,
        targets: this.schedule.all(tag),
        activeNow: this.schedule.activeAt(tag, now),
        calculatedLoad: feedLoad,
        inFlight: rt.ramp !== 'none',
        event: events.get(tag) ?? 'periodic',
        powerEventStart: rt.ramp !== 'none' || Number.isFinite(rt.constraint) ? rt.eventStart : undefined,
        // Against the target in force now (a target_set snapshot precedes the ramp it starts).
        compliant: feedLoad <= (this.schedule.activeAt(tag, now)?.constraint ?? Infinity) * (1 + this.cfg.breach.tolerance),
      };
    });
    this.emitter.emit({
      channelId: 'powerStateStatusChannel',
      subject: 'powerstate',
      ...(cause ? { correlationid: cause.correlationId, cause: cause.cause } : {}),
      data: (iso) => statusData(now, views, iso),
    });
  }
}
