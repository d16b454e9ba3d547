// junit.xml: the run's verdicts in the JUnit XML layout CI systems read natively (GitLab, Jenkins,
// GitHub test reporters): <testsuites> with one <testsuite> for the run itself, one for the
// thresholds (a <testcase> each) and one for the conformance rules (a <testcase> per rule id; a
// failed rule carries its first examples in <failure>, a rule never exercised is <skipped>).
// Example details are written by a client under test and may be hostile: every text is escaped, and
// characters XML 1.0 cannot hold at all (NUL, most control characters, lone surrogates) are
// replaced by U+FFFD, so the file always parses.
import type { RunSummary, ThresholdResult } from '../sim/scoring/scorecard.ts';
import type { RuleResult } from '../sim/scoring/conformance-ledger.ts';
import { formatSimTime, formatValue, meaningOf } from './format-values.ts';
import { failedOfChecked } from './scorecard-model.ts';

// Everything outside XML 1.0's Char production (§2.2).
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: markup characters escaped, characters XML cannot carry replaced by U+FFFD. */
export function xmlText(value: unknown): string {
  return String(value)
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value (in double quotes): as text, plus quotes and the whitespace a parser would fold. */
export function xmlAttr(value: unknown): string {
  return xmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

interface Case {
  name: string;
  /** failure / error / skipped, or nothing for a pass. */
  outcome?: { tag: 'failure' | 'error' | 'skipped'; message: string; type?: string; body?: string };
}

export function renderJunitXml(s: RunSummary): string {
  const base = `gridtwin.${s.scenario.name}`;
  const suites = [
    suite(`${base}.run`, [runCase(s)], properties(s)),
    suite(`${base}.thresholds`, s.thresholds.map(thresholdCase)),
    suite(`${base}.conformance`, s.conformance.rules.map(ruleCase)),
  ];
  const all = suites.map((x) => x.counts);
  const sum = (k: keyof (typeof all)[number]) => all.reduce((a, c) => a + c[k], 0);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlAttr(`gridtwin: ${s.scenario.name}`)}" tests="${sum('tests')}" failures="${sum('failures')}" errors="${sum('errors')}" skipped="${sum('skipped')}" time="${num(s.run.wall_s)}">\n` +
    suites.map((x) => x.xml).join('') +
    `</testsuites>\n`
  );
}

function suite(name: string, cases: Case[], props = ''): { xml: string; counts: { tests: number; failures: number; errors: number; skipped: number } } {
  const count = (tag: string) => cases.filter((c) => c.outcome?.tag === tag).length;
  const counts = { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
  const body = cases.map((c) => testcase(name, c)).join('');
  return {
    counts,
    xml:
      `  <testsuite name="${xmlAttr(name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0">\n` +
      props +
      body +
      `  </testsuite>\n`,
  };
}

function testcase(classname: string, c: Case): string {
  const open = `    <testcase classname="${xmlAttr(classname)}" name="${xmlAttr(c.name)}" time="0"`;
  if (!c.outcome) return `${open}/>\n`;
  const o = c.outcome;
  const attrs = `message="${xmlAttr(o.message)}"${o.type ? ` type="${xmlAttr(o.type)}"` : ''}`;
  const inner = o.body ? `<${o.tag} ${attrs}>${xmlText(o.body)}</${o.tag}>` : `<${o.tag} ${attrs}/>`;
  return `${open}>\n      ${inner}\n    </testcase>\n`;
}

function properties(s: RunSummary): string {
  const props: Array<[string, unknown]> = [
    ['scenario', s.scenario.path],
    ['scenario_sha256', s.scenario.sha256],
    ['seed', s.run.seed],
    ['mode', s.run.mode],
    ['workers', s.run.workers],
    ['run_hash', s.run_hash],
    ['verdict', s.verdict],
    ['score', s.score],
    ['exit_code', s.exit_code],
    ['simulated_s', s.run.simulated_s],
  ];
  return `    <properties>\n${props.map(([k, v]) => `      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>\n`).join('')}    </properties>\n`;
}

function runCase(s: RunSummary): Case {
  // A stable name, so CI tools can follow the case from run to run; verdict and score are properties.
  const name = 'run completes without error';
  if (!s.error) return { name };
  return { name, outcome: { tag: 'error', message: `${s.error.code}: ${s.error.message.split('\n')[0]}`, type: s.error.code, body: s.error.message } };
}

function thresholdCase(t: ThresholdResult): Case {
  if (t.passed) return { name: t.text };
  const measured = formatValue(t.value, t.unit);
  const meaning = meaningOf(t.metric);
  return {
    name: t.text,
    outcome: {
      tag: 'failure',
      type: 'threshold',
      message: `measured ${measured}; required ${t.metric} ${t.op} ${formatValue(t.limit, t.unit)}`,
      body: `${t.metric} = ${measured}${meaning ? `\n${t.metric}: ${meaning}` : ''}`,
    },
  };
}

function ruleCase(r: RuleResult): Case {
  const name = `${r.id}: ${r.title}`;
  if (r.status === 'passed') return { name };
  if (r.status === 'not_exercised') return { name, outcome: { tag: 'skipped', message: 'not exercised: the run had no message this rule applies to' } };
  const examples = r.examples.map(
    (e) => `[${formatSimTime(e.simTimeUs / 1e6)}] ${e.direction} on ${e.topic}: ${e.detail}${e.messageId ? ` (id ${e.messageId})` : ''}`,
  );
  return {
    name,
    outcome: {
      tag: 'failure',
      type: r.id,
      message: `failed: inbound ${failedOfChecked(r.inbound)}, outbound ${failedOfChecked(r.outbound)} checks`,
      body: [`First ${examples.length} failing examples:`, ...examples, '', `Cites: ${r.cites}`].join('\n'),
    },
  };
}

function num(v: number): string {
  return Number.isFinite(v) ? String(v) : '0';
}
