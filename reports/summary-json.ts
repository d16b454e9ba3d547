// summary.json: the run-result object as it is, for machines (CI, comparisons between runs).
// Pretty-printed so a diff of two runs is readable.
import type { RunSummary } from '../sim/scoring/scorecard.ts';

export function renderSummaryJson(summary: RunSummary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
