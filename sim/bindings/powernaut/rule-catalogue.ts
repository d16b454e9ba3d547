// The Powernaut conformance rules: stable ids, a one-line statement and the passage behind each.
// Quotes are verbatim from the streaming spec (a test checks them against the text); the spec says
// nothing about setpoint commands, so those rules cite gridtwin's reading (docs/spec-decisions.md, P…).
import type { RuleDef } from '../../scoring/conformance-ledger.ts';

export const PN_SPEC = 'Powernaut, "Streaming data" (specs/powernaut-mqtt-streaming.txt)';

export interface PnCite {
  doc: 'pn' | 'gridtwin';
  where: string;
  quote?: string;
  note?: string;
}

export interface PnRuleSource {
  readonly id: string;
  readonly title: string;
  readonly cites: readonly PnCite[];
}

const pn = (where: string, quote: string): PnCite => ({ doc: 'pn', where, quote });
const reading = (note: string): PnCite => ({ doc: 'gridtwin', where: 'docs/spec-decisions.md', note });
const rule = (id: string, title: string, cites: PnCite[]): PnRuleSource => ({ id, title, cites });

export const PN_RULE_SOURCES: readonly PnRuleSource[] = Object.freeze([
  rule('PN-TOPIC-001', 'The topic is site/{id}/data, resource/{id}/data or resource/{id}/commands/setpoint', [
    pn('Messages › Topics', 'There are two different topics to send messages to:'),
    reading('P5: setpoints arrive on resource/{id}/commands/setpoint (not in the streaming spec)'),
  ]),
  rule('PN-TOPIC-002', 'The {id} names a site or resource of the fleet (of the right kind)', [
    pn('Messages › Topics', 'Use the identifier from the general REST APIs to identify the resource or site.'),
  ]),
  rule('PN-QOS-001', 'Published with QoS 1 or 2, never QoS 0', [
    pn('Quality of Service (QoS)', 'Level 0 ("At most once") is not supported.'),
  ]),
  rule('PN-RETAIN-001', 'The retain flag is not set', [
    pn('Retained messages', 'Any message marked as retained will be discarded.'),
  ]),
  rule('PN-CLIENT-001', 'Each device has its own client ID, unique across the broker: no session is taken over by another client', [
    pn('Client Configuration', 'This identifier must be unique across all devices connecting to the broker.'),
    pn('Client Configuration', 'Using a non-unique client ID could lead to your device being disconnected by other devices.'),
  ]),
  rule('PN-CLIENT-002', 'A device speaks MQTT 5 with a persistent session (clean start off, session expiry set) and keeps its client ID on every reconnect', [
    pn('Connecting', 'as long as it supports the MQTT 5.0 protocol, and TLS.'),
    pn('Client Configuration', 'It is also preferred that each specific device uses the same client ID consistently across reconnections'),
    pn('Client Configuration', 'To enable persistent sessions you generally have to disable a'),
  ]),
  rule('PN-DATA-001', 'A data payload is one JSON object or a non-empty JSON array of objects', [
    pn('Messages › Structure', 'All messages are send in JSON format, with the following structure:'),
    pn('Multiple messages at once', 'You can send multiple messages at once (as an array), and the broker will process them in batches.'),
  ]),
  rule('PN-DATA-002', '`value` is present and an integer number of watts', [
    pn('Structure › value', 'Meter reading in watts (W).'),
    pn('Structure', 'Do not include decimals.'),
  ]),
  rule('PN-DATA-003', '`soc` is a non-negative integer number of watt-hours, and resources with storage send it', [
    pn('Structure › soc', '(Optional) State of charge in watt-hours (Wh).'),
    pn('Content › Resources', 'you also need to send the current State of Charge for resources that have one.'),
  ]),
  rule('PN-DATA-004', '`time`, when present, is an integer UNIX timestamp in seconds', [
    pn('Structure › time', '(Optional) UNIX timestamp representing the time of the actual measurement.'),
  ]),
  rule('PN-DATA-005', '`time` is no more than 1 minute old when the reading reaches the broker, and not in the future', [
    pn('Timing', 'Timestamps older than 1 minute will not be processed.'),
    reading('P3: more than 5 s ahead of the broker clock is "in the future"'),
  ]),
  rule('PN-CMD-001', 'A setpoint payload is at most max_command_size bytes (default 4096)', [
    reading('P6: larger payloads are rejected unparsed (a hostile sender must not cost memory or time)'),
  ]),
  rule('PN-CMD-002', 'A setpoint payload is one JSON object', [reading('P5: {"timing":{"start","end"},"value"} as one JSON object')]),
  rule('PN-CMD-003', 'timing.start and timing.end are integer UNIX seconds; value is an integer number of watts or null', [
    reading('P5: the same units and integer-ness as the telemetry; null cancels (back to baseline), distinct from 0'),
  ]),
  rule('PN-CMD-004', 'timing.start is before timing.end', [reading('P5: an empty or inverted window is not a command')]),
  rule('PN-CMD-005', 'timing.end is in the future when the setpoint arrives', [
    reading('P5: a window that is already over cannot be followed; a start in the past takes effect at once'),
  ]),
]);

export function formatPnCite(c: PnCite): string {
  const doc = c.doc === 'pn' ? PN_SPEC : 'gridtwin';
  const quote = c.quote ? `: "${c.quote}"` : '';
  const note = c.note ? `${c.quote ? ' ' : ': '}(${c.note})` : '';
  return `${doc}, ${c.where}${quote}${note}`;
}

/** The catalogue handed to the ConformanceLedger, in report order. */
export const PN_RULES: readonly RuleDef[] = PN_RULE_SOURCES.map((r) => ({ id: r.id, title: r.title, cites: r.cites.map(formatPnCite).join('; ') }));
