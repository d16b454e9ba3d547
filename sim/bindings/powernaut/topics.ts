// Powernaut topic shapes: `site/{id}/data` and `resource/{id}/data` for telemetry (the streaming
// spec), `resource/{id}/commands/setpoint` for setpoints (gridtwin's reading, P5). The observer
// subscribes to everything under site/ and resource/, so a wrong shape is seen and counted.

export type TopicKind = 'site-data' | 'resource-data' | 'setpoint';

export interface PnTopic {
  kind: TopicKind;
  id: string;
}

/** What the observer subscribes to. */
export const PN_FILTERS = ['site/#', 'resource/#'];

/** One topic level that is a plausible identifier: non-empty, no wildcards, no NUL. */
const idOk = (s: string | undefined): s is string => s !== undefined && s.length > 0 && !/[+#\u0000]/.test(s);

export function parsePnTopic(topic: string): PnTopic | undefined {
  const p = topic.split('/');
  if (p.length === 3 && p[2] === 'data' && idOk(p[1])) {
    if (p[0] === 'site') return { kind: 'site-data', id: p[1] };
    if (p[0] === 'resource') return { kind: 'resource-data', id: p[1] };
  }
  if (p.length === 4 && p[0] === 'resource' && p[2] === 'commands' && p[3] === 'setpoint' && idOk(p[1])) return { kind: 'setpoint', id: p[1] };
  return undefined;
}

export const setpointTopic = (resource: string): string => `resource/${resource}/commands/setpoint`;
