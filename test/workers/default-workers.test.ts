// The default number of model workers follows the fleet size: a worker round trip per window costs
// more than stepping a few sites, so small scenarios step on the main thread unless told otherwise.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/load.ts';
import { SITES_PER_WORKER_THRESHOLD, resolveRunSettings } from '../../sim/engine/run-settings.ts';

const scenario = (replicas: number, workers = '') =>
  parseScenarioText(
    `run:\n  duration: 1 min\n${workers}sites:\n  dc:\n    replicas: ${replicas}\n    ai_load:\n      rated_power: 10 MW\n  other:\n    ai_load:\n      rated_power: 10 MW\n`,
    '/tmp/default-workers.yaml',
  );
const pooled = Math.max(1, Math.min(2, availableParallelism() - 1));

describe('default model workers', () => {
  it('steps a small fleet on the main thread', () => {
    expect(resolveRunSettings(scenario(1), {}).workers).toBe(0);
    expect(resolveRunSettings(scenario(SITES_PER_WORKER_THRESHOLD - 2), {}).workers).toBe(0);
  });

  it('uses the pool from the threshold on, counting replicas', () => {
    expect(resolveRunSettings(scenario(SITES_PER_WORKER_THRESHOLD - 1), {}).workers).toBe(pooled);
  });

  it('keeps the scenario’s run.workers and the --workers flag above the default', () => {
    expect(resolveRunSettings(scenario(1, '  workers: 2\n'), {}).workers).toBe(2);
    expect(resolveRunSettings(scenario(1000, '  workers: 2\n'), { workers: 0 }).workers).toBe(0);
  });
});
