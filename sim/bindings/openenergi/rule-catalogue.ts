// The Open Energi conformance rules: stable ids, a one-line statement and the passage behind each.
// Quotes are verbatim from the message format spec 2.0.0 (a test checks them against the text, the
// spec's typos included); where the spec is silent or contradicts itself the rule cites gridtwin's
// reading (docs/spec-decisions.md, O…).
import type { RuleDef } from '../../scoring/conformance-ledger.ts';

export const OE_SPEC = 'Open Energi, "Message Format Specification" 2.0.0 (specs/openenergi-message-format-2.0.0.md)';

export interface OeCite {
  doc: 'oe' | 'gridtwin';
  where: string;
  quote?: string;
  note?: string;
}

export interface OeRuleSource {
  readonly id: string;
  readonly title: string;
  readonly cites: readonly OeCite[];
}

const oe = (where: string, quote: string): OeCite => ({ doc: 'oe', where, quote });
const reading = (note: string): OeCite => ({ doc: 'gridtwin', where: 'docs/spec-decisions.md', note });
const rule = (id: string, title: string, cites: OeCite[]): OeRuleSource => ({ id, title, cites });

const NOT_NULL_10 = 'String (max length 10), not null, case-insensitive';
const NOT_NULL_64 = 'String (max length 64), not null, case-insensitive';

export const OE_RULE_SOURCES: readonly OeRuleSource[] = Object.freeze([
  rule('OE-TOPIC-001', 'The topic is devices/{device_id}/messages/events/ (device→cloud) or devices/{device_id}/messages/devicebound/… (cloud→device)', [
    oe('Protocol Requirements › MQTT v3', 'Note that messages should be published to the topic `devices/{device_id}/messages/events/`.'),
    oe('Messages to Devices › MQTT Settings', 'the device should subscribe using `devices/{device_id}/messages/devicebound/#` as the topic filter.'),
  ]),
  rule('OE-TOPIC-002', 'The {device_id} names a device of the fleet', [
    oe('Protocol Requirements › MQTT v3', 'A unique Device Id and SAS token are required for each logical device.'),
  ]),
  rule('OE-QOS-001', 'Published with QoS 0 or 1, never QoS 2', [
    oe('Protocol Requirements › MQTT v3', 'In particular, note that QoS 2 is not currently supported.'),
  ]),
  rule('OE-CLIENT-001', 'The MQTT client ID is the device ID', [
    oe('Protocol Requirements › MQTT v3', "For more information, see [Microsoft's documentation](https://azure.microsoft.com/en-gb/documentation/articles/iot-hub-mqtt-support/) on MQTT support."),
    reading('O1: IoT Hub, which the spec defers to, identifies an MQTT device by its client ID, which must equal the device ID'),
  ]),
  rule('OE-SIZE-001', 'A device→cloud message is at most 256 KB (262,144 bytes)', [
    oe('Failure Modes', 'Message bus rejects message - Either because the message is over 256Kb or the communication key is incorrect.'),
    reading('O2: "256Kb" read as 256 KiB = 262,144 bytes of payload'),
  ]),
  rule('OE-SIZE-002', 'A cloud→device message is at most max_command_size bytes (default 65,536)', [
    reading('O2: the spec gives no limit for messages to devices; IoT Hub caps them at 64 KB; larger payloads are rejected unparsed'),
  ]),
  rule('OE-JSON-001', 'The payload is UTF-8 JSON: one object, or a non-empty array of objects (a batch)', [
    oe('Serialization', 'All messages are sent in UTF-8 encoded JSON. A single message is a JSON object. Multiple messages may be sent in batches as a JSON array:'),
    oe('Validation', 'The message payload is not valid JSON'),
    reading('O3: an empty array is no message; a non-object element fails alone, the rest of the batch is judged element by element'),
  ]),
  rule('OE-MSG-001', '`topic` is readings|events|schedules (device→cloud) or signals|schedule-signals (cloud→device)', [
    oe('Message Types › Readings › Fields', 'String. The value should always be "readings"'),
    oe('Message Types › Events › Fields', 'String. The value should always be "events"'),
    oe('Message Types › Schedules › Fields', 'String. The value should always be "schedules"'),
    oe('Messages to Devices › Signal Fields', 'String. The value should always be "signals"'),
    oe('Messages to Devices › Schedule Signals', 'The topic should be `schedule-signals`.'),
  ]),
  rule('OE-MSG-002', '`entity` (each of `entities`) is a non-null string of at most 10 characters; `type` a non-null string of at most 64', [
    oe('Message Types › Readings › Fields › entity', NOT_NULL_10),
    oe('Message Types › Readings › Fields › type', NOT_NULL_64),
    oe('Validation', 'A mandatory field is missing or null in the message (see below for details).'),
    reading('O6: an empty string names no entity or type and fails'),
  ]),
  rule('OE-MSG-003', '`timestamp` is an integer of milliseconds since the epoch, not more than 1 day ahead of its receipt', [
    oe('Message Types › Readings › Fields › timestamp', 'Time reading was recorded, milliseconds since epoch'),
    oe('Messages to Devices › Signal Fields › timestamp', 'Long, not null (ms since epoch)'),
    reading('O4: at most 1 day ahead of receipt; not negative; a 14-digit value (the schedule-signal example) is judged as milliseconds'),
  ]),
  rule('OE-MSG-004', 'The entity belongs to the device (device→cloud: the publishing device; cloud→device: at least one targeted entity is the receiving device\'s)', [
    oe('Validation', 'Device attempting to send messages for an entity not associated with the device'),
    oe('Entities', 'The list of entities associated to a device and their meaning will be agreed between Open Energi and the integrator beforehand.'),
    reading('O6: a device ignores the entities of a signal that are not its own, and rejects a signal that targets none of its own'),
  ]),
  rule('OE-READ-001', 'A reading\'s `value` is a non-null number; `created_at` is null, absent or an ISO 8601 datetime', [
    oe('Message Types › Readings › Fields › value', 'float, not null'),
    oe('Message Types › Readings › Fields › created_at', 'ISO 8601 datetime at which reading was recorded'),
    reading('O7: an ISO 8601 datetime has a full date and a time; without an offset it is read in the profile\'s time zone'),
  ]),
  rule('OE-READ-002', 'power, availability-ffr-* and response-ffr-* readings are in kW rounded to 100 W (a multiple of 0.1); availability and response are ≥ 0', [
    oe('Power Consumption Readings', 'The type should be `power`. The value should be in kW and rounded to the nearest 100W.'),
    oe('Availability Readings', '`availability-ffr-low`: (kW, the nearest 100W) The amount of power consumption that is available to be deferred'),
    oe('Response Readings', '`response-ffr-high`: (kW, to the nearest 100W) The amount of power consumption that is currently being brought forward'),
    reading('O12: availability and response are amounts of power, never negative; "rounded to 100 W" is judged as a multiple of 0.1 kW up to float error'),
  ]),
  rule('OE-EVT-001', 'An event\'s `level` is an integer 0–3; `value` is a string, null or absent', [
    oe('Message Types › Events › Fields › level', 'Prioritization/relevance of the event. Affects its retention policy and alerting services. Acceptable levels are:'),
    oe('Message Types › Events › Fields › value', 'String, optional, can be null'),
  ]),
  rule('OE-EVT-002', 'switch-ffr-start has level 1 and value "1" or "-1"; switch-ffr-end has level 1 and no value', [
    oe('Events › Switch Requests', 'The following message properties should be used. The Level should be 1 (INFO):'),
    oe('Events › Switch Requests', 'When a switch request begins, a message of type “switch-ffr-start” with value “1”/”-1” (high/low) should be sent.'),
    oe('Events › Switch Requests', 'When a switch request ends, a message of type “switch-ffr-end” should be sent (with no value).'),
  ]),
  rule('OE-SCH-001', 'A schedule\'s `schedule` is a non-empty array of intervals {span, repeat, value}; span an ISO 8601 interval or null; repeat an ISO 8601 duration or null (and only with a span)', [
    oe('Schedules › Interval fields › span', 'String, maybe null or omitted. ISO 8601 interval.'),
    oe('Schedules › Interval fields › repeat', 'The duration between repeats of the interval. Null values are interpreted as non-recurring.'),
    oe('Schedules', 'In the event that multiple intervals overlap or conflict, the preceding value in the schedule array will take priority.'),
    reading('O8: start/duration, start/end or duration/end; repeats of a span from its start, forward only; a repeat without a span repeats nothing'),
  ]),
  rule('OE-SIG-001', 'A signal has `timestamp`, `entities` (non-empty array), `type` and `items` (non-empty array)', [
    oe('Messages to Devices › Signal Fields', 'Unlike above, where the `value` field is a number, the `items` field is an array of **batch points**.'),
    oe('Messages to Devices › Signal Fields › entities', 'List of unique entity codes of entities targeted by signal'),
    reading('O5: strict requires `timestamp`; lenient also takes the example\'s `generated_at` (ISO 8601) in its place'),
  ]),
  rule('OE-SIG-002', 'Each signal point has `start_at` (ISO 8601 datetime) and `values`: a non-empty array of {variable: string, value: number}', [
    oe('Signal Points › start_at', 'String, not null, ISO 8601 datetime'),
    oe('Signal Points › values', 'array of <strong>signal point items</strong>, not null'),
    reading('O5: strict wants JSON numbers (the field table\'s "float"); lenient also the example\'s numeric strings ("1.1")'),
    reading('O9: a point that sets one variable twice is ambiguous and fails'),
  ]),
  rule('OE-SIG-003', 'Signal points are in strictly increasing start_at order', [
    reading('O9: each point sets its variables from its start_at until the next point; out of order or equal times make that sequence ambiguous'),
  ]),
  rule('OE-SIG-004', 'The last signal point leaves the entity safe: every oe- variable the signal sets is back at its default (oe-add 0, oe-multiply-* 1)', [
    oe('Portfolio Management Signals', 'The last signal point in the signal should leave the entity in a "safe" state.'),
    oe('Open Energi Signal Types', 'Its default value is 0.'),
    reading('O9: "safe" = every variable the signal set is at its default after the last point'),
  ]),
  rule('OE-SIG-005', 'Variable values are in range: multipliers finite and within [0, 10], oe-add finite and within [-2, 2]', [
    oe('Open Energi Signal Types', "This value makes the algorithm's response to the Grid Frequency more or less extreme by multiplying its deviation from 50Hz by the given amount."),
    reading('O10: the spec gives no range; oe-add ±2 moves the effective frequency by at most ±1 Hz, and a gain outside 0–10 is no plausible request'),
  ]),
  rule('OE-SIG-006', 'Every variable is one the device\'s algorithm knows: oe-add, oe-multiply-high, oe-multiply-low (lenient also: oe-multiply = both)', [
    oe('Open Energi Signal Types', "There are two Signal types that have special meaning to Open Energi's control algorithm: `oe-add` and `oe-multiply`."),
    oe('Open Energi Signal Types', "`oe-multiply-high`: This value makes the algorithm's response to the Grid Frequency more or less extreme"),
    reading('O5: the variables are the three the spec defines; `oe-multiply` (used in the example, not defined) sets both multipliers, lenient only'),
  ]),
  rule('OE-SSIG-001', 'A schedule-signal has `timestamp`, `entities` (non-empty array), `type` (the variable) and `schedule` (non-empty array of intervals, as OE-SCH-001, with numeric values)', [
    oe('Schedule Signals', 'Schedule signals are used to signal more complex or recurring signals to the device, similar to the “schedule” messages above.'),
    oe('Schedule Signals', 'The last element in the `schedule` array specifies the default value fo `oe-add` outside peak price periods.'),
    reading('O11: `type` names the variable the schedule sets; outside every interval the variable is at its default'),
  ]),
]);

export function formatOeCite(c: OeCite): string {
  const doc = c.doc === 'oe' ? OE_SPEC : 'gridtwin';
  const quote = c.quote ? `: "${c.quote}"` : '';
  const note = c.note ? `${c.quote ? ' ' : ': '}(${c.note})` : '';
  return `${doc}, ${c.where}${quote}${note}`;
}

/** The catalogue handed to the ConformanceLedger, in report order. */
export const OE_RULES: readonly RuleDef[] = OE_RULE_SOURCES.map((r) => ({ id: r.id, title: r.title, cites: r.cites.map(formatOeCite).join('; ') }));
