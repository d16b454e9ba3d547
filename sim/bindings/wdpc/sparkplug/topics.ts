// The Sparkplug B topic namespace: spBv1.0/{group_id}/{message_type}/{edge_node_id}[/{device_id}].
// Node messages (N…) have no device id, device messages (D…) must have one. Ids may not contain
// '/', '+' or '#' (they are MQTT topic levels).

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

const validId = (s: string) => s.length > 0 && !/[/+#]/.test(s);

export function spTopic(t: SpTopic): string {
  for (const id of [t.group, t.node, ...(t.device !== undefined ? [t.device] : [])]) {
    if (!validId(id)) throw new Error(`'${id}' is not a valid Sparkplug id (non-empty, no '/', '+' or '#')`);
  }
  const isDevice = (DEVICE_TYPES as readonly string[]).includes(t.type);
  if (isDevice !== (t.device !== undefined)) throw new Error(`${t.type} ${isDevice ? 'needs' : 'takes no'} device id`);
  return [NAMESPACE, t.group, t.type, t.node, ...(t.device !== undefined ? [t.device] : [])].join('/');
}

/** The parts of a Sparkplug B topic, or undefined for anything else. */
export function parseSpTopic(topic: string): SpTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== NAMESPACE || parts.length < 4 || parts.length > 5) return undefined;
  const [, group, type, node, device] = parts;
  const isNode = (NODE_TYPES as readonly string[]).includes(type);
  const isDevice = (DEVICE_TYPES as readonly string[]).includes(type);
  if ((!isNode && !isDevice) || (isNode && parts.length !== 4) || (isDevice && parts.length !== 5)) return undefined;
  if (![group, node, ...(device !== undefined ? [device] : [])].every(validId)) return undefined;
  return { group, type: type as SpMessageType, node, ...(device !== undefined ? { device } : {}) };
}
