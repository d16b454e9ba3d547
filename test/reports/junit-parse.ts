// Reads junit.xml back with a real XML parser (fast-xml-parser) and checks what CI tools rely on:
// well-formedness, and tests/failures/errors/skipped counts that agree with the test cases.
import { expect } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type Node = Record<string, unknown>;
export const asList = (x: unknown): Node[] => (x === undefined ? [] : Array.isArray(x) ? (x as Node[]) : [x as Node]);

/** Parses junit.xml and checks that every count attribute agrees with the test cases under it. */
export function parseJunit(xml: string): { root: Node; suites: Node[]; cases: Node[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(xml) as Node;
  const root = doc.testsuites as Node;
  const suites = asList(root.testsuite);
  const count = (cases: Node[], tag: string) => cases.filter((c) => c[tag] !== undefined).length;
  for (const s of suites) {
    const cases = asList(s.testcase);
    expect(Number(s.tests), String(s.name)).toBe(cases.length);
    expect(Number(s.failures)).toBe(count(cases, 'failure'));
    expect(Number(s.errors)).toBe(count(cases, 'error'));
    expect(Number(s.skipped)).toBe(count(cases, 'skipped'));
  }
  const cases = suites.flatMap((s) => asList(s.testcase));
  for (const key of ['tests', 'failures', 'errors', 'skipped']) {
    expect(Number(root[key]), key).toBe(suites.reduce((a, s) => a + Number(s[key]), 0));
  }
  return { root, suites, cases };
}

