// Overlapping activations: the one received last among those covering an instant decides; null
// there means baseline — not zero.
import { describe, expect, it } from 'vitest';
import { SetpointSchedule } from '../../sim/bindings/powernaut/setpoint-schedule.ts';

describe('SetpointSchedule', () => {
  it('later activations win where they overlap; earlier ones resume after them', () => {
    const s = new SetpointSchedule();
    s.add(0, 100, 5);
    s.add(20, 40, 7);
    expect([s.valueAt(10), s.valueAt(20), s.valueAt(39), s.valueAt(40), s.valueAt(100)]).toEqual([5, 7, 7, 5, null]);
  });

  it('null cancels for its window (baseline), which is not the same as 0', () => {
    const s = new SetpointSchedule();
    s.add(0, 100, 5);
    s.add(30, 50, null);
    s.add(60, 70, 0);
    expect([s.valueAt(29), s.valueAt(30), s.valueAt(50), s.valueAt(65)]).toEqual([5, null, 5, 0]);
  });

  it('prunes what is over and ignores empty windows', () => {
    const s = new SetpointSchedule();
    s.add(10, 10, 3);
    s.add(0, 20, 1);
    s.prune(20);
    expect(s.size).toBe(0);
  });
});
