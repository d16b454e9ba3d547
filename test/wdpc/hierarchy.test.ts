// The twin's WDPC hierarchy (sim/bindings/wdpc/hierarchy.ts): facility per site, racks of
// nodesPerRack, the site's GPUs spread over its nodes; ids sort in hierarchy order.
import { describe, expect, it } from 'vitest';
import { facilityLayout } from '../../sim/bindings/wdpc/hierarchy.ts';
import { parseScenarioText } from '../../sim/scenario/load.ts';

const scenario = (sites: string) => parseScenarioText(`run: { duration: 1 min }\nsites:\n${sites}`, 'h.yaml').scenario;

describe('WDPC hierarchy', () => {
  it('splits 20 nodes into racks of 8 and 144 GPUs into 8 per node (the last node holds the rest)', () => {
    const [f] = facilityLayout(scenario('  dc1: { ai_load: { rated_power: 144 kW, gpus: 150, nodes: 20 } }\n'), 8);
    expect(f.site).toBe('dc1');
    expect(f.racks).toEqual(['r00', 'r01', 'r02']);
    expect(f.nodes.map((n) => n.id).slice(0, 2)).toEqual(['r00-n000', 'r00-n001']);
    expect(f.nodes[8].id).toBe('r01-n008');
    expect(f.nodes[19].rack).toBe('r02');
    expect(f.gpusPerNode).toBe(8);
    expect(f.nodes[0].gpus).toEqual(['gpu0', 'gpu1', 'gpu2', 'gpu3', 'gpu4', 'gpu5', 'gpu6', 'gpu7']);
    expect(f.nodes[18].gpus).toHaveLength(6);
    expect(f.nodes.reduce((n, x) => n + x.gpus.length, 0)).toBe(150);
    const ids = f.nodes.map((n) => n.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('gives each replica its own facility', () => {
    const fs = facilityLayout(scenario('  edge: { replicas: 3, ai_load: { rated_power: 1 MW, nodes: 2 } }\n'), 8);
    expect(fs.map((f) => f.site)).toEqual(['edge-1', 'edge-2', 'edge-3']);
    expect(fs[0].racks).toEqual(['r00']);
  });
});
