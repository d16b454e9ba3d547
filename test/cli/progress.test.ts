// The run progress bar: what one line shows, the redraw limit, and that it stays silent when
// disabled (--quiet, or not a terminal).
import { describe, expect, it } from 'vitest';
import { ProgressBar, REDRAW_INTERVAL_MS, renderProgressLine } from '../../sim/cli/progress.ts';

function sink() {
  const writes: string[] = [];
  return { writes, write: (s: string) => writes.push(s) };
}

describe('renderProgressLine', () => {
  it('shows share, simulation time of total, wall time and message rate', () => {
    const line = renderProgressLine({ simSeconds: 150, durationSeconds: 600, messages: 24_000 }, 2);
    expect(line).toBe('[######------------------]  25%  sim 150/600 s  wall 2.0 s  12,000 msg/s');
  });

  it('clamps to a full bar at the end and has no rate before any wall time passed', () => {
    expect(renderProgressLine({ simSeconds: 700, durationSeconds: 600, messages: 5 }, 0)).toContain('100%');
    expect(renderProgressLine({ simSeconds: 0, durationSeconds: 600, messages: 5 }, 0)).toContain(' 0 msg/s');
  });
});

describe('ProgressBar', () => {
  it('redraws at most every 100 ms, always draws the final sample, and clears itself', () => {
    let now = 0;
    const out = sink();
    const bar = new ProgressBar(out, true, () => now);
    bar.update({ simSeconds: 1, durationSeconds: 10, messages: 1 });
    now = REDRAW_INTERVAL_MS - 1;
    bar.update({ simSeconds: 2, durationSeconds: 10, messages: 2 });
    now = REDRAW_INTERVAL_MS;
    bar.update({ simSeconds: 3, durationSeconds: 10, messages: 3 });
    now += 1;
    bar.update({ simSeconds: 10, durationSeconds: 10, messages: 4 });
    bar.finish();
    expect(out.writes).toHaveLength(4);
    expect(out.writes[0]).toContain('sim 1/10 s');
    expect(out.writes[1]).toContain('sim 3/10 s');
    expect(out.writes[2]).toContain('sim 10/10 s');
    expect(out.writes[3]).toBe('\r\x1b[K');
  });

  it('writes nothing when disabled', () => {
    const out = sink();
    const bar = new ProgressBar(out, false, () => 0);
    bar.update({ simSeconds: 10, durationSeconds: 10, messages: 1 });
    bar.finish();
    expect(out.writes).toEqual([]);
  });
});
