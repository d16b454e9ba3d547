// Conformance verdicts by rule id (DESIGN.md "Scoring"): every message in and out is checked against
// the rules of its profile, and the report lists each rule as passed / failed (with counts and first
// examples) / not exercised. Profile-independent: each profile hands in its own rule catalogue.
//
// `check()` runs on every message under load, so a passing check is a map lookup and one increment;
// failure examples are built lazily and only while the example buffer still has room.

/** inbound = sent by the system under test (or other live parties) to gridtwin;
 *  outbound = published by gridtwin's own simulated roles and self-checked. */
export type Direction = 'inbound' | 'outbound';

export interface RuleDef {
  /** Stable id, e.g. `DSX-ENV-003`. */
  readonly id: string;
  readonly title: string;
  /** Where the rule comes from: document + section/schema, with the passage quoted. */
  readonly cites: string;
}

/** One failure, as shown in the report. */
export interface Example {
  simTimeUs: number;
  topic: string;
  detail: string;
  messageId?: string;
}

/** An example as stored: which direction it failed in is part of the evidence. */
export interface RecordedExample extends Example {
  direction: Direction;
}

export interface DirectionCounts {
  checked: number;
  failed: number;
}

export type RuleStatus = 'passed' | 'failed' | 'not_exercised';

export interface RuleResult {
  id: string;
  title: string;
  cites: string;
  status: RuleStatus;
  inbound: DirectionCounts;
  outbound: DirectionCounts;
  /** Earliest failures (by simulation time), up to `maxExamples` per direction. */
  examples: RecordedExample[];
}

/** Plain-data form of a ledger, for crossing worker boundaries (structured clone) before `merge`. */
export interface LedgerState {
  ruleIds: string[];
  /** Per rule, 4 numbers: inbound checked, inbound failed, outbound checked, outbound failed. */
  counts: number[];
  examples: RecordedExample[][];
}

const SLOTS = 4; // counters per rule, see LedgerState.counts

export class ConformanceLedger {
  private readonly rules: readonly RuleDef[];
  private readonly index = new Map<string, number>();
  /** Float64 so counts stay exact far beyond 2^31 checks in long runs. */
  private readonly counts: Float64Array;
  private readonly examples: RecordedExample[][]; // [rule * 2 + direction]

  constructor(
    catalogue: readonly RuleDef[],
    readonly maxExamples = 5,
  ) {
    if (!Number.isInteger(maxExamples) || maxExamples < 0) {
      throw new RangeError(`maxExamples must be a non-negative integer, got ${maxExamples}`);
    }
    catalogue.forEach((rule, i) => {
      if (!rule.id) throw new Error(`rule #${i} has an empty id`);
      if (this.index.has(rule.id)) throw new Error(`duplicate conformance rule id '${rule.id}'`);
      this.index.set(rule.id, i);
    });
    this.rules = [...catalogue];
    this.counts = new Float64Array(catalogue.length * SLOTS);
    this.examples = Array.from({ length: catalogue.length * 2 }, () => []);
  }

  /**
   * Records one evaluation of a rule. `example` is only called when the check failed and the
   * example buffer for this rule and direction still has room.
   */
  check(ruleId: string, direction: Direction, ok: boolean, example?: () => Example): void {
    const slot = this.slot(ruleId, direction);
    this.counts[slot]++;
    if (ok) return;
    this.counts[slot + 1]++;
    if (example) this.keepExample(slot, direction, example);
  }

  pass(ruleId: string, direction: Direction): void {
    this.counts[this.slot(ruleId, direction)]++;
  }

  fail(ruleId: string, direction: Direction, example: Example): void {
    this.check(ruleId, direction, false, () => example);
  }

  /** Checks and failures over all rules; restricted to one direction if given. */
  totals(direction?: Direction): DirectionCounts {
    let checked = 0;
    let failed = 0;
    for (let base = 0; base < this.counts.length; base += SLOTS) {
      if (direction !== 'outbound') {
        checked += this.counts[base];
        failed += this.counts[base + 1];
      }
      if (direction !== 'inbound') {
        checked += this.counts[base + 2];
        failed += this.counts[base + 3];
      }
    }
    return { checked, failed };
  }

  /** Rules that failed at least once (in the given direction, or in either), in catalogue order. */
  failuresFor(direction?: Direction): RuleResult[] {
    return this.table().filter((r) =>
      direction ? r[direction].failed > 0 : r.inbound.failed + r.outbound.failed > 0,
    );
  }

  /** One row per rule, in catalogue order. */
  table(): RuleResult[] {
    return this.rules.map((rule, i) => {
      const base = i * SLOTS;
      const inbound = { checked: this.counts[base], failed: this.counts[base + 1] };
      const outbound = { checked: this.counts[base + 2], failed: this.counts[base + 3] };
      const status: RuleStatus =
        inbound.failed + outbound.failed > 0
          ? 'failed'
          : inbound.checked + outbound.checked > 0
            ? 'passed'
            : 'not_exercised';
      const examples = [...this.examples[i * 2], ...this.examples[i * 2 + 1]].sort(byTime);
      return { id: rule.id, title: rule.title, cites: rule.cites, status, inbound, outbound, examples };
    });
  }

  /** Plain-data snapshot (copies), e.g. to post from a worker. */
  state(): LedgerState {
    return {
      ruleIds: this.rules.map((r) => r.id),
      counts: Array.from(this.counts),
      examples: this.examples.map((list) => list.map((e) => ({ ...e }))),
    };
  }

  /**
   * Adds another ledger's counts and examples to this one. The other ledger may cover a subset of
   * this catalogue; a rule this ledger does not know is an error. Examples keep the earliest per
   * direction, so the merged result does not depend on how checks were split across workers.
   */
  merge(other: ConformanceLedger | LedgerState): this {
    const state = other instanceof ConformanceLedger ? other.state() : other;
    if (state.counts.length !== state.ruleIds.length * SLOTS || state.examples.length !== state.ruleIds.length * 2) {
      throw new Error('malformed ledger state');
    }
    state.ruleIds.forEach((id, j) => {
      const i = this.index.get(id);
      if (i === undefined) throw new Error(`cannot merge: unknown conformance rule id '${id}'`);
      for (let k = 0; k < SLOTS; k++) this.counts[i * SLOTS + k] += state.counts[j * SLOTS + k];
      for (let d = 0; d < 2; d++) {
        const mine = this.examples[i * 2 + d];
        mine.push(...state.examples[j * 2 + d].map((e) => ({ ...e })));
        mine.sort(byTime);
        if (mine.length > this.maxExamples) mine.length = this.maxExamples;
      }
    });
    return this;
  }

  /** Index of the (checked, failed) pair for a rule and direction; throws on unknown ids. */
  private slot(ruleId: string, direction: Direction): number {
    const i = this.index.get(ruleId);
    if (i === undefined) throw new Error(`unknown conformance rule id '${ruleId}'`);
    return i * SLOTS + (direction === 'inbound' ? 0 : 2);
  }

  private keepExample(slot: number, direction: Direction, example: () => Example): void {
    // slot = rule*4 + (0|2) → examples index rule*2 + (0|1)
    const list = this.examples[slot >> 1];
    if (list.length >= this.maxExamples) return;
    // Checks arrive in simulation-time order, so the first failures kept are the earliest.
    list.push({ ...example(), direction });
  }
}

/** Deterministic order for examples: simulation time, then topic, message id and detail. */
function byTime(a: RecordedExample, b: RecordedExample): number {
  return (
    a.simTimeUs - b.simTimeUs ||
    cmp(a.direction, b.direction) ||
    cmp(a.topic, b.topic) ||
    cmp(a.messageId ?? '', b.messageId ?? '') ||
    cmp(a.detail, b.detail)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
