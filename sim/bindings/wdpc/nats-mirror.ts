// The WDPC bus's streaming side: every sealed envelope the facilities publish on Sparkplug also goes
// into NATS JetStream, one stream per message family, on the subject of its place in the hierarchy
// (wdpc.<family>.<facility>.<rack>.<node>.<component>, sim/transports/nats-subjects.ts), so a
// consumer can replay a rack or a node from a sequence or a time. In fast mode each publish is
// acknowledged by the stream and the flush barrier waits for the acks (`settle`), so a window ends
// only when JetStream has stored its messages; in real time they go unacknowledged (a round trip
// per message costs more than the message at 100 ms rates) and are flushed at each window.
import type { InProcessCounterpart } from '../../engine/profile-binding.ts';
import type { RunContext } from '../../engine/run-context.ts';
import type { WdpcProfileConfig } from '../../scenario/profile-schema.ts';
import { startNats, type NatsServer } from '../../transports/broker-processes.ts';
import { NatsBus, wdpcSubject } from '../../transports/nats-bus.ts';
import { STREAM_FAMILIES, streamOf } from './streams.ts';

type NatsConfig = NonNullable<WdpcProfileConfig['nats']>;

/** The families the twin publishes into (one stream each). */
export const MIRROR_FAMILIES = STREAM_FAMILIES;

export interface MirroredEnvelope {
  facility: string;
  /** The compute node (rack-node id) for node and GPU streams. */
  node?: { id: string; rack: string };
  /** `wdpc/<stream>` metric name. */
  metric: string;
  bytes: Uint8Array;
}

/** Family and component of a `wdpc/<stream>` metric on the NATS side. */
export function subjectOf(e: MirroredEnvelope): string {
  const family = streamOf(e.metric)!.family;
  if (family !== 'component') return wdpcSubject(family, e.facility);
  return wdpcSubject(family, e.facility, e.node?.rack, e.node?.id, e.metric === 'wdpc/node' ? undefined : e.metric.slice('wdpc/'.length));
}

export class NatsMirror implements InProcessCounterpart {
  readonly name = 'WDPC NATS JetStream mirror';
  readonly filters: string[] = [];
  private bus: NatsBus | undefined;
  private server: NatsServer | undefined;
  private pending: Promise<unknown>[] = [];
  /** Subject per facility, node and metric: escaping the ids is worth doing once, not per message. */
  private readonly subjects = new Map<string, string>();
  readonly stats = { published: 0, acked: 0, failed: 0 };

  constructor(
    private readonly ctx: RunContext,
    private readonly cfg: NatsConfig,
    /** Fast mode: acked publishes, awaited by the flush barrier. */
    private readonly acked: boolean,
  ) {}

  get url(): string | undefined {
    return this.cfg.url ?? this.server?.url;
  }

  async connect(): Promise<void> {
    if (!this.cfg.url) this.server = await startNats();
    this.bus = await NatsBus.connect({ url: this.url!, name: 'gridtwin-wdpc' });
    await this.bus.ensureStreams(MIRROR_FAMILIES, { storage: this.cfg.storage });
  }

  /** Called inside a window end: never awaits. */
  mirror(list: readonly MirroredEnvelope[]): void {
    const bus = this.bus!;
    for (const e of list) {
      const key = `${e.facility}\n${e.node?.id ?? ''}\n${e.metric}`;
      let subject = this.subjects.get(key);
      if (subject === undefined) this.subjects.set(key, (subject = subjectOf(e)));
      this.stats.published++;
      if (!this.acked) {
        if (!bus.publishUnacked(subject, e.bytes)) this.fail('connection down');
        continue;
      }
      this.pending.push(
        bus.publish(subject, e.bytes).then(
          () => this.stats.acked++,
          (err: Error) => this.fail(err.message.includes('timeout') ? 'timeout' : 'publish failed'),
        ),
      );
    }
    if (!this.acked) bus.flush().catch(() => this.ctx.counters.inc('wdpc_nats_flush_failed'));
  }

  private fail(reason: string): void {
    this.stats.failed++;
    this.ctx.counters.inc(`wdpc_nats_failed{${reason}}`);
  }

  /** The barrier: every acked publish of the window is stored (or counted failed). */
  async settle(): Promise<string[]> {
    const p = this.pending;
    this.pending = [];
    await Promise.all(p);
    return [];
  }

  finish(): Record<string, number> {
    return { wdpc_nats_published: this.stats.published, wdpc_nats_acked: this.stats.acked, wdpc_nats_failed: this.stats.failed };
  }

  async close(): Promise<void> {
    await Promise.all(this.pending);
    await this.bus?.close().catch(() => undefined);
    await this.server?.stop();
  }
}
