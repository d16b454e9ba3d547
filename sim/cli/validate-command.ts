// `gridtwin validate FILE…`: load each scenario exactly as `run` would (schema, units, cross
// checks) without starting anything, and list every problem of every file.
import { InputError } from '../errors.ts';
import { loadScenarioFile, type LoadedScenario } from '../scenario/load.ts';
import { expectPositionals, parseCommandArgs } from './args.ts';
import type { CommandSpec } from './command.ts';
import { println, type CliIo } from './io.ts';
import { formatError } from './print-error.ts';

export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'check scenario files without running them',
  usage: ['gridtwin validate FILE [FILE...]'],
  description:
    'Loads each scenario with the same checks as `gridtwin run` and prints one line per valid file,\n' +
    'or every problem of an invalid one with its line and a hint. Exits 2 if any file is invalid.',
  args: [{ name: 'FILE', description: 'scenario YAML file(s)' }],
  flags: {},
  examples: ['gridtwin validate scenarios/quickstart.yaml', 'gridtwin validate scenarios/*.yaml'],
  async run(argv: string[], io: CliIo): Promise<number> {
    const { positionals } = parseCommandArgs(validateCommand, argv);
    expectPositionals(validateCommand, positionals, ['FILE'], { variadic: true });
    let invalid = 0;
    let internal = 0;
    for (const file of positionals) {
      try {
        println(io.stdout, `ok  ${file} (${describeLoaded(await loadScenarioFile(file))})`);
      } catch (err) {
        if (err instanceof InputError) invalid++;
        else internal++;
        println(io.stderr, formatError(err));
      }
    }
    if (positionals.length > 1 && invalid + internal > 0) {
      println(io.stderr, `${invalid + internal} of ${positionals.length} scenarios invalid`);
    }
    // An internal error is a bug in gridtwin, not in the file: it says so with its own exit code.
    return internal > 0 ? 1 : invalid > 0 ? 2 : 0;
  },
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "1 site, 3 timeline events, 5 thresholds". */
export function describeLoaded(loaded: LoadedScenario): string {
  const s = loaded.scenario;
  return [plural(Object.keys(s.sites).length, 'site'), plural(s.timeline.length, 'timeline event'), plural(loaded.thresholds.length, 'threshold')].join(', ');
}
