// The WDPC component hierarchy of the twin (spec "Component architecture and data models":
// facility → rack → node → component): a facility per site, its AI-training load's `nodes` split
// into racks of `nodesPerRack`, and each node's GPUs as its components. All nodes of one training
// job run in lockstep (iteration-synchronous), so a node's power is the site's GPU power over the
// nodes plus its share of the overhead; a GPU's, the node's GPU power over its GPUs. Pure: the
// scenario checks and the benchmarks use it too.
import type { Scenario } from '../../scenario/schema.ts';
import { expandSites } from '../../engine/site-registry.ts';
import { gpuCount } from '../../scenario/ai-load-params.ts';

export interface WdpcNode {
  /** e.g. r03-n017: rack and node numbers, zero-padded so ids sort in hierarchy order. */
  id: string;
  rack: string;
  /** Index of the node within its facility (0-based). */
  index: number;
  /** GPU component ids, e.g. gpu0 … gpu7. */
  gpus: string[];
}

export interface WdpcFacility {
  /** The (expanded) site id. */
  site: string;
  racks: string[];
  nodes: WdpcNode[];
  /** GPUs per node (the site's GPUs spread evenly; the last node may hold fewer). */
  gpusPerNode: number;
  /** GPUs of the facility in all. */
  gpuTotal: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function facilityLayout(scenario: Scenario, nodesPerRack: number): WdpcFacility[] {
  return expandSites(scenario).map((s) => {
    const l = s.config.ai_load;
    const nodeCount = l.nodes;
    const gpus = gpuCount(l);
    const perNode = Math.max(1, Math.ceil(gpus / nodeCount));
    const rackCount = Math.ceil(nodeCount / nodesPerRack);
    const rw = Math.max(2, String(rackCount).length);
    const nw = Math.max(3, String(nodeCount).length);
    const racks = Array.from({ length: rackCount }, (_, r) => `r${pad(r, rw)}`);
    const nodes: WdpcNode[] = Array.from({ length: nodeCount }, (_, k) => {
      const left = gpus - k * perNode;
      const count = Math.max(0, Math.min(perNode, left));
      return { id: `${racks[Math.floor(k / nodesPerRack)]}-n${pad(k, nw)}`, rack: racks[Math.floor(k / nodesPerRack)], index: k, gpus: Array.from({ length: count }, (_, g) => `gpu${g}`) };
    });
    return { site: s.id, racks, nodes, gpusPerNode: perNode, gpuTotal: nodes.reduce((n, x) => n + x.gpus.length, 0) };
  });
}
