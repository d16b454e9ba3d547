// The WDPC schema set (proto/wdpc/v1, completed by gridtwin from the spec's Annex A and body) loaded
// with protobufjs. The files import each other by bare name ("wdpc_core.proto") relative to the
// proto directory, which acts as protoc's --proto_path; google/protobuf/timestamp.proto comes from
// the definitions protobufjs bundles (they never reach resolvePath).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import protobuf from 'protobufjs';

export const WDPC_PROTO_DIR = fileURLToPath(new URL('../../../proto/wdpc/v1/', import.meta.url));

/** wdpc.core.v1.MessageType by name (the spec's Annex A values; schema.test.ts checks them against the compiled enum). */
export const MESSAGE_TYPE = Object.freeze({
  WORKLOAD_DATA: 0,
  INFRASTRUCTURE_STATUS: 1,
  COMPONENT_METRICS: 2,
  POWER_MEASUREMENT: 3,
  THERMAL_DATA: 4,
  EXTERNAL_SYSTEM: 5,
  MARKETPLACE_DATA: 6,
});
export type MessageTypeName = keyof typeof MESSAGE_TYPE;

export interface StreamMessage {
  /** Full protobuf name, e.g. 'wdpc.workload.v1.WorkloadDataPublication'. */
  fullName: string;
  /** The envelope's message_type for it. */
  messageType: MessageTypeName;
  /** The payload a receiver assumes for this message_type when nothing else says (one per type). */
  primary: boolean;
}

/**
 * The messages that travel as a WDPCMessage payload, with their envelope type. Several share one
 * type (the spec has seven types for more streams than that); demand-response and municipal-heat
 * streams travel as EXTERNAL_SYSTEM (docs/spec-decisions.md W4).
 */
export const WDPC_STREAM_MESSAGES: readonly StreamMessage[] = Object.freeze([
  { fullName: 'wdpc.workload.v1.WorkloadDataPublication', messageType: 'WORKLOAD_DATA', primary: true },
  { fullName: 'wdpc.infrastructure.v1.InfrastructureStatus', messageType: 'INFRASTRUCTURE_STATUS', primary: true },
  { fullName: 'wdpc.infrastructure.v1.InfrastructureDataStream', messageType: 'INFRASTRUCTURE_STATUS', primary: false },
  { fullName: 'wdpc.infrastructure.v1.FacilityStatus', messageType: 'INFRASTRUCTURE_STATUS', primary: false },
  { fullName: 'wdpc.component.v1.ComponentDataStream', messageType: 'COMPONENT_METRICS', primary: true },
  { fullName: 'wdpc.power.v1.PowerSystemData', messageType: 'POWER_MEASUREMENT', primary: true },
  { fullName: 'wdpc.thermal.v1.ThermalSystemData', messageType: 'THERMAL_DATA', primary: true },
  { fullName: 'wdpc.grid.v1.GridOperatorData', messageType: 'EXTERNAL_SYSTEM', primary: true },
  { fullName: 'wdpc.demandresponse.v1.DemandResponseEvent', messageType: 'EXTERNAL_SYSTEM', primary: false },
  { fullName: 'wdpc.municipal.v1.MunicipalHeatData', messageType: 'EXTERNAL_SYSTEM', primary: false },
  { fullName: 'wdpc.marketplace.v1.EnergyMarketData', messageType: 'MARKETPLACE_DATA', primary: true },
  { fullName: 'wdpc.marketplace.v1.CarbonOptimization', messageType: 'MARKETPLACE_DATA', primary: false },
]);

/** The envelope's message_type number for each payload message (wdpc.core.v1.MessageType). */
export const MESSAGE_TYPE_OF: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(WDPC_STREAM_MESSAGES.map((m) => [m.fullName, MESSAGE_TYPE[m.messageType]])),
);

/** The .proto files of a directory, sorted (the set is loaded in a stable order). */
export function protoFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proto'))
    .sort();
}

/**
 * Loads every .proto file of `dir` into one protobufjs Root. Imports resolve against `dir` like
 * protoc's --proto_path and may not leave it; protobufjs' bundled google/protobuf types serve the
 * well-known imports. Throws (with the file named) on a syntax error, a missing import or a type
 * that does not resolve.
 */
export function loadProtoDir(dir: string): protobuf.Root {
  const base = path.resolve(dir);
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    const file = path.resolve(base, target);
    if (origin !== '' && !file.startsWith(base + path.sep)) throw new Error(`${origin}: import "${target}" leaves the proto directory ${base}`);
    return file;
  };
  root.loadSync(protoFiles(base).map((f) => path.join(base, f)), { keepCase: true });
  root.resolveAll();
  return root;
}

let cached: protobuf.Root | undefined;

/** The WDPC schema set, loaded once. */
export function loadWdpcSchemas(): protobuf.Root {
  cached ??= loadProtoDir(WDPC_PROTO_DIR);
  return cached;
}

const types = new Map<string, protobuf.Type>();

/** A WDPC message type by its full name, e.g. 'wdpc.core.v1.WDPCMessage' (cached). */
export function wdpcType(fullName: string): protobuf.Type {
  let t = types.get(fullName);
  if (!t) {
    t = loadWdpcSchemas().lookupType(fullName);
    types.set(fullName, t);
  }
  return t;
}

/** Every message of the set (full names without the leading dot, sorted), with its envelope type where it is a stream payload. */
export function wdpcMessageTypes(): Array<{ fullName: string; messageType?: MessageTypeName }> {
  const byName = new Map(WDPC_STREAM_MESSAGES.map((m) => [m.fullName, m.messageType]));
  const out: Array<{ fullName: string; messageType?: MessageTypeName }> = [];
  const walk = (ns: protobuf.NamespaceBase): void => {
    for (const o of ns.nestedArray) {
      if (o instanceof protobuf.Type) {
        const fullName = o.fullName.slice(1);
        if (!fullName.startsWith('google.')) out.push(byName.has(fullName) ? { fullName, messageType: byName.get(fullName) } : { fullName });
      }
      if (o instanceof protobuf.Namespace) walk(o);
    }
  };
  walk(loadWdpcSchemas());
  return out.sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0));
}
