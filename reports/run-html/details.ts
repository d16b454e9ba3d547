// The last section of report.html: what each site did (energy, peak, battery, useful work — the
// planner's numbers), the grid model's event report, and every metric of the run.
import type { RunSummary } from '../../sim/scoring/scorecard.ts';
import { escapeHtml } from '../html/page.ts';
import { formatNumber, formatValue, meaningOf, unitOf } from '../format-values.ts';
import { metricCatalogue } from '../../sim/scoring/metric-catalogue.ts';
import { gridLine } from '../scorecard-model.ts';

export function detailsSection(s: RunSummary): string {
  return `<section id="details"><h2>Sites &amp; metrics</h2>
${sitesTable(s)}
${gridReport(s)}
${metricsTable(s)}
</section>`;
}

function sitesTable(s: RunSummary): string {
  if (!s.sites) return '';
  const f = (v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : formatNumber(Number(v.toFixed(digits))));
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  const head = '<tr><th>site</th><th>POI energy (MWh)</th><th>POI peak (MW)</th><th>POI min (MW)</th><th>IT energy (MWh)</th><th>cooling (MWh)</th><th>burner (MWh)</th><th>battery in / out (MWh)</th><th>SoC at end</th><th>useful work</th></tr>';
  type SiteRow = NonNullable<RunSummary['sites']>['listed'][number];
  const row = (id: string, x: Omit<SiteRow, 'id' | 'soc_end'> & { soc_end?: number | null }, cls = '') =>
    `<tr class="${cls}"><td>${escapeHtml(id)}</td><td class="num">${f(x.poi_energy_mwh)}</td><td class="num">${f(x.poi_peak_mw)}</td><td class="num">${f(x.poi_min_mw)}</td><td class="num">${f(x.it_energy_mwh)}</td><td class="num">${f(x.cooling_energy_mwh)}</td><td class="num">${f(x.burner_energy_mwh)}</td><td class="num">${f(x.battery_charged_mwh)} / ${f(x.battery_discharged_mwh)}</td><td class="num">${x.soc_end === null || x.soc_end === undefined ? '–' : pct(x.soc_end)}</td><td class="num">${pct(x.useful_share)}</td></tr>`;
  const fleet = s.sites.fleet;
  const rows = s.sites.listed.map((x) => row(x.id, x));
  const more = fleet.sites > s.sites.listed.length ? `<p class="muted">The first ${s.sites.listed.length} of ${formatNumber(fleet.sites)} sites are listed.</p>` : '';
  if (s.sites.listed.length !== 1) rows.push(row(`fleet (${formatNumber(fleet.sites)} sites)`, fleet, 'total'));
  return `<h3>Sites</h3>${more}<table class="wide"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function gridReport(s: RunSummary): string {
  const g = s.grid;
  if (!g) return '';
  const trips = g.trips.length
    ? `<table><thead><tr><th>trip</th><th>at</th><th>power</th><th>effect</th></tr></thead><tbody>${g.trips
        .map((t) => `<tr><td><code>${escapeHtml(t.id)}</code></td><td class="num">${formatNumber(Number(t.t_s.toFixed(2)))} s</td><td class="num">${formatNumber(t.power_w / 1e6)} MW</td><td>${escapeHtml(t.effect)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">No protection or load-shedding trip.</p>';
  return `<h3>Grid</h3><p>${escapeHtml(gridLine(g))}; final ${g.final_frequency_hz.toFixed(3)} Hz.</p>${trips}`;
}

function metricsTable(s: RunSummary): string {
  const names = [...new Set([...metricCatalogue.map((m) => m.name), ...Object.keys(s.metrics).sort()])];
  const rows = names
    .map((n) => {
      const measured = s.metrics[n] !== undefined;
      return `<tr class="${measured ? '' : 'unmeasured'}"><td><code>${escapeHtml(n)}</code></td><td class="num">${escapeHtml(formatValue(s.metrics[n], unitOf(n)))}</td><td class="muted">${escapeHtml(meaningOf(n))}</td></tr>`;
    })
    .join('');
  return `<details class="metrics"><summary>All metrics (${Object.keys(s.metrics).length} measured)</summary>
<p class="muted">"never" means the measured thing never happened; "not measured" means the run produced no sample.</p>
<table class="wide"><thead><tr><th>metric</th><th>value</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}
