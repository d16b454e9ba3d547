// The browser side of the HTML reports, inlined as text: reads the page's plot specs (JSON in a
// <script type="application/json" id="gt-plots">) and draws each with uPlot. Drag to zoom,
// double-click to reset (uPlot's defaults). Each drawn chart marks its container with
// data-rendered="<points drawn>" so a headless-browser test can tell a chart from an empty box.
// Plain ES2017 in a string: the page needs no build step and no module loader.
export const PLOT_SCRIPT = String.raw`
(function () {
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
  var specs = JSON.parse(document.getElementById('gt-plots').textContent || '[]');
  var charts = [];
  var groups = {}, ready = false, syncing = false;
  // Ticks for x in seconds: steps a reader expects of a clock, labelled m:ss or h:mm.
  var DURATION_INCRS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
  function pad2(n) { return (n < 10 ? '0' : '') + n; }
  function duration(v, step) {
    var neg = v < 0, t = Math.abs(v), h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    var digits = step < 1 ? Math.min(3, Math.ceil(-Math.log10(step) - 1e-9)) : 0;
    var sec = s.toFixed(digits);
    if (Number(sec) >= 60) { sec = (0).toFixed(digits); m += 1; if (m === 60) { m = 0; h += 1; } }
    if (sec.indexOf('.') === 1 || sec.length === 1) sec = '0' + sec;
    var out = h > 0 ? h + ':' + pad2(m) + (step >= 60 && s === 0 ? '' : ':' + sec) : m + ':' + sec;
    return (neg ? '-' : '') + out;
  }
  function overlay(p) {
    return function (u) {
      var ctx = u.ctx, b = u.bbox, px = window.devicePixelRatio || 1;
      ctx.save();
      // uPlot leaves its last axis alignment on the context: labels start right of their anchor.
      ctx.textAlign = 'left';
      ctx.textBaseline = 'alphabetic';
      ctx.font = (11 * px) + 'px sans-serif';
      ctx.lineWidth = px;
      ctx.setLineDash([5 * px, 4 * px]);
      (p.hLines || []).forEach(function (h) {
        var y = u.valToPos(h.y, 'y', true);
        if (y < b.top || y > b.top + b.height) return;
        ctx.strokeStyle = '#666'; ctx.fillStyle = '#444';
        ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke();
        ctx.fillText(h.label, b.left + 4 * px, y - 3 * px);
      });
      (p.markers || []).forEach(function (m, i) {
        var x = u.valToPos(m.x, 'x', true);
        if (x < b.left || x > b.left + b.width) return;
        ctx.strokeStyle = '#b58900'; ctx.fillStyle = '#7a5c00';
        ctx.beginPath(); ctx.moveTo(x, b.top); ctx.lineTo(x, b.top + b.height); ctx.stroke();
        ctx.fillText(m.label, x + 3 * px, b.top + (12 + 12 * (i % 4)) * px);
      });
      ctx.restore();
    };
  }
  specs.forEach(function (p) {
    var el = document.querySelector('[data-plot="' + p.id + '"]');
    if (!el) return;
    var data = [p.xs], series = [{ label: p.xLabel }], bands = [], drawn = 0;
    p.series.forEach(function (s, i) {
      var c = s.color || COLORS[i % COLORS.length];
      if (s.band) {
        data.push(s.band.hi); series.push({ label: s.label + ' hi', stroke: c + '66', width: 1 });
        data.push(s.band.lo); series.push({ label: s.label + ' lo', stroke: c + '66', width: 1 });
        bands.push({ series: [data.length - 2, data.length - 1], fill: c + '22' });
      }
      var one = { label: s.label, stroke: c, width: 1.5, spanGaps: false };
      if (s.style === 'points') { one.paths = function () { return null; }; one.points = { show: true, size: 6, fill: c }; }
      if (s.style === 'step') one.paths = uPlot.paths.stepped({ align: 1 });
      data.push(s.values); series.push(one);
      s.values.forEach(function (v) { if (v !== null && isFinite(v)) drawn++; });
    });
    var xScale = { time: false }, yScale = {}, xAxis = { label: p.xLabel }, yAxis = { label: p.yLabel };
    if (p.xRange) {
      // Empty rows at the ends of the range: the x axis spans it, and zooming out returns to it.
      if (!(data[0][0] <= p.xRange[0])) data.forEach(function (a, k) { a.unshift(k === 0 ? p.xRange[0] : null); });
      if (!(data[0][data[0].length - 1] >= p.xRange[1])) data.forEach(function (a, k) { a.push(k === 0 ? p.xRange[1] : null); });
    }
    if (p.xDuration) {
      xAxis.incrs = DURATION_INCRS;
      xAxis.values = function (u, splits, ax, space, step) { return splits.map(function (v) { return duration(v, step); }); };
      series[0].value = function (u, v) { return v == null ? '–' : duration(v, 0.001); };
    }
    if (p.yCategories) {
      var cats = p.yCategories;
      yScale.range = function () { return [-0.5, cats.length - 0.5]; };
      yAxis.splits = function () { return cats.map(function (c, i) { return i; }); };
      yAxis.values = function (u, splits) { return splits.map(function (i) { return cats[i] === undefined ? '' : cats[i]; }); };
      yAxis.size = 170;
      yAxis.grid = { stroke: '#eee' };
      series.forEach(function (s, i) { if (i > 0) s.value = function (u, v) { return v == null ? '–' : 'yes'; }; });
    }
    var hooks = { draw: [overlay(p)] };
    if (p.syncKey) {
      // Zooming one chart of a group zooms the others to the same x range.
      hooks.setScale = [function (u, key) {
        if (key !== 'x' || !ready || syncing) return;
        syncing = true;
        (groups[p.syncKey] || []).forEach(function (o) { if (o !== u) o.setScale('x', { min: u.scales.x.min, max: u.scales.x.max }); });
        syncing = false;
      }];
    }
    var opts = {
      title: p.title,
      width: Math.max(320, (el.clientWidth || 900) - 10),
      height: p.height || 300,
      series: series,
      bands: bands,
      scales: { x: xScale, y: yScale },
      axes: [xAxis, yAxis],
      hooks: hooks,
    };
    if (p.syncKey) opts.cursor = { sync: { key: p.syncKey } };
    var chart = new uPlot(opts, data, el);
    if (p.syncKey) (groups[p.syncKey] = groups[p.syncKey] || []).push(chart);
    charts.push({ el: el, chart: chart });
    el.setAttribute('data-rendered', String(drawn));
  });
  ready = true;
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.chart.setSize({ width: Math.max(320, c.el.clientWidth - 10), height: c.chart.height }); });
  });
  // The uPlot instances, for tests and for a reader's console.
  window.gtCharts = charts.map(function (c) { return c.chart; });
  window.gtPlotsRendered = charts.length;
})();
`;
