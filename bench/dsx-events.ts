// DSX events for the benchmark, built the way gridtwin's emitter builds them (sim/bindings/dsx-pm/
// emitter.ts): in the kernel event, the id and trace come from the role's seeded stream and the
// status data is serialised; at flush time the data is signed (JWS ES256) and wrapped in the
// CloudEvents envelope. The two halves are separate here because the benchmark may run the second
// one in worker threads — `prepare` is what the main thread does, `seal` what a signer does.
import { buildEnvelope, encodeEnvelope } from '../sim/bindings/dsx-pm/envelope.ts';
import { channelById, buildTopic, type DsxChannel } from '../sim/bindings/dsx-pm/channels.ts';
import { newTrace, formatTraceparent } from '../sim/bindings/dsx-pm/traceparent.ts';
import { statusData, type FeedView } from '../sim/bindings/dsx-pm/status-snapshot.ts';
import type { HeldTarget } from '../sim/bindings/dsx-pm/target-schedule.ts';
import type { FastSigner } from '../sim/bindings/dsx-pm/jws-fast-signer.ts';
import { RandomStream } from '../sim/random/streams.ts';
import { Epoch, type Micros } from '../sim/time.ts';

export const IDENTIFIER = 'bench';

export function statusChannel(): DsxChannel {
  const channel = channelById('powerStateStatusChannel');
  if (!channel) throw new Error('powerStateStatusChannel is missing from the DSX AsyncAPI document');
  return channel;
}

export function statusTopic(): string {
  return buildTopic(statusChannel(), IDENTIFIER);
}

/** Everything of an event except its signature: what crosses to a signing worker. */
export interface PreparedEvent {
  id: string;
  traceparent: string;
  time: string;
  /** The status data as JSON: the JWS payload. */
  wireData: string;
}

const epoch = new Epoch(Date.parse('2026-06-01T12:00:00Z'));
const iso = (t: Micros) => epoch.iso(t);

/**
 * A grid.powerstate.status.v1 snapshot of one feed holding an active target just after a ramp —
 * about 650 bytes of JSON, the size of the power agent's real status events. The time and load
 * change with `t`, so no two payloads are identical.
 */
export function statusPayload(t: Micros): object {
  const start = 120_000_000;
  const target: HeldTarget = {
    feed: 'main-a',
    constraint: 70e6,
    start,
    end: start + 240_000_000,
    bestEffort: false,
    correlationId: '5b0c2e1e-8f3a-4c55-9d6e-0f1a2b3c4d5e',
    interval: { start_time: iso(start), end_time: iso(start + 240_000_000) },
    cause: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  };
  const feed: FeedView = {
    tag: 'main-a',
    minimum: 28e6,
    maximum: 108e6,
    targets: [target],
    activeNow: target,
    calculatedLoad: 69e6 + (t % 1_000_000),
    inFlight: false,
    event: 'end_ramp_down',
    powerEventStart: start,
    compliant: true,
  };
  return statusData(t, [feed], iso);
}

/** The main-thread half, per event: ids from the seeded stream, data serialised (emitter.emit). */
export class EventSource {
  private readonly ids = new RandomStream(42, `dsx-pm/poweragent/${IDENTIFIER}`);
  private t: Micros = 130_000_000;

  next(): PreparedEvent {
    this.t += 10_000;
    const id = this.ids.uuid4();
    const traceparent = formatTraceparent(newTrace(this.ids));
    return { id, traceparent, time: iso(this.t), wireData: JSON.stringify(statusPayload(this.t)) };
  }
}

/** The flush-time half: sign the data and wrap it in the envelope (emitter's `encode`). */
export function seal(ev: PreparedEvent, signer: FastSigner, channel: DsxChannel): Buffer {
  return encodeEnvelope(
    buildEnvelope({
      id: ev.id,
      role: 'poweragent',
      identifier: IDENTIFIER,
      type: channel.eventType,
      time: ev.time,
      subject: 'powerstate',
      traceparent: ev.traceparent,
      data: signer.signSync(ev.wireData),
    }),
  );
}
