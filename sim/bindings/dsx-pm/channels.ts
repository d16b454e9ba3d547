// The DSX Power Management topic layout, derived entirely from the vendored AsyncAPI document:
// channel addresses, who publishes on each, which event type and schemas travel there, and the QoS.
// Nothing here is typed in by hand, so a spec update changes the topics in one place (the YAML).

import {
  DATA_SCHEMAS,
  ENVELOPE_SCHEMAS,
  loadPowerManagementSpec,
  resolveRef,
  schemaNameOfRef,
  type DataSchemaName,
  type EnvelopeSchemaName,
  type JsonObject,
  type PmAsyncApiDoc,
} from './asyncapi.ts';
import { isDsxRole, type DsxRole } from './source.ts';

export type MqttQos = 0 | 1 | 2;

export interface DsxChannel {
  /** AsyncAPI channel id, e.g. `loadTargetSetChannel`. */
  readonly id: string;
  /** Address template, e.g. `grid/v1/isv/{identifier}/loadtarget/set`. */
  readonly address: string;
  /** Parameter names in address order, e.g. `['identifier']` or `['infraAgentId']`. */
  readonly parameters: readonly string[];
  /** The role that publishes here: the address level before the first parameter. */
  readonly publisherRole: DsxRole;
  /** `type.const` of the message's envelope schema, e.g. `grid.loadtarget.set.v1`. */
  readonly eventType: string;
  readonly messageName: string;
  readonly envelopeSchema: EnvelopeSchemaName;
  /** The plaintext schema of `data` once the JWS is verified. */
  readonly dataSchema: DataSchemaName;
  /** From the channel's `bindings.mqtt.qos`. */
  readonly qos: MqttQos;
  /** MQTT subscription filter with `+` for every parameter, e.g. `grid/v1/isv/+/loadtarget/set`. */
  readonly subscriptionFilter: string;
  /** Ids of the AsyncAPI operations on this channel. */
  readonly sendOperations: readonly string[];
  readonly receiveOperations: readonly string[];
}

export interface TopicMatch {
  readonly channel: DsxChannel;
  /** Parameter values by name, e.g. `{ identifier: 'acme-energy' }`. */
  readonly params: Readonly<Record<string, string>>;
  /** The value of the channel's (single) parameter: the publisher's identifier. */
  readonly identifier: string;
}

interface CompiledChannel {
  channel: DsxChannel;
  regex: RegExp;
}

let cache: { channels: DsxChannel[]; compiled: CompiledChannel[] } | undefined;

/** All channels of the profile, in document order. */
export function dsxChannels(): readonly DsxChannel[] {
  return load().channels;
}

export function channelById(id: string): DsxChannel | undefined {
  return load().channels.find((c) => c.id === id);
}

export function channelForEventType(eventType: string): DsxChannel | undefined {
  return load().channels.find((c) => c.eventType === eventType);
}

/** The subscription filters covering every channel of the profile. */
export function subscriptionFilters(): string[] {
  return load().channels.map((c) => c.subscriptionFilter);
}

/**
 * Which channel a concrete topic belongs to, with its parameter values; undefined when the topic is
 * not a channel of the profile (DSX-TOPIC-001). A parameter matches exactly one non-empty topic
 * level without wildcard characters.
 */
export function matchTopic(topic: string): TopicMatch | undefined {
  // Runs on every message, and a run sees few distinct topics: remember recent answers. The cache
  // is bounded (and simply cleared when full) so a flood of distinct hostile topics cannot grow it.
  const hit = matchCache.get(topic);
  if (hit !== undefined) return hit ?? undefined;
  const found = matchUncached(topic);
  if (matchCache.size >= MATCH_CACHE_SIZE) matchCache.clear();
  matchCache.set(topic, found ?? null);
  return found;
}

const MATCH_CACHE_SIZE = 4096;
const matchCache = new Map<string, TopicMatch | null>();

function matchUncached(topic: string): TopicMatch | undefined {
  for (const { channel, regex } of load().compiled) {
    const m = regex.exec(topic);
    if (!m) continue;
    const params: Record<string, string> = {};
    channel.parameters.forEach((name, i) => {
      params[name] = m[i + 1] as string;
    });
    return Object.freeze({ channel, params: Object.freeze(params), identifier: m[1] as string });
  }
  return undefined;
}

/**
 * The concrete topic of a channel for a publisher identifier (or a map of parameter values).
 * Throws on values that cannot be one MQTT topic level: a caller bug or a bad scenario key that
 * must not turn into traffic on someone else's topic.
 */
export function buildTopic(channel: DsxChannel | string, values: string | Record<string, string>): string {
  const ch = typeof channel === 'string' ? channelById(channel) : channel;
  if (!ch) throw new Error(`unknown DSX channel '${String(channel)}'`);
  return ch.address.replace(/\{([^}]+)\}/g, (_all, name: string) => {
    const value = typeof values === 'string' ? values : values[name];
    if (value === undefined) throw new Error(`${ch.id}: no value for parameter '${name}'`);
    assertTopicLevel(value, `${ch.id}.${name}`);
    return value;
  });
}

function assertTopicLevel(value: string, what: string): void {
  if (value === '' || /[/+#\u0000]/.test(value)) {
    throw new RangeError(`${what}: '${value}' is not a valid MQTT topic level (empty, '/', '+', '#' or NUL)`);
  }
}

function load(): { channels: DsxChannel[]; compiled: CompiledChannel[] } {
  if (cache) return cache;
  const doc = loadPowerManagementSpec();
  const channels = Object.entries(doc.channels).map(([id, ch]) => readChannel(doc, id, ch));
  const compiled = channels.map((channel) => ({ channel, regex: addressRegex(channel.address) }));
  cache = { channels, compiled };
  return cache;
}

function readChannel(doc: PmAsyncApiDoc, id: string, ch: JsonObject): DsxChannel {
  const fail = (why: string): never => {
    throw new Error(`power-management.yaml channels.${id}: ${why}`);
  };
  const address = typeof ch.address === 'string' ? ch.address : fail('no address');
  const parameters = [...address.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  if (parameters.length !== 1) fail(`expected exactly one address parameter, got ${parameters.length}`);

  // The role is the level right before the publisher's identifier: grid/v1/<role>/{identifier}/...
  const levels = address.split('/');
  const role = levels[levels.indexOf(`{${parameters[0]}}`) - 1];
  if (!isDsxRole(role)) fail(`unknown publisher role '${role}'`);

  const messages = Object.values(isObj(ch.messages) ? ch.messages : fail('no messages'));
  if (messages.length !== 1) fail(`expected one message, got ${messages.length}`);
  const message = resolveRef(refOf(messages[0]) ?? fail('message is not a $ref'), doc);
  const messageName = typeof message.name === 'string' ? message.name : fail('message has no name');
  const envelopeName = schemaNameOfRef(refOf(message.payload)) ?? fail('payload is not a schema $ref');
  if (!(ENVELOPE_SCHEMAS as readonly string[]).includes(envelopeName)) fail(`unexpected envelope ${envelopeName}`);

  const { eventType, dataSchema } = readEnvelope(doc, envelopeName) ?? fail(`cannot read ${envelopeName}`);
  if (!(DATA_SCHEMAS as readonly string[]).includes(dataSchema)) fail(`unexpected data schema ${dataSchema}`);

  const mqtt = isObj(ch.bindings) && isObj(ch.bindings.mqtt) ? ch.bindings.mqtt : fail('no mqtt binding');
  const qos = mqtt.qos === 0 || mqtt.qos === 1 || mqtt.qos === 2 ? mqtt.qos : fail(`bad qos ${String(mqtt.qos)}`);

  const ops = Object.entries(doc.operations).filter(([, op]) => refOf(op.channel) === `#/channels/${id}`);
  const opsWith = (action: string) => ops.filter(([, op]) => op.action === action).map(([opId]) => opId);
  const sendOperations = opsWith('send');
  if (sendOperations.length === 0) fail('no send operation');

  return {
    id,
    address,
    parameters,
    publisherRole: role as DsxRole,
    eventType,
    messageName,
    envelopeSchema: envelopeName as EnvelopeSchemaName,
    dataSchema: dataSchema as DataSchemaName,
    qos,
    subscriptionFilter: address.replace(/\{[^}]+\}/g, '+'),
    sendOperations,
    receiveOperations: opsWith('receive'),
  };
}

/**
 * Envelope schemas are `allOf: [BaseCloudEvent, {properties: {type: {const}, data: {oneOf: [JWS, Data]}}}]`.
 * The event type is the `const`; the data schema is the `oneOf` branch that is an object (the
 * other branch is the JWS wire string).
 */
function readEnvelope(doc: PmAsyncApiDoc, name: string): { eventType: string; dataSchema: string } | undefined {
  const envelope = doc.components.schemas[name];
  if (!envelope || !Array.isArray(envelope.allOf)) return undefined;
  let eventType: string | undefined;
  let dataSchema: string | undefined;
  for (const part of envelope.allOf as unknown[]) {
    if (!isObj(part) || !isObj(part.properties)) continue;
    const { type, data } = part.properties;
    if (isObj(type) && typeof type.const === 'string') eventType = type.const;
    if (isObj(data) && Array.isArray(data.oneOf)) {
      for (const branch of data.oneOf as unknown[]) {
        const ref = refOf(branch);
        if (ref && resolveRef(ref, doc).type === 'object') dataSchema = schemaNameOfRef(ref);
      }
    }
  }
  return eventType && dataSchema ? { eventType, dataSchema } : undefined;
}

/** `grid/v1/isv/{identifier}/loadtarget/set` → `^grid/v1/isv/([^/+#]+)/loadtarget/set$`. */
function addressRegex(address: string): RegExp {
  const source = address
    .split(/\{[^}]+\}/)
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('([^/+#\\u0000]+)');
  return new RegExp(`^${source}$`);
}

function refOf(v: unknown): string | undefined {
  return isObj(v) && typeof v.$ref === 'string' ? v.$ref : undefined;
}

function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
