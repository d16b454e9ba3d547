// Helpers for bad-scenario tests: every problem of a rejected scenario must carry a path and a hint,
// and the scenario must be bad input (exit 2).
import { expect } from 'vitest';
import { ExitCode, exitCodeOf } from '../../sim/errors.ts';
import { rejection } from './scenario-helpers.ts';

export interface Problem {
  path: string;
  message: string;
  hint: string;
}

/** The problems of a scenario that must be rejected; fails unless each has a hint and the exit code is 2. */
export function problems(text: string): Problem[] {
  const err = rejection(text);
  expect(exitCodeOf(err)).toBe(ExitCode.badInput);
  for (const p of err.problems) expect(p.hint, `${p.path}: ${p.message} has a hint`).toBeTruthy();
  return err.problems.map((p) => ({ path: p.path, message: p.message, hint: p.hint! }));
}

/** The single problem of `text`; its path (after `file:line `) must be exactly `path`. */
export function onlyAt(text: string, path: string): Problem {
  const list = problems(text);
  expect(list.map((p) => `${p.path}: ${p.message}`)).toHaveLength(1);
  expect(list[0].path.replace(/^\S+ /, '')).toBe(path);
  return list[0];
}
