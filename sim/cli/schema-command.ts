// `gridtwin schema`: the scenario JSON Schema for editors (the same zod definition the loader
// validates with), or with --metrics the list of metrics a threshold may name.
import { scenarioJsonSchema } from '../scenario/schema.ts';
import { metricCatalogue } from '../scoring/metric-catalogue.ts';
import { booleanFlag, expectPositionals, parseCommandArgs } from './args.ts';
import type { CommandSpec } from './command.ts';
import { println, type CliIo } from './io.ts';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary: 'print the scenario JSON Schema, or the metrics thresholds can use',
  usage: ['gridtwin schema [--metrics]'],
  description:
    'Prints the JSON Schema (draft 2020-12) of the scenario YAML: point your editor at it for\n' +
    'completion and checks while you write a scenario. Unknown keys are errors in both.',
  flags: {
    metrics: { type: 'boolean', description: 'list the metrics a threshold may name (name, unit, meaning) instead' },
  },
  examples: [
    'gridtwin schema > scenario.schema.json',
    'gridtwin schema --metrics',
  ],
  async run(argv: string[], io: CliIo): Promise<number> {
    const { flags, positionals } = parseCommandArgs(schemaCommand, argv);
    expectPositionals(schemaCommand, positionals, []);
    if (booleanFlag(flags, 'metrics')) println(io.stdout, metricsTable());
    else println(io.stdout, JSON.stringify(scenarioJsonSchema(), null, 2));
    return 0;
  },
};

/** Aligned text table: name, unit ("count" for bare counts), description wrapped to 100 columns. */
export function metricsTable(width = 100): string {
  const rows = metricCatalogue.map((m) => [m.name, m.unit || m.dimension, m.description]);
  const w0 = Math.max(6, ...rows.map((r) => r[0].length));
  const w1 = Math.max(5, ...rows.map((r) => r[1].length));
  const indent = w0 + w1 + 4;
  const lines: string[] = [];
  for (const [name, unit, text] of [['metric', 'unit', 'meaning'], ...rows]) {
    const [first, ...more] = wrap(text, Math.max(20, width - indent));
    lines.push(`${name.padEnd(w0)}  ${unit.padEnd(w1)}  ${first}`);
    for (const m of more) lines.push(`${' '.repeat(indent)}${m}`);
  }
  lines.push('', 'Thresholds compare a metric with a value in any unit of the same kind, e.g. breach_energy < 3 MWh.');
  return lines.join('\n');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}
