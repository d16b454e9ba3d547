// junit.xml: well-formed (checked by a real XML parser), in the layout CI systems read
// (testsuites › testsuite › testcase with tests/failures/errors/skipped counts), one test case per
// threshold and per conformance rule, and safe for text a hostile client wrote.
import { describe, expect, it } from 'vitest';
import { renderJunitXml, xmlAttr, xmlText } from '../../reports/junit-xml.ts';
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { erroredRunSummary, failedRunSummary } from './fixture-summary.ts';
import { asList, parseJunit, type Node } from './junit-parse.ts';

const text = (x: unknown): string => (typeof x === 'string' ? x : String((x as Node)['#text'] ?? ''));
const HOSTILE = '</script><img src=x onerror=alert(1)>';

describe('renderJunitXml', () => {
  it('has a suite for the run, the thresholds and the conformance rules, with matching counts', () => {
    const s = failedRunSummary();
    const { root, suites, cases } = parseJunit(renderJunitXml(s));
    expect(suites.map((x) => x.name)).toEqual(['gridtwin.quickstart.run', 'gridtwin.quickstart.thresholds', 'gridtwin.quickstart.conformance']);
    expect(Number(root.tests)).toBe(1 + s.thresholds.length + s.conformance.rules.length);
    expect(Number(root.failures)).toBe(3 + 1); // three thresholds, one rule
    expect(Number(root.skipped)).toBe(1);
    expect(Number(root.errors)).toBe(0);
    expect(cases.every((c) => typeof c.classname === 'string' && typeof c.name === 'string')).toBe(true);
  });

  it('names each threshold and each rule by its id, with the first examples of a failed rule', () => {
    const { suites } = parseJunit(renderJunitXml(failedRunSummary()));
    const [, thresholds, rules] = suites.map((x) => asList(x.testcase));
    expect(thresholds.map((c) => c.name)).toEqual(failedRunSummary().thresholds.map((t) => t.text));
    const latency = thresholds[0].failure as Node;
    expect(latency.message).toBe('measured never; required dr_response_latency_p99 < 5 s');
    expect(thresholds[3].failure).toBeUndefined();

    expect(rules.map((c) => String(c.name).split(':')[0])).toEqual(['DSX-JWS-004', 'DSX-ENV-001', 'DSX-BEH-004']);
    const failure = rules[0].failure as Node;
    expect(failure.type).toBe('DSX-JWS-004');
    expect(failure.message).toBe('failed: inbound 3/120, outbound 0/340 checks');
    expect(text(failure)).toContain('[125.25 s] inbound on grid/v1/isv/isv-1/loadtarget: signature | does not verify (id m-1)');
    expect(text(failure)).toContain('Cites: RFC 7515 §5.2');
    expect(rules[1].failure).toBeUndefined();
    expect((rules[2].skipped as Node).message).toMatch(/^not exercised/);
  });

  it('carries the run facts as properties', () => {
    const { suites } = parseJunit(renderJunitXml(failedRunSummary()));
    const props = Object.fromEntries(asList((suites[0].properties as Node).property).map((p) => [p.name, p.value]));
    expect(props).toMatchObject({ seed: '42', run_hash: '3fa2'.repeat(16), verdict: 'fail', score: '62.5', exit_code: '99' });
  });

  it('reports a run that ended in an error as an error', () => {
    const { root, cases } = parseJunit(renderJunitXml(erroredRunSummary()));
    expect(Number(root.errors)).toBe(1);
    const err = cases[0].error as Node;
    expect(err.type).toBe('CONNECTION');
    expect(err.message).toBe('CONNECTION: lost the connection to mqtt://127.0.0.1:1883: ECONNRESET');
    expect(text(err)).toContain('second line');
  });

  it('stays well-formed with hostile text anywhere, and keeps it as text', () => {
    const s: RunSummary = failedRunSummary();
    const nasty = `${HOSTILE} ]]> "q" 'a' & &amp; \u0000\u0007\u001b[31m \ud800 \uffff 😀`;
    s.scenario = { ...s.scenario, name: `evil"<name>` };
    s.thresholds[0] = { ...s.thresholds[0], text: nasty };
    s.conformance.rules[0].title = nasty;
    s.conformance.rules[0].examples[0] = { ...s.conformance.rules[0].examples[0], topic: nasty, detail: nasty, messageId: nasty };
    const xml = renderJunitXml(s);
    expect(xml).not.toContain('<img');
    const { root, cases } = parseJunit(xml);
    expect(root.name).toBe('gridtwin: evil"<name>');
    const rule = cases.find((c) => String(c.name).startsWith('DSX-JWS-004'))!;
    const body = text(rule.failure);
    expect(body).toContain(`${HOSTILE} ]]> "q" 'a' & &amp; `);
    // Characters XML 1.0 cannot carry at all become U+FFFD; everything else survives.
    expect(body).toContain('\uFFFD\uFFFD\uFFFD[31m \uFFFD \uFFFD 😀');
    expect(cases.find((c) => String(c.name).startsWith(HOSTILE))).toBeDefined();
  });
});

describe('xml escaping', () => {
  it('escapes markup in text and quotes and line breaks in attributes', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlAttr(`"x'\n\t`)).toBe('&quot;x&apos;&#10;&#9;');
    expect(xmlText('\u0000\ud800\udc00\ud800')).toBe('\uFFFD\ud800\udc00\uFFFD');
  });
});
