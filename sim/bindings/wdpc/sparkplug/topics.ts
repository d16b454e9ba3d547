// The Sparkplug B topic namespace: spBv1.0/{group_id}/{message_type}/{edge_node_id}[/{device_id}].
// Node messages (N…) have no device id, device messages (D…) must have one. Ids are MQTT topic
// levels, so they may not be empty nor contain '/', '+' or '#' (nor NUL, which no MQTT topic may
// hold). Host applications' STATE messages (spBv1.0/STATE/{host_id}) are recognised separately.
import { InputError } from '../../../errors.ts';

export const NAMESPACE = 'spBv1.0';
export const NODE_TYPES = ['NBIRTH', 'NDEATH', 'NDATA', 'NCMD'] as const;
export const DEVICE_TYPES = ['DBIRTH', 'DDEATH', 'DDATA', 'DCMD'] as const;
export type SpMessageType = (typeof NODE_TYPES)[number] | (typeof DEVICE_TYPES)[number];

export interface SpTopic {
  group: string;
  type: SpMessageType;
  node: string;
  device?: string;
}

/** Why a string cannot be a Sparkplug id, or undefined when it can. */
export function idProblem(id: string): string | undefined {
  if (id.length === 0) return 'is empty';
  const bad = /[/+#\u0000]/.exec(id);
  return bad ? `contains '${bad[0] === '\u0000' ? 'NUL' : bad[0]}'` : undefined;
}

export function isDeviceType(type: string): boolean {
  return (DEVICE_TYPES as readonly string[]).includes(type);
}

/** The topic for a message; InputError (exit 2) for an id a configuration got wrong. */
export function spTopic(t: SpTopic): string {
  const ids: Array<[string, string | undefined]> = [['group_id', t.group], ['edge_node_id', t.node], ['device_id', t.device]];
  for (const [path, id] of ids) {
    const problem = id === undefined ? undefined : idProblem(id);
    if (problem) throw new InputError(`'${id}' is not a valid Sparkplug ${path}: it ${problem}`, [{ path, message: problem, hint: "use a non-empty id without '/', '+' or '#'" }]);
  }
  const device = isDeviceType(t.type);
  if (!device && !(NODE_TYPES as readonly string[]).includes(t.type)) throw new InputError(`'${t.type}' is not a Sparkplug message type`);
  if (device !== (t.device !== undefined)) throw new InputError(`${t.type} ${device ? 'needs a' : 'takes no'} device id`);
  return [NAMESPACE, t.group, t.type, t.node, ...(t.device !== undefined ? [t.device] : [])].join('/');
}

/** The parts of a Sparkplug B topic, or undefined for anything else (STATE included). */
export function parseSpTopic(topic: string): SpTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== NAMESPACE || parts.length < 4 || parts.length > 5) return undefined;
  const [, group, type, node, device] = parts;
  const isDevice = isDeviceType(type);
  const isNode = (NODE_TYPES as readonly string[]).includes(type);
  if ((!isNode && !isDevice) || (isNode && parts.length !== 4) || (isDevice && parts.length !== 5)) return undefined;
  if ([group, node, ...(device !== undefined ? [device] : [])].some((id) => idProblem(id) !== undefined)) return undefined;
  return { group, type: type as SpMessageType, node, ...(device !== undefined ? { device } : {}) };
}

/** A host application's STATE topic (Sparkplug 3.0: spBv1.0/STATE/{host_id}): its host id. */
export function parseStateTopic(topic: string): string | undefined {
  const parts = topic.split('/');
  return parts.length === 3 && parts[0] === NAMESPACE && parts[1] === 'STATE' && idProblem(parts[2]) === undefined ? parts[2] : undefined;
}
