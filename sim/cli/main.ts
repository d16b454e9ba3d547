// The gridtwin command line: dispatch to a command, print errors the way DESIGN.md rule 5 wants
// them (typed, with hints), and return the exit code. bin/gridtwin.mjs sets process.exitCode from
// it; tests call main(argv, io) in process with their own output sinks.
import { protoCompatCommand } from './proto-compat-command.ts';
import { InputError, exitCodeOf } from '../errors.ts';
import { GRIDTWIN_VERSION } from '../scoring/scorecard.ts';
import { closest } from '../scenario/suggest.ts';
import { compareCommand } from './compare-command.ts';
import { sweepCommand } from './sweep-command.ts';
import { wantsHelp } from './args.ts';
import type { CommandSpec } from './command.ts';
import { commandHelp, commandList, mainHelp } from './help.ts';
import { println, withDefaults, type CliIo } from './io.ts';
import { keysCommand } from './keys-command.ts';
import { plotCommand } from './plot-command.ts';
import { formatError } from './print-error.ts';
import { runCommand } from './run-command.ts';
import { schemaCommand } from './schema-command.ts';
import { validateCommand } from './validate-command.ts';

export const COMMANDS: readonly CommandSpec[] = [runCommand, validateCommand, schemaCommand, keysCommand, plotCommand, compareCommand, sweepCommand, protoCompatCommand];

export async function main(argv: string[], ioOverrides?: Partial<CliIo>): Promise<number> {
  const io = withDefaults(ioOverrides);
  try {
    return await dispatch(argv, io);
  } catch (err) {
    println(io.stderr, formatError(err));
    return exitCodeOf(err);
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(mainHelp(COMMANDS, GRIDTWIN_VERSION));
    println(io.stderr, '\nerror: missing command');
    return 2;
  }
  if (first === '--help' || first === '-h') {
    io.stdout.write(mainHelp(COMMANDS, GRIDTWIN_VERSION));
    return 0;
  }
  if (first === '--version' || first === '-v') {
    println(io.stdout, `gridtwin ${GRIDTWIN_VERSION}`);
    return 0;
  }
  if (first === 'help') return help(rest, io);
  const command = findCommand(first);
  if (wantsHelp(rest)) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  return command.run(rest, io);
}

/** `gridtwin help [COMMAND]`. */
function help(args: string[], io: CliIo): number {
  if (args.length === 0) {
    io.stdout.write(mainHelp(COMMANDS, GRIDTWIN_VERSION));
    return 0;
  }
  if (args.length > 1) {
    throw new InputError('gridtwin help: too many arguments', [
      { path: args[1], message: `unexpected argument '${args[1]}'`, hint: 'usage: gridtwin help COMMAND' },
    ], 'BAD_ARGS');
  }
  io.stdout.write(commandHelp(findCommand(args[0])));
  return 0;
}

function findCommand(name: string): CommandSpec {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command;
  const names = COMMANDS.map((c) => c.name);
  const guess = closest(name, names);
  const flag = name.startsWith('-');
  throw new InputError(flag ? `unknown flag '${name}'` : `unknown command '${name}'`, [
    {
      path: name,
      message: `${flag ? 'flags come after a command' : 'not a gridtwin command'}; commands: ${commandList(COMMANDS)}`,
      hint: guess ? `did you mean 'gridtwin ${guess}'?` : 'gridtwin --help describes each command',
    },
  ], flag ? 'BAD_FLAGS' : 'UNKNOWN_COMMAND');
}
