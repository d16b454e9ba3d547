// Runs the CLI in process with captured output, as a user would see it (no child process: fast,
// and the exit code is main()'s return value).
import { main } from '../../sim/cli/main.ts';
import type { CliIo } from '../../sim/cli/io.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CaptureOptions {
  tty?: boolean;
  env?: Record<string, string | undefined>;
}

export function captureIo(opts: CaptureOptions = {}): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      isTTY: { stdout: opts.tty ?? false, stderr: opts.tty ?? false },
      env: opts.env ?? {},
    },
    out: () => out,
    err: () => err,
  };
}

export async function runCli(argv: string[], opts: CaptureOptions = {}): Promise<CliResult> {
  const cap = captureIo(opts);
  const code = await main(argv, cap.io);
  return { code, stdout: cap.out(), stderr: cap.err() };
}
