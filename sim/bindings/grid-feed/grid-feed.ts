// gridtwin's own grid-operator feed: demand-response requests, frequency and prices from the
// scenario's timeline, as JSON on `gridtwin/v1/grid/...`. It is outside every protocol profile
// (documented in docs/grid-feed.md) and exists so that any control plane — the reference ISV or a
// live one — can react to the grid events of a scenario.
import type { ClientSpec, InProcessCounterpart, ObservedMessage, ProfileBinding } from '../../engine/profile-binding.ts';
import type { OutboundMessage } from '../../engine/outbound.ts';
import type { RunContext } from '../../engine/run-context.ts';
import type { RandomStream } from '../../random/streams.ts';
import { observedRecord } from '../../engine/traffic-log.ts';
import type { Micros } from '../../time.ts';

export const GRID_FEED_PREFIX = 'gridtwin/v1/grid';
export const GRID_FEED_SCHEMA = 'gridtwin.grid.v1';

export const gridFeedTopics = {
  demandResponse: (site: string) => `${GRID_FEED_PREFIX}/demand-response/${site}`,
  frequency: `${GRID_FEED_PREFIX}/frequency`,
  price: `${GRID_FEED_PREFIX}/price`,
};

/** A demand-response request as published on the feed. Powers in W, times RFC 3339 UTC. */
export interface DemandResponseMessage {
  schema: typeof GRID_FEED_SCHEMA;
  type: 'demand_response';
  id: string;
  request_id: string;
  time: string;
  site: string;
  reduction_w: number;
  start: string;
  end: string;
  deadline: string;
}

export class GridFeed implements ProfileBinding {
  readonly name = 'grid';
  private readonly ids: RandomStream;

  constructor(private readonly ctx: RunContext) {
    this.ids = ctx.seeds.stream('grid-feed/ids');
  }

  clients(): ClientSpec[] {
    return [{ key: 'grid/feed', clientId: 'feed', protocolVersion: 4 }];
  }

  filters(): string[] {
    return [`${GRID_FEED_PREFIX}/#`];
  }

  async start(): Promise<void> {}

  windowEnd(): void {}

  counterparts(): InProcessCounterpart[] {
    return [];
  }

  demandResponse(requestId: string, site: string, reduction: number, duration: Micros, deadline: Micros): void {
    const now = this.ctx.kernel.now;
    this.emit(gridFeedTopics.demandResponse(site), 'demand_response', (iso) => ({
      request_id: requestId,
      site,
      reduction_w: Math.round(reduction),
      start: iso(now),
      end: iso(now + duration),
      deadline: iso(now + deadline),
    }));
  }

  frequency(hz: number): void {
    this.emit(gridFeedTopics.frequency, 'frequency', () => ({ value_hz: hz }));
  }

  price(value: number, currency: string): void {
    this.emit(gridFeedTopics.price, 'price', () => ({ value, currency, per: 'MWh' }));
  }

  /** `body` is built twice: with real timestamps for the wire, with simulation µs for the run hash. */
  private emit(topic: string, type: string, body: (iso: (t: Micros) => string) => Record<string, unknown>): void {
    const now = this.ctx.kernel.now;
    const id = this.ids.uuid4();
    const epoch = this.ctx.epoch();
    const render = (iso: (t: Micros) => string) => JSON.stringify({ schema: GRID_FEED_SCHEMA, type, id, time: iso(now), ...body(iso) });
    const text = render((t) => epoch.iso(t));
    const out: OutboundMessage = {
      client: 'grid/feed',
      topic,
      qos: 1,
      retain: false,
      simTime: now,
      label: `grid.${type}`,
      hashContent: render(String),
      encode: () => Buffer.from(text),
    };
    this.ctx.outbox.push(out);
  }

  async onEcho(msg: ObservedMessage, out: OutboundMessage): Promise<void> {
    this.ctx.traffic.write(observedRecord(msg, 'out', 'ok', { client: out.client }));
  }

  /** Somebody else published on gridtwin's feed: not acted upon, counted and logged. */
  async onInbound(msg: ObservedMessage): Promise<void> {
    this.ctx.counters.inc('rejected_inbound');
    this.ctx.counters.inc('rejected_inbound{grid_feed_foreign_publisher}');
    const failures = [{ rule: 'grid-feed', detail: 'only gridtwin publishes on gridtwin/v1/grid/...' }];
    this.ctx.traffic.write(observedRecord(msg, 'in', 'rejected', { failures }));
  }

  finish(): Record<string, number> {
    return {};
  }

  async close(): Promise<void> {}
}
