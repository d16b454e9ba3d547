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

/** A field-level problem; `hint` travels in the issue's params and becomes the problem's hint. */
export function addProblem(ctx: z.RefinementCtx, message: string, hint: string): void {
  ctx.addIssue({ code: 'custom', message, params: { hint } });
}

function checkBounds(value: number, b: Bounds, text: string, ctx: z.RefinementCtx, example: string): boolean {
  if (b.min !== undefined && value < b.min) {
    addProblem(ctx, `'${text}' must not be negative`, `use zero or a positive value, e.g. '${example}'`);
    return false;
  }
  if (b.above !== undefined && value <= b.above) {
    addProblem(ctx, `'${text}' must be greater than zero`, `use a positive value, e.g. '${example}'`);
    return false;
  }
  if (b.max !== undefined && value > b.max) {
    addProblem(ctx, `'${text}' is above the maximum allowed here`, 'use a smaller value');
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
        addProblem(ctx, r.message, r.hint);
        return z.NEVER;
      }
      checkBounds(r.value, bounds, text, ctx, d.example);
      return r.value;
    })
    .meta({ description: `${d.noun} with a unit, e.g. '${d.example}'` });
}

/** A duration with a unit, returned as integer microseconds of simulation time. */
export function duration(bounds: Bounds = { min: 0 }) {
  return quantity('time', bounds).transform((s, ctx) => {
    const us = secondsToMicros(s);
    // '0.1 us' passes the seconds check but rounds to 0 µs: a zero period or step would stall.
    if (bounds.above !== undefined && us <= secondsToMicros(bounds.above)) {
      addProblem(ctx, `${s} s is shorter than the 1 µs resolution of simulation time`, "use at least '1 us'");
      return z.NEVER;
    }
    return us;
  });
}

/** A dimensionless share, `0.6` or `'60%'`, within [min, max] (default [0, 1]). */
export function fraction(min = 0, max = 1) {
  return z
    .union([z.number(), z.string()], { error: "expected a fraction like 0.6 or a percentage like '60%'" })
    .transform((input, ctx) => {
      const r = parseFraction(input);
      if (!r.ok) {
        addProblem(ctx, r.message, r.hint);
        return z.NEVER;
      }
      if (r.value < min || r.value > max) {
        addProblem(ctx, `${input} is outside [${min}, ${max}]`, `write a fraction from ${min} to ${max} or a percentage from ${min * 100}% to ${max * 100}%`);
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
