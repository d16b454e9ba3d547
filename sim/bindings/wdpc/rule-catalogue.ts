// The rules the WDPC profile checks on every message in and out: the Sparkplug B rules of the
// transport (sparkplug/rule-catalogue.ts) and WDPC's own — envelope integrity (integrity.ts), the
// payload's schema, the mapping of Sparkplug metrics to envelope types, and what a command may write.
import type { RuleDef } from '../../scoring/conformance-ledger.ts';
import { SPB_RULES } from './sparkplug/rule-catalogue.ts';

const SPEC = 'GSF WDPC (draft)';
const SECURITY = `${SPEC}, "Protobuf message security" / "Message authentication"`;

export const WDPC_OWN_RULES: readonly RuleDef[] = Object.freeze([
  { id: 'WDPC-SEC-001', title: 'the envelope names a key id the receiver trusts', cites: `${SECURITY} b) "HMAC-SHA256 integrity verification for all temporal data transmissions" (docs/spec-decisions.md W1)` },
  { id: 'WDPC-SEC-002', title: "the envelope's HMAC-SHA256 matches key id, source, type, timestamp, sequence and payload", cites: `${SECURITY} b) "HMAC-SHA256 integrity verification for all temporal data transmissions"` },
  { id: 'WDPC-SEC-003', title: 'the sequence number is above the last one accepted from the same source (no replay)', cites: `${SECURITY} c) "Message sequence numbering preventing replay attacks in high-frequency data streams"` },
  { id: 'WDPC-SEC-004', title: 'no sequence numbers from a source are missing (a gap is counted; the message is accepted)', cites: `${SECURITY} c) "Message sequence numbering preventing replay attacks in high-frequency data streams"` },
  { id: 'WDPC-SEC-005', title: 'the envelope timestamp is within the freshness window of its receipt', cites: `${SECURITY} d) "Timestamp validation ensuring message freshness within acceptable time windows"` },
  { id: 'WDPC-SCHEMA-001', title: 'the envelope decodes as wdpc.core.v1.WDPCMessage and its payload as the type its message_type declares', cites: `${SPEC}, Annex A (proto/wdpc/v1, completed by gridtwin: docs/spec-decisions.md W3–W5)` },
  { id: 'WDPC-BUS-001', title: "a Sparkplug metric wdpc/<stream> is a Bytes metric holding a sealed envelope of that stream's message type", cites: `${SPEC}, "Message bus implementation requirements" a) "MQTT Sparkplug B protocol with protobuf payload encoding" (docs/spec-decisions.md W10)` },
  { id: 'WDPC-CMD-001', title: 'an NCMD writes only a metric the NBIRTH declared writable, by alias, with its datatype and a value in range (or null to release)', cites: `${SPEC}, "intent-based signal: bidirectional protobuf message …" (docs/spec-decisions.md W10)` },
]);

export const WDPC_RULES: readonly RuleDef[] = Object.freeze([...SPB_RULES, ...WDPC_OWN_RULES]);
