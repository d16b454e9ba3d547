// The built-in reference ISV: a control plane of its own, on its own MQTT connection, that knows
// the site only through the broker — exactly what a live ISV sees. It watches gridtwin's grid feed
// and the power agents' status, and answers each demand-response request with a signed
// grid.loadtarget.set.v1 that lowers the site's feeds by the requested amount for the requested time.
import type { InProcessCounterpart } from '../engine/profile-binding.ts';
import type { RunContext } from '../engine/run-context.ts';
import { connectMqtt, type MqttConnection } from '../transports/mqtt-connection.ts';
import { wireKey } from '../engine/outbound.ts';
import { BarrierInbox, type Received } from './barrier-inbox.ts';
import type { RandomStream } from '../random/streams.ts';
import type { FastSigner } from '../bindings/dsx-pm/jws-fast-signer.ts';
import type { TrustStore } from '../bindings/dsx-pm/trust-store.ts';
import type { DsxSpecversion } from '../bindings/dsx-pm/envelope.ts';
import { buildEnvelope, encodeEnvelope } from '../bindings/dsx-pm/envelope.ts';
import { buildTopic, channelById, matchTopic } from '../bindings/dsx-pm/channels.ts';
import { formatTraceparent, newTrace } from '../bindings/dsx-pm/traceparent.ts';
import { parseEnvelopePayload } from '../bindings/dsx-pm/envelope-checks.ts';
import { fromPowerUnit, toPowerUnit } from '../bindings/dsx-pm/power-units.ts';
import { GRID_FEED_PREFIX, GRID_FEED_SCHEMA } from '../bindings/grid-feed/grid-feed.ts';
import { decideDemandResponse, type AgentView } from './isv-policy.ts';

export interface ReferenceIsvOptions {
  ctx: RunContext;
  identifier: string;
  signer: FastSigner;
  trust: TrustStore;
  specversion: DsxSpecversion;
  /** Which power agent serves which site (an ISV knows its sites). */
  sites: Array<{ site: string; feeds: string[]; agent: string }>;
  /** Fast mode: messages are handled when the engine's barrier asks, in a canonical order. */
  batched: boolean;
}


export class ReferenceIsv implements InProcessCounterpart {
  readonly name = 'reference ISV';
  readonly filters = [
    `${GRID_FEED_PREFIX}/#`,
    'grid/v1/poweragent/+/powerstate/status',
    'grid/v1/poweragent/+/powerbreach',
    'grid/v1/infra/+/powerbreach/enforcement',
  ];
  private conn: MqttConnection | undefined;
  private readonly inbox: BarrierInbox;
  private readonly ids: RandomStream;
  private readonly agents = new Map<string, AgentView>();
  /** Counters for the summary: what the ISV saw and did. */
  readonly stats = { commands: 0, ignored: 0, unverified: 0 };

  constructor(private readonly o: ReferenceIsvOptions) {
    this.ids = o.ctx.seeds.stream(`controllers/reference-isv/${o.identifier}`);
    this.inbox = new BarrierInbox('reference ISV', o.batched, (m) => this.handle(m), (w) => o.ctx.warn(w));
  }

  async connect(): Promise<void> {
    const b = this.o.ctx.broker();
    this.conn = await connectMqtt({ ...b.options, clientId: b.clientId(`isv-${this.o.identifier}`), protocolVersion: 4 });
    await this.inbox.listen(this.conn, this.filters, 2);
  }

  settle(expected: string[]): Promise<string[]> {
    return this.inbox.settle(expected);
  }

  private async handle(m: Received): Promise<string[]> {
    if (m.topic.startsWith(`${GRID_FEED_PREFIX}/`)) return this.onGrid(m);
    const match = matchTopic(m.topic);
    const parsed = parseEnvelopePayload(m.payload);
    if (!match || !parsed.ok) {
      this.stats.ignored++;
      return [];
    }
    const v = await this.o.trust.verify(parsed.obj.data, match.channel.publisherRole);
    if (!v.ok) {
      this.stats.unverified++;
      return [];
    }
    if (match.channel.id === 'powerStateStatusChannel') {
      const data = JSON.parse(Buffer.from(v.payload).toString('utf8'));
      const feeds: Record<string, number> = {};
      for (const [tag, f] of Object.entries<any>(data.feeds ?? {})) feeds[tag] = fromPowerUnit(f?.calculated_load) ?? 0;
      this.agents.set(match.identifier, { feeds });
    }
    return [];
  }

  private async onGrid(m: Received): Promise<string[]> {
    let msg: any;
    try {
      msg = JSON.parse(m.payload.toString('utf8'));
    } catch {
      this.stats.ignored++;
      return [];
    }
    if (msg?.schema !== GRID_FEED_SCHEMA || msg.type !== 'demand_response') return [];
    const site = this.o.sites.find((s) => s.site === msg.site);
    const decision = site ? decideDemandResponse(msg, this.agents.get(site.agent), site.feeds) : undefined;
    if (!decision) {
      this.stats.ignored++;
      return [];
    }
    return [await this.sendTarget(msg.time, msg.start, msg.end, decision.feeds, decision.perFeedConstraint)];
  }

  private async sendTarget(time: string, start: string, end: string, feeds: string[], perFeed: number): Promise<string> {
    const channel = channelById('loadTargetSetChannel')!;
    const data = {
      targets: [{ interval: { start_time: start, end_time: end }, feed_tags: feeds, load_constraint: toPowerUnit(perFeed), strategy: { best_effort: false } }],
    };
    const env = buildEnvelope({
      specversion: this.o.specversion,
      id: this.ids.uuid4(),
      role: 'isv',
      identifier: this.o.identifier,
      type: channel.eventType,
      // The ISV's "now" is the time of the request it answers: deterministic in fast mode.
      time: this.o.batched ? time : new Date().toISOString(),
      subject: 'loadtarget',
      traceparent: formatTraceparent(newTrace(this.ids)),
      // Vendor trace state, as real control planes carry; the agent must pass it through (DSX-TRACE-003).
      tracestate: `gridtwin=${this.o.identifier}`,
      correlationid: this.ids.uuid4(),
      data: this.o.signer.signSync(JSON.stringify(data)),
    });
    const topic = buildTopic(channel, this.o.identifier);
    const payload = encodeEnvelope(env);
    this.stats.commands++;
    await this.conn!.publish(topic, payload, { qos: channel.qos });
    return wireKey(topic, payload);
  }

  async close(): Promise<void> {
    await this.inbox.drain();
    await this.conn?.end();
  }
}
