// Where the command line writes. Commands never touch `process` directly: tests call `main()` in
// process with their own sinks and TTY flags, and read back exactly what a user would have seen.

/** Anything with a `write(string)`: process.stdout, a test buffer. */
export interface TextSink {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Colors need a terminal on stdout; the progress bar needs one on both streams. */
  isTTY: { stdout: boolean; stderr: boolean };
  /** Environment as seen by the CLI (NO_COLOR). */
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    env: process.env,
  };
}

/** Fills what a caller left out with the real process streams. */
export function withDefaults(io: Partial<CliIo> = {}): CliIo {
  const base = processIo();
  return {
    stdout: io.stdout ?? base.stdout,
    stderr: io.stderr ?? base.stderr,
    isTTY: io.isTTY ?? (io.stdout || io.stderr ? { stdout: false, stderr: false } : base.isTTY),
    env: io.env ?? base.env,
  };
}

/**
 * Colors only for a terminal, and never when NO_COLOR is set to a non-empty value
 * (https://no-color.org): a scorecard piped into a file or a CI log stays plain text.
 */
export function useColor(io: CliIo): boolean {
  const noColor = io.env.NO_COLOR;
  return io.isTTY.stdout && (noColor === undefined || noColor === '');
}

/** Writes `text` and a final newline. */
export function println(sink: TextSink, text = ''): void {
  sink.write(text.endsWith('\n') ? text : `${text}\n`);
}
