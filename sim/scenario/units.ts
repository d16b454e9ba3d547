// Values with units (DESIGN.md rule 3): scenario text like `450 MW`, `30 MW/min`, `36 s`,
// `129 MWh`, `26.8 degC` is parsed once, here, with mathjs, into SI numbers. Everything inside the
// engine is SI (W, J, s, K, Hz); each protocol converts at its own edge.
import { createRequire } from 'node:module';
import type * as MathJs from 'mathjs';
import type { Unit } from 'mathjs';

// Same library and version, loaded from its single-file bundle: ~0.15 s instead of ~1.5 s for the
// package's ESM tree of a thousand modules (measured at every CLI start; see the engine-core note).
const mathjs = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof MathJs;
const math = mathjs.create(mathjs.all);
// Watt-seconds and volt-ampere-seconds are how grid people write energy and inertia (`10 MWs`,
// `210 GVAs`); mathjs has neither, so define them with SI prefixes.
math.createUnit('Ws', { definition: '1 J', prefixes: 'short' });
math.createUnit('VAs', { definition: '1 J', prefixes: 'short' });

export interface Dimension {
  /** Name used in messages: "a power", "an energy". */
  noun: string;
  /** SI unit the value is returned in. */
  si: string;
  /** A unit with the right base dimensions, for the dimension check. */
  probe: Unit;
  example: string;
}

function dim(noun: string, si: string, example: string): Dimension {
  return { noun, si, probe: math.unit(si), example };
}

export const Dimensions = {
  power: dim('a power', 'W', '450 MW'),
  energy: dim('an energy', 'J', '129 MWh'),
  time: dim('a duration', 's', '36 s'),
  powerRate: dim('a power ramp rate', 'W/s', '30 MW/min'),
  frequency: dim('a frequency', 'Hz', '50 Hz'),
  temperature: dim('a temperature', 'K', '26.8 degC'),
  rocof: dim('a rate of change of frequency', 'Hz/s', '0.125 Hz/s'),
} as const;
export type DimensionName = keyof typeof Dimensions;

export type QuantityResult = { ok: true; value: number } | { ok: false; message: string; hint: string };

/** Parses `text` as a quantity of `dimension` and returns its value in SI units. */
export function parseQuantity(text: string, dimension: Dimension): QuantityResult {
  const hint = `write a number and a unit, e.g. '${dimension.example}'`;
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `expected ${dimension.noun}, got an empty string`, hint };
  // Compound values are for durations only: summing '20 degC 5 degC' (offset units) or
  // '1 MW 1 MW' would silently accept nonsense.
  const parts = dimension.si === 's' ? compoundParts(trimmed) : undefined;
  if (parts) {
    // '6 min 30 s': each part parsed on its own, then summed.
    let sum = 0;
    for (const part of parts) {
      const r = parseQuantity(part, dimension);
      if (!r.ok) return r;
      sum += r.value;
    }
    return { ok: true, value: sum };
  }
  let unit: Unit;
  try {
    unit = math.unit(trimmed);
  } catch (err) {
    const why = (err as Error).message;
    return {
      ok: false,
      message: `'${text}' is not ${dimension.noun}: ${why}`,
      hint: /^Unit ".*" not found/.test(why) ? `${hint} (units are case-sensitive: MW, not mw)` : hint,
    };
  }
  if (unit.value === null) {
    return { ok: false, message: `'${text}' has a unit but no number`, hint };
  }
  if (unit.units.length === 0) {
    return { ok: false, message: `'${text}' has a number but no unit`, hint };
  }
  if (!unit.equalBase(dimension.probe)) {
    return {
      ok: false,
      message: `'${text}' is not ${dimension.noun} (its unit is ${unit.formatUnits()})`,
      hint,
    };
  }
  const value = unit.toNumber(dimension.si);
  if (!Number.isFinite(value)) return { ok: false, message: `'${text}' is not a finite number`, hint };
  return { ok: true, value };
}

const PART = /([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*([A-Za-z][A-Za-z0-9/*^]*)/g;

/** Splits '6 min 30 s' into ['6 min', '30 s']; undefined unless the text is two or more such parts. */
function compoundParts(text: string): string[] | undefined {
  const parts = [...text.matchAll(PART)];
  if (parts.length < 2) return undefined;
  const covered = parts.map((m) => m[0]).join('').replace(/\s+/g, '');
  return covered === text.replace(/\s+/g, '') ? parts.map((m) => `${m[1]} ${m[2]}`) : undefined;
}

export type FractionResult = { ok: true; value: number } | { ok: false; message: string; hint: string };

/** A dimensionless share: `0.6`, `60%` or `60 %`; returned as a number (0.6). */
export function parseFraction(input: number | string): FractionResult {
  const hint = "write a fraction like 0.6 or a percentage like '60%'";
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, message: 'not a finite number', hint };
  }
  const m = /^\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(%)?\s*$/i.exec(input);
  if (!m) return { ok: false, message: `'${input}' is not a fraction or percentage`, hint };
  const n = Number(m[1]);
  return { ok: true, value: m[2] ? n / 100 : n };
}

/** An SI value expressed in `unit` (no offsets: for power, energy, time and rates), e.g. W → MW. */
export function fromSI(siValue: number, unit: string): number {
  return siValue / math.unit(1, unit).toSI().toNumber();
}

/** SI value as a short human string in `unit`, e.g. formatQuantity(4.5e8, 'MW') → "450 MW". */
export function formatQuantity(siValue: number, unit: string, digits = 4): string {
  return `${Number(fromSI(siValue, unit).toPrecision(digits))} ${unit}`;
}

/** The SI number of a value with any unit ('50 MWh' → 1.8e11 J), for tables; undefined when it is not a quantity. */
export function siValueOf(text: string): number | undefined {
  try {
    const v = math.unit(text.trim()).value;
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
