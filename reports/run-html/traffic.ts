// traffic.ndjson, read as a stream for report.html: message counts per time bucket by direction and
// verdict, the control plane's inbound messages (first ones listed, all of them on the timeline's
// lanes per bucket), and end-to-end latencies the log can tell: from a command to gridtwin's first
// message carrying its correlation id, and (real-time runs) from the sender's timestamp to arrival.
// Everything kept is bounded by the number of buckets or a fixed cap, never by the run's length.
import { StreamingDownsampler } from '../html/streaming-downsample.ts';
import type { Columns } from '../html/downsample.ts';
import { openLines } from '../read-lines.ts';

/** Rate series, in this order in `RateBuckets` counts. */
export const RATE_KINDS = [
  { key: 'out', label: 'out: published by gridtwin' },
  { key: 'out-failed', label: 'out: failed its self-check' },
  { key: 'in-accepted', label: 'in: accepted from the control plane' },
  { key: 'in-rejected', label: 'in: rejected' },
  { key: 'lost', label: 'lost' },
] as const;

export interface InboundItem {
  t: number;
  verdict: string;
  topic: string;
  type?: string;
  failures: Array<{ rule: string; detail: string }>;
  /** The start of the payload, for rejected messages (what the control plane actually sent). */
  payload?: string;
}

export interface TrafficDigest {
  present: boolean;
  lines: number;
  malformed: number;
  /** Bucket width of `rates` in seconds, and counts per bucket index (RATE_KINDS order). */
  rateWidth: number;
  rates: Map<number, number[]>;
  inboundTotal: number;
  /** The first inbound messages, in log order. */
  inbound: InboundItem[];
  /** Per verdict of inbound messages: bucket index → first time in that bucket (timeline lanes). */
  inboundLanes: Map<string, Map<number, number>>;
  /** Command → first gridtwin message with its correlation id: x = command time, y = seconds. */
  reaction: Columns;
  reactionCount: number;
  /** Sender timestamp → arrival (wall clock), real-time runs only. */
  wire: Columns;
  wireCount: number;
}

const LISTED_INBOUND = 300;
const PAYLOAD_SHOWN = 240;
/** Commands waiting for their first correlated reply; the oldest are dropped beyond this. */
const PENDING_CAP = 10_000;

export interface TrafficReadOptions {
  bucketWidth: number;
  span: number;
  realtime: boolean;
}

export async function readTraffic(path: string, o: TrafficReadOptions): Promise<TrafficDigest> {
  const rateWidth = rateBucketWidth(o.span);
  const d: TrafficDigest = {
    present: false,
    lines: 0,
    malformed: 0,
    rateWidth,
    rates: new Map(),
    inboundTotal: 0,
    inbound: [],
    inboundLanes: new Map(),
    reaction: { xs: [], ys: [[]] },
    reactionCount: 0,
    wire: { xs: [], ys: [[]] },
    wireCount: 0,
  };
  const lines = await openLines(path);
  if (!lines) return d;
  d.present = true;
  const reaction = new StreamingDownsampler({ series: 1, bucketWidth: o.bucketWidth });
  const wire = new StreamingDownsampler({ series: 1, bucketWidth: o.bucketWidth });
  const pending = new Map<string, number>();
  for await (const line of lines) {
    if (line === '') continue;
    d.lines++;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch {
      d.malformed++;
      continue;
    }
    const t = typeof r.sim_time === 'number' ? r.sim_time : NaN;
    if (!Number.isFinite(t)) {
      d.malformed++;
      continue;
    }
    const verdict = String(r.verdict ?? '');
    const payload = typeof r.payload === 'string' ? r.payload : '';
    const kind = rateKind(r.direction, verdict);
    const b = Math.floor(t / rateWidth);
    const counts = d.rates.get(b) ?? d.rates.set(b, RATE_KINDS.map(() => 0)).get(b)!;
    counts[kind]++;
    if (r.direction === 'in') {
      d.inboundTotal++;
      const event = parseObject(payload);
      const lane = verdict === 'accepted' || verdict === 'rejected' ? verdict : 'other';
      const laneMap = d.inboundLanes.get(lane) ?? d.inboundLanes.set(lane, new Map()).get(lane)!;
      const lb = Math.floor(t / o.bucketWidth);
      if (!laneMap.has(lb)) laneMap.set(lb, t);
      if (d.inbound.length < LISTED_INBOUND) {
        d.inbound.push({
          t,
          verdict,
          topic: String(r.topic ?? ''),
          ...(typeof event?.type === 'string' ? { type: event.type } : {}),
          failures: Array.isArray(r.failures) ? (r.failures as Array<{ rule: unknown; detail: unknown }>).map((f) => ({ rule: String(f.rule), detail: String(f.detail) })) : [],
          ...(verdict !== 'accepted' ? { payload: payload.length > PAYLOAD_SHOWN ? `${payload.slice(0, PAYLOAD_SHOWN)}…` : payload } : {}),
        });
      }
      if (verdict === 'accepted' && typeof event?.correlationid === 'string' && !pending.has(event.correlationid)) {
        pending.set(event.correlationid, t);
        if (pending.size > PENDING_CAP) pending.delete(pending.keys().next().value as string);
      }
      if (o.realtime && typeof event?.time === 'string' && typeof r.wall_time === 'string') {
        const delay = (Date.parse(r.wall_time) - Date.parse(event.time)) / 1000;
        if (Number.isFinite(delay)) {
          wire.push(t, [delay]);
          d.wireCount++;
        }
      }
    } else if (pending.size > 0 && payload.includes('"correlationid"')) {
      const corr = parseObject(payload)?.correlationid;
      if (typeof corr === 'string') {
        const since = pending.get(corr);
        if (since !== undefined) {
          pending.delete(corr);
          reaction.push(since, [t - since]);
          d.reactionCount++;
        }
      }
    }
  }
  d.reaction = reaction.finish();
  d.wire = wire.finish();
  return d;
}

function rateKind(direction: unknown, verdict: string): number {
  if (verdict === 'lost') return 4;
  if (direction === 'in') return verdict === 'accepted' ? 2 : 3;
  return verdict === 'failed' ? 1 : 0;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const NICE_WIDTHS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400];

/** About 100 rate buckets over the run, on a width a reader can say (1 s, 10 s, 1 min, …). */
export function rateBucketWidth(span: number): number {
  const want = span / 100;
  return NICE_WIDTHS.find((w) => w >= want) ?? NICE_WIDTHS[NICE_WIDTHS.length - 1];
}
