// report.html from a summary and the run folder's files, without a browser: which charts a run
// gets (a run without a grid has no frequency chart), what the traffic log adds (rates, the
// command → reply latency, the control plane's messages on the timeline), bounded plot data for a
// 24 h run at 100 ms, and escaping of everything that came from outside.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../reports/run-html/index.ts';
import type { PlotSpec } from '../../reports/html/plot-spec.ts';
import { chartsForColumns } from '../../reports/run-html/columns.ts';
import { failedRunSummary } from './fixture-summary.ts';

const root = await mkdtemp(join(tmpdir(), 'gridtwin-report-html-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;
const HOSTILE = '</script><img src=x onerror=alert(1)>';

async function folder(files: Record<string, string>): Promise<string> {
  const dir = join(root, `run-${++n}`);
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

function plotsOf(html: string): PlotSpec[] {
  const m = /<script type="application\/json" id="gt-plots">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(m![1]) as PlotSpec[];
}

/** The page without its inlined scripts: what the browser parses as markup. */
function markup(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '');
}

const siteCsv = (rows: number, grid: boolean) => {
  const head = ['time_s', ...(grid ? ['grid_f_hz', 'grid_f_min_hz', 'grid_f_max_hz', 'grid_rocof_hz_s', 'grid_site_load_change_mw'] : []), 'fleet_it_mw', 'fleet_poi_mw', 'fleet_battery_mw', 'dc1_it_mw', 'dc1_poi_mw', 'dc1_poi_max_mw', 'dc1_battery_mw', 'dc1_soc', 'dc1_constraint_mw'];
  const lines = [head.join(',')];
  for (let i = 1; i <= rows; i++) {
    const g = grid ? [50 - i * 0.001, 50 - i * 0.001, 50, -0.01, 0] : [];
    lines.push([i, ...g, 80, 90, 1, 80, 90, 95, i > 300 ? 0 : 1, 0.6, i > 120 && i < 360 ? 70 : ''].join(','));
  }
  return `${lines.join('\n')}\n`;
};

describe('renderReportHtml', () => {
  it('charts what a site run has, and no frequency without a grid', async () => {
    const dir = await folder({ 'timeseries.csv': siteCsv(600, false) });
    const plots = plotsOf(await renderReportHtml(failedRunSummary(), dir));
    const ids = plots.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['ts-poi', 'ts-targets', 'ts-it', 'ts-battery', 'ts-soc']));
    expect(ids.some((id) => id.includes('frequency') || id.includes('rocof'))).toBe(false);
    // One site: the fleet chart would repeat it.
    expect(ids).not.toContain('ts-fleet');
    const targets = plots.find((p) => p.id === 'ts-targets')!;
    expect(targets.series.map((s) => [s.label, s.style])).toEqual([
      ['dc1 target', 'step'],
      ['dc1 POI', undefined],
    ]);
    const soc = plots.find((p) => p.id === 'ts-soc')!;
    expect(soc.series[0].values[0]).toBe(60); // shares in %
    expect(plots.every((p) => p.xRange?.[0] === 0 && p.xRange[1] === 600)).toBe(true);
  });

  it('charts the grid frequency with its limits when the run has a grid', async () => {
    const dir = await folder({ 'timeseries.csv': siteCsv(120, true) });
    const s = failedRunSummary();
    s.grid = {
      nominal_frequency_hz: 50,
      initial_rocof_hz_per_s: -0.01,
      first_arrest: null,
      time_below: { threshold_hz: 49.8, seconds: 0 },
      lfdd_stages_tripped: 0,
      trips: [],
      nadir: { t_s: 120, f_hz: 49.88 },
      zenith: { t_s: 0, f_hz: 50 },
      final_frequency_hz: 49.88,
    } as unknown as NonNullable<typeof s.grid>;
    const html = await renderReportHtml(s, dir);
    const freq = plotsOf(html).find((p) => p.id === 'ts-frequency')!;
    expect(freq.series.map((x) => x.label)).toEqual(['frequency', 'min in interval', 'max in interval']);
    expect(freq.hLines?.map((h) => h.y)).toEqual([50, 49.8]);
    expect(html).toContain('nadir 49.880 Hz');
  });

  it('reads the traffic log: message rates, command → reply latency, the control plane on the timeline', async () => {
    const rec = (t: number, direction: string, verdict: string, payload: object | string, extra: object = {}) =>
      JSON.stringify({ sim_time: t, wall_time: '2026-01-01T00:00:00.000Z', direction, topic: 'grid/v1/x', qos: 1, retain: false, verdict, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), ...extra });
    const lines = [
      ...Array.from({ length: 60 }, (_, i) => rec(i * 10, 'out', 'ok', { type: 'status' })),
      rec(120, 'in', 'accepted', { type: 'grid.loadtarget.set.v1', correlationid: 'c-1' }),
      rec(121.2, 'out', 'ok', { type: 'status', correlationid: 'c-1' }),
      rec(125, 'out', 'ok', { type: 'status', correlationid: 'c-1' }),
      rec(300, 'in', 'rejected', HOSTILE, { failures: [{ rule: 'DSX-ENV-001', detail: `payload is not JSON: ${HOSTILE}` }] }),
      'this line is not JSON',
    ];
    const dir = await folder({ 'timeseries.csv': siteCsv(600, false), 'traffic.ndjson': `${lines.join('\n')}\n` });
    const html = await renderReportHtml(failedRunSummary(), dir);
    const plots = plotsOf(html);
    const rates = plots.find((p) => p.id === 'msg-rates')!;
    const width = rates.xs[1] - rates.xs[0];
    const total = (label: string) => rates.series.find((s) => s.label.startsWith(label))!.values.slice(0, -1).reduce((a: number, v) => a + (v ?? 0) * width, 0);
    expect(total('out: published')).toBeCloseTo(62);
    expect(total('in: accepted')).toBeCloseTo(1);
    expect(total('in: rejected')).toBeCloseTo(1);
    const reaction = plots.find((p) => p.id === 'msg-reaction')!;
    expect(reaction.xs).toEqual([120]);
    expect(reaction.series[0].values[0]).toBeCloseTo(1.2);
    const timeline = plots.find((p) => p.id === 'timeline')!;
    expect(timeline.yCategories).toEqual(expect.arrayContaining(['control plane: accepted', 'control plane: rejected']));
    expect(html).toContain('1 lines of traffic.ndjson could not be read');
    // The rejected message is listed with its rule and payload, as text.
    const page = markup(html);
    expect(page).toContain('DSX-ENV-001');
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toMatch(/<img|onerror=alert\(1\)>/);
  });

  it('escapes text from outside everywhere, in the markup and in the plot data', async () => {
    const s = failedRunSummary();
    s.scenario = { ...s.scenario, name: HOSTILE };
    s.conformance.rules[0].examples[0] = { ...s.conformance.rules[0].examples[0], detail: HOSTILE, topic: HOSTILE, messageId: HOSTILE };
    s.events = [{ t: 10, kind: 'scenario', what: HOSTILE, detail: HOSTILE }];
    s.warnings = [HOSTILE];
    s.error = { code: 'X', message: HOSTILE };
    const dir = await folder({ 'timeseries.csv': siteCsv(60, false) });
    const html = await renderReportHtml(s, dir);
    expect(markup(html)).not.toMatch(/<img/);
    // Inside the plot data (event markers) the text is JSON with < and > escaped.
    const data = /id="gt-plots">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(data).not.toContain('</script');
    expect(plotsOf(html)[0].markers?.[0].label).toBe('</script><img src=x onerror…');
    // Exactly the page's three scripts: uPlot, the plot data, the plot script.
    expect(html.match(/<script/g)?.length).toBe(3);
  });

  it('renders a summary alone (no run files) with every rule listed by id', async () => {
    const dir = await folder({});
    const html = await renderReportHtml(failedRunSummary(), dir);
    expect(html).toContain('This run folder has no timeseries.csv.');
    expect(html).toContain('This run folder has no traffic.ndjson.');
    for (const id of ['DSX-JWS-004', 'DSX-ENV-001', 'DSX-BEH-004']) expect(html).toContain(`<td class="id"><code>${id}</code></td>`);
    expect(html).toMatch(/<details><summary>The first 2 failing examples of DSX-JWS-004<\/summary>/);
  });

  it('keeps a 24 h run at 100 ms bounded: 864,000 rows become at most 2 points per bucket, spikes kept', async () => {
    const dir = join(root, 'long');
    await mkdir(dir, { recursive: true });
    const out = createWriteStream(join(dir, 'timeseries.csv'));
    out.write('time_s,grid_f_hz,fleet_it_mw,fleet_poi_mw,fleet_battery_mw,a_poi_mw,b_poi_mw\n');
    const rows = 864_000;
    let chunk = '';
    for (let i = 1; i <= rows; i++) {
      const f = i === 500_000 ? 49.2 : 50 + 0.02 * Math.sin(i / 3000);
      chunk += `${(i / 10).toFixed(1)},${f},100,110,0,55,${i === 700_001 ? 400 : 55}\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'finish');
    const s = failedRunSummary();
    s.run = { ...s.run, simulated_s: 86_400, duration_s: 86_400, window_s: 0.1 };
    const html = await renderReportHtml(s, dir);
    const plots = plotsOf(html).filter((p) => p.id.startsWith('ts-'));
    expect(plots.map((p) => p.id)).toEqual(['ts-frequency', 'ts-fleet', 'ts-poi']);
    for (const p of plots) expect(p.xs.length).toBeLessThanOrEqual(2 * 2001);
    const freq = plots[0].series[0].values as number[];
    expect(Math.min(...freq)).toBe(49.2);
    const b = plots[2].series.find((x) => x.label === 'b')!.values as number[];
    expect(Math.max(...b)).toBe(400);
    expect(html).toContain('Drawn from 864,000 rows');
    expect(html.length).toBeLessThan(2_000_000);
  }, 20_000);
});

describe('chartsForColumns', () => {
  it('groups columns by quantity across sites, and gives unknown columns a chart of their own', () => {
    const charts = chartsForColumns(['time_s', 'fleet_poi_mw', 'a_poi_mw', 'a_soc', 'b_poi_mw', 'b_cooling_mw', 'b_coolant_temp_degc', 'b_mystery_kw']);
    expect(charts.map((c) => [c.id, c.series.map((s) => s.label)])).toEqual([
      ['fleet', ['POI']],
      ['poi', ['a', 'b']],
      ['soc', ['a']],
      ['cooling', ['b']],
      ['temperature', ['b_coolant']],
      ['other-1', ['b_mystery_kw']],
    ]);
  });
});
