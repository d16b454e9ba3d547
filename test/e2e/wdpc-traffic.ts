// Reading a WDPC run's Sparkplug traffic back for the end-to-end tests: each message decoded with
// its data metrics named from the births' aliases, every envelope opened and checked.
import type protobuf from 'protobufjs';
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { FinishedRun } from './run-helpers.ts';
import { openEnvelope } from '../../sim/bindings/wdpc/envelope.ts';
import { IntegrityChecker } from '../../sim/bindings/wdpc/integrity.ts';
import { MESSAGE_TYPE } from '../../sim/bindings/wdpc/schema.ts';
import { streamMessageType } from '../../sim/bindings/wdpc/bus-inspector.ts';
import { decodePayload, type DecodedPayload } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { parseSpTopic } from '../../sim/bindings/wdpc/sparkplug/topics.ts';

/** The key a run uses without `key:` (docs/spec-decisions.md W13). */
export const defaultKey = (seed: number) => new Map([['gridtwin-test', createHash('sha256').update(`gridtwin/wdpc-key/${seed}`).digest()]]);

const bytesOf = (payload: string): Buffer => (payload.startsWith('base64:') ? Buffer.from(payload.slice(7), 'base64') : Buffer.from(payload, 'utf8'));

export interface SpRecord {
  t: number;
  direction: string;
  verdict: string;
  type: string;
  node: string;
  device?: string;
  qos: number;
  retain: boolean;
  payload: DecodedPayload;
  /** Metric name → value (names resolved through the births' aliases). */
  values: Map<string, unknown>;
}

/** The Sparkplug traffic of a run, decoded, with data metrics named from their births. */
export async function sparkplugTraffic(run: FinishedRun): Promise<SpRecord[]> {
  const names = new Map<string, string>(); // `${scope}#${alias}` → name
  const out: SpRecord[] = [];
  for (const r of await run.traffic()) {
    const topic = parseSpTopic(r.topic);
    if (!topic) continue;
    const payload = decodePayload(bytesOf(r.payload));
    const scope = topic.device ?? '';
    const values = new Map<string, unknown>();
    for (const m of payload.metrics) {
      // NCMDs address the node's metrics (scope '').
      if (m.name !== undefined && m.alias !== undefined && (topic.type === 'NBIRTH' || topic.type === 'DBIRTH')) names.set(`${scope}#${m.alias}`, m.name);
      const name = m.name ?? names.get(`${scope}#${m.alias}`) ?? `alias ${m.alias}`;
      values.set(name, m.isNull ? null : m.value);
    }
    out.push({ t: r.sim_time, direction: r.direction, verdict: r.verdict, type: topic.type, node: topic.node, device: topic.device, qos: r.qos, retain: r.retain, payload, values });
  }
  return out;
}

export const round = (t: number) => Math.round(t * 1000) / 1000;
export const times = (recs: SpRecord[]) => recs.map((r) => round(r.t));
export const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, k) => round(from + k * step));

export interface OpenedStream {
  t: number;
  metric: string;
  device?: string;
  source?: string;
  payload: Record<string, any>;
}

/** Opens every `wdpc/<stream>` envelope of the run's outbound data with `keys`; expects each to pass. */
export function openAll(recs: SpRecord[], keys: Map<string, Uint8Array>): OpenedStream[] {
  const checker = new IntegrityChecker({ keys, freshnessMs: 1 });
  const out: OpenedStream[] = [];
  for (const r of recs.filter((x) => x.direction === 'out' && (x.type === 'DDATA' || x.type === 'NDATA'))) {
    for (const [metric, value] of r.values) {
      if (!metric.startsWith('wdpc/')) continue;
      expect(value, `${metric} at ${r.t}`).toBeInstanceOf(Uint8Array);
      // Received at the message's own timestamp: the envelope must carry the same one (freshness 1 ms).
      const o = openEnvelope(value as Uint8Array, checker, r.payload.timestamp!);
      expect(o.checks.filter((c) => !c.ok), `${metric} of ${r.device ?? r.node} at ${r.t}`).toEqual([]);
      expect(o.accepted).toBe(true);
      expect(o.messageType, metric).toBe(MESSAGE_TYPE[streamMessageType(metric)!]);
      out.push({ t: round(r.t), metric, device: r.device, source: o.sourceId, payload: asObject(o.payload!) });
    }
  }
  expect(checker.gaps).toBe(0n);
  return out;
}

/** A decoded payload as a plain object with proto3 defaults (enum 0 values included), enums by name. */
export const asObject = (m: protobuf.Message): Record<string, any> => (m.$type as protobuf.Type).toObject(m, { defaults: true, enums: String, longs: String });

export const statusOf = (run: FinishedRun) => new Map(run.outcome.summary.conformance.rules.map((r) => [r.id, r.status]));
