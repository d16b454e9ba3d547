// Value display shared by report.md and the terminal: units from the catalogue, "never" for
// Infinity, counters grouped with their reasons.
import { describe, expect, it } from 'vitest';
import { formatSimTime, formatValue, groupCounts, unitOf } from '../../reports/format-values.ts';
import { cell, code } from '../../reports/markdown.ts';

describe('formatValue', () => {
  it.each([
    [4.2, 's', '4.2 s'],
    [3.512e9, 'MWs', '3512 MWs'],
    [3.25e6, 'MW', '3.25 MW'],
    [12345, '', '12,345'],
    [0.125, '%', '12.5 %'],
    [Infinity, 's', 'never'],
    ['Infinity', 's', 'never'],
    ['NaN', 's', 'n/a'],
    [null, 's', 'not measured'],
    [undefined, '', 'not measured'],
    [7, 'furlongs', '7 furlongs'],
  ] as const)('%j %s → %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe('unitOf', () => {
  it('finds metric units, and probe units through their percentiles', () => {
    expect(unitOf('breach_energy')).toBe('MWs');
    expect(unitOf('dr_response_latency')).toBe('s');
    expect(unitOf('dr_requests')).toBe('');
    expect(unitOf('not_a_metric')).toBe('');
  });
});

describe('groupCounts', () => {
  it('groups name{reason} counters under their name, summing when the plain counter is absent', () => {
    expect(groupCounts({ b: 1, 'a{x}': 2, 'a{w}': 3, 'b{y}': 1 })).toEqual([
      { name: 'a', total: 5, reasons: [['w', 3], ['x', 2]] },
      { name: 'b', total: 1, reasons: [['y', 1]] },
    ]);
  });
});

describe('formatting helpers', () => {
  it('prints simulation time to the millisecond', () => {
    expect(formatSimTime(125.2500001)).toBe('125.25 s');
    expect(formatSimTime(0)).toBe('0 s');
  });

  it('keeps table cells and code spans intact', () => {
    expect(cell('a | b\nc')).toBe('a \\| b<br>c');
    expect(code('x`y')).toBe('`` x`y ``');
    expect(code('a|b')).toBe('`a\\|b`');
  });
});
