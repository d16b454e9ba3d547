// Which Open Energi variables an entity runs with (sim/bindings/openenergi/signal-state.ts):
// schedule-signals recur, one-time signals override them from their first to their last point,
// newer messages replace older ones, defaults hold where nothing says otherwise.
import { describe, expect, it } from 'vitest';
import { EntitySignals } from '../../sim/bindings/openenergi/signal-state.ts';
import { IntervalSchedule } from '../../sim/bindings/openenergi/schedule.ts';
import { parseDuration, parseSpan } from '../../sim/bindings/openenergi/iso8601.ts';

const T0 = Date.UTC(2026, 10, 23, 15, 55); // Monday 2026-11-23 15:55 UTC
const MIN = 60_000;
const weekdayPeak = (value: number) =>
  new IntervalSchedule(
    [
      { span: parseSpan('2026-W48-1T16:00:00/PT2H', 'UTC')!, repeat: parseDuration('P1D')!, value },
      { span: null, repeat: null, value: 0 },
    ],
    'UTC',
  );

describe('signal precedence', () => {
  it('defaults with nothing received', () => {
    expect(new EntitySignals().valuesAt(T0)).toEqual({ 'oe-add': 0, 'oe-multiply-high': 1, 'oe-multiply-low': 1 });
    expect(new EntitySignals().nextChangeAfter(T0)).toBeUndefined();
  });

  it('a schedule-signal sets its variable inside its intervals and its default outside', () => {
    const s = new EntitySignals();
    s.scheduleSignal(['oe-add'], weekdayPeak(-0.5));
    expect(s.valuesAt(T0)['oe-add']).toBe(0);
    expect(s.valuesAt(T0 + 10 * MIN)['oe-add']).toBe(-0.5);
    expect(s.valuesAt(T0 + 10 * MIN)['oe-multiply-low']).toBe(1);
    expect(s.nextChangeAfter(T0)).toBe(T0 + 5 * MIN);
    expect(s.nextChangeAfter(T0 + 5 * MIN)).toBe(T0 + 125 * MIN);
  });

  it('a one-time signal overrides the schedule between its first and last point, then hands back', () => {
    const s = new EntitySignals();
    s.scheduleSignal(['oe-add'], weekdayPeak(-0.5));
    s.signal([
      { atMs: T0 + 20 * MIN, values: { 'oe-add': 0.2, 'oe-multiply-high': 2 } },
      { atMs: T0 + 30 * MIN, values: { 'oe-add': 0, 'oe-multiply-high': 1 } },
    ]);
    expect(s.valuesAt(T0 + 10 * MIN)).toMatchObject({ 'oe-add': -0.5, 'oe-multiply-high': 1 });
    expect(s.valuesAt(T0 + 25 * MIN)).toMatchObject({ 'oe-add': 0.2, 'oe-multiply-high': 2 });
    expect(s.valuesAt(T0 + 30 * MIN)).toMatchObject({ 'oe-add': -0.5, 'oe-multiply-high': 1 });
    expect(s.nextChangeAfter(T0 + 10 * MIN)).toBe(T0 + 20 * MIN);
    expect(s.nextChangeAfter(T0 + 20 * MIN)).toBe(T0 + 30 * MIN);
  });

  it('a variable a signal point does not set keeps its schedule value', () => {
    const s = new EntitySignals();
    s.scheduleSignal(['oe-add'], weekdayPeak(-0.5));
    s.signal([
      { atMs: T0 + 20 * MIN, values: { 'oe-multiply-low': 3 } },
      { atMs: T0 + 30 * MIN, values: { 'oe-multiply-low': 1 } },
    ]);
    expect(s.valuesAt(T0 + 25 * MIN)).toMatchObject({ 'oe-add': -0.5, 'oe-multiply-low': 3 });
  });

  it('a newer signal replaces the remaining points of an older one; a newer schedule-signal replaces the older', () => {
    const s = new EntitySignals();
    s.signal([
      { atMs: T0, values: { 'oe-add': -0.3 } },
      { atMs: T0 + 60 * MIN, values: { 'oe-add': 0 } },
    ]);
    s.signal([
      { atMs: T0 + 5 * MIN, values: { 'oe-add': 0.1 } },
      { atMs: T0 + 6 * MIN, values: { 'oe-add': 0 } },
    ]);
    expect(s.valuesAt(T0 + 2 * MIN)['oe-add']).toBe(0);
    expect(s.valuesAt(T0 + 5 * MIN)['oe-add']).toBe(0.1);
    expect(s.valuesAt(T0 + 30 * MIN)['oe-add']).toBe(0);
    s.scheduleSignal(['oe-add'], weekdayPeak(-0.5));
    s.scheduleSignal(['oe-add'], weekdayPeak(-0.9));
    expect(s.valuesAt(T0 + 30 * MIN)['oe-add']).toBe(-0.9);
  });

  it('one schedule may set both multipliers (lenient oe-multiply)', () => {
    const s = new EntitySignals();
    s.scheduleSignal(['oe-multiply-high', 'oe-multiply-low'], weekdayPeak(2));
    expect(s.valuesAt(T0 + 10 * MIN)).toEqual({ 'oe-add': 0, 'oe-multiply-high': 2, 'oe-multiply-low': 2 });
  });
});
