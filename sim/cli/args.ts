// Flag parsing on node:util parseArgs (strict), with every way a command line can be wrong turned
// into an InputError (exit 2) that says what was wrong and where to look: unknown flags, missing
// values, repeated flags, missing or extra arguments.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, type InputProblem } from '../errors.ts';
import { closest } from '../scenario/suggest.ts';
import type { CommandSpec } from './command.ts';

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  flags: FlagValues;
  positionals: string[];
}

const helpHint = (cmd: string) => `see: gridtwin ${cmd} --help`;

/** True when the user asked for help anywhere before a `--`; help wins over every other error. */
export function wantsHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, f] of Object.entries(spec.flags)) options[name] = { type: f.type, multiple: f.multiple ?? false };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw flagError(spec, err);
  }
  // parseArgs keeps the last of a repeated flag silently; a second --seed is almost always a
  // mistake in a script, so say so instead of guessing which one was meant.
  const seen = new Set<string>();
  const problems: InputProblem[] = [];
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (seen.has(t.name) && !spec.flags[t.name]?.multiple) problems.push({ path: `--${t.name}`, message: 'given more than once', hint: 'pass each flag once' });
    seen.add(t.name);
  }
  if (problems.length > 0) throw new InputError(`gridtwin ${spec.name}: bad flags`, problems, 'BAD_FLAGS');
  return { flags: parsed.values as FlagValues, positionals: parsed.positionals };
}

/** Turns a parseArgs TypeError into an InputError naming the flag and a fix. */
function flagError(spec: CommandSpec, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  const message = (err as Error).message;
  const flagName = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  const known = Object.keys(spec.flags).map((n) => `--${n}`);
  let problem: InputProblem;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // Typos keep the first letter far more often than not; without that check every short unknown
    // flag is "2 edits away" from some real one and the suggestion misleads.
    const bare = flagName.replace(/^-+/, '');
    const guess = closest(flagName, known.filter((k) => k[2] === bare[0]));
    problem = {
      path: flagName || 'flags',
      message: `unknown flag for 'gridtwin ${spec.name}'`,
      hint: guess ? `did you mean ${guess}? (${helpHint(spec.name)})` : `flags: ${known.join(', ') || 'none'} (${helpHint(spec.name)})`,
    };
  } else if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const f = spec.flags[flagName.replace(/^-+/, '')];
    const value = f?.value ?? 'VALUE';
    problem = message.includes('does not take an argument')
      ? { path: flagName, message: 'takes no value', hint: `write ${flagName} alone` }
      : message.includes('ambiguous')
        ? { path: flagName, message: "its value starts with '-'", hint: `write ${flagName}=${value} if the value really starts with '-'` }
        : { path: flagName || 'flags', message: 'needs a value', hint: `write ${flagName} ${value}` };
  } else {
    problem = { path: flagName || 'flags', message, hint: helpHint(spec.name) };
  }
  return new InputError(`gridtwin ${spec.name}: bad flags`, [problem], 'BAD_FLAGS');
}

/** Exactly the positional arguments the command takes, or an InputError for missing/extra ones. */
export function expectPositionals(spec: CommandSpec, positionals: string[], names: string[], opts: { variadic?: boolean } = {}): void {
  const problems: InputProblem[] = [];
  for (const name of names.slice(positionals.length)) {
    problems.push({ path: name, message: `missing ${name}`, hint: `usage: ${spec.usage[0]}` });
  }
  if (!opts.variadic) {
    for (const extra of positionals.slice(names.length)) {
      problems.push({
        path: extra,
        message: `unexpected argument '${extra}'`,
        hint: `'gridtwin ${spec.name}' takes ${names.length === 1 ? `one ${names[0]}` : names.join(' ')}; ${helpHint(spec.name)}`,
      });
    }
  }
  if (problems.length > 0) throw new InputError(`gridtwin ${spec.name}: bad arguments`, problems, 'BAD_ARGS');
}

export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a flag declared `multiple` (empty when not given). */
export function stringListFlag(flags: FlagValues, name: string): string[] {
  const v = (flags as Record<string, unknown>)[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

export function booleanFlag(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}
