// The built-in reference portfolio manager: an Open Energi-style cloud on its own MQTT 3.1.1
// connection that sends portfolio-management signals and schedule-signals to devices — exactly as
// a live one would, through the broker, on `devices/{id}/messages/devicebound/`. It sends what the
// scenario's `oe_signal` / `oe_schedule_signal` entries say, one message per targeted device naming
// that device's entities; a signal's start_at = entry time + the point's start, on the run's clock.
// In fast mode it publishes when the engine's flush barrier asks (`settle`), so the run stays
// deterministic; in real time at once.
import type { InProcessCounterpart } from '../engine/profile-binding.ts';
import type { RunContext } from '../engine/run-context.ts';
import type { OeScheduleSignalEntry, OeSignalEntry } from '../scenario/timeline-schema.ts';
import { connectMqtt } from '../transports/mqtt-connection.ts';
import { ScenarioSender } from './scenario-sender.ts';
import { encodeScheduleSignal, encodeSignal, type OeVariable } from '../bindings/openenergi/signal-codec.ts';
import { targetedEntities, type OeDevice } from '../bindings/openenergi/fleet-layout.ts';

export interface PortfolioManagerOptions {
  ctx: RunContext;
  devices: OeDevice[];
  qos: 0 | 1;
  /** Fast mode: publish when the barrier settles. */
  batched: boolean;
}

const VARIABLES: readonly OeVariable[] = ['oe-add', 'oe-multiply-high', 'oe-multiply-low'];

export class ReferencePortfolioManager implements InProcessCounterpart {
  readonly name = 'reference portfolio manager';
  /** It listens to nothing: its signals come from the scenario. */
  readonly filters: string[] = [];
  private readonly out: ScenarioSender;

  constructor(private readonly o: PortfolioManagerOptions) {
    this.out = new ScenarioSender(o.qos, o.batched, (m) => o.ctx.warn(`reference portfolio manager: ${m}`));
  }

  get sent(): number {
    return this.out.sent;
  }

  async connect(): Promise<void> {
    const b = this.o.ctx.broker();
    this.out.conn = await connectMqtt({ ...b.options, clientId: b.clientId('oe-portfolio'), protocolVersion: 4 });
  }

  /** An `oe_signal` / `oe_schedule_signal` timeline entry fired (inside a kernel event: never awaits). */
  request(e: OeSignalEntry | OeScheduleSignalEntry): void {
    const { ctx } = this.o;
    const now = ctx.kernel.now;
    const timestampMs = Math.floor(ctx.epoch().ms(now));
    for (const { device, codes } of targetedEntities(this.o.devices, e.sites, e.assets)) {
      const payload =
        e.type === 'oe_signal'
          ? encodeSignal({
              timestampMs,
              entities: codes,
              type: e.signal_type,
              points: e.points.map((p) => ({
                atMs: Math.floor(ctx.epoch().ms(now + p.start)),
                values: Object.fromEntries(VARIABLES.flatMap((v) => (p[v] !== undefined ? [[v, p[v]]] : []))),
              })),
            })
          : encodeScheduleSignal({ timestampMs, entities: codes, variable: e.variable, schedule: e.schedule });
      this.out.send({ topic: device.deviceboundTopic, payload });
    }
  }

  settle(): Promise<string[]> {
    return this.out.settle();
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
