// Builds and queues the DSX events one simulated role publishes: CloudEvents envelope, JWS-signed
// data, topic and QoS from the AsyncAPI channel. Event ids and trace ids come from the role's own
// seeded stream, so a run replays identically; signing happens at flush time, outside the kernel.
import type { RunContext } from '../../engine/run-context.ts';
import type { OutboundMessage } from '../../engine/outbound.ts';
import type { RandomStream } from '../../random/streams.ts';
import type { Micros } from '../../time.ts';
import { buildEnvelope, encodeEnvelope, type DsxSpecversion } from './envelope.ts';
import { channelById, buildTopic } from './channels.ts';
import { newTrace, childOf, formatTraceparent, parseTraceparent } from './traceparent.ts';
import type { FastSigner } from './jws-fast-signer.ts';
import type { DsxRole } from './source.ts';

/** Trace context an event continues (the causing command's) or none for a new trace. */
export interface TraceParentage {
  traceparent: string;
  tracestate?: string;
}

export interface EmitRequest {
  channelId: string;
  subject: string;
  /** The event's data; `iso` renders a simulation time as a timestamp (wire) or as µs (hash). */
  data: (iso: (t: Micros) => string) => object;
  correlationid?: string;
  cause?: TraceParentage;
}

export interface EmittedEvent {
  id: string;
  traceparent: string;
  topic: string;
}

export class DsxEmitter {
  private readonly ids: RandomStream;

  constructor(
    private readonly ctx: RunContext,
    readonly role: DsxRole,
    readonly identifier: string,
    private readonly signer: FastSigner,
    private readonly specversion: DsxSpecversion,
    /** Connection key of this role, e.g. 'dsx-pm/poweragent'. */
    readonly client: string,
  ) {
    this.ids = ctx.seeds.stream(`dsx-pm/${role}/${identifier}`);
  }

  emit(req: EmitRequest): EmittedEvent {
    const channel = channelById(req.channelId);
    if (!channel) throw new Error(`unknown DSX channel ${req.channelId}`);
    const now = this.ctx.kernel.now;
    const id = this.ids.uuid4();
    const parent = req.cause ? parseTraceparent(req.cause.traceparent) : undefined;
    const trace = parent?.ok ? childOf(parent.value, this.ids) : newTrace(this.ids);
    const traceparent = formatTraceparent(trace);
    const tracestate = req.cause?.tracestate;
    const topic = buildTopic(channel, this.identifier);
    const epoch = this.ctx.epoch();
    const wireData = JSON.stringify(req.data((t) => epoch.iso(t)));
    const attrs = (time: string, data: string) =>
      buildEnvelope({
        specversion: this.specversion,
        id,
        role: this.role,
        identifier: this.identifier,
        type: channel.eventType,
        time,
        subject: req.subject,
        traceparent,
        ...(tracestate !== undefined ? { tracestate } : {}),
        ...(req.correlationid !== undefined ? { correlationid: req.correlationid } : {}),
        data,
      });
    // The run hash sees the event with simulation times in µs and the plaintext data instead of
    // the (randomised) signature, so it is the same in fast and real-time runs.
    const hashContent = JSON.stringify({ ...attrs(new Date(0).toISOString(), ''), time: now, data: req.data(String) });
    const out: OutboundMessage = {
      client: this.client,
      topic,
      qos: channel.qos,
      retain: false,
      simTime: now,
      label: channel.eventType,
      hashContent,
      encode: () => encodeEnvelope(attrs(epoch.iso(now), this.signer.signSync(wireData))),
    };
    this.ctx.outbox.push(out);
    return { id, traceparent, topic };
  }
}
