import { describe, expect, it } from 'vitest';
import { renderLinePlotSvg, ticks } from '../../reports/svg-plot.ts';

describe('SVG line plots', () => {
  it('chooses ticks in steps of 1, 2 or 5 × 10^k covering the range', () => {
    expect(ticks(0, 10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(ticks(48.7, 50.05)).toEqual([49, 49.5, 50]); // at most ~6 ticks: 0.2 would give 7
  });

  it('draws one path per series, breaks lines at missing values, and labels reference lines', () => {
    const svg = renderLinePlotSvg({
      title: 'f & co',
      xLabel: 't',
      yLabel: 'Hz',
      series: [
        { name: 'a', points: [[0, 50], [1, 49.5], [2, NaN], [3, 49.8]] },
        { name: 'b', points: [[0, 49], [3, 49.1]] },
      ],
      hLines: [{ y: 48.8, label: 'LFDD stage 1' }],
    });
    expect(svg.startsWith('<svg')).toBe(true);
    const paths = [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
    expect(paths).toHaveLength(2);
    expect(paths[0].match(/M/g)).toHaveLength(2); // the NaN point starts a new segment
    expect(svg).toContain('LFDD stage 1');
    expect(svg).toContain('f &amp; co');
  });
});
