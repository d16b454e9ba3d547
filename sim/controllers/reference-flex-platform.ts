// The built-in reference flexibility platform: a Powernaut-style platform of its own, on its own
// MQTT 5 connection (the cloud-cloud credential when the profile has one), that sends setpoints to
// resources — exactly as a live platform would, through the broker. It sends what the scenario's
// `setpoint` timeline entries say: `timing.start` = entry time + start, `timing.end` = start +
// length, in UNIX seconds on the run's clock. In fast mode it publishes when the engine's flush
// barrier asks (`settle`), so the run stays deterministic; in real time at once.
import type { InProcessCounterpart } from '../engine/profile-binding.ts';
import type { RunContext } from '../engine/run-context.ts';
import type { SetpointEntry } from '../scenario/timeline-schema.ts';
import { connectMqtt } from '../transports/mqtt-connection.ts';
import { ScenarioSender } from './scenario-sender.ts';
import { encodeSetpoint } from '../bindings/powernaut/setpoint-codec.ts';
import { setpointTopic } from '../bindings/powernaut/topics.ts';

export interface FlexPlatformOptions {
  ctx: RunContext;
  qos: 1 | 2;
  /** Cloud-cloud credential (absent: the broker section's). */
  username?: string;
  password?: string;
  /** Fast mode: publish when the barrier settles. */
  batched: boolean;
}

export class ReferenceFlexPlatform implements InProcessCounterpart {
  readonly name = 'reference flexibility platform';
  /** It listens to nothing: its setpoints come from the scenario. */
  readonly filters: string[] = [];
  private readonly out: ScenarioSender;

  constructor(private readonly o: FlexPlatformOptions) {
    this.out = new ScenarioSender(o.qos, o.batched, (m) => o.ctx.warn(`reference flexibility platform: ${m}`));
  }

  get sent(): number {
    return this.out.sent;
  }

  async connect(): Promise<void> {
    const b = this.o.ctx.broker();
    this.out.conn = await connectMqtt({
      ...b.options,
      ...(this.o.username !== undefined ? { username: this.o.username, password: this.o.password } : {}),
      clientId: b.clientId('powernaut-platform'),
      protocolVersion: 5,
      clean: false,
      sessionExpirySeconds: 3600,
    });
  }

  /** A `setpoint` timeline entry fired (inside a kernel event: never awaits). */
  request(e: SetpointEntry): void {
    const { ctx } = this.o;
    const start = Math.floor(ctx.epoch().ms(ctx.kernel.now + e.start) / 1000);
    const end = start + Math.max(1, Math.round(e.length / 1e6));
    this.out.send({ topic: setpointTopic(e.resource), payload: encodeSetpoint({ start, end, value: e.value === null ? null : Math.round(e.value) }) });
  }

  settle(): Promise<string[]> {
    return this.out.settle();
  }

  close(): Promise<void> {
    return this.out.close();
  }
}
