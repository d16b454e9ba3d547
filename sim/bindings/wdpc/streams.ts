// The streams a facility publishes, in one table: the Sparkplug metric `wdpc/<stream>` each travels
// in, its payload message and envelope type, its NATS family, and the WDPC Table 1 row its access
// time is scored against. The publisher, the bus inspector, the NATS mirror and the access-time
// probe all read it, so a stream is named and typed in one place.
import { MESSAGE_TYPE_OF, WDPC_STREAM_MESSAGES, type MessageTypeName } from './schema.ts';

export const STREAM_PREFIX = 'wdpc/';

/** WDPC Table 1 "access time requirement" per row, s (workload: gridtwin's choice, as infrastructure). */
export const ACCESS_BUDGETS = {
  node_power: 0.1,
  components: 0.15,
  thermal: 0.5,
  infrastructure: 1,
  external: 5,
  workload: 1,
} as const;
export type AccessRow = keyof typeof ACCESS_BUDGETS;

export interface StreamDef {
  /** Full protobuf name of the payload. */
  payload: string;
  /** NATS family (stream WDPC_<FAMILY>). */
  family: 'component' | 'thermal' | 'infrastructure' | 'power' | 'grid' | 'workload';
  /** Table 1 row its access time counts toward. */
  row: AccessRow;
}

/** By stream name; GPU streams are `gpu<k>` and share the `gpu` entry. */
const STREAMS: Readonly<Record<string, StreamDef>> = {
  node: { payload: 'wdpc.component.v1.ComponentDataStream', family: 'component', row: 'node_power' },
  gpu: { payload: 'wdpc.component.v1.ComponentDataStream', family: 'component', row: 'components' },
  thermal: { payload: 'wdpc.thermal.v1.ThermalSystemData', family: 'thermal', row: 'thermal' },
  infrastructure: { payload: 'wdpc.infrastructure.v1.InfrastructureStatus', family: 'infrastructure', row: 'infrastructure' },
  power: { payload: 'wdpc.power.v1.PowerSystemData', family: 'power', row: 'infrastructure' },
  grid: { payload: 'wdpc.grid.v1.GridOperatorData', family: 'grid', row: 'external' },
  workload: { payload: 'wdpc.workload.v1.WorkloadDataPublication', family: 'workload', row: 'workload' },
};

/** The families the twin publishes into (one JetStream stream each). */
export const STREAM_FAMILIES = [...new Set(Object.values(STREAMS).map((s) => s.family))];

/** The stream a `wdpc/<stream>` metric carries, or undefined for a name gridtwin does not publish. */
export function streamOf(metric: string): StreamDef | undefined {
  if (!metric.startsWith(STREAM_PREFIX)) return undefined;
  const s = metric.slice(STREAM_PREFIX.length);
  return /^gpu\d+$/.test(s) ? STREAMS.gpu : Object.hasOwn(STREAMS, s) && s !== 'gpu' ? STREAMS[s] : undefined;
}

/** The envelope type a `wdpc/<stream>` metric carries. */
export function streamMessageType(metric: string): MessageTypeName | undefined {
  const s = streamOf(metric);
  return s ? WDPC_STREAM_MESSAGES.find((m) => m.fullName === s.payload)!.messageType : undefined;
}

/** The payload type name of a stream, for sealing (`wdpc/node`, `wdpc/gpu0`, …). */
export function payloadOf(metric: string): string {
  const s = streamOf(metric);
  if (!s || MESSAGE_TYPE_OF[s.payload] === undefined) throw new Error(`${metric} is not a WDPC stream`);
  return s.payload;
}
