// `gridtwin plot`: an SVG line plot of columns of a run's timeseries.csv — how the plots in
// docs/model-validation.md are made, and a quick look at any run without a spreadsheet.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { renderLinePlotSvg } from '../../reports/svg-plot.ts';
import { closest } from '../scenario/suggest.ts';
import { expectPositionals, parseCommandArgs, stringFlag } from './args.ts';
import type { CommandSpec } from './command.ts';
import { println, type CliIo } from './io.ts';

export const plotCommand: CommandSpec = {
  name: 'plot',
  summary: 'draw columns of a run’s timeseries.csv as an SVG line plot',
  usage: ['gridtwin plot RUN_DIR|CSV --y COLUMN[,COLUMN…] --out FILE.svg [--title TEXT] [--from S] [--to S]'],
  args: [{ name: 'RUN_DIR|CSV', description: 'a run folder (its timeseries.csv) or a CSV file with a time_s column' }],
  flags: {
    y: { type: 'string', value: 'COLUMNS', description: 'comma-separated columns to plot against time_s' },
    out: { type: 'string', value: 'FILE', description: 'the SVG file to write' },
    title: { type: 'string', value: 'TEXT', description: 'plot title (default: the columns)' },
    ylabel: { type: 'string', value: 'TEXT', description: 'y-axis label (default: the columns)' },
    from: { type: 'string', value: 'S', description: 'first time to show, in seconds' },
    to: { type: 'string', value: 'S', description: 'last time to show, in seconds' },
    lines: { type: 'string', value: 'Y:LABEL,…', description: 'horizontal reference lines, e.g. "48.8:LFDD stage 1"' },
  },
  examples: ['gridtwin plot runs/gb-2019-08-09-… --y grid_f_hz --out gb.svg --title "GB 9 Aug 2019"'],
  async run(argv: string[], io: CliIo): Promise<number> {
    const { flags, positionals } = parseCommandArgs(plotCommand, argv);
    expectPositionals(plotCommand, positionals, ['RUN_DIR|CSV']);
    const source = positionals[0];
    const ycols = stringFlag(flags, 'y')?.split(',').map((c) => c.trim()).filter(Boolean);
    const out = stringFlag(flags, 'out');
    if (!ycols?.length || !out) {
      throw new InputError('plot needs --y and --out', [{ path: !out ? '--out' : '--y', message: 'missing', hint: plotCommand.examples[0] }]);
    }
    const file = source.endsWith('.csv') ? source : join(source, 'timeseries.csv');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new InputError(`cannot read ${file}`, [{ path: file, message: 'no such file', hint: 'pass a run folder or a timeseries.csv' }]);
    }
    const [head, ...rows] = text.trim().split('\n');
    const cols = head.split(',');
    const ix = cols.indexOf('time_s');
    const missing = ycols.filter((c) => !cols.includes(c));
    if (ix < 0 || missing.length) {
      throw new InputError(`${file}: unknown column`, missing.map((c) => ({ path: c, message: 'not a column of the file', hint: closest(c, cols) ? `did you mean '${closest(c, cols)}'?` : `columns: ${cols.join(', ')}` })));
    }
    const from = Number(stringFlag(flags, 'from') ?? -Infinity);
    const to = Number(stringFlag(flags, 'to') ?? Infinity);
    const data = rows.map((r) => r.split(',')).filter((r) => Number(r[ix]) >= from && Number(r[ix]) <= to);
    const series = ycols.map((c) => {
      const k = cols.indexOf(c);
      return { name: c, points: data.map((r): [number, number] => [Number(r[ix]), r[k] === '' ? NaN : Number(r[k])]) };
    });
    const hLines = (stringFlag(flags, 'lines') ?? '')
      .split(',')
      .filter(Boolean)
      .map((spec) => {
        const [y, ...label] = spec.split(':');
        if (!Number.isFinite(Number(y))) throw new InputError('bad --lines', [{ path: '--lines', message: `'${spec}' does not start with a number`, hint: 'e.g. --lines "48.8:LFDD stage 1,49:embedded trip"' }]);
        return { y: Number(y), label: label.join(':') || y };
      });
    await writeFile(out, renderLinePlotSvg({ title: stringFlag(flags, 'title') ?? ycols.join(', '), xLabel: 'time (s)', yLabel: stringFlag(flags, 'ylabel') ?? ycols.join(', '), series, hLines }));
    println(io.stdout, `wrote ${out} (${data.length} points per series)`);
    return 0;
  },
};
