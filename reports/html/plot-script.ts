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
  function overlay(p) {
    return function (u) {
      var ctx = u.ctx, b = u.bbox, px = window.devicePixelRatio || 1;
      ctx.save();
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
      var c = COLORS[i % COLORS.length];
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
    var opts = {
      title: p.title,
      width: Math.max(320, (el.clientWidth || 900) - 10),
      height: p.height || 300,
      series: series,
      bands: bands,
      scales: { x: { time: false } },
      axes: [{ label: p.xLabel }, { label: p.yLabel }],
      hooks: { draw: [overlay(p)] },
    };
    charts.push({ el: el, chart: new uPlot(opts, data, el) });
    el.setAttribute('data-rendered', String(drawn));
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.chart.setSize({ width: Math.max(320, c.el.clientWidth - 10), height: c.chart.height }); });
  });
  window.gtPlotsRendered = charts.length;
})();
`;
