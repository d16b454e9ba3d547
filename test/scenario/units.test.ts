// Values with units (DESIGN.md rule 3): scenario text is parsed once with mathjs into SI numbers.
import { describe, expect, it } from 'vitest';
import { Dimensions, formatQuantity, fromSI, parseFraction, parseQuantity, type DimensionName } from '../../sim/scenario/units.ts';

function si(text: string, dim: DimensionName): number {
  const r = parseQuantity(text, Dimensions[dim]);
  if (!r.ok) throw new Error(`expected '${text}' to parse as ${dim}: ${r.message}`);
  return r.value;
}

function failure(text: string, dim: DimensionName): { message: string; hint: string } {
  const r = parseQuantity(text, Dimensions[dim]);
  if (r.ok) throw new Error(`expected '${text}' to be rejected as ${dim}, got ${r.value}`);
  return r;
}

describe('parseQuantity: every dimension comes back in SI', () => {
  it.each([
    ['450 MW', 'power', 4.5e8],
    ['1 kW', 'power', 1000],
    ['129 MWh', 'energy', 4.644e11],
    ['10 MWs', 'energy', 1e7],
    ['210 GVAs', 'energy', 2.1e11],
    ['5 MJ', 'energy', 5e6],
    ['36 s', 'time', 36],
    ['10 ms', 'time', 0.01],
    ['1 h', 'time', 3600],
    ['30 MW/min', 'powerRate', 500_000],
    ['20 MW/s', 'powerRate', 2e7],
    ['50 Hz', 'frequency', 50],
    ['5 kHz', 'frequency', 5000],
    ['26.8 degC', 'temperature', 299.95],
    ['0 degC', 'temperature', 273.15],
    ['1.5e3 W', 'power', 1500],
  ] as const)("'%s' as %s is %d", (text, dim, expected) => {
    expect(si(text, dim)).toBeCloseTo(expected, 6);
  });

  it("adds up compound durations: '6 min 30 s' is 390 s, '2 min 30 s' is 150 s", () => {
    expect(si('6 min 30 s', 'time')).toBe(390);
    expect(si('2 min 30 s', 'time')).toBe(150);
    expect(si('1 h 2 min 3 s', 'time')).toBe(3723);
  });

  it('does not sum compound values of other dimensions (offset units would give nonsense)', () => {
    expect(failure('20 degC 5 degC', 'temperature').message).toMatch(/is not a temperature/);
    expect(failure('1 MW 1 MW', 'power').message).toMatch(/is not a power/);
  });

  it('a compound duration with a part of another dimension names that part', () => {
    expect(failure('6 min 30 MW', 'time').message).toBe("'30 MW' is not a duration (its unit is MW)");
  });
});

describe('parseQuantity: errors say what is wrong and how to write it', () => {
  it('a value of the wrong dimension names the dimension, the unit given and an example', () => {
    const f = failure('450 MW', 'energy');
    expect(f.message).toBe("'450 MW' is not an energy (its unit is MW)");
    expect(f.hint).toBe("write a number and a unit, e.g. '129 MWh'");
    expect(failure('129 MWh', 'power').message).toBe("'129 MWh' is not a power (its unit is MWh)");
    expect(failure('30 MW/min', 'power').message).toMatch(/is not a power/);
  });

  it('a unit without a number is rejected', () => {
    const f = failure('MW', 'power');
    expect(f.message).toBe("'MW' has a unit but no number");
    expect(f.hint).toBe("write a number and a unit, e.g. '450 MW'");
  });

  it('a number without a unit is rejected as such', () => {
    const f = failure('450', 'power');
    expect(f.message).toBe("'450' has a number but no unit");
    expect(f.hint).toBe("write a number and a unit, e.g. '450 MW'");
  });

  it('an empty string is rejected', () => {
    expect(failure('  ', 'time').message).toBe('expected a duration, got an empty string');
  });

  it('an unknown unit is named', () => {
    const f = failure('450 foo', 'power');
    expect(f.message).toMatch(/^'450 foo' is not a power: Unit "foo" not found/);
  });

  it('a wrongly cased unit gets the case-sensitivity hint', () => {
    const f = failure('450 mw', 'power');
    expect(f.message).toMatch(/Unit "mw" not found/);
    expect(f.hint).toBe("write a number and a unit, e.g. '450 MW' (units are case-sensitive: MW, not mw)");
    expect(failure('10 Mws', 'energy').hint).toMatch(/case-sensitive/);
  });

  it('a syntax error (an expression) does not get the case hint', () => {
    const f = failure('5 MW + 3 MW', 'power');
    expect(f.message).toMatch(/is not a power/);
    expect(f.hint).not.toMatch(/case-sensitive/);
  });
});

describe('parseFraction', () => {
  it.each([
    [0.6, 0.6],
    ['0.6', 0.6],
    ['60%', 0.6],
    ['60 %', 0.6],
    [' 25% ', 0.25],
    ['1e2%', 1],
    [0, 0],
  ] as const)('%j is %d', (input, expected) => {
    const r = parseFraction(input);
    expect(r.ok && r.value).toBeCloseTo(expected, 12);
  });

  it.each(['abc', '60%%', '60 MW', ''])('%j is rejected with a hint', (input) => {
    const r = parseFraction(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe(`'${input}' is not a fraction or percentage`);
      expect(r.hint).toBe("write a fraction like 0.6 or a percentage like '60%'");
    }
  });

  it('a non-finite number is rejected', () => {
    expect(parseFraction(Number.NaN).ok).toBe(false);
    expect(parseFraction(Infinity).ok).toBe(false);
  });
});

describe('SI back to display units', () => {
  it('fromSI and formatQuantity invert the parse', () => {
    expect(fromSI(si('129 MWh', 'energy'), 'MWh')).toBeCloseTo(129, 9);
    expect(formatQuantity(4.5e8, 'MW')).toBe('450 MW');
    expect(formatQuantity(1e7, 'MWs')).toBe('10 MWs');
  });
});
