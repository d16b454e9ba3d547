// sweep.json: what a sweep folder holds — the scenario (path and sha256), the parameters and
// their values, the seeds, the gridtwin version. `--resume` reads it and refuses to continue a
// sweep of another scenario, other parameters or seeds, or one written by an incompatible gridtwin.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { GRIDTWIN_VERSION, SUMMARY_FORMAT } from '../scoring/scorecard.ts';
import type { ParamValue, SweepParam } from './param-spec.ts';

export interface SweepManifest {
  gridtwin: { version: string; summary_format: number };
  scenario: { path: string; sha256: string };
  params: Array<{ path: string; values: ParamValue[] }>;
  /** The cross product, point k = points/<k>.yaml (runs/<index> of point k: index = k·seeds + seed index). */
  points: ParamValue[][];
  seeds: number[];
  runs: number;
}

export function makeManifest(scenarioPath: string, sha256: string, params: SweepParam[], points: ParamValue[][], seeds: number[], runs: number): SweepManifest {
  return {
    gridtwin: { version: GRIDTWIN_VERSION, summary_format: SUMMARY_FORMAT },
    scenario: { path: scenarioPath, sha256 },
    params: params.map((p) => ({ path: p.path, values: p.values })),
    points,
    seeds,
    runs,
  };
}

/** Throws (exit 2) unless `existing` describes the same sweep as `wanted`. */
export function checkResumable(existing: SweepManifest, wanted: SweepManifest, file: string): void {
  const problems = [];
  if (existing.gridtwin?.summary_format !== wanted.gridtwin.summary_format) {
    problems.push({ path: file, message: `written by gridtwin ${existing.gridtwin?.version} (summary format ${existing.gridtwin?.summary_format}); this one writes ${wanted.gridtwin.summary_format}`, hint: 'start a new sweep folder' });
  }
  if (existing.scenario?.sha256 !== wanted.scenario.sha256) {
    problems.push({ path: file, message: 'the scenario file changed since this sweep started', hint: 'resume with the same scenario, or start a new sweep folder (--out)' });
  }
  if (JSON.stringify(existing.params) !== JSON.stringify(wanted.params)) {
    problems.push({ path: file, message: `other parameters: ${existing.params?.map((p) => `${p.path}=${p.values.join(',')}`).join(' ')}`, hint: 'resume with the same --param flags, or start a new sweep folder (--out)' });
  }
  if (JSON.stringify(existing.seeds) !== JSON.stringify(wanted.seeds)) {
    problems.push({ path: file, message: `other seeds (${existing.seeds?.length} from the original root seed)`, hint: 'resume with the same --seeds and --seed' });
  }
  if (problems.length) throw new InputError(`cannot resume the sweep in ${file}`, problems, 'SWEEP_RESUME');
}

export async function readManifest(dir: string): Promise<SweepManifest | undefined> {
  const file = join(dir, 'sweep.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as SweepManifest;
  } catch (err) {
    throw new InputError(`${file}: not valid JSON`, [{ path: file, message: (err as Error).message, hint: 'start a new sweep folder (--out)' }], 'SWEEP_RESUME');
  }
}
