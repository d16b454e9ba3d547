// The "Messages" section of report.html: message rates per second by direction and verdict, the
// end-to-end latencies the traffic log gives, and every counter with its reasons.
import { escapeHtml, plotDiv } from '../html/page.ts';
import type { PlotSpec } from '../html/plot-spec.ts';
import { formatNumber, groupCounts } from '../format-values.ts';
import type { ReportFrame } from './frame.ts';
import { RATE_KINDS, type TrafficDigest } from './traffic.ts';

export function messagesSection(frame: ReportFrame, traffic: TrafficDigest): { html: string; plots: PlotSpec[] } {
  const plots: PlotSpec[] = [];
  const parts: string[] = [];
  const common = { xLabel: 'simulated time', xRange: frame.xRange, xDuration: true, syncKey: 'run-time', markers: frame.markers, height: 240 } as const;

  if (!traffic.present) parts.push('<p class="muted">This run folder has no traffic.ndjson.</p>');
  else if (traffic.lines === 0) parts.push('<p class="muted">No message went in or out during this run.</p>');
  else {
    const rates = rateColumns(frame, traffic);
    if (rates) {
      plots.push({ id: 'msg-rates', title: `Messages per second (mean over ${formatNumber(traffic.rateWidth)} s)`, yLabel: 'msg/s', ...common, ...rates });
      parts.push(`<div class="chart"><p class="note">Every message gridtwin published and every message it received, by verdict. A message that failed its conformance checks is rejected and never acted upon.</p>${plotDiv('msg-rates')}</div>`);
    }
    if (traffic.reactionCount > 0) {
      plots.push({ id: 'msg-reaction', title: 'Command → first reply carrying its correlation id', yLabel: 's', ...common, xs: traffic.reaction.xs, series: [{ label: 'reaction time', values: traffic.reaction.ys[0], style: 'points' }] });
      parts.push(
        `<div class="chart"><p class="note">For each accepted command (x: when it arrived), the simulated time until gridtwin published its first message with the same correlation id — the command taking effect on the site (${formatNumber(traffic.reactionCount)} commands).</p>${plotDiv('msg-reaction')}</div>`,
      );
    }
    if (traffic.wireCount > 0) {
      plots.push({ id: 'msg-wire', title: 'Sender timestamp → arrival at gridtwin', yLabel: 's', ...common, xs: traffic.wire.xs, series: [{ label: 'delay', values: traffic.wire.ys[0], style: 'points' }] });
      parts.push(`<div class="chart"><p class="note">Wall-clock delay of inbound messages, from the CloudEvents <code>time</code> the sender wrote to the moment gridtwin received it (real-time run).</p>${plotDiv('msg-wire')}</div>`);
    }
    if (traffic.malformed > 0) parts.push(`<p class="warn">${formatNumber(traffic.malformed)} lines of traffic.ndjson could not be read.</p>`);
  }
  parts.push(countsTable(frame));
  return { html: `<section id="messages"><h2>Messages</h2>\n${parts.join('\n')}\n</section>`, plots };
}

function rateColumns(frame: ReportFrame, traffic: TrafficDigest): Pick<PlotSpec, 'xs' | 'series'> | undefined {
  const w = traffic.rateWidth;
  const last = Math.max(Math.ceil(frame.xRange[1] / w) - 1, ...traffic.rates.keys());
  const xs: number[] = [];
  const ys: number[][] = RATE_KINDS.map(() => []);
  for (let b = 0; b <= last; b++) {
    const c = traffic.rates.get(b);
    xs.push(b * w);
    RATE_KINDS.forEach((_, k) => ys[k].push((c?.[k] ?? 0) / w));
  }
  // The last step is held to the end of the run.
  xs.push((last + 1) * w);
  ys.forEach((y) => y.push(y[y.length - 1] ?? 0));
  const series = RATE_KINDS.map((kind, k) => ({ label: kind.label, values: ys[k] as Array<number | null>, style: 'step' as const })).filter((s) => s.values.some((v) => (v ?? 0) > 0));
  return series.length ? { xs, series } : undefined;
}

function countsTable(frame: ReportFrame): string {
  const groups = groupCounts(frame.summary.counts);
  if (groups.length === 0) return '<p class="muted">No messages were counted.</p>';
  const rows = groups.map(
    (g) =>
      `<tr><td><code>${escapeHtml(g.name)}</code></td><td class="num">${formatNumber(g.total)}</td><td>${g.reasons
        .map(([reason, n]) => `<code>${escapeHtml(reason)}</code>: ${formatNumber(n)}`)
        .join('<br>')}</td></tr>`,
  );
  return `<h3>Counters</h3><p class="muted">Every message in and out, and every one lost or rejected, with its reason.</p>
<table><thead><tr><th>counter</th><th>total</th><th>by reason</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
