// Runs `gridtwin proto-compat` as a user does: the bin in a child process from the repository root,
// so exit codes, stdout and stderr are the real ones (not main()'s return value in process).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Fixture pairs, relative to the repository root so reported paths are stable. */
export const FIXTURES = 'test/proto-compat/fixtures';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function protoCompat(...args: string[]): Promise<CliRun> {
  try {
    const r = await exec(process.execPath, [path.join(repoRoot, 'bin/gridtwin.mjs'), 'proto-compat', ...args], { cwd: repoRoot });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export interface JsonFinding {
  code: string;
  severity: 'breaking' | 'info';
  subject: string;
  type: string;
  member?: string;
  old?: string;
  new?: string;
  why: string;
}

const runs = new Map<string, Promise<CliRun & { findings: JsonFinding[] }>>();

/** `proto-compat fixtures/<name>/old fixtures/<name>/new --json`, parsed (each pair run once per file). */
export function fixturePair(name: string, reverse = false): Promise<CliRun & { findings: JsonFinding[] }> {
  const key = `${name}${reverse ? ' reversed' : ''}`;
  if (!runs.has(key)) runs.set(key, runPair(name, reverse));
  return runs.get(key)!;
}

async function runPair(name: string, reverse: boolean): Promise<CliRun & { findings: JsonFinding[] }> {
  const dirs = [`${FIXTURES}/${name}/old`, `${FIXTURES}/${name}/new`];
  if (reverse) dirs.reverse();
  const r = await protoCompat(...dirs, '--json');
  return { ...r, findings: r.code === 0 || r.code === 99 ? (JSON.parse(r.stdout).findings as JsonFinding[]) : [] };
}

/** "B CODE subject" for breaking, "i CODE subject" for compatible findings, in report order. */
export const summary = (findings: readonly JsonFinding[]) => findings.map((f) => `${f.severity === 'breaking' ? 'B' : 'i'} ${f.code} ${f.subject}`);
