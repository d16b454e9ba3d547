// report.html: one self-contained page per run (uPlot, styles and data inlined; nothing fetched),
// for a planner or a QA lead who wants to look rather than read JSON. Inputs: the run summary and
// the run folder's timeseries.csv and traffic.ndjson, both read as streams and reduced while read,
// so memory stays bounded for a 24 h run. Sections: header, timeline, plots, messages, thresholds,
// conformance, probes, sites & metrics.
import { join } from 'node:path';
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { escapeHtml, renderHtmlPage } from '../html/page.ts';
import type { PlotSpec } from '../html/plot-spec.ts';
import { conformanceSection } from './conformance.ts';
import { detailsSection } from './details.ts';
import { reportFrame } from './frame.ts';
import { headerSection } from './header.ts';
import { messagesSection } from './messages.ts';
import { probesSection } from './probes.ts';
import { REPORT_CSS } from './style.ts';
import { thresholdsSection } from './thresholds.ts';
import { timelineSection } from './timeline.ts';
import { timeseriesSection } from './timeseries.ts';
import { readTraffic } from './traffic.ts';
import { VERDICT_LABEL } from '../scorecard-model.ts';

export interface ReportHtmlOptions {
  /** Buckets over the run for plots (default 2000). */
  buckets?: number;
}

export async function renderReportHtml(summary: RunSummary, runDir: string, opts: ReportHtmlOptions = {}): Promise<string> {
  const frame = reportFrame(summary, opts.buckets);
  const traffic = await readTraffic(join(runDir, 'traffic.ndjson'), {
    bucketWidth: frame.bucketWidth,
    span: frame.xRange[1],
    realtime: summary.run.mode === 'realtime',
  });
  const series = await timeseriesSection(join(runDir, 'timeseries.csv'), frame);
  const timeline = timelineSection(frame, traffic);
  const messages = messagesSection(frame, traffic);
  const plots: PlotSpec[] = [...timeline.plots, ...series.plots, ...messages.plots];
  const body = [
    headerSection(summary),
    timeline.html,
    series.html,
    messages.html,
    thresholdsSection(summary),
    conformanceSection(summary.conformance),
    probesSection(summary),
    detailsSection(summary),
    `<footer>gridtwin ${escapeHtml(summary.gridtwin.version)} · summary format ${escapeHtml(summary.gridtwin.summary_format)} · scenario sha256 <code>${escapeHtml(summary.scenario.sha256)}</code> · this page is self-contained and works offline; the run folder also has summary.json, report.md, junit.xml, timeseries.csv and traffic.ndjson.</footer>`,
  ].join('\n');
  return renderHtmlPage({
    title: `${VERDICT_LABEL[summary.verdict] ?? summary.verdict} · ${summary.scenario.name} · gridtwin`,
    bodyHtml: body,
    plots,
    css: REPORT_CSS,
  });
}

/** A page for when the report could not be rendered: the run's verdict and why the report is missing. */
export function renderReportHtmlFailure(summary: RunSummary, err: unknown): string {
  const why = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return renderHtmlPage({
    title: `${summary.scenario.name} · gridtwin (report failed)`,
    bodyHtml: `<h1>${escapeHtml(summary.scenario.name)}: ${escapeHtml(VERDICT_LABEL[summary.verdict] ?? summary.verdict)}, score ${escapeHtml(summary.score)} / 100</h1>
<p class="fail">report.html could not be rendered. The run's results are in summary.json and report.md next to this file.</p><pre>${escapeHtml(why)}</pre>`,
    plots: [],
  });
}
