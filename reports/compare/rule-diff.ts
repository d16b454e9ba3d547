// Rule-by-rule and threshold-by-threshold differences: each conformance rule's status and counts in
// both runs (a rule only one run's profiles know is listed with the other side missing), and the
// thresholds whose verdict changed. A QA team reads this first: "which rules did the new release
// break or fix".
import type { RunSummary } from '../../sim/scoring/scorecard.ts';

export interface RuleRow {
  id: string;
  title: string;
  a?: { status: string; checked: number; failed: number };
  b?: { status: string; checked: number; failed: number };
  changed: boolean;
}

export interface ThresholdRow {
  text: string;
  a?: { passed: boolean; value: number | string | null };
  b?: { passed: boolean; value: number | string | null };
  changed: boolean;
}

type Rule = RunSummary['conformance']['rules'][number];
const side = (r: Rule | undefined) =>
  r && { status: r.status, checked: r.inbound.checked + r.outbound.checked, failed: r.inbound.failed + r.outbound.failed };

export function diffRules(a: RunSummary, b: RunSummary): RuleRow[] {
  const ra = new Map(a.conformance.rules.map((r) => [r.id, r]));
  const rb = new Map(b.conformance.rules.map((r) => [r.id, r]));
  const ids = [...new Set([...ra.keys(), ...rb.keys()])];
  return ids.map((id) => {
    const x = side(ra.get(id));
    const y = side(rb.get(id));
    return { id, title: (ra.get(id) ?? rb.get(id))!.title, a: x, b: y, changed: x?.status !== y?.status || x?.failed !== y?.failed };
  });
}

export function diffThresholds(a: RunSummary, b: RunSummary): ThresholdRow[] {
  const ta = new Map(a.thresholds.map((t) => [t.text, t]));
  const tb = new Map(b.thresholds.map((t) => [t.text, t]));
  return [...new Set([...ta.keys(), ...tb.keys()])].map((text) => {
    const x = ta.get(text);
    const y = tb.get(text);
    return {
      text,
      a: x && { passed: x.passed, value: x.value },
      b: y && { passed: y.passed, value: y.value },
      changed: x?.passed !== y?.passed,
    };
  });
}
