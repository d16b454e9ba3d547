// Every DSX message, in either direction, goes through the same checks in the same order: topic and
// QoS against the AsyncAPI channels, the payload as one CloudEvent, the envelope rules, the envelope
// schema, the JWS (verify before parse), and the data schema. Each rule's verdict is recorded in the
// conformance ledger; a message is accepted only if every check passed. Receivers never act on a
// rejected message.
import type { ConformanceLedger, Direction } from '../../scoring/conformance-ledger.ts';
import type { ObservedMessage } from '../../engine/profile-binding.ts';
import { matchTopic, type DsxChannel, type TopicMatch } from './channels.ts';
import { checkDsxEnvelope, parseEnvelopePayload, type Check, type TimeZoneRule } from './envelope-checks.ts';
import { validateSchema } from './asyncapi.ts';
import type { TrustStore } from './trust-store.ts';
import { parseTraceparent } from './traceparent.ts';

export interface Failure {
  rule: string;
  detail: string;
}

export interface Inspection {
  accepted: boolean;
  failures: Failure[];
  channel?: DsxChannel;
  match?: TopicMatch;
  envelope?: Record<string, unknown>;
  /** Verified, schema-checked data payload (only when accepted). */
  data?: Record<string, unknown>;
  /** Trace id of the event (when its traceparent parsed). */
  traceId?: string;
}

export class DsxInspector {
  /**
   * source + id of every event seen (DSX-ENV-010). Any repeat is a replay and is rejected, even a
   * byte-identical one: acting on a command twice is the harm the rule prevents, and MQTT's own
   * redelivery is not acted upon twice either (docs/spec-decisions.md).
   */
  private readonly seen = new Set<string>();

  constructor(
    private readonly ledger: ConformanceLedger,
    private readonly trust: TrustStore,
    private readonly specversion: string,
    private readonly timeZone: TimeZoneRule = 'Z',
    /** DSX-CORR-004: a load target must carry a correlationid (profile option). */
    private readonly requireCorrelationId = true,
  ) {}

  async inspect(msg: ObservedMessage, direction: Direction): Promise<Inspection> {
    const failures: Failure[] = [];
    let messageId: string | undefined;
    const record = (c: Check) => {
      this.ledger.check(c.rule, direction, c.ok, () => ({ simTimeUs: msg.simTime, topic: msg.topic, detail: c.detail ?? '', messageId }));
      if (!c.ok) failures.push({ rule: c.rule, detail: c.detail ?? '' });
    };
    const done = (extra: Partial<Inspection> = {}): Inspection => ({ accepted: failures.length === 0, failures, ...extra });

    const match = matchTopic(msg.topic);
    record({ rule: 'DSX-TOPIC-001', ok: match !== undefined, detail: `'${msg.topic}' is not a Power Management channel address` });
    if (!match) return done();
    const channel = match.channel;
    record({ rule: 'DSX-TOPIC-002', ok: msg.qos === channel.qos, detail: `published with QoS ${msg.qos}; ${channel.id} requires QoS ${channel.qos}` });

    const parsed = parseEnvelopePayload(msg.payload);
    if (!parsed.ok) {
      record({ rule: parsed.rule, ok: false, detail: parsed.detail });
      return done({ channel, match });
    }
    const envelope = parsed.obj;
    if (typeof envelope.id === 'string') messageId = envelope.id;
    for (const c of checkDsxEnvelope(envelope, {
      expectedType: channel.eventType,
      topicRole: channel.publisherRole,
      topicIdentifier: match.identifier,
      specversion: this.specversion,
      seenIds: this.seen,
      timeZone: this.timeZone,
    })) {
      record(c);
    }
    if (channel.id === 'loadTargetSetChannel' && this.requireCorrelationId) {
      record({ rule: 'DSX-CORR-004', ok: typeof envelope.correlationid === 'string', detail: 'grid.loadtarget.set.v1 without correlationid: its targets could not be correlated' });
    }
    const envErrors = validateSchema(channel.envelopeSchema, envelope);
    record({ rule: 'DSX-SCHEMA-001', ok: envErrors.length === 0, detail: envErrors.slice(0, 3).join('; ') });

    const tp = typeof envelope.traceparent === 'string' ? parseTraceparent(envelope.traceparent) : undefined;
    const traceId = tp?.ok ? tp.value.traceId : undefined;

    // Verify before parse: the data is only looked at once its signature holds.
    const v = await this.trust.verify(envelope.data, channel.publisherRole);
    if (!v.ok) {
      record({ rule: v.rule, ok: false, detail: v.reason });
      return done({ channel, match, envelope, traceId });
    }
    for (const rule of ['DSX-JWS-001', 'DSX-JWS-002', 'DSX-JWS-003', 'DSX-JWS-004']) record({ rule, ok: true });
    let data: unknown;
    try {
      data = JSON.parse(Buffer.from(v.payload).toString('utf8'));
    } catch (err) {
      record({ rule: 'DSX-SCHEMA-002', ok: false, detail: `signed payload is not JSON: ${(err as Error).message}` });
      return done({ channel, match, envelope, traceId });
    }
    const dataErrors = validateSchema(channel.dataSchema, data);
    record({ rule: 'DSX-SCHEMA-002', ok: dataErrors.length === 0, detail: dataErrors.slice(0, 3).join('; ') });
    return done({ channel, match, envelope, traceId, ...(dataErrors.length === 0 ? { data: data as Record<string, unknown> } : {}) });
  }
}
