// Thresholds in a scenario (`breach_energy < 10 MWs`): each way one can be wrong is reported with
// its file:line path, a message and a hint, like every other scenario problem.
import { describe, expect, it } from 'vitest';
import { compare, parseThreshold } from '../../sim/scoring/threshold-parse.ts';
import { BASE, onlyProblem } from './scenario-helpers.ts';

describe('thresholds', () => {
  const withThreshold = (t: string) => `${BASE}thresholds:\n  - ${t}\n`;

  it('bad threshold syntax shows the expected form', () => {
    expect(onlyProblem(withThreshold('breach_energy is small'))).toEqual({
      path: 'bad.yaml:8 thresholds[0]',
      message: "'breach_energy is small' is not a threshold",
      hint: "write '<metric> <op> <value>', e.g. 'dr_response_latency_p99 < 5 s' (ops: < <= > >= == !=)",
    });
  });

  it('a threshold with a blank value is a syntax error, not "== 0"', () => {
    expect(onlyProblem(withThreshold("'conformance_failures ==   '")).message).toBe("'conformance_failures ==   ' is not a threshold");
  });

  it('an unknown metric suggests the closest one', () => {
    expect(onlyProblem(withThreshold('breach_enrgy < 5 MWs'))).toEqual({
      path: 'bad.yaml:8 thresholds[0]',
      message: "unknown metric 'breach_enrgy'",
      hint: "did you mean 'breach_energy'? (`gridtwin schema --metrics` lists every metric)",
    });
  });

  it('an unknown metric with no close match lists the metrics', () => {
    const p = onlyProblem(withThreshold('zzz < 5 s'));
    expect(p.message).toBe("unknown metric 'zzz'");
    expect(p.hint).toMatch(/^metrics: dr_response_latency_p50, .*breach_energy.*conformance_failures/);
  });

  it('a threshold value with the wrong unit names the metric’s unit', () => {
    expect(onlyProblem(withThreshold('breach_energy < 5 MW'))).toEqual({
      path: 'bad.yaml:8 thresholds[0]',
      message: "'5 MW' is not an energy (its unit is MW)",
      hint: "write a number and a unit, e.g. '129 MWh'; breach_energy is measured in MWs",
    });
  });

  it('a count threshold needs a whole number', () => {
    expect(onlyProblem(withThreshold('conformance_failures == 0.5'))).toEqual({
      path: 'bad.yaml:8 thresholds[0]',
      message: "'0.5' is not a whole number",
      hint: "conformance_failures is a count, e.g. 'conformance_failures == 0'",
    });
  });
});

describe('parsed thresholds', () => {
  it('come out in SI with their operator, and compare as written', () => {
    const r = parseThreshold('  dr_response_latency_p99 <= 2 min 30 s ');
    expect(r.ok && r.threshold).toMatchObject({ text: 'dr_response_latency_p99 <= 2 min 30 s', op: '<=', limit: 150 });
    const e = parseThreshold('breach_energy < 10 MWs');
    expect(e.ok && e.threshold.limit).toBe(1e7);
    const c = parseThreshold('conformance_failures != 3');
    expect(c.ok && c.threshold.limit).toBe(3);
    expect([compare(1, '<', 2), compare(2, '<', 2), compare(2, '<=', 2), compare(3, '>', 2), compare(2, '>=', 2)]).toEqual([true, false, true, true, true]);
    expect([compare(0, '==', 0), compare(1, '==', 0), compare(1, '!=', 0)]).toEqual([true, false, true]);
  });
});
