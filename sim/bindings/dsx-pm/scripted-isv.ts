// gridtwin as the ISV (isv.mode: scripted): it sends the scenario's `loadtarget` entries as signed
// grid.loadtarget.set.v1 commands and measures how a live power agent answers — time to its
// target_set status and time until it reports the feed compliant after the target started.
import type { RunContext } from '../../engine/run-context.ts';
import type { LoadTargetEntry } from '../../scenario/timeline-schema.ts';
import type { RandomStream } from '../../random/streams.ts';
import type { Micros } from '../../time.ts';
import type { DsxEmitter } from './emitter.ts';
import { toPowerUnit } from './power-units.ts';

interface Sent {
  id: string;
  sentAt: Micros;
  start: Micros;
  feeds: string[] | undefined;
  removal: boolean;
  targetSetAt?: Micros;
  compliantAt?: Micros;
}

export class ScriptedIsv {
  private readonly sent = new Map<string, Sent>();
  private readonly ids: RandomStream;

  constructor(
    private readonly ctx: RunContext,
    private readonly emitter: DsxEmitter,
  ) {
    this.ids = ctx.seeds.stream('dsx-pm/isv/correlation-ids');
  }

  send(e: LoadTargetEntry, id: string): void {
    const now = this.ctx.kernel.now;
    const correlationid = this.ids.uuid4();
    const start = now + (e.start ?? 0);
    this.sent.set(correlationid, { id, sentAt: now, start, feeds: e.feed_tags, removal: e.constraint === null });
    this.emitter.emit({
      channelId: 'loadTargetSetChannel',
      subject: 'loadtarget',
      correlationid,
      data: (iso) => ({
        targets: [
          {
            interval: {
              ...(e.start !== undefined ? { start_time: iso(start) } : {}),
              ...(e.length !== undefined ? { end_time: iso(start + e.length) } : {}),
            },
            ...(e.feed_tags ? { feed_tags: e.feed_tags } : {}),
            load_constraint: e.constraint === null ? null : toPowerUnit(e.constraint),
            strategy: { best_effort: e.best_effort },
          },
        ],
      }),
    });
  }

  /** A verified status from the live power agent, received at `at`. */
  onStatus(data: Record<string, any>, envelope: Record<string, any>, at: Micros): void {
    const feeds: Record<string, any> = data.feeds ?? {};
    const rec = typeof envelope.correlationid === 'string' ? this.sent.get(envelope.correlationid) : undefined;
    if (rec && rec.targetSetAt === undefined && Object.values(feeds).some((f) => f?.event === 'target_set')) {
      rec.targetSetAt = at;
      this.ctx.probes.sample('target_set_latency', (at - rec.sentAt) / 1e6);
    }
    for (const [corr, s] of this.sent) {
      if (s.removal || s.compliantAt !== undefined || at < s.start) continue;
      const tags = s.feeds?.length ? s.feeds : Object.keys(feeds);
      const done = tags.length > 0 && tags.every((tag) => {
        const f = feeds[tag];
        const holds = (f?.targets ?? []).some((t: any) => t.active && t.correlation_id === corr);
        return holds && f.compliant === true && f.in_flight === false;
      });
      if (done) {
        s.compliantAt = at;
        this.ctx.probes.sample('compliance_latency', (at - s.start) / 1e6);
      }
    }
  }

  finish(): Record<string, number> {
    let unconfirmed = 0;
    for (const s of this.sent.values()) {
      if (s.targetSetAt === undefined) {
        unconfirmed++;
        this.ctx.probes.sample('target_set_latency', Infinity);
      }
      if (!s.removal && s.compliantAt === undefined) this.ctx.probes.sample('compliance_latency', Infinity);
    }
    return { targets_unconfirmed: unconfirmed };
  }
}
