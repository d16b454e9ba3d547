// Zod building blocks for scenario fields that carry units. Each accepts the YAML text form
// ('450 MW') and yields the SI number, so the parsed scenario type is all numbers while the JSON
// Schema (generated from the input side) tells editors to expect strings with units.
import { z } from 'zod';
import { Dimensions, parseFraction, parseQuantity, type DimensionName } from './units.ts';
import { secondsToMicros } from '../time.ts';

interface Bounds {
  /** Inclusive lower bound in SI units. */
  min?: number;
  /** Exclusive lower bound in SI units. */
  above?: number;
  max?: number;
}

function checkBounds(value: number, b: Bounds, text: string, ctx: z.RefinementCtx): boolean {
  if (b.min !== undefined && value < b.min) {
    ctx.addIssue({ code: 'custom', message: `'${text}' must not be negative` });
    return false;
  }
  if (b.above !== undefined && value <= b.above) {
    ctx.addIssue({ code: 'custom', message: `'${text}' must be greater than zero` });
    return false;
  }
  if (b.max !== undefined && value > b.max) {
    ctx.addIssue({ code: 'custom', message: `'${text}' is above the maximum allowed here` });
    return false;
  }
  return true;
}

/** A quantity with a unit, returned in SI. Non-negative unless `bounds` say otherwise. */
export function quantity(name: DimensionName, bounds: Bounds = { min: 0 }) {
  const d = Dimensions[name];
  return z
    .string({ error: `expected ${d.noun} as text with a unit, e.g. '${d.example}'` })
    .transform((text, ctx) => {
      const r = parseQuantity(text, d);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: `${r.message} — ${r.hint}` });
        return z.NEVER;
      }
      checkBounds(r.value, bounds, text, ctx);
      return r.value;
    })
    .meta({ description: `${d.noun} with a unit, e.g. '${d.example}'` });
}

/** A duration with a unit, returned as integer microseconds of simulation time. */
export function duration(bounds: Bounds = { min: 0 }) {
  return quantity('time', bounds).transform((s) => secondsToMicros(s));
}

/** A dimensionless share, `0.6` or `'60%'`, within [min, max] (default [0, 1]). */
export function fraction(min = 0, max = 1) {
  return z
    .union([z.number(), z.string()], { error: "expected a fraction like 0.6 or a percentage like '60%'" })
    .transform((input, ctx) => {
      const r = parseFraction(input);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: `${r.message} — ${r.hint}` });
        return z.NEVER;
      }
      if (r.value < min || r.value > max) {
        ctx.addIssue({ code: 'custom', message: `${input} is outside [${min}, ${max}]` });
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ description: "a fraction (0.6) or a percentage ('60%')" });
}

/** Identifiers used in topics and CloudEvents sources: lower-case, digits, '-', '_'. */
export const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, {
    error: "use lower-case letters, digits, '-' or '_' (it appears in MQTT topics and CloudEvents sources)",
  });
