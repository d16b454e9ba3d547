// Shared helpers for end-to-end runs: load a scenario (file or inline YAML), run the real engine
// into a temporary run folder, and read back what it wrote.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile, parseScenarioText } from '../../sim/scenario/load.ts';
import { Engine } from '../../sim/engine/engine.ts';
import type { RunOptions } from '../../sim/engine/run-settings.ts';
import type { RunOutcome } from '../../sim/scoring/scorecard.ts';

export const repoRoot = new URL('../../', import.meta.url).pathname;

export async function tempDir(prefix = 'gridtwin-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface FinishedRun {
  outcome: RunOutcome;
  outDir: string;
  timeseries: () => Promise<Array<Record<string, number | undefined>>>;
  traffic: () => Promise<Array<Record<string, any>>>;
}

/** Runs a scenario file (path relative to the repository) or inline YAML (written into `dir`). */
export async function runScenario(scenario: { file: string } | { yaml: string; name: string }, dir: string, options: RunOptions = {}): Promise<FinishedRun> {
  let loaded;
  if ('file' in scenario) loaded = await loadScenarioFile(join(repoRoot, scenario.file));
  else {
    const path = join(dir, `${scenario.name}.yaml`);
    await writeFile(path, scenario.yaml);
    loaded = parseScenarioText(scenario.yaml, path);
  }
  const outDir = options.outDir ?? join(dir, `run-${Math.random().toString(36).slice(2, 8)}`);
  const outcome = await new Engine(loaded, { workers: 1, ...options, outDir }).run();
  return {
    outcome,
    outDir,
    timeseries: async () => parseCsv(await readFile(join(outDir, 'timeseries.csv'), 'utf8')),
    traffic: async () =>
      (await readFile(join(outDir, 'traffic.ndjson'), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

function parseCsv(text: string): Array<Record<string, number | undefined>> {
  const [head, ...rows] = text.trim().split('\n');
  const cols = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v === '' ? undefined : Number(v)])));
}
