// A run folder as `gridtwin compare` reads it: summary.json (required, from this summary format),
// timeseries.csv and traffic.ndjson (optional: older or failed runs may lack them). Every way a
// path can fail to be a usable run folder is an InputError naming the file (exit 2).
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../../sim/errors.ts';
import { SUMMARY_FORMAT, type RunSummary } from '../../sim/scoring/scorecard.ts';

export interface RunFolder {
  dir: string;
  /** Short name for tables: the folder's base name. */
  label: string;
  summary: RunSummary;
  timeseriesPath?: string;
  trafficPath?: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export async function readRunFolder(path: string): Promise<RunFolder> {
  const dir = resolve(path);
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    throw new InputError(`cannot read run folder ${path}`, [{ path, message: 'no such folder', hint: 'pass the folder a run wrote (gridtwin run … --out DIR)' }], 'BAD_RUN_FOLDER');
  }
  if (!isDir) {
    throw new InputError(`${path} is not a run folder`, [{ path, message: 'is a file, not a folder', hint: 'pass the run folder that holds summary.json' }], 'BAD_RUN_FOLDER');
  }
  const summaryPath = join(dir, 'summary.json');
  let text: string;
  try {
    text = await readFile(summaryPath, 'utf8');
  } catch {
    throw new InputError(`${path} is not a run folder`, [{ path: summaryPath, message: 'no summary.json', hint: 'a run folder holds summary.json; was the run interrupted before it wrote its reports?' }], 'BAD_RUN_FOLDER');
  }
  let summary: RunSummary;
  try {
    summary = JSON.parse(text) as RunSummary;
  } catch (err) {
    throw new InputError(`${summaryPath}: not valid JSON`, [{ path: summaryPath, message: (err as Error).message, hint: 'the file is damaged; run the scenario again' }], 'BAD_RUN_FOLDER');
  }
  const format = summary?.gridtwin?.summary_format;
  if (typeof summary !== 'object' || summary === null || format === undefined) {
    throw new InputError(`${summaryPath}: not a gridtwin summary`, [{ path: summaryPath, message: 'no gridtwin.summary_format', hint: 'pass a folder written by gridtwin run' }], 'BAD_RUN_FOLDER');
  }
  if (format !== SUMMARY_FORMAT) {
    throw new InputError(`${summaryPath}: summary format ${format}, this gridtwin reads ${SUMMARY_FORMAT}`, [
      {
        path: summaryPath,
        message: `written by gridtwin ${summary.gridtwin.version ?? '?'} (summary format ${format}), incompatible with this version (format ${SUMMARY_FORMAT})`,
        hint: 'run the scenario again with this version, or compare with the gridtwin that wrote it',
      },
    ], 'BAD_RUN_FOLDER');
  }
  const ts = join(dir, 'timeseries.csv');
  const tr = join(dir, 'traffic.ndjson');
  return {
    dir,
    label: basename(dir),
    summary,
    timeseriesPath: (await exists(ts)) ? ts : undefined,
    trafficPath: (await exists(tr)) ? tr : undefined,
  };
}
