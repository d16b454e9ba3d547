// `gridtwin compare RUN_A RUN_B`: what changed between two runs — how a QA team sees what a new
// release of its control plane changed, and a researcher what a mitigation bought. Exit 0 when the
// comparison was made, whatever it found; 2 when an argument is not a usable run folder.
import { writeFile } from 'node:fs/promises';
import { compareRuns } from '../../reports/compare/index.ts';
import { renderComparisonText } from '../../reports/compare/compare-text.ts';
import { renderComparisonHtml } from '../../reports/compare/compare-html.ts';
import { combinedSeries, pickColumns } from '../../reports/compare/combined-series.ts';
import { readRunFolder } from '../../reports/compare/run-folder.ts';
import { booleanFlag, expectPositionals, parseCommandArgs, stringFlag } from './args.ts';
import type { CommandSpec } from './command.ts';
import { println, type CliIo } from './io.ts';

export const compareCommand: CommandSpec = {
  name: 'compare',
  summary: 'what changed between two runs: metrics, rules, thresholds, the first divergence',
  usage: ['gridtwin compare RUN_A RUN_B [--html FILE] [--columns COLUMN,…] [--json]'],
  description:
    'Reads two run folders and prints every metric, conformance rule and threshold that differs\n' +
    '(B − A; "better"/"worse" where the direction is known), and — when the run hashes differ — the\n' +
    'earliest simulation time at which the runs part ways (first differing message in traffic.ndjson,\n' +
    'ignoring wall-clock times and signatures, or time-series row). Exit code 0 when compared, 2 for\n' +
    'bad input.',
  args: [
    { name: 'RUN_A', description: 'the reference run folder (e.g. the last release)' },
    { name: 'RUN_B', description: 'the run folder to compare with it' },
  ],
  flags: {
    html: { type: 'string', value: 'FILE', description: 'also write a self-contained comparison report with combined plots' },
    columns: { type: 'string', value: 'COLUMNS', description: 'timeseries.csv columns to plot (default: the four that differ most)' },
    json: { type: 'boolean', description: 'print the comparison as JSON instead of text' },
  },
  examples: ['gridtwin compare runs/release-1.4 runs/release-1.5 --html compare.html', 'gridtwin compare runs/a runs/b --json | jq .changedMetrics'],
  async run(argv: string[], io: CliIo): Promise<number> {
    const { flags, positionals } = parseCommandArgs(compareCommand, argv);
    expectPositionals(compareCommand, positionals, ['RUN_A', 'RUN_B']);
    const [a, b] = await Promise.all([readRunFolder(positionals[0]), readRunFolder(positionals[1])]);
    const html = stringFlag(flags, 'html');
    const wanted = stringFlag(flags, 'columns')?.split(',').map((c) => c.trim()).filter(Boolean);
    const canPlot = a.timeseriesPath !== undefined && b.timeseriesPath !== undefined;
    // Checked before the (possibly long) comparison, so a typo fails at once.
    const columns = canPlot && (html || wanted) ? await pickColumns(a.timeseriesPath!, b.timeseriesPath!, wanted) : [];
    const comparison = await compareRuns(a, b);
    if (booleanFlag(flags, 'json')) io.stdout.write(`${JSON.stringify(comparison, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`);
    else io.stdout.write(renderComparisonText(comparison));
    if (html) {
      const span = Math.max(comparison.a.simulated_s, comparison.b.simulated_s);
      const data = canPlot && columns.length ? await combinedSeries(a.timeseriesPath!, b.timeseriesPath!, columns, span) : undefined;
      await writeFile(html, renderComparisonHtml(comparison, columns, data));
      if (!booleanFlag(flags, 'json')) println(io.stdout, `\nComparison report: ${html}`);
    }
    return 0;
  },
};
