// The DSX Power Management conformance rules: stable ids, a one-line statement, and the passage that
// justifies each rule. Quotes are verbatim (a test checks them against the vendored YAML and the
// CloudEvents texts), so a reader of a failed verdict can find the source in seconds. Where a rule is
// gridtwin's reading rather than the letter of the spec, the cite says so; the decisions themselves
// are recorded in docs/spec-decisions.md.

import type { RuleDef } from '../../scoring/conformance-ledger.ts';

/** Documents a rule can cite. Paths are the upstream paths, so a reader can find the passage. */
export const CITED_DOCS = {
  pm: 'proto/dsx-pm/power-management.yaml',
  ce: 'CloudEvents 1.0.2 cloudevents/spec.md',
  ceJson: 'CloudEvents 1.0.2 cloudevents/formats/json-format.md',
  ceMqtt: 'CloudEvents 1.0.2 cloudevents/bindings/mqtt-protocol-binding.md',
  ceTrace: 'CloudEvents 1.0.2 cloudevents/extensions/distributed-tracing.md',
  w3cTrace: 'W3C Trace Context Level 1',
  rfc3339: 'RFC 3339',
  rfc7515: 'RFC 7515',
  gridtwin: 'gridtwin',
} as const;
export type CitedDoc = keyof typeof CITED_DOCS;

export interface Cite {
  doc: CitedDoc;
  /** Section, schema or key path inside the document. */
  where: string;
  /** Verbatim text from the document (whitespace may differ: YAML and Markdown wrap lines). */
  quote?: string;
  /** Our words, for passages we paraphrase or for gridtwin's reading of an unclear spec. */
  note?: string;
}

export interface DsxRuleSource<Id extends string = string> {
  readonly id: Id;
  readonly title: string;
  readonly cites: readonly Cite[];
}

/** Keeps the id as a literal type, so `DsxRuleId` catches typos at compile time. */
const rule = <Id extends string>(id: Id, title: string, cites: readonly Cite[]): DsxRuleSource<Id> => ({ id, title, cites });
const pm = (where: string, quote: string): Cite => ({ doc: 'pm', where, quote });
const S = 'components.schemas.';
const BASE = `${S}BaseCloudEvent.properties.`;
const DESC = 'info.description';
const CTX = 'Context Attributes › ';
const reading = (note: string): Cite => ({ doc: 'gridtwin', where: 'docs/spec-decisions.md', note });

export const DSX_RULE_SOURCES = Object.freeze([
  rule('DSX-ENV-001', 'The MQTT payload is one JSON object (CloudEvents JSON format, structured content mode)', [
    pm(`${DESC} › Protocol Binding`, 'The entire CloudEvents message is in the MQTT PUBLISH payload as JSON'),
    pm(`${DESC} › CloudEvents Message Format`, 'Each MQTT PUBLISH payload contains a JSON object with:'),
    { doc: 'ceJson', where: '§3 Envelope', quote: 'Each CloudEvents event can be wholly represented as a JSON object.' },
  ]),
  rule('DSX-ENV-002', 'Required attributes specversion, id, source, type, time, datacontenttype, subject, traceparent are present and non-empty', [
    { doc: 'pm', where: `${S}BaseCloudEvent.required`, note: 'specversion, id, source, type, time, datacontenttype, subject, traceparent' },
    { doc: 'ce', where: `${CTX}REQUIRED Attributes › id, specversion, type`, quote: 'MUST be a non-empty string' },
    { doc: 'ce', where: `${CTX}REQUIRED Attributes › source`, quote: 'MUST be a non-empty URI-reference' },
    { doc: 'ce', where: `${CTX}OPTIONAL Attributes › subject`, quote: 'If present, MUST be a non-empty string' },
  ]),
  rule('DSX-ENV-003', 'specversion equals the profile\'s value ("1.0.2")', [
    pm(`${BASE}specversion`, 'MUST be "1.0.2" — version of the CloudEvents specification.'),
    { doc: 'ce', where: `${CTX}REQUIRED Attributes › specversion`, quote: 'Compliant event producers MUST use a value of `1.0` when referring to this version of the specification.' },
    reading('the profile value is an option because the two texts disagree'),
  ]),
  rule('DSX-ENV-004', 'id is a UUIDv4', [
    pm(`${BASE}id`, 'MUST be a UUIDv4 — globally unique identifier for this event instance.'),
  ]),
  rule('DSX-ENV-005', 'source is //grid/v1/<role>/<identifier> and names the same role and identifier as the topic', [
    pm(`${BASE}source`, 'Stable URI identifying the publisher. Format: //grid/v1/<role>/<identifier>.'),
    pm('components.parameters.identifier', 'Unique identifier of the ISV, power agent, or infrastructure agent.'),
    reading('topic parameter and source identifier both name the publisher, so they must agree'),
  ]),
  rule('DSX-ENV-006', 'time is an RFC 3339 date-time that is also ISO 8601, in UTC', [
    pm(`${BASE}time`, 'MUST be an ISO 8601 timestamp — time the event was created.'),
    { doc: 'ce', where: `${CTX}Type System › Timestamp`, quote: 'String encoding: [RFC 3339](https://tools.ietf.org/html/rfc3339).' },
    pm(`${S}PowerStateStatusData.properties.snapshot_time`, 'ISO 8601 UTC timestamp of this snapshot.'),
    reading('the envelope schema does not say UTC; the payload timestamps do, and gridtwin applies it to time as a profile option'),
  ]),
  rule('DSX-ENV-007', 'datacontenttype is "application/json"', [
    pm(`${BASE}datacontenttype`, 'MUST be "application/json" — media type of the data payload.'),
  ]),
  rule('DSX-ENV-008', 'correlationid, when present, is a UUIDv4', [
    pm(`${BASE}correlationid`, 'CloudEvents extension attribute. UUIDv4 correlation identifier.'),
  ]),
  rule('DSX-ENV-009', 'type is the event type of the channel the message arrived on', [
    pm(`${S}LoadTargetSetEvent (likewise the other *Event schemas), allOf[1].properties.type.const`, 'CloudEvents envelope for grid.loadtarget.set.v1.'),
    { doc: 'pm', where: 'channels.*.messages → components.messages.*.payload', note: 'each channel carries exactly one message type' },
  ]),
  rule('DSX-ENV-010', 'id is not replayed: a source + id seen before is rejected (gridtwin acts on an event once)', [
    { doc: 'ce', where: `${CTX}REQUIRED Attributes › id`, quote: 'Producers MUST ensure that `source` + `id` is unique for each distinct event. If a duplicate event is re-sent (e.g. due to a network error) it MAY have the same `id`.' },
    pm(`${BASE}id`, 'globally unique identifier for this event instance.'),
  ]),
  rule('DSX-JWS-001', 'data is a JWS compact serialization (signed), not plaintext', [
    pm(`${DESC} › Security`, 'Data Field: MUST be signed (JWS RFC 7515) — broker never sees verified plaintext'),
    pm(`${S}JwsCompactSerialization`, 'This is the WIRE FORMAT for the "data" field in CloudEvents messages.'),
  ]),
  rule('DSX-JWS-002', 'The JWS alg is ES256 or RS256', [
    pm(`${DESC} › Data Field Security (JWS)`, 'Algorithm: ES256 (ECDSA using P-256 and SHA-256) or RS256'),
  ]),
  rule('DSX-JWS-003', 'The JWS header has a kid, and the key is trusted for the sender\'s role', [
    pm(`${DESC} › Data Field Security (JWS)`, 'The `kid` (Key ID) in JWS header identifies the signing key'),
    { doc: 'rfc7515', where: '§4.1.4 "kid" (Key ID) Header Parameter', note: 'a hint indicating which key was used to secure the JWS' },
    reading('the spec names no key distribution; keys are configured per role and identifier'),
  ]),
  rule('DSX-JWS-004', 'The JWS signature verifies', [
    pm(`${DESC} › Data Field Security (JWS)`, 'Receiver: data field → JWS verify → JSON payload'),
    pm(`${DESC} › Data Field Security (JWS)`, 'Provides: Data integrity and authenticity'),
  ]),
  rule('DSX-TOPIC-001', 'The topic is a channel address of the profile', [
    pm('channels.*.address', 'grid/v1/isv/{identifier}/loadtarget/set'),
    pm('channels.*.address', 'grid/v1/infra/{infraAgentId}/powerbreach/enforcement'),
  ]),
  rule('DSX-TOPIC-002', 'The MQTT QoS equals the channel\'s mqtt binding', [
    { doc: 'pm', where: 'channels.*.bindings.mqtt.qos', note: 'loadtarget/set and powerstate/status: 1; powerbreach and powerbreach/enforcement: 2' },
  ]),
  rule('DSX-SCHEMA-001', 'The envelope is valid against the channel\'s *Event schema', [
    { doc: 'pm', where: 'components.messages.*.payload', note: 'LoadTargetSetEvent, PowerStateStatusEvent, PowerBreachAlertEvent, PowerBreachEnforcementEvent' },
  ]),
  rule('DSX-SCHEMA-002', 'The verified JWS payload is valid against the channel\'s *Data schema', [
    pm(`${S}LoadTargetSetEvent.allOf[1].properties.data`, 'PLAINTEXT CONTENT: After JWS verification, the payload conforms to SetLoadTargetData schema (type: object).'),
  ]),
  rule('DSX-TRACE-001', 'traceparent (and tracestate, when present) are valid W3C Trace Context values', [
    pm(`${BASE}traceparent`, 'REQUIRED per W3C Trace Context and CloudEvents Distributed Tracing Extension. Format: version-traceid-parentid-flags.'),
    { doc: 'ceTrace', where: 'traceparent', quote: 'Contains a version, trace ID, span ID, and trace options as defined in [section 3.2](https://w3c.github.io/trace-context/#traceparent-header)' },
    { doc: 'w3cTrace', where: '§3.2.2 traceparent fields', note: 'version ff, an all-zero trace-id and an all-zero parent-id are invalid' },
  ]),
  rule('DSX-TRACE-002', 'Events caused by a grid.loadtarget.set.v1 continue its trace id', [
    pm(`${DESC} › Distributed Tracing`, 'All participants MUST propagate traceparent/tracestate for end-to-end visibility.'),
    { doc: 'ceTrace', where: 'Using the Distributed Tracing Extension', quote: 'Given a multi hop event transmission, the Distributed Tracing Extension, if used, MUST carry the trace information of the starting trace of the transmission.' },
  ]),
  rule('DSX-TRACE-003', 'The tracestate of the causing command is passed through', [
    pm(`${DESC} › Distributed Tracing`, 'All participants MUST propagate traceparent/tracestate for end-to-end visibility.'),
  ]),
  rule('DSX-CORR-001', 'FeedTarget.correlation_id equals the correlationid of the grid.loadtarget.set.v1 that created the target', [
    pm(`${S}FeedTarget.properties.correlation_id`, 'The correlationid from the grid.loadtarget.set.v1 that created this target.'),
  ]),
  rule('DSX-CORR-002', 'BreachTarget.correlation_id equals the correlationid of the breached target', [
    pm(`${S}BreachTarget.properties.correlation_id`, 'The correlationid from the grid.loadtarget.set.v1 that established this target.'),
  ]),
  rule('DSX-CORR-003', 'Status events caused by a command carry its correlationid attribute', [
    pm(`${BASE}correlationid`, 'Generated by the ISV on grid.loadtarget.set.v1. Echoed by the Power Management Agent in status events for correlation.'),
  ]),
  rule('DSX-CORR-004', 'grid.loadtarget.set.v1 carries a correlationid, which the agent must echo in FeedTarget.correlation_id (profile option require_correlationid)', [
    pm(`${S}FeedTarget.properties.correlation_id`, 'The correlationid from the grid.loadtarget.set.v1 that created this target.'),
    reading('the attribute list marks correlationid OPTIONAL, yet FeedTarget and BreachTarget require the correlation_id it supplies'),
  ]),
  rule('DSX-BEH-001', 'A target_set status follows each accepted grid.loadtarget.set.v1 within the profile\'s deadline', [
    pm('channels.loadTargetSetChannel.description', 'Confirmation comes via grid.powerstate.status.v1.'),
    pm(`${S}FeedState.properties.event`, 'target_set — a grid.loadtarget.set.v1 was received and schedule updated'),
    reading('the spec gives no deadline; it is a profile option'),
  ]),
  rule('DSX-BEH-002', 'Breach lifecycle active → escalated → resolved under one breach_id; resolved_at only and always when resolved; shed_hints present unless resolved; resolved has empty infrastructure_actions', [
    pm('channels.powerBreachAlertChannel.description', 'Breach lifecycle: active → escalated → resolved. All events in a single breach share the same breach_id.'),
    pm(`${S}BreachDetails.properties.resolved_at`, 'Present only when status is resolved.'),
    pm(`${S}PowerBreachAlertData.properties.shed_hints`, 'Present when status is active or escalated. Absent when resolved.'),
    pm(`${S}PowerBreachAlertData.properties.infrastructure_actions`, 'Empty array when status is resolved.'),
  ]),
  rule('DSX-BEH-003', 'severity is critical iff the measured load exceeds the constraint by more than 20 %', [
    pm(`${S}PowerBreachAlertData.properties.severity`, 'critical — excess exceeds 20% over target'),
    pm(`${S}PowerBreachAlertData.properties.severity`, 'warning — excess between threshold and 20% over target'),
  ]),
  rule('DSX-BEH-004', 'An enforcement refers to a breach_id that was alerted', [
    pm(`${S}PowerBreachEnforcementData.properties.breach_id`, 'The breach_id from the originating grid.powerbreach.alert.v1 event.'),
  ]),
  // BEH-005/006 go beyond the first list: the schema states them plainly and one message shows them.
  rule('DSX-BEH-005', 'FeedState.compliant is true iff calculated_load is within the active target\'s constraint (true with no active target)', [
    pm(`${S}FeedState.properties.compliant`, 'true if the calculated load is within the active target constraint. true when no target is active.'),
  ]),
  rule('DSX-BEH-006', 'A shed hint with action power_cap carries target_power', [
    pm(`${S}ShedHint.properties.target_power`, 'Suggested power cap. Present when action is power_cap.'),
  ]),
]);

/** One cite as one line: `document, location: "quote" (note)`. */
export function formatCite(c: Cite): string {
  const quote = c.quote ? `: "${c.quote}"` : '';
  const note = c.note ? `${c.quote ? ' ' : ': '}(${c.note})` : '';
  return `${CITED_DOCS[c.doc]}, ${c.where}${quote}${note}`;
}

/** The catalogue handed to the ConformanceLedger, in report order. */
export const DSX_RULES: readonly RuleDef[] = DSX_RULE_SOURCES.map((r) => ({
  id: r.id,
  title: r.title,
  cites: r.cites.map(formatCite).join('; '),
}));

export type DsxRuleId = (typeof DSX_RULE_SOURCES)[number]['id'];
