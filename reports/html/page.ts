// One self-contained HTML page: styles, uPlot and the plot data inlined, nothing fetched. Run
// reports, sweep reports and comparisons are all written through renderHtmlPage so they look and
// behave alike. Everything that came from outside (scenario names, message payloads from a client
// under test) is escaped: a hostile payload quoted in a report must not become markup or script.
import type { PlotSpec } from './plot-spec.ts';
import { PLOT_SCRIPT } from './plot-script.ts';
import { uplotAssets } from './uplot-assets.ts';

export function escapeHtml(s: unknown): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that is safe inside <script>: no "</script>", no "<!--", no U+2028/2029 surprises. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The placeholder a page body puts where a chart goes. */
export function plotDiv(id: string): string {
  return `<div class="gt-plot" data-plot="${escapeHtml(id)}"></div>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222; background: #fafafa; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0; background: #fff; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #1a7f37; font-weight: 600; } .fail { color: #c62828; font-weight: 600; } .muted { color: #777; }
.gt-plot { background: #fff; border: 1px solid #ddd; margin: 8px 0 16px; padding: 4px; min-height: 60px; }
details > summary { cursor: pointer; } pre { background: #f4f4f4; padding: 6px; overflow-x: auto; max-width: 100%; white-space: pre-wrap; word-break: break-all; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; color: #fff; font-weight: 600; }
.badge.pass { background: #1a7f37; color: #fff; } .badge.fail, .badge.error { background: #c62828; color: #fff; }
`;

export interface HtmlPage {
  title: string;
  /** Already-escaped HTML for inside <main>. */
  bodyHtml: string;
  plots: PlotSpec[];
  /** More CSS for this kind of page (trusted text, not from outside), after the shared style. */
  css?: string;
}

export function renderHtmlPage(page: HtmlPage): string {
  const uplot = uplotAssets();
  const ids = new Set<string>();
  for (const p of page.plots) {
    if (ids.has(p.id)) throw new Error(`renderHtmlPage: duplicate plot id '${p.id}'`);
    ids.add(p.id);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gridtwin">
<title>${escapeHtml(page.title)}</title>
<style>${uplot.css}</style>
<style>${STYLE}</style>
${page.css ? `<style>${page.css.replace(/<\//g, '<\\/')}</style>\n` : ''}</head>
<body>
<main>
${page.bodyHtml}
</main>
<!-- uPlot ${escapeHtml(uplot.version)} — MIT licence, (c) Leon Sorokin, https://github.com/leeoniya/uPlot -->
<script>${uplot.js}</script>
<script type="application/json" id="gt-plots">${jsonForScript(page.plots)}</script>
<script>${PLOT_SCRIPT}</script>
</body>
</html>
`;
}
