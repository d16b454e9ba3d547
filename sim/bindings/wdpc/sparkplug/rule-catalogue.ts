// The Sparkplug B rules the host inspector checks. Ids are gridtwin's (SPB-…), stable for the
// conformance ledger; each names the Sparkplug 3.0 conformance statements (TCK ids) it rests on.
// The Sparkplug 3.0 specification text is not in the reference material (only Tahu's proto), so the
// TCK ids and requirement wordings below are recalled, not copied: `sure: false` marks the ids
// gridtwin is least certain of (docs/spec-decisions.md W8). Correct them against the spec text
// when it is at hand; the SPB ids stay.
import type { RuleDef } from '../../../scoring/conformance-ledger.ts';

export const SPB_SPEC = 'Eclipse Sparkplug 3.0.0';

export interface TckStatement {
  id: string;
  /** The requirement as gridtwin relies on it (recalled wording). */
  text: string;
  /** false: the exact id is doubtful. */
  sure: boolean;
}

export interface SpbRule {
  id: string;
  title: string;
  tck: TckStatement[];
}

const qos0 = (t: string, sure: boolean): TckStatement => ({ id: `tck-id-topics-${t.toLowerCase()}-mqtt`, text: `${t} messages MUST be published with MQTT QoS equal to 0 and retain equal to false.`, sure });

export const SPB_RULE_SOURCES: readonly SpbRule[] = Object.freeze([
  { id: 'SPB-TOPIC-001', title: 'the topic is spBv1.0/{group_id}/{message_type}/{edge_node_id}[/{device_id}] with valid ids', tck: [{ id: 'tck-id-topic-structure', text: 'All MQTT clients using the Sparkplug specification MUST use the following topic namespace structure: namespace/group_id/message_type/edge_node_id/[device_id]', sure: false }] },
  { id: 'SPB-PAYLOAD-001', title: 'the payload decodes as org.eclipse.tahu.protobuf.Payload (proto/sparkplug/sparkplug_b.proto)', tck: [] },
  { id: 'SPB-MQTT-001', title: 'NBIRTH, NDATA, DBIRTH, DDATA and DDEATH are published with QoS 0 and retain false', tck: [qos0('NBIRTH', true), qos0('NDATA', true), qos0('DBIRTH', true), qos0('DDATA', true), qos0('DDEATH', false)] },
  {
    id: 'SPB-MQTT-002',
    title: 'NDEATH (the Will, or published before a graceful disconnect) has QoS 1 and retain false',
    tck: [
      { id: 'tck-id-payloads-ndeath-will-message-qos', text: 'The NDEATH message MUST be sent with an MQTT QoS of 1.', sure: true },
      { id: 'tck-id-payloads-ndeath-will-message-retain', text: 'The NDEATH message MUST set the MQTT Will Retained flag to false.', sure: true },
    ],
  },
  { id: 'SPB-SEQ-001', title: 'every message of an edge node except NDEATH carries a seq in 0–255', tck: [{ id: 'tck-id-payloads-sequence-num-always-included', text: 'A sequence number MUST be included in the payload of every Sparkplug MQTT message from an Edge Node except NDEATH messages.', sure: false }] },
  {
    id: 'SPB-SEQ-002',
    title: 'NBIRTH has seq 0',
    tck: [
      { id: 'tck-id-topics-nbirth-seq-num', text: 'The NBIRTH MUST include a sequence number in the payload and it MUST have a value of 0.', sure: true },
      { id: 'tck-id-payloads-sequence-num-zero-nbirth', text: 'A NBIRTH message from an Edge Node MUST always contain a sequence number of zero.', sure: true },
    ],
  },
  { id: 'SPB-SEQ-003', title: 'seq goes up by one per message of the session, 255 → 0 (each gap is counted)', tck: [{ id: 'tck-id-payloads-sequence-num-incrementing', text: 'All subsequent messages MUST contain a sequence number that is continually increasing by one in each message until a value of 255 is reached. At that point, the sequence number of the following message MUST be zero.', sure: true }] },
  { id: 'SPB-BDSEQ-001', title: 'NBIRTH carries a bdSeq metric (an integer 0–255)', tck: [{ id: 'tck-id-payloads-nbirth-bdseq', text: 'Every NBIRTH message MUST include a bdSeq number metric.', sure: true }] },
  {
    id: 'SPB-BDSEQ-002',
    title: "NDEATH carries the bdSeq of its session's NBIRTH (a Will of an older session is recognised, not counted against the current one)",
    tck: [
      { id: 'tck-id-payloads-ndeath-bdseq', text: 'The NDEATH message MUST include the same bdSeq number value that will be used in the associated NBIRTH message.', sure: true },
      { id: 'tck-id-topics-nbirth-bdseq-matching', text: "This MUST match the bdSeq number provided in the MQTT CONNECT packet's Will Message payload.", sure: false },
    ],
  },
  { id: 'SPB-BIRTH-001', title: "NBIRTH carries the Boolean metric 'Node Control/Rebirth'", tck: [{ id: 'tck-id-payloads-nbirth-rebirth-req', text: "Every NBIRTH MUST include a metric with the name 'Node Control/Rebirth'.", sure: false }] },
  {
    id: 'SPB-BIRTH-002',
    title: 'every birth metric has a name, a known datatype and a value (or is_null) in the member its datatype selects; aliases are unique per edge node',
    tck: [
      { id: 'tck-id-topics-nbirth-metrics', text: 'At a minimum each metric MUST include the metric name, datatype, and current value.', sure: false },
      { id: 'tck-id-payloads-metric-datatype-req', text: 'The datatype MUST be included with each metric definition in NBIRTH and DBIRTH messages.', sure: false },
      { id: 'tck-id-payloads-alias-uniqueness', text: 'If supplied in an NBIRTH or DBIRTH it MUST be a unique number across this Edge Node\'s entire set of metrics.', sure: false },
    ],
  },
  { id: 'SPB-ORDER-001', title: "no NDATA or DBIRTH before the node's NBIRTH of the current session", tck: [{ id: 'tck-id-principles-birth-certificates-order', text: 'Birth Certificates MUST be the first MQTT messages published by any Edge Node or any Device.', sure: false }] },
  { id: 'SPB-ORDER-002', title: "no DDATA or DDEATH before the device's DBIRTH of the current session", tck: [{ id: 'tck-id-principles-birth-certificates-order', text: 'Birth Certificates MUST be the first MQTT messages published by any Edge Node or any Device.', sure: false }] },
  {
    id: 'SPB-DATA-001',
    title: 'every NDATA/DDATA metric is one its birth declared (by alias, or by name when the birth gave no alias)',
    tck: [
      { id: 'tck-id-topics-nbirth-metric-reqs', text: 'The NBIRTH MUST include every metric the Edge Node will ever report on.', sure: false },
      { id: 'tck-id-topics-dbirth-metric-reqs', text: 'The DBIRTH MUST include every metric the Device will ever report on.', sure: false },
    ],
  },
  { id: 'SPB-DATA-002', title: 'an NDATA/DDATA metric keeps the datatype of its birth: same datatype if repeated, value in the member that datatype selects', tck: [] },
  { id: 'SPB-DATA-003', title: 'NDATA/DDATA refer to metrics born with an alias by the alias only (name excluded)', tck: [{ id: 'tck-id-payloads-alias-data-cmd-requirement', text: 'NDATA, DDATA, NCMD, and DCMD messages MUST only include an alias and the metric name MUST be excluded.', sure: false }] },
  { id: 'SPB-TIME-001', title: 'NBIRTH, NDATA, DBIRTH, DDATA and DDEATH carry a payload timestamp', tck: [{ id: 'tck-id-topics-nbirth-timestamp', text: 'The NBIRTH MUST include a timestamp denoting the date and time the message was sent from the Edge Node.', sure: false }] },
]);

/** The catalogue in the conformance ledger's form. */
export const SPB_RULES: readonly RuleDef[] = SPB_RULE_SOURCES.map((r) => ({
  id: r.id,
  title: r.title,
  cites: r.tck.length === 0 ? `${SPB_SPEC}; proto/sparkplug/sparkplug_b.proto` : r.tck.map((t) => `${SPB_SPEC} [${t.id}${t.sure ? '' : ', id unverified'}] "${t.text}"`).join('; '),
}));
