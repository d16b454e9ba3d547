// The built-in reference ISV: a control plane of its own, on its own MQTT connection, that knows
// the site only through the broker — exactly what a live ISV sees. It watches gridtwin's grid feed
// and the power agents' status, and answers each demand-response request with a signed
// grid.loadtarget.set.v1 that lowers the site's feeds by the requested amount for the requested time.
import type { InProcessCounterpart } from '../engine/profile-binding.ts';
import type { RunContext } from '../engine/run-context.ts';
import { connectMqtt, type MqttConnection } from '../transports/mqtt-connection.ts';
import { wireKey } from '../engine/outbound.ts';
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

interface Received {
  topic: string;
  payload: Buffer;
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
  private inbox: Received[] = [];
  private readonly arrived = new Map<string, number>();
  private wake: (() => void) | undefined;
  private readonly ids: RandomStream;
  private readonly agents = new Map<string, AgentView>();
  private chain: Promise<unknown> = Promise.resolve();
  /** Counters for the summary: what the ISV saw and did. */
  readonly stats = { commands: 0, ignored: 0, unverified: 0 };

  constructor(private readonly o: ReferenceIsvOptions) {
    this.ids = o.ctx.seeds.stream(`controllers/reference-isv/${o.identifier}`);
  }

  async connect(): Promise<void> {
    const b = this.o.ctx.broker();
    this.conn = await connectMqtt({ ...b.options, clientId: b.clientId(`isv-${this.o.identifier}`), protocolVersion: 4 });
    this.conn.onMessage((topic, payload) => {
      if (!this.o.batched) {
        this.chain = this.chain.then(() => this.handle({ topic, payload })).catch((err) => this.o.ctx.warn(`reference ISV: ${(err as Error).message}`));
        return;
      }
      this.inbox.push({ topic, payload });
      const k = wireKey(topic, payload);
      this.arrived.set(k, (this.arrived.get(k) ?? 0) + 1);
      this.wake?.();
    });
    await this.conn.subscribe(this.filters, { qos: 2 });
  }

  async settle(expected: string[]): Promise<string[]> {
    const deadline = performance.now() + 10_000;
    for (const k of expected) {
      while (!this.arrived.get(k)) {
        if (performance.now() > deadline) {
          this.o.ctx.warn('reference ISV: a message it subscribes to did not arrive within 10 s');
          break;
        }
        await new Promise<void>((r) => {
          this.wake = r;
          setTimeout(r, 50);
        });
      }
      const n = this.arrived.get(k) ?? 0;
      if (n <= 1) this.arrived.delete(k);
      else this.arrived.set(k, n - 1);
    }
    // Canonical order within a window: by topic, then arrival (one publisher per topic keeps order).
    const batch = this.inbox.map((m, i) => ({ m, i })).sort((a, b) => (a.m.topic < b.m.topic ? -1 : a.m.topic > b.m.topic ? 1 : a.i - b.i));
    this.inbox = [];
    const published: string[] = [];
    for (const { m } of batch) published.push(...(await this.handle(m)));
    return published;
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
    await this.chain;
    await this.conn?.end();
  }
}
