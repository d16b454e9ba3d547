// One conformance verdict an Open Energi codec produces for the inspector to record: the rule id
// (sim/bindings/openenergi/rule-catalogue.ts), whether the message passed it, and what was wrong.
export interface Check {
  rule: string;
  ok: boolean;
  detail?: string;
}

/** How strictly inbound messages are read (docs/spec-decisions.md, O…): strict follows the spec's
 * field table; lenient also takes the forms the spec's own examples use (numeric strings,
 * `generated_at`, `oe-multiply`). */
export type Parsing = 'strict' | 'lenient';
