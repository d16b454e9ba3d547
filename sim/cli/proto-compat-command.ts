// `gridtwin proto-compat OLD_DIR NEW_DIR`: the schema-evolution check WDPC asks for ("schema
// evolution testing ensuring backward/forward compatibility during updates"). Exit 0 when the new
// set can read old data and old readers new data, 99 when a change breaks that, 2 for bad input.
import { diffSchemaSets } from '../proto-compat/diff.ts';
import { renderFindings } from '../proto-compat/report.ts';
import { loadSchemaSet } from '../proto-compat/schema-set.ts';
import { ExitCode } from '../errors.ts';
import { booleanFlag, expectPositionals, parseCommandArgs } from './args.ts';
import type { CommandSpec } from './command.ts';

export const protoCompatCommand: CommandSpec = {
  name: 'proto-compat',
  summary: 'breaking changes between two protobuf schema sets (exit 99 when there are any)',
  usage: ['gridtwin proto-compat OLD_DIR NEW_DIR [--json]'],
  description:
    'Loads every .proto file of both directories (not their subdirectories) and compares messages\n' +
    'and enums by full name, fields by number: a number reused or retyped, a label, oneof or JSON\n' +
    'name changed, a field or enum value removed without reserving its number and name, a reserved\n' +
    'number or name used again, an enum value renamed, a type removed, renamed or moved to another\n' +
    'package are breaking; additions are listed as compatible (docs/proto-compat.md lists every\n' +
    'code). Exit 0: compatible, 99: breaking changes, 2: bad input (with file:line and a hint).',
  args: [
    { name: 'OLD_DIR', description: 'the schema set data was written with (e.g. the last release\'s proto/wdpc/v1)' },
    { name: 'NEW_DIR', description: 'the changed schema set' },
  ],
  flags: { json: { type: 'boolean', description: 'print the findings as JSON' } },
  examples: ['gridtwin proto-compat release-1.0/proto/wdpc/v1 proto/wdpc/v1', 'gridtwin proto-compat old/ new/ --json | jq \'.findings[] | select(.severity == "breaking") | .code\''],
  async run(argv, io) {
    const { flags, positionals } = parseCommandArgs(protoCompatCommand, argv);
    expectPositionals(protoCompatCommand, positionals, ['OLD_DIR', 'NEW_DIR']);
    const [oldDir, newDir] = positionals;
    const findings = diffSchemaSets(loadSchemaSet(oldDir, 'OLD_DIR'), loadSchemaSet(newDir, 'NEW_DIR'));
    const breaking = findings.filter((f) => f.severity === 'breaking').length;
    const compatible = findings.length - breaking;
    if (booleanFlag(flags, 'json')) io.stdout.write(`${JSON.stringify({ old: oldDir, new: newDir, breaking, compatible, findings }, null, 2)}\n`);
    else io.stdout.write(renderFindings(findings, oldDir, newDir));
    return breaking > 0 ? ExitCode.failed : ExitCode.pass;
  },
};
