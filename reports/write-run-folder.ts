// Writes the report files of a finished run into its folder, next to timeseries.csv and
// traffic.ndjson that the engine wrote while it ran: summary.json, report.md, junit.xml and
// report.html, in that order — the cheap, essential files first, so a failure in the last (the
// HTML report reads the whole time series) can never cost the run its summary.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunSummary } from '../sim/scoring/scorecard.ts';
import { renderJunitXml } from './junit-xml.ts';
import { renderReportHtml, renderReportHtmlFailure } from './run-html/index.ts';
import { renderReportMd } from './report-md.ts';
import { renderSummaryJson } from './summary-json.ts';

export interface RunFolderFiles {
  summaryPath: string;
  reportPath: string;
  junitPath: string;
  /** Absent when the caller asked for no HTML report. */
  htmlPath?: string;
  /** Why report.html could not be rendered (it then holds a short page saying so). */
  htmlError?: string;
}

export interface RunFolderOptions {
  /**
   * Write report.html (default true). It reads the whole time series (≈ 0.1 s for an hour of one
   * site at 1 s windows); a caller writing hundreds of run folders may leave it out.
   */
  html?: boolean;
}

export async function writeRunFolder(outDir: string, summary: RunSummary, options: RunFolderOptions = {}): Promise<RunFolderFiles> {
  await mkdir(outDir, { recursive: true });
  const summaryPath = join(outDir, 'summary.json');
  const reportPath = join(outDir, 'report.md');
  const junitPath = join(outDir, 'junit.xml');
  const htmlPath = join(outDir, 'report.html');
  // summary.json first: it is what CI reads, so it should exist even if rendering a report fails.
  await writeFile(summaryPath, renderSummaryJson(summary));
  await writeFile(reportPath, renderReportMd(summary));
  await writeFile(junitPath, renderJunitXml(summary));
  if (options.html === false) return { summaryPath, reportPath, junitPath };
  try {
    await writeFile(htmlPath, await renderReportHtml(summary, outDir));
    return { summaryPath, reportPath, junitPath, htmlPath };
  } catch (err) {
    // The run's result stands; the page says why the full report is missing, and so does the caller.
    await writeFile(htmlPath, renderReportHtmlFailure(summary, err));
    return { summaryPath, reportPath, junitPath, htmlPath, htmlError: err instanceof Error ? err.message : String(err) };
  }
}
