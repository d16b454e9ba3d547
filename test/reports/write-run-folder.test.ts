// The run folder gets summary.json (the summary object as is) and report.md.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRunFolder } from '../../reports/write-run-folder.ts';
import { renderSummaryJson } from '../../reports/summary-json.ts';
import { renderReportMd } from '../../reports/report-md.ts';
import { failedRunSummary } from './fixture-summary.ts';

const dir = await mkdtemp(join(tmpdir(), 'gridtwin-runfolder-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('writeRunFolder', () => {
  it('creates the folder and writes summary.json and report.md', async () => {
    const summary = failedRunSummary();
    const out = join(dir, 'nested', 'run-1');
    const files = await writeRunFolder(out, summary);
    expect(files).toEqual({ summaryPath: join(out, 'summary.json'), reportPath: join(out, 'report.md') });
    const json = await readFile(files.summaryPath, 'utf8');
    expect(json).toBe(`${JSON.stringify(summary, null, 2)}\n`);
    expect(JSON.parse(json)).toMatchObject({ run_hash: summary.run_hash, verdict: 'fail', exit_code: 99, metrics: { dr_response_latency_p99: 'Infinity' } });
    expect(await readFile(files.reportPath, 'utf8')).toBe(renderReportMd(summary));
  });

  it('renders summary.json pretty-printed with a final newline', () => {
    const text = renderSummaryJson(failedRunSummary());
    expect(text.startsWith('{\n  "gridtwin": {\n    "version": "0.1.0"')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });
});
