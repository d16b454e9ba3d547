// The simulated infrastructure management agent: it listens to breach alerts and power-state
// status through the broker. On an escalated breach it applies the shed hints at the hardware level
// — in the physics, a hard power limit on the site's IT load — and publishes
// grid.powerbreach.enforcement.v1 with per-resource results; once the feed has no active target it
// reverts the limit and publishes again.
import { Priority } from '../../kernel/kernel.ts';
import type { RunContext } from '../../engine/run-context.ts';
import type { SiteInfo } from '../../engine/site-registry.ts';
import type { Micros } from '../../time.ts';
import type { DsxEmitter, TraceParentage } from './emitter.ts';
import { fromPowerUnit, toPowerUnit } from './power-units.ts';

interface Enforcement {
  breachId: string;
  feed: string;
  hints: Array<{ resource_id: string; resource_type: string; action: string; target_power?: unknown }>;
  correlationId?: string;
  cause: TraceParentage;
}

export class InfraAgent {
  private readonly applied = new Map<string, Enforcement>();

  constructor(
    private readonly ctx: RunContext,
    private readonly emitter: DsxEmitter,
    private readonly site: SiteInfo,
    private readonly latency: Micros,
  ) {}

  /** A verified breach alert for one of this site's feeds reached the infra agent at `arrival`. */
  onAlert(data: Record<string, any>, envelope: Record<string, any>, arrival: Micros): void {
    if (data.status !== 'escalated' || !this.site.feeds.includes(data.feed_tag)) return;
    const breachId = String(data.breach?.breach_id);
    if (this.applied.has(breachId)) return;
    const e: Enforcement = {
      breachId,
      feed: data.feed_tag,
      hints: Array.isArray(data.shed_hints) ? data.shed_hints : [],
      correlationId: envelope.correlationid,
      cause: { traceparent: envelope.traceparent, ...(envelope.tracestate ? { tracestate: envelope.tracestate } : {}) },
    };
    const constraint = fromPowerUnit(data.target?.load_constraint) ?? Infinity;
    const at = this.ctx.effectTime(arrival, this.latency);
    this.ctx.kernel.schedule(at, () => this.apply(e, constraint), Priority.inbound);
  }

  private apply(e: Enforcement, feedConstraint: number): void {
    const now = this.ctx.kernel.now;
    this.applied.set(e.breachId, e);
    // Capping the hinted nodes: a hard limit that also binds load ignoring GPU caps.
    const itLimit = Math.max(0, feedConstraint * this.site.feeds.length - this.site.config.auxiliary_load);
    this.ctx.sites.setInput(this.site.id, 'enforcedCap', itLimit, now);
    this.ctx.events.push({ t: now / 1e6, kind: 'gridtwin', what: 'infra agent: enforcement applied', detail: `${e.hints.length} nodes capped on ${e.feed}` });
    this.publish(e, 'applied');
  }

  /** Status from the power agent: once the feed has no active target, enforcement is reverted. */
  onStatus(data: Record<string, any>, arrival: Micros): void {
    for (const [breachId, e] of this.applied) {
      const feed = data.feeds?.[e.feed];
      const anyActive = Array.isArray(feed?.targets) && feed.targets.some((t: { active?: boolean }) => t.active);
      if (feed && !anyActive) {
        this.applied.delete(breachId);
        const at = this.ctx.effectTime(arrival, this.latency);
        this.ctx.kernel.schedule(at, () => this.revert(e), Priority.inbound);
      }
    }
  }

  private revert(e: Enforcement): void {
    const now = this.ctx.kernel.now;
    if ([...this.applied.values()].every((x) => x.feed !== e.feed)) {
      this.ctx.sites.setInput(this.site.id, 'enforcedCap', Infinity, now);
    }
    this.ctx.events.push({ t: now / 1e6, kind: 'gridtwin', what: 'infra agent: enforcement reverted', detail: e.feed });
    this.publish(e, 'reverted');
  }

  private publish(e: Enforcement, action: 'applied' | 'reverted'): void {
    const now = this.ctx.kernel.now;
    this.emitter.emit({
      channelId: 'powerBreachEnforcementChannel',
      subject: 'powerbreach',
      ...(e.correlationId ? { correlationid: e.correlationId } : {}),
      cause: e.cause,
      data: (iso) => ({
        breach_id: e.breachId,
        feed_tag: e.feed,
        action,
        code: 'success',
        diag_msg: `${action} ${e.hints.length} shed hints via BMC power caps`,
        results: e.hints.map((h) => ({
          resource_id: h.resource_id,
          resource_type: h.resource_type,
          requested_action: h.action,
          code: 'applied',
          ...(action === 'applied' && h.target_power ? { applied_power: toPowerUnit(fromPowerUnit(h.target_power) ?? 0) } : {}),
        })),
        timestamp: iso(now),
      }),
    });
  }
}
