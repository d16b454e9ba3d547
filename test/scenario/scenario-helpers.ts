// Helpers for scenario loader tests: parse a YAML text and get back the InputError it throws.
import { expect } from 'vitest';
import { InputError, type InputProblem } from '../../sim/errors.ts';
import { parseScenarioText } from '../../sim/scenario/load.ts';

export const FILE = '/scenarios/bad.yaml';

/** A minimal valid scenario; lines: 1 run, 2 duration, 3 sites, 4 dc1, 5 ai_load, 6 rated_power. */
export const BASE = `run:
  duration: 10 min
sites:
  dc1:
    ai_load:
      rated_power: 100 MW
`;

/** Parses `text` expecting failure; returns the thrown InputError. */
export function rejection(text: string): InputError {
  try {
    parseScenarioText(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected the scenario to be rejected, but it loaded');
}

/** The single problem `text` has (fails if there are none or several). */
export function onlyProblem(text: string): InputProblem {
  const err = rejection(text);
  expect(err.problems.map((p) => `${p.path}: ${p.message}`)).toHaveLength(1);
  return err.problems[0];
}
