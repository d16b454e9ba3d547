// Thresholds are written as one line each — `dr_response_latency_p99 < 5 s`,
// `breach_energy < 10 MWs`, `conformance_failures == 0` — and parsed into SI comparisons here.
import { findMetric, metricCatalogue, type MetricDef } from './metric-catalogue.ts';
import { Dimensions, parseFraction, parseQuantity } from '../scenario/units.ts';
import { closest } from '../scenario/suggest.ts';

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Threshold {
  /** The text as written, for reports. */
  text: string;
  metric: MetricDef;
  op: Operator;
  /** Limit in SI units (or a plain count). */
  limit: number;
}

export type ThresholdParse = { ok: true; threshold: Threshold } | { ok: false; message: string; hint: string };

// The value must hold a non-blank character: 'conformance_failures == ' is not 'conformance_failures == 0'.
const pattern = /^\s*([a-z][a-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*(\S.*?)\s*$/;

export function parseThreshold(text: string): ThresholdParse {
  const m = pattern.exec(text);
  if (!m) {
    return {
      ok: false,
      message: `'${text}' is not a threshold`,
      hint: "write '<metric> <op> <value>', e.g. 'dr_response_latency_p99 < 5 s' (ops: < <= > >= == !=)",
    };
  }
  const [, name, op, valueText] = m;
  const metric = findMetric(name);
  if (!metric) {
    const guess = closest(name, metricCatalogue.map((d) => d.name));
    return {
      ok: false,
      message: `unknown metric '${name}'`,
      hint: guess ? `did you mean '${guess}'? (\`gridtwin schema --metrics\` lists every metric)` : `metrics: ${metricCatalogue.map((d) => d.name).join(', ')}`,
    };
  }
  let limit: number;
  if (metric.dimension === 'count') {
    limit = Number(valueText);
    if (!Number.isInteger(limit)) {
      return { ok: false, message: `'${valueText}' is not a whole number`, hint: `${name} is a count, e.g. '${name} == 0'` };
    }
  } else if (metric.dimension === 'fraction') {
    const r = parseFraction(valueText);
    if (!r.ok) return { ok: false, message: r.message, hint: r.hint };
    limit = r.value;
  } else {
    const r = parseQuantity(valueText, Dimensions[metric.dimension]);
    if (!r.ok) return { ok: false, message: r.message, hint: `${r.hint}; ${name} is measured in ${metric.unit}` };
    limit = r.value;
  }
  return { ok: true, threshold: { text: text.trim(), metric, op: op as Operator, limit } };
}

export function compare(value: number, op: Operator, limit: number): boolean {
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
    case '!=':
      return value !== limit;
  }
}
