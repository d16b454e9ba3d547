// Intent signals of the simulated workload (sim/bindings/wdpc/intent.ts) and how the reference
// consumer turns them into a battery SoC target (sim/controllers/intent-policy.ts).
import { describe, expect, it } from 'vitest';
import { announced, plannedTransitions } from '../../sim/bindings/wdpc/intent.ts';
import { MARGIN, rampEnergy, socTargetFor } from '../../sim/controllers/intent-policy.ts';
import { parseScenarioText } from '../../sim/scenario/load.ts';

const S = 1_000_000;
const MW = 1e6;

describe('planned transitions', () => {
  const scenario = parseScenarioText(
    `
run: { duration: 2 h }
sites:
  dc1: { ai_load: { rated_power: 100 MW } }
  dc2: { ai_load: { rated_power: 50 MW, running: false } }
timeline:
  - { at: 30 min, type: job_stop, site: dc1 }
  - { at: 40 min, type: job_stop, site: dc1 }
  - { at: 50 min, type: job_start, site: dc1 }
  - { at: 20 min, type: job_start, site: dc2 }
`,
    'intent.yaml',
  ).scenario;
  const plan = plannedTransitions(scenario, (site) => (site === 'dc1' ? { trainingW: 90 * MW, idleW: 10 * MW } : { trainingW: 45 * MW, idleW: 5 * MW }));

  it('lists real changes only, in time order, with the power before and after', () => {
    expect(plan.map((p) => [p.site, p.at / S / 60, p.what, p.fromW / MW, p.toW / MW])).toEqual([
      ['dc2', 20, 'job_start', 5, 45],
      ['dc1', 30, 'job_stop', 90, 10],
      ['dc1', 50, 'job_start', 10, 90],
    ]);
  });

  it('announces what lies within the lead, never what is past or beyond it', () => {
    expect(announced(plan, 'dc1', 0, 29 * 60 * S)).toEqual([]);
    expect(announced(plan, 'dc1', 0, 30 * 60 * S).map((p) => p.what)).toEqual(['job_stop']);
    expect(announced(plan, 'dc1', 30 * 60 * S, 60 * 60 * S).map((p) => p.what)).toEqual(['job_start']);
  });
});

describe('SoC target before a transition', () => {
  const b = { capacityJ: 100 * 3.6e9, socMin: 0.1, socMax: 0.9, etaCharge: 0.95, etaDischarge: 0.95 };
  it('a 410 MW drop under 30 MW/min needs ½·ΔP²/R = 46.7 MWh of room', () => {
    expect(rampEnergy(410 * MW, 0.5 * MW) / 3.6e9).toBeCloseTo(46.69, 2);
    expect(socTargetFor(b, 450 * MW, 40 * MW, 0.5 * MW)).toBeCloseTo(0.9 - 46.69 / 95 - MARGIN, 3);
  });

  it('a rise needs stored energy; a small battery goes as far as its window allows; no ramp limit needs nothing', () => {
    expect(socTargetFor(b, 40 * MW, 100 * MW, 0.5 * MW)).toBeCloseTo(0.1 + 1 / 0.95 / 100 + MARGIN, 3);
    expect(socTargetFor({ ...b, capacityJ: 10 * 3.6e9 }, 450 * MW, 40 * MW, 0.5 * MW)).toBe(0.1);
    expect(socTargetFor(b, 450 * MW, 40 * MW, Infinity)).toBeUndefined();
  });
});
