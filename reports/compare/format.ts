// Number formatting shared by the comparison's text and HTML renderers.
export function fmt(v: number | undefined): string {
  if (v === undefined) return '—';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '∞' : '−∞';
  if (v !== 0 && (Math.abs(v) >= 1e7 || Math.abs(v) < 1e-3)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

export function fmtDelta(d: number | undefined, rel: number | undefined): string {
  if (d === undefined) return '';
  const sign = d > 0 ? '+' : '';
  const pct = rel === undefined ? '' : ` (${rel > 0 ? '+' : ''}${(100 * rel).toFixed(1)} %)`;
  return `${sign}${fmt(d)}${pct}`;
}
