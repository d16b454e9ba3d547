// The data of grid.powerbreach.alert.v1, including shed hints: which nodes to cap, in which order,
// to bring the feed back under its constraint.
import type { Micros } from '../../time.ts';
import { toPowerUnit } from './power-units.ts';
import { severity, type OpenBreach } from './breach-tracker.ts';

export interface ShedContext {
  siteId: string;
  nodes: number;
  /** Rated power of one node (W). */
  nodePower: number;
  feeds: number;
}

/** Node resource ids are stable: `<site>-node-0001`…; hints start from the highest-numbered node. */
export function nodeId(site: string, k: number): string {
  return `${site}-node-${String(k + 1).padStart(4, '0')}`;
}

export function shedHints(b: OpenBreach, s: ShedContext) {
  const excessSite = Math.max(0, b.measured - b.target.constraint) * s.feeds;
  const count = Math.min(s.nodes, Math.max(1, Math.ceil(excessSite / (s.nodePower * 0.5))));
  const perNodeCut = excessSite / count;
  return Array.from({ length: count }, (_, j) => ({
    resource_id: nodeId(s.siteId, s.nodes - 1 - j),
    resource_type: 'node' as const,
    action: 'power_cap' as const,
    priority: j + 1,
    target_power: toPowerUnit(Math.max(0, s.nodePower - perNodeCut)),
  }));
}

export function alertData(b: OpenBreach, t: Micros, s: ShedContext, iso: (t: Micros) => string) {
  const resolved = b.status === 'resolved';
  return {
    feed_tag: b.feed,
    status: b.status,
    severity: severity(b.measured, b.target.constraint),
    breach: {
      breach_id: b.id,
      detected_at: iso(b.detectedAt),
      ...(resolved ? { resolved_at: iso(t) } : {}),
    },
    target: { correlation_id: b.target.correlationId, load_constraint: toPowerUnit(b.target.constraint) },
    measured_load: toPowerUnit(b.measured),
    ...(resolved ? {} : { shed_hints: shedHints(b, s) }),
    // Least to most disruptive; an escalated critical breach adds rack shutdown to the menu.
    infrastructure_actions: resolved
      ? []
      : b.status === 'escalated' && severity(b.measured, b.target.constraint) === 'critical'
        ? ['SHUTDOWN_NODES', 'SHUTDOWN_RACKS']
        : ['SHUTDOWN_NODES'],
  };
}
