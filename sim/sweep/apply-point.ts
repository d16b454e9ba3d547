// One point of a sweep as a scenario: the swept values written into the scenario's YAML document
// (the rest of the file untouched, comments included) and loaded through the normal loader, so a
// value outside the schema's limits or in the wrong unit is the loader's own message — prefixed
// with the swept parameter and value that caused it.
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { InputError, type InputProblem } from '../errors.ts';
import { parseScenarioText, type LoadedScenario } from '../scenario/load.ts';
import { closest } from '../scenario/suggest.ts';
import type { ParamValue, SweepParam } from './param-spec.ts';

export interface PointScenario {
  /** YAML text of the point (what points/<k>.yaml holds). */
  text: string;
  loaded: LoadedScenario;
}

/** Checks that every parameter's parent exists in the scenario (the key itself may be a default). */
export function checkPaths(doc: Document, params: SweepParam[]): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const p of params) {
    for (let depth = 0; depth < p.segments.length - 1; depth++) {
      const node = doc.getIn(p.segments.slice(0, depth + 1), true);
      if (node !== undefined && node !== null) continue;
      const parent = depth === 0 ? doc.contents : doc.getIn(p.segments.slice(0, depth), true);
      const keys = isMap(parent) ? parent.items.map((it) => String((it.key as { value?: unknown })?.value ?? it.key)) : isSeq(parent) ? parent.items.map((_, k) => String(k)) : [];
      const missing = String(p.segments[depth]);
      const guess = closest(missing, keys);
      problems.push({
        path: `${p.source} ${p.path}`,
        message: `the scenario has no '${p.segments.slice(0, depth + 1).join('.')}'`,
        hint: guess ? `did you mean '${[...p.segments.slice(0, depth), guess].join('.')}'?` : keys.length ? `there: ${keys.join(', ')}` : 'sweep a key under a block the scenario has',
      });
      break;
    }
  }
  return problems;
}

/** The scenario with `values[k]` written at `params[k]`, loaded and checked. */
export function applyPoint(text: string, file: string, params: SweepParam[], values: ParamValue[]): PointScenario {
  const doc = parseDocument(text);
  params.forEach((p, k) => doc.setIn(p.segments, values[k]));
  const pointText = doc.toString();
  try {
    return { text: pointText, loaded: parseScenarioText(pointText, file) };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const at = params.map((p, k) => `${p.path}=${values[k]}`).join(', ');
    throw new InputError(
      `sweep point ${at}: ${err.message}`,
      err.problems.map((pr) => ({ ...pr, message: `${pr.message} (with ${at})` })),
      err.code,
    );
  }
}
