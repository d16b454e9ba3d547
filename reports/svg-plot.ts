// Static line plots as self-contained SVG, for documents (docs/model-validation.md) and quick looks
// at a run's time series. No dependencies, no scripts: a file that any browser or viewer shows.

export interface Series {
  name: string;
  /** [x, y] pairs; non-finite y values break the line. */
  points: Array<[number, number]>;
}

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Horizontal reference lines, e.g. a frequency limit. */
  hLines?: Array<{ y: number; label: string }>;
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** "Nice" tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k. */
export function ticks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderLinePlotSvg(o: PlotOptions): string {
  const W = o.width ?? 900;
  const H = o.height ?? 420;
  const m = { left: 70, right: 20, top: 40, bottom: 50 };
  const all = o.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const ys = [...all.map((p) => p[1]), ...(o.hLines ?? []).map((h) => h.y)];
  const xs = all.map((p) => p[0]);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (!Number.isFinite(x0)) [x0, x1] = [0, 1];
  if (!Number.isFinite(y0)) [y0, y1] = [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  const pad = (y1 - y0 || Math.abs(y0) || 1) * 0.05;
  y0 -= pad;
  y1 += pad;
  const px = (x: number) => m.left + ((x - x0) / (x1 - x0)) * (W - m.left - m.right);
  const py = (y: number) => H - m.bottom - ((y - y0) / (y1 - y0)) * (H - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`,
  ];
  for (const t of ticks(x0, x1)) {
    parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${m.top}" y2="${H - m.bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${px(t)}" y="${H - m.bottom + 16}" text-anchor="middle">${t}</text>`);
  }
  for (const t of ticks(y0, y1)) {
    parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${m.left - 6}" y="${py(t) + 4}" text-anchor="end">${t}</text>`);
  }
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${W - m.left - m.right}" height="${H - m.top - m.bottom}" fill="none" stroke="#888"/>`);
  parts.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${H / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  for (const h of o.hLines ?? []) {
    parts.push(`<line x1="${m.left}" x2="${W - m.right}" y1="${py(h.y)}" y2="${py(h.y)}" stroke="#999" stroke-dasharray="5 4"/>`);
    parts.push(`<text x="${W - m.right - 4}" y="${py(h.y) - 4}" text-anchor="end" fill="#666">${esc(h.label)}</text>`);
  }
  // The legend sits in a white box in the top-right corner, drawn after the lines so it stays legible.
  const legend: string[] = [];
  const legendWidth = 24 + 7 * Math.max(...o.series.map((s) => s.name.length), 4);
  const lx = W - m.right - legendWidth - 8;
  legend.push(`<rect x="${lx}" y="${m.top + 4}" width="${legendWidth}" height="${o.series.length * 16 + 8}" fill="white" fill-opacity="0.85" stroke="#ccc"/>`);
  o.series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    let d = '';
    let pen = false;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`;
      pen = true;
    }
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
    legend.push(`<rect x="${lx + 6}" y="${m.top + 12 + k * 16}" width="12" height="3" fill="${color}"/>`);
    legend.push(`<text x="${lx + 22}" y="${m.top + 17 + k * 16}">${esc(s.name)}</text>`);
  });
  parts.push(...legend, '</svg>');
  return `${parts.join('\n')}\n`;
}
