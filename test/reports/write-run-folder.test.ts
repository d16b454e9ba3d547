// The run folder gets summary.json (the summary object as is), report.md, junit.xml and
// report.html; a report that cannot be rendered never costs the run its summary.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRunFolder } from '../../reports/write-run-folder.ts';
import { renderSummaryJson } from '../../reports/summary-json.ts';
import { renderReportMd } from '../../reports/report-md.ts';
import { renderJunitXml } from '../../reports/junit-xml.ts';
import { failedRunSummary } from './fixture-summary.ts';

const dir = await mkdtemp(join(tmpdir(), 'gridtwin-runfolder-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('writeRunFolder', () => {
  it('creates the folder and writes summary.json, report.md, junit.xml and report.html', async () => {
    const summary = failedRunSummary();
    const out = join(dir, 'nested', 'run-1');
    const files = await writeRunFolder(out, summary);
    expect(files).toEqual({
      summaryPath: join(out, 'summary.json'),
      reportPath: join(out, 'report.md'),
      junitPath: join(out, 'junit.xml'),
      htmlPath: join(out, 'report.html'),
    });
    const json = await readFile(files.summaryPath, 'utf8');
    expect(json).toBe(`${JSON.stringify(summary, null, 2)}\n`);
    expect(JSON.parse(json)).toMatchObject({ run_hash: summary.run_hash, verdict: 'fail', exit_code: 99, metrics: { dr_response_latency_p99: 'Infinity' } });
    expect(await readFile(files.reportPath, 'utf8')).toBe(renderReportMd(summary));
    expect(await readFile(files.junitPath, 'utf8')).toBe(renderJunitXml(summary));
    const html = await readFile(files.htmlPath!, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<section id="conformance">');
  });

  it('keeps summary.json, report.md and junit.xml when report.html cannot be rendered, and says why', async () => {
    const summary = failedRunSummary();
    const out = join(dir, 'broken');
    // A folder where timeseries.csv should be: reading it fails (EISDIR).
    await mkdir(join(out, 'timeseries.csv'), { recursive: true });
    await writeFile(join(out, 'traffic.ndjson'), '');
    const files = await writeRunFolder(out, summary);
    expect(files.htmlError).toMatch(/EISDIR/);
    expect(JSON.parse(await readFile(files.summaryPath, 'utf8')).run_hash).toBe(summary.run_hash);
    expect(await readFile(files.reportPath, 'utf8')).toBe(renderReportMd(summary));
    expect(await readFile(files.junitPath, 'utf8')).toBe(renderJunitXml(summary));
    const html = await readFile(files.htmlPath!, 'utf8');
    expect(html).toContain('report.html could not be rendered');
    expect(html).toContain('EISDIR');
    expect(html).toContain('FAIL, score 62.5 / 100');
  });

  it('leaves report.html out when asked', async () => {
    const out = join(dir, 'no-html');
    const files = await writeRunFolder(out, failedRunSummary(), { html: false });
    expect(files.htmlPath).toBeUndefined();
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    expect(existsSync(files.junitPath)).toBe(true);
  });

  it('renders summary.json pretty-printed with a final newline', () => {
    const text = renderSummaryJson(failedRunSummary());
    expect(text.startsWith('{\n  "gridtwin": {\n    "version": "0.1.0"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
