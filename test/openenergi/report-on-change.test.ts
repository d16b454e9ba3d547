// Report on change: a reading is sent when it first appears, when it moves by more than 5 % of the
// last *sent* value (from 0: by one resolution step), and at least every 12 h.
import { describe, expect, it } from 'vitest';
import { HEARTBEAT_MS, ReportOnChange } from '../../sim/bindings/openenergi/report-on-change.ts';

const t0 = 1_767_225_600_000; // UNIX ms
const H = 3_600_000;

describe('ReportOnChange', () => {
  it('sends the first value of each key', () => {
    const r = new ReportOnChange();
    expect(r.offer('b1/power', 10, t0)).toBe(true);
    expect(r.offer('b1/availability-ffr-low', 10, t0)).toBe(true);
    expect(r.offer('b1/power', 10, t0 + 1)).toBe(false);
  });

  it('sends a change of more than 5 % of the last sent value, not one of exactly 5 %', () => {
    const r = new ReportOnChange();
    r.offer('k', 100, t0);
    expect(r.offer('k', 105, t0 + 1)).toBe(false); // exactly 5 %: not more than
    expect(r.offer('k', 95, t0 + 2)).toBe(false);
    expect(r.offer('k', 105.1, t0 + 3)).toBe(true);
    expect(r.lastSent('k')).toEqual({ value: 105.1, atMs: t0 + 3 });
    expect(r.offer('k', 99.8, t0 + 4)).toBe(true); // −5.04 % of 105.1
  });

  it('measures against the last sent value, so slow drift is sent once it adds up', () => {
    const r = new ReportOnChange();
    r.offer('k', 100, t0);
    const sent = [101, 102, 103, 104, 105, 106].map((v, k) => r.offer('k', v, t0 + k + 1));
    expect(sent).toEqual([false, false, false, false, false, true]);
  });

  it('from 0 sends any change of at least the resolution (0.1 kW), nothing smaller', () => {
    const r = new ReportOnChange();
    r.offer('k', 0, t0);
    expect(r.offer('k', 0.05, t0 + 1)).toBe(false);
    expect(r.offer('k', 0.1, t0 + 2)).toBe(true);
    expect(r.offer('k', 0, t0 + 3)).toBe(true); // 100 % down
    expect(r.offer('k', -0.1, t0 + 4)).toBe(true);
    const raw = new ReportOnChange({ resolution: 0 });
    raw.offer('k', 0, t0);
    expect(raw.offer('k', 1e-6, t0 + 1)).toBe(true);
  });

  it('ignores changes below the resolution even if they are more than 5 % of a tiny value', () => {
    const r = new ReportOnChange();
    r.offer('k', 0.1, t0);
    expect(r.offer('k', 0.106, t0 + 1)).toBe(false);
    expect(r.offer('k', 0.1 + 0.1, t0 + 2)).toBe(true);
    expect(r.offer('k', 0.30000000000000004, t0 + 3)).toBe(true); // binary noise still counts as one step
  });

  it('sends a heartbeat 12 h after the last send even without change, and due() lists it', () => {
    const r = new ReportOnChange();
    r.offer('a', 5, t0);
    r.offer('b', 5, t0 + H);
    expect(r.due(t0 + HEARTBEAT_MS - 1)).toEqual([]);
    expect(r.offer('a', 5, t0 + HEARTBEAT_MS - 1)).toBe(false);
    expect(r.due(t0 + HEARTBEAT_MS)).toEqual(['a']);
    expect(r.due(t0 + HEARTBEAT_MS + H)).toEqual(['a', 'b']);
    expect(r.offer('a', 5, t0 + HEARTBEAT_MS)).toBe(true);
    expect(r.due(t0 + HEARTBEAT_MS + H)).toEqual(['b']);
  });

  it('restarts the heartbeat on every send caused by a change', () => {
    const r = new ReportOnChange();
    r.offer('a', 5, t0);
    expect(r.offer('a', 6, t0 + 6 * H)).toBe(true);
    expect(r.offer('a', 6, t0 + 12 * H)).toBe(false);
    expect(r.offer('a', 6, t0 + 18 * H)).toBe(true);
  });

  it('takes other thresholds', () => {
    const r = new ReportOnChange({ fraction: 0.1, heartbeatMs: 60_000, resolution: 1 });
    r.offer('k', 100, t0);
    expect(r.offer('k', 109, t0 + 1)).toBe(false);
    expect(r.offer('k', 111, t0 + 2)).toBe(true);
    expect(r.offer('k', 111, t0 + 60_002)).toBe(true);
  });

  it('forgets a key, which then sends as new', () => {
    const r = new ReportOnChange();
    r.offer('k', 1, t0);
    r.forget('k');
    expect(r.lastSent('k')).toBeUndefined();
    expect(r.offer('k', 1, t0 + 1)).toBe(true);
  });

  it('rejects non-finite values and bad options instead of sending them', () => {
    const r = new ReportOnChange();
    expect(() => r.offer('k', NaN, t0)).toThrow(RangeError);
    expect(() => r.offer('k', Infinity, t0)).toThrow(RangeError);
    expect(r.lastSent('k')).toBeUndefined();
    expect(() => new ReportOnChange({ fraction: -1 })).toThrow(RangeError);
    expect(() => new ReportOnChange({ heartbeatMs: 0 })).toThrow(RangeError);
  });

  it('is deterministic: the same offers give the same answers', () => {
    const run = () => {
      const r = new ReportOnChange();
      return Array.from({ length: 200 }, (_, k) => r.offer(`k${k % 3}`, Math.round(100 * Math.sin(k / 7)) / 10, t0 + k * 4000));
    };
    expect(run()).toEqual(run());
  });
});
