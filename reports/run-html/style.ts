// The run report's own styles, on top of the shared page style (reports/html/page.ts): a header
// with the verdict and score, summary cards, status pills, and tables that stay readable when a
// scenario has thirty rules or a hundred events.
export const REPORT_CSS = `
main { max-width: 1280px; }
.run-head { display: flex; justify-content: space-between; align-items: center; gap: 24px; padding: 18px 22px; margin: 8px 0 14px; background: #fff; border: 1px solid #ddd; border-left: 8px solid #777; border-radius: 6px; }
.run-head.verdict-pass { border-left-color: #1a7f37; } .run-head.verdict-fail, .run-head.verdict-error { border-left-color: #c62828; }
.run-head h1 { font-size: 26px; margin: 2px 0; } .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 11px; color: #777; }
.verdict { text-align: right; } .verdict .badge { font-size: 18px; padding: 4px 16px; }
.score { font-size: 34px; font-weight: 700; line-height: 1.1; margin-top: 4px; font-variant-numeric: tabular-nums; } .score small { font-size: 15px; color: #777; font-weight: 400; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 12px; margin: 0 0 12px; }
.card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; }
.card .label { font-size: 12px; color: #666; text-transform: uppercase; letter-spacing: .05em; }
.card .value { font-size: 22px; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; } .card .value small { font-size: 13px; font-weight: 400; color: #666; }
.card .sub { font-size: 12px; color: #666; } .card.bad { border-color: #e0a0a0; background: #fff6f6; } .card.bad .value { color: #c62828; }
.alert { padding: 8px 12px; border-radius: 6px; margin: 8px 0; } .alert-fail { background: #fdecea; border: 1px solid #f0b4ae; } .alert-warn { background: #fff8e1; border: 1px solid #f0d48a; }
.alert pre { background: transparent; margin: 6px 0 0; } .alert ul { margin: 4px 0 0 18px; padding: 0; }
nav.toc { position: sticky; top: 0; z-index: 5; background: #fafafa; border-bottom: 1px solid #ddd; padding: 6px 0; margin-bottom: 4px; }
nav.toc a { margin-right: 16px; color: #1f5fa8; text-decoration: none; font-weight: 500; } nav.toc a:hover { text-decoration: underline; }
section { scroll-margin-top: 40px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table.wide { width: 100%; } table.facts th { width: 110px; background: #f6f6f6; font-weight: 500; } code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
code.hash { word-break: break-all; }
.chart { margin-bottom: 6px; } .chart .note { margin: 10px 0 -4px; color: #555; font-size: 13px; }
.note, .small { font-size: 12.5px; } .warn { color: #8a6d00; }
.pill { display: inline-block; padding: 0 8px; border-radius: 9px; font-size: 12px; font-weight: 600; white-space: nowrap; background: #eee; color: #444; }
.pill.passed { background: #dcf3e2; color: #1a7f37; } .pill.failed { background: #fdecea; color: #c62828; } .pill.not_exercised { background: #f0f0f0; color: #888; font-weight: 400; }
.pill.scenario { background: #fff3cd; color: #7a5c00; } .pill.physics { background: #e6f0ff; color: #1f4f8f; } .pill.gridtwin { background: #eef; color: #446; }
.pill.control-plane, .pill.in-accepted { background: #dcf3e2; color: #1a7f37; } .pill.in-rejected { background: #fdecea; color: #c62828; }
tr.rule.not_exercised td { color: #999; } tr.rule.failed td { background: #fff6f6; } tr.rule-detail td { border-top: none; background: #fff6f6; }
td.fail { color: #c62828; font-weight: 600; } td.num, .events th { white-space: nowrap; } td.id code, td.th code { white-space: nowrap; }
.legend-inline i { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; vertical-align: -1px; }
table.examples { margin: 6px 0; width: 100%; } table.examples td, table.examples th { font-size: 12.5px; }
.cites { font-size: 12px; color: #555; margin: 4px 0 8px; }
.scroll { max-height: 480px; overflow: auto; border: 1px solid #ddd; } .scroll table { margin: 0; } .scroll thead th { position: sticky; top: 0; }
details.events > summary, details.metrics > summary { margin: 8px 0; font-weight: 500; }
.payload code { word-break: break-all; white-space: pre-wrap; }
tr.unmeasured td { color: #999; } tr.total td { font-weight: 600; background: #f6f6f6; }
td.bar-cell { width: 260px; }
.range { position: relative; height: 14px; background: #eef2f7; border-radius: 3px; margin: 3px 0; }
.range b { position: absolute; left: 0; top: 0; bottom: 0; background: #9ec5ee; border-radius: 3px; }
.range .tick { position: absolute; top: -3px; bottom: -3px; width: 2px; margin-left: -1px; }
.range .tick.p50 { background: #1f77b4; } .range .tick.mean { background: #2ca02c; } .range .tick.p99 { background: #d62728; }
.range .max { position: absolute; right: 4px; top: -1px; font-size: 11px; color: #333; }
.range.never { background: #f6c7c3; } .range.never span { position: absolute; left: 6px; top: -1px; font-size: 11px; color: #8b1a1a; font-weight: 600; }
footer { margin-top: 36px; color: #888; font-size: 12px; }
`;
