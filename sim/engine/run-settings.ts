// Command-line overrides applied to a loaded scenario: flags win over the scenario (seed, mode,
// workers, broker, duration). Re-checks what an override can break (a live role in fast mode).
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { modeProblems } from '../scenario/cross-checks.ts';
import type { Seed } from '../random/streams.ts';
import type { Micros } from '../time.ts';

export interface RunOptions {
  outDir?: string;
  seed?: Seed;
  workers?: number;
  brokerUrl?: string;
  mode?: 'fast' | 'realtime';
  /** Stop the run early at this simulation time. */
  until?: Micros;
  /** For run-folder names only: the wall-clock time of the run start. */
  startedAt?: Date;
  /** How long the flush barrier waits for a round trip before counting a message lost (default 10 s). */
  barrierTimeoutMs?: number;
  /** How long a lost broker may stay away before the run fails with exit 3 (default 10 s). */
  reconnectGraceMs?: number;
}

export interface RunSettings {
  scenario: Scenario;
  seed: Seed;
  workers: number;
  brokerUrl?: string;
  outDir: string;
  barrierTimeoutMs: number;
  reconnectGraceMs: number;
}

/**
 * Sites below which the model pool stays on the main thread by default. Handing a window to a
 * worker and back costs 0.1–0.5 ms on this class of machine (`npm run bench -- fleet`,
 * fleet.engine-1site-unbatched), stepping a site through a 100 ms window about 0.5 µs: the
 * workers pay off only for fleets of hundreds of sites. The result never depends on it.
 */
export const SITES_PER_WORKER_THRESHOLD = 256;

export function defaultWorkers(siteCount = Infinity): number {
  if (siteCount < SITES_PER_WORKER_THRESHOLD) return 0;
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

export function resolveRunSettings(loaded: LoadedScenario, o: RunOptions): RunSettings {
  const s = loaded.scenario;
  const run = { ...s.run };
  if (o.seed !== undefined) run.seed = o.seed;
  if (o.mode) run.mode = o.mode;
  if (o.until !== undefined) {
    if (o.until <= 0) throw new InputError('bad --until', [{ path: '--until', message: 'must be a positive duration', hint: "e.g. --until '2 min'" }]);
    run.duration = Math.min(run.duration, o.until);
  }
  const scenario: Scenario = { ...s, run };
  const problems = modeProblems(scenario);
  if (problems.length > 0) throw new InputError(`${loaded.name}: cannot run in fast mode`, problems, 'MODE');
  const stamp = (o.startedAt ?? new Date()).toISOString().replace(/[:.]/g, '-');
  return {
    scenario,
    seed: run.seed,
    workers: o.workers ?? s.run.workers ?? defaultWorkers(Object.values(s.sites ?? {}).reduce((n, site) => n + site.replicas, 0)),
    brokerUrl: o.brokerUrl,
    outDir: o.outDir ?? join('runs', `${loaded.name}-${stamp}`),
    barrierTimeoutMs: o.barrierTimeoutMs ?? 10_000,
    reconnectGraceMs: o.reconnectGraceMs ?? 10_000,
  };
}
