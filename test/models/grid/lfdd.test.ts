// Frequency-triggered trips (models/lfdd.ts) inside the grid model: LFDD blocks trip once, exactly
// at threshold crossing + relay delay, only if frequency stays below for the whole delay.
import { describe, expect, it } from 'vitest';
import { GridFrequency, type FrequencyTripParams } from '../../../models/grid-frequency.ts';
import { runGridSchedule } from '../../../models/grid-schedule.ts';
import { GB_LFDD_STAGES, lfddBlocks } from '../../../models/lfdd.ts';

const MW = 1e6;
const Ek = 210e9;
const demand = 29_000 * MW;
// Pure inertia after a 1,000 MW loss: f² = 50²·(1 − t/210), so f reaches 49 Hz at:
const t49 = 210 * (1 - (49 / 50) ** 2); // 8.316 s

function grid(trips: FrequencyTripParams[]): GridFrequency {
  return new GridFrequency({ f0: 50, demand, kineticEnergy: Ek, damping: 0, trips });
}
const block = (over: Partial<FrequencyTripParams> = {}): FrequencyTripParams => ({
  id: 'stage-1',
  threshold: 49,
  delay: 0.2,
  direction: 'under',
  effect: 'shed-load',
  share: 0.05,
  ...over,
});
const loss = (at: number, power: number) => ({ at, kind: 'generation-loss' as const, power });

describe('LFDD blocks', () => {
  it('trip exactly at crossing + relay delay (8.316 + 0.2 s), shedding their share of demand', () => {
    const m = grid([block()]);
    runGridSchedule(m, { until: 10, step: 0.01, disturbances: [loss(0, 1000 * MW)] });
    const [b] = m.trippedBlocks();
    expect(Math.abs(b.at - (t49 + 0.2))).toBeLessThan(1e-6);
    expect(b.power).toBe(0.05 * demand); // 1,450 MW
    expect(m.lfddTripped()).toBe(1);
    expect(m.rocof()).toBeGreaterThan(0); // 1,450 MW shed > 1,000 MW lost: frequency recovers
  });

  it('do not trip if frequency comes back above the threshold within the delay, and re-arm later', () => {
    const m = grid([block()]);
    // 50 ms after the crossing, a 5 GW load loss turns frequency round within ~15 ms (< 0.2 s).
    runGridSchedule(m, { until: 19, step: 0.01, disturbances: [loss(0, 1000 * MW), { at: t49 + 0.05, kind: 'load-loss', power: 5000 * MW }] });
    expect(m.report().nadir.f).toBeLessThan(49);
    expect(m.trippedBlocks()).toEqual([]);
    let crossing = NaN;
    let prev = m.frequency;
    runGridSchedule(m, {
      until: 40,
      step: 0.01,
      disturbances: [loss(20, 9000 * MW)],
      onStep: (g) => {
        if (Number.isNaN(crossing) && prev >= 49 && g.frequency < 49) crossing = g.time;
        prev = g.frequency;
      },
    });
    const [b] = m.trippedBlocks();
    expect(b.at).toBeGreaterThan(crossing + 0.19); // crossing is the step end after it
    expect(b.at).toBeLessThan(crossing + 0.2);
  });

  it('trip once: a second dip below the threshold sheds nothing more', () => {
    const m = grid([block()]);
    runGridSchedule(m, { until: 30, step: 0.01, disturbances: [loss(0, 1000 * MW), loss(12, 3000 * MW)] });
    expect(m.frequency).toBeLessThan(49);
    expect(m.trippedBlocks()).toHaveLength(1);
  });

  it('a generation trip with no delay (embedded loss at 49 Hz) fires at the end of the step that crossed', () => {
    const m = grid([block({ id: 'embedded', effect: 'lose-generation', share: 0, power: 200 * MW, delay: 0 })]);
    runGridSchedule(m, { until: 10, step: 0.01, disturbances: [loss(0, 1000 * MW)] });
    const [b] = m.trippedBlocks();
    expect(b.at - t49).toBeGreaterThanOrEqual(0);
    expect(b.at - t49).toBeLessThan(0.01);
    expect(m.rocof()).toBeCloseTo((-1200 * MW * 2500) / (2 * Ek * m.frequency), 9);
  });

  it('over-frequency blocks trip on the way up', () => {
    const m = grid([block({ id: 'ofgt', threshold: 50.5, direction: 'over', effect: 'lose-generation', share: 0, power: 500 * MW })]);
    runGridSchedule(m, { until: 10, step: 0.01, disturbances: [{ at: 0, kind: 'load-loss', power: 1000 * MW }] });
    expect(m.trippedBlocks().map((b) => b.id)).toEqual(['ofgt']);
  });

  it('the GB table trips stage by stage, each only after its own threshold', () => {
    const m = grid(lfddBlocks(GB_LFDD_STAGES, 0.2));
    // 6 GW lost: RoCoF ≈ 0.71 Hz/s, fast enough that several stages' thresholds pass within delays.
    runGridSchedule(m, { until: 20, step: 0.01, disturbances: [loss(0, 6000 * MW)] });
    const tripped = m.trippedBlocks();
    expect(tripped.length).toBeGreaterThan(1);
    const thresholds = tripped.map((b) => Number(/@([\d.]+)Hz/.exec(b.id)![1]));
    // Tripped stages are the highest ones, in order, and each tripped after its predecessor.
    expect(thresholds).toEqual(GB_LFDD_STAGES.slice(0, tripped.length).map(([f]) => f));
    for (let k = 1; k < tripped.length; k++) expect(tripped[k].at).toBeGreaterThanOrEqual(tripped[k - 1].at);
    expect(m.report().nadir.f).toBeLessThan(thresholds[thresholds.length - 1]);
  });
});
