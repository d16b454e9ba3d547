// What every command declares about itself. One declaration feeds both the flag parser (args.ts)
// and the help text (help.ts), so `--help` can never describe a flag the parser does not accept.
import type { CliIo } from './io.ts';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. DIR or N (string flags only). */
  value?: string;
  description: string;
  /** A string flag that may be given several times (e.g. --param); the others are once only. */
  multiple?: boolean;
}

export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Synopsis lines after `Usage:`. */
  usage: string[];
  /** Paragraph(s) under the synopsis. */
  description?: string;
  /** Positional arguments explained, e.g. FILE. */
  args?: Array<{ name: string; description: string }>;
  flags: Record<string, FlagSpec>;
  examples: string[];
  /** Runs the command on the arguments after its name; returns the process exit code. */
  run(argv: string[], io: CliIo): Promise<number>;
}
