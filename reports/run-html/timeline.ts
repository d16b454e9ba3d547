// The "Timeline" section of report.html: what the scenario did (summary.events) and how the control
// plane reacted (its inbound messages from traffic.ndjson) on one time axis — a lane chart with one
// lane per actor, then the same events as a table with the rejected messages' reasons and payloads.
import { escapeHtml, plotDiv } from '../html/page.ts';
import type { PlotSpec } from '../html/plot-spec.ts';
import { formatNumber, formatSimTime } from '../format-values.ts';
import type { ReportFrame } from './frame.ts';
import type { TrafficDigest } from './traffic.ts';

interface Lane {
  key: string;
  label: string;
  color: string;
  /** bucket → first time in it */
  points: Map<number, number>;
}

const EVENT_LANE: Record<string, string> = { scenario: 'scenario', physics: 'physics', gridtwin: 'gridtwin', 'control-plane': 'accepted' };

export function timelineSection(frame: ReportFrame, traffic: TrafficDigest): { html: string; plots: PlotSpec[] } {
  const s = frame.summary;
  const lanes: Lane[] = [
    { key: 'scenario', label: 'scenario event', color: '#b58900', points: new Map() },
    { key: 'physics', label: 'grid physics', color: '#1f77b4', points: new Map() },
    { key: 'gridtwin', label: 'gridtwin (site, agents)', color: '#6a5acd', points: new Map() },
    { key: 'accepted', label: 'control plane: accepted', color: '#2ca02c', points: new Map() },
    { key: 'rejected', label: 'control plane: rejected', color: '#d62728', points: new Map() },
    { key: 'other', label: 'control plane: other', color: '#8c564b', points: new Map() },
  ];
  const byKey = new Map(lanes.map((l) => [l.key, l]));
  for (const e of s.events) {
    const lane = byKey.get(EVENT_LANE[e.kind] ?? 'scenario')!;
    const b = Math.floor(e.t / frame.bucketWidth);
    if (!lane.points.has(b)) lane.points.set(b, e.t);
  }
  for (const [verdict, points] of traffic.inboundLanes) {
    const lane = byKey.get(verdict)!;
    for (const [b, t] of points) if (!lane.points.has(b) || lane.points.get(b)! > t) lane.points.set(b, t);
  }
  // Lanes that say "nothing happened here" are information too, but only for actors the run had.
  const shown = lanes.filter((l) => l.points.size > 0 || (traffic.present && traffic.lines > 0 && (l.key === 'accepted' || l.key === 'rejected')) || l.key === 'scenario');
  const plots: PlotSpec[] = [];
  const parts: string[] = [];
  if (shown.some((l) => l.points.size > 0)) {
    const times = [...new Set(shown.flatMap((l) => [...l.points.values()]))].sort((a, b) => a - b);
    const at = new Map(times.map((t, i) => [t, i]));
    const series = shown.map((lane, i) => {
      const values: Array<number | null> = times.map(() => null);
      for (const t of lane.points.values()) values[at.get(t)!] = i;
      return { label: lane.label, values, style: 'points' as const, color: lane.color };
    });
    plots.push({
      id: 'timeline',
      title: 'Scenario events and the control plane’s reactions',
      xLabel: 'simulated time',
      yLabel: '',
      xs: times,
      series,
      yCategories: shown.map((l) => l.label),
      markers: frame.markers,
      xRange: frame.xRange,
      xDuration: true,
      syncKey: 'run-time',
      height: 90 + 34 * shown.length,
    });
    parts.push(plotDiv('timeline'));
  }
  parts.push(eventTable(frame, traffic));
  return { html: `<section id="timeline"><h2>Timeline</h2>\n${parts.join('\n')}\n</section>`, plots };
}

interface Row {
  t: number;
  order: number;
  lane: string;
  what: string;
  detail: string;
}

/** Table rows from summary.events; the lanes above show all of them. */
const LISTED_EVENTS = 1000;

function eventTable(frame: ReportFrame, traffic: TrafficDigest): string {
  const events = frame.summary.events;
  const rows: Row[] = events.slice(0, LISTED_EVENTS).map((e, i) => ({
    t: e.t,
    order: i,
    lane: e.kind,
    what: escapeHtml(e.what),
    detail: escapeHtml(e.detail ?? ''),
  }));
  traffic.inbound.forEach((m, i) => {
    const failures = m.failures.map((f) => `<div><code>${escapeHtml(f.rule)}</code> ${escapeHtml(f.detail)}</div>`).join('');
    const payload = m.payload !== undefined ? `<div class="payload"><span class="muted">payload</span> <code>${escapeHtml(m.payload)}</code></div>` : '';
    rows.push({
      t: m.t,
      order: 1e9 + i,
      lane: `in: ${m.verdict}`,
      what: `${escapeHtml(m.type ?? 'message')} <span class="muted">on</span> <code>${escapeHtml(m.topic)}</code>`,
      detail: failures + payload,
    });
  });
  if (rows.length === 0) return '<p class="muted">Nothing happened on the timeline, and no message came in from the control plane.</p>';
  rows.sort((a, b) => a.t - b.t || a.order - b.order);
  const more = [
    events.length > LISTED_EVENTS ? `The first ${formatNumber(LISTED_EVENTS)} of ${formatNumber(events.length)} events are listed; summary.json has them all.` : '',
    traffic.inboundTotal > traffic.inbound.length
      ? `The first ${formatNumber(traffic.inbound.length)} of ${formatNumber(traffic.inboundTotal)} inbound messages are listed; traffic.ndjson has them all.`
      : '',
  ]
    .filter(Boolean)
    .map((t) => `<p class="muted">${t}</p>`)
    .join('');
  const body = rows
    .map((r) => `<tr class="lane-${cls(r.lane)}"><td class="num">${formatSimTime(r.t)}</td><td><span class="pill ${cls(r.lane)}">${escapeHtml(r.lane)}</span></td><td>${r.what}</td><td>${r.detail}</td></tr>`)
    .join('\n');
  return `<details class="events" ${rows.length <= 40 ? 'open' : ''}><summary>${formatNumber(rows.length)} events and inbound messages</summary>${more}
<div class="scroll"><table class="wide"><thead><tr><th>sim time</th><th>who</th><th>what</th><th>detail</th></tr></thead><tbody>
${body}
</tbody></table></div></details>`;
}

/** A CSS class for a lane: letters and dashes only. */
function cls(lane: string): string {
  return lane.toLowerCase().replace(/[^a-z]+/g, '-');
}
