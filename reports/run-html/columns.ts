// Which chart each timeseries.csv column belongs to. Columns are named `<site>_<quantity>` (sites),
// `fleet_<quantity>` (fleet totals) and `grid_<quantity>` (the grid model), see
// reports/timeseries-csv.ts; a chart shows one quantity for every site, so a planner compares
// sites on one axis. Whatever the run has gets a chart; a run without a grid has no frequency chart;
// a column this table does not know lands in a chart named after its unit suffix.

export interface ChartSeriesDef {
  /** Column index in the CSV. */
  column: number;
  label: string;
  style?: 'line' | 'step';
  /** #rrggbb; default: the page palette. */
  color?: string;
  /** Multiply the CSV value by this (shares 0–1 shown in %). */
  scale?: number;
  /** Left out when every value is 0 (a site without a battery still has a battery column). */
  hideIfZero?: boolean;
}

export interface ChartDef {
  id: string;
  title: string;
  yLabel: string;
  /** A sentence under the title telling the reader what to look at. */
  note: string;
  series: ChartSeriesDef[];
  /** The chart is shown only if one of these columns has a value (default: any of its series). */
  needs?: number[];
}

interface Quantity {
  suffix: string;
  chart: string;
  label?: (site: string) => string;
  style?: 'step';
  color?: string;
  scale?: number;
  hideIfZero?: boolean;
}

/** Per-site (and fleet) quantities, longest suffix first so `poi_max_mw` is not read as `max_mw`. */
const QUANTITIES: Quantity[] = [
  { suffix: 'constraint_mw', chart: 'targets', label: (s) => `${s} target`, style: 'step', color: '#222222' },
  { suffix: 'poi_max_mw', chart: 'poi', label: (s) => `${s} peak` },
  { suffix: 'battery_mw', chart: 'battery', hideIfZero: true },
  { suffix: 'cooling_mw', chart: 'cooling' },
  { suffix: 'burner_mw', chart: 'burner', hideIfZero: true },
  { suffix: 'connected', chart: 'connected', scale: 100 },
  { suffix: 'poi_mw', chart: 'poi' },
  { suffix: 'it_mw', chart: 'it' },
  { suffix: 'soc', chart: 'soc', scale: 100 },
];

const TEMPERATURE = /_(temp_degc|temperature_degc|degc|temp_c|temperature_c|temp|temperature)$/;

/** Chart order and wording; charts without series are dropped. */
const CHARTS: Record<string, Omit<ChartDef, 'id' | 'series'>> = {
  frequency: { title: 'Grid frequency', yLabel: 'Hz', note: 'The grid model’s frequency with its minimum and maximum within each output interval.' },
  rocof: { title: 'Rate of change of frequency', yLabel: 'Hz/s', note: 'RoCoF: how fast the frequency moves; protection relays trip on it.' },
  gridload: { title: 'Load change the grid sees from the sites', yLabel: 'MW', note: 'The sites’ net load change since the start, as the grid model feels it.' },
  fleet: { title: 'Fleet power', yLabel: 'MW', note: 'All sites together: IT load, power at the point of interconnection (POI), battery.' },
  poi: { title: 'POI power', yLabel: 'MW', note: 'Power drawn at the point of interconnection: interval mean (and peak).' },
  targets: { title: 'Active targets and POI power', yLabel: 'MW', note: 'The load constraint in force (step) against the POI power that should stay under it.' },
  it: { title: 'IT power', yLabel: 'MW', note: 'The AI load itself, before battery, cooling and burner.' },
  battery: { title: 'Battery power', yLabel: 'MW (+ discharge, − charge)', note: 'Positive while discharging (it lowers the POI load), negative while charging.' },
  soc: { title: 'Battery state of charge', yLabel: '%', note: 'State of charge at the end of each output interval.' },
  cooling: { title: 'Cooling power', yLabel: 'MW', note: 'Electrical power of pumps and heat rejection.' },
  temperature: { title: 'Cooling temperatures', yLabel: '°C', note: 'Coolant and facility water temperatures.' },
  burner: { title: 'Burner (dummy load) power', yLabel: 'MW', note: 'Load burnt on purpose to keep the POI within its ramp limit.' },
  connected: { title: 'Connected share', yLabel: '%', note: 'Share of the site still connected (protection trips disconnect it).' },
};

const GRID: Record<string, { chart: string; label: string }> = {
  grid_f_hz: { chart: 'frequency', label: 'frequency' },
  grid_f_min_hz: { chart: 'frequency', label: 'min in interval' },
  grid_f_max_hz: { chart: 'frequency', label: 'max in interval' },
  grid_rocof_hz_s: { chart: 'rocof', label: 'RoCoF' },
  grid_site_load_change_mw: { chart: 'gridload', label: 'sites’ load change' },
};

/** Groups the CSV header into charts (time_s is the x axis and not a series). */
export function chartsForColumns(header: string[], opts: { maxPeakSites?: number } = {}): ChartDef[] {
  const charts = new Map<string, ChartSeriesDef[]>();
  const add = (chart: string, s: ChartSeriesDef) => {
    const list = charts.get(chart) ?? [];
    list.push(s);
    charts.set(chart, list);
  };
  const sites = new Set<string>();
  const parsed = header.map((name) => {
    if (name === 'time_s' || name.startsWith('grid_') || name.startsWith('fleet_')) return undefined;
    const q = QUANTITIES.find((x) => name.endsWith(`_${x.suffix}`));
    if (q) sites.add(name.slice(0, -q.suffix.length - 1));
    return q;
  });
  const peaks = sites.size <= (opts.maxPeakSites ?? 3);
  const withPeak = new Set(header.filter((h) => h.endsWith('_poi_max_mw')).map((h) => h.slice(0, -'_poi_max_mw'.length)));
  const poiOfSite = new Map<string, number>();
  header.forEach((name, column) => {
    if (name === 'time_s') return;
    const grid = GRID[name];
    if (grid) return add(grid.chart, { column, label: grid.label });
    if (TEMPERATURE.test(name)) return add('temperature', { column, label: name.replace(TEMPERATURE, '') || name });
    if (name.startsWith('fleet_')) {
      const what = name.slice('fleet_'.length).replace(/_mw$/, '');
      // The fleet chart only helps when there is more than one site to add up.
      if (sites.size !== 1) add('fleet', { column, label: what === 'poi' ? 'POI' : what === 'it' ? 'IT' : what, ...(what === 'battery' ? { hideIfZero: true } : {}) });
      return;
    }
    const q = parsed[column];
    if (!q) return add(`other:${unitSuffix(name)}`, { column, label: name });
    const site = name.slice(0, -q.suffix.length - 1);
    if (q.suffix === 'poi_max_mw' && !peaks) return;
    if (q.suffix === 'poi_mw') poiOfSite.set(site, column);
    const label = q.label ? q.label(site) : q.suffix === 'poi_mw' && peaks && withPeak.has(site) ? `${site} mean` : site;
    add(q.chart, { column, label, ...(q.style ? { style: q.style } : {}), ...(q.color ? { color: q.color } : {}), ...(q.scale ? { scale: q.scale } : {}), ...(q.hideIfZero ? { hideIfZero: true } : {}) });
  });
  // Targets are read against the POI power of the same site.
  // Targets are read against the POI power of the same site; the chart needs a target to exist.
  const targets = charts.get('targets');
  const needs = targets?.map((t) => t.column);
  if (targets) {
    for (const [site, column] of poiOfSite) targets.push({ column, label: `${site} POI` });
  }
  const ordered: ChartDef[] = [];
  for (const [id, meta] of Object.entries(CHARTS)) {
    const series = charts.get(id);
    if (series?.length) ordered.push({ id, ...meta, series, ...(id === 'targets' ? { needs } : {}) });
  }
  let others = 0;
  for (const [key, series] of charts) {
    if (!key.startsWith('other:')) continue;
    const unit = key.slice('other:'.length);
    ordered.push({ id: `other-${++others}`, title: `Other columns${unit ? ` (${unit})` : ''}`, yLabel: unit, note: 'Columns of this run the report has no dedicated chart for.', series });
  }
  return ordered;
}

/** `dc1_foo_kw` → `kw`; '' when the name has no underscore. */
function unitSuffix(name: string): string {
  const i = name.lastIndexOf('_');
  return i < 0 ? '' : name.slice(i + 1);
}
