// Writes the report files of a finished run into its folder, next to timeseries.csv and
// traffic.ndjson that the engine wrote while it ran.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSummary } from '../sim/scoring/scorecard.ts';
import { renderReportMd } from './report-md.ts';
import { renderSummaryJson } from './summary-json.ts';

export interface RunFolderFiles {
  summaryPath: string;
  reportPath: string;
}

export async function writeRunFolder(outDir: string, summary: RunSummary): Promise<RunFolderFiles> {
  await mkdir(outDir, { recursive: true });
  const summaryPath = join(outDir, 'summary.json');
  const reportPath = join(outDir, 'report.md');
  // summary.json first: it is what CI reads, so it should exist even if rendering the report fails.
  await writeFile(summaryPath, renderSummaryJson(summary));
  await writeFile(reportPath, renderReportMd(summary));
  return { summaryPath, reportPath };
}
