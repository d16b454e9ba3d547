// Errors are data (DESIGN.md rule 5): every failure a user can cause has a typed error with a code,
// and each kind maps to one process exit code.

export const ExitCode = {
  pass: 0,
  internal: 1,
  badInput: 2,
  connection: 3,
  failed: 99,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** One problem found in user input: where it is, what is wrong, how to fix it. */
export interface InputProblem {
  /** Dotted path or file:line, e.g. `sites.dc1.battery.energy`. */
  path: string;
  message: string;
  hint?: string;
}

export class GridtwinError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GridtwinError';
  }
}

/** Bad scenario, flag, key file or argument: exit 2, with every problem listed. */
export class InputError extends GridtwinError {
  constructor(
    message: string,
    readonly problems: InputProblem[] = [],
    code = 'BAD_INPUT',
  ) {
    super(code, message, ExitCode.badInput);
    this.name = 'InputError';
  }

  /** The message followed by one line per problem, as the CLI prints it. */
  describe(): string {
    const lines = [this.message];
    for (const p of this.problems) {
      lines.push(`  - ${p.path}: ${p.message}${p.hint ? `\n      hint: ${p.hint}` : ''}`);
    }
    return lines.join('\n');
  }
}

/** A broker or other endpoint could not be reached or dropped us: exit 3. */
export class ConnectionError extends GridtwinError {
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('CONNECTION', message, ExitCode.connection, options);
    this.name = 'ConnectionError';
  }
}

export function exitCodeOf(err: unknown): ExitCode {
  return err instanceof GridtwinError ? err.exitCode : ExitCode.internal;
}
