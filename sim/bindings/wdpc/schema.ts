// The WDPC schema set (proto/wdpc/v1, completed by gridtwin from the spec's Annex A and body) loaded
// with protobufjs. The files import each other by bare name ("wdpc_core.proto") and
// google/protobuf/timestamp.proto, which protobufjs bundles; everything else resolves inside the
// proto directory.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readdirSync } from 'node:fs';
import protobuf from 'protobufjs';

export const WDPC_PROTO_DIR = fileURLToPath(new URL('../../../proto/wdpc/v1/', import.meta.url));

/** The WDPC envelope's message_type for each payload message (wdpc.core.v1.MessageType). */
export const MESSAGE_TYPE_OF: Readonly<Record<string, number>> = Object.freeze({
  'wdpc.workload.v1.WorkloadDataPublication': 0, // WORKLOAD_DATA
  'wdpc.infrastructure.v1.InfrastructureStatus': 1, // INFRASTRUCTURE_STATUS
  'wdpc.infrastructure.v1.InfrastructureDataStream': 1,
  'wdpc.infrastructure.v1.FacilityStatus': 1,
  'wdpc.component.v1.ComponentDataStream': 2, // COMPONENT_METRICS
  'wdpc.power.v1.PowerSystemData': 3, // POWER_MEASUREMENT
  'wdpc.thermal.v1.ThermalSystemData': 4, // THERMAL_DATA
  'wdpc.grid.v1.GridOperatorData': 5, // EXTERNAL_SYSTEM
  'wdpc.demandresponse.v1.DemandResponseEvent': 5,
  'wdpc.municipal.v1.MunicipalHeatData': 5,
  'wdpc.marketplace.v1.EnergyMarketData': 6, // MARKETPLACE_DATA
  'wdpc.marketplace.v1.CarbonOptimization': 6,
});

/** The .proto files of a directory, sorted (the set is loaded in a stable order). */
export function protoFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.proto'))
    .sort();
}

/** Loads every .proto file of `dir` into one protobufjs Root (imports resolved inside `dir`). */
export function loadProtoDir(dir: string): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('google/protobuf/') ? target : path.join(dir, path.basename(target)));
  root.loadSync(protoFiles(dir).map((f) => path.join(dir, f)), { keepCase: true });
  root.resolveAll();
  return root;
}

let cached: protobuf.Root | undefined;

export function loadWdpcSchemas(): protobuf.Root {
  cached ??= loadProtoDir(WDPC_PROTO_DIR);
  return cached;
}

const types = new Map<string, protobuf.Type>();

/** A WDPC message type by its full name, e.g. 'wdpc.core.v1.WDPCMessage'. */
export function wdpcType(fullName: string): protobuf.Type {
  let t = types.get(fullName);
  if (!t) {
    t = loadWdpcSchemas().lookupType(fullName);
    types.set(fullName, t);
  }
  return t;
}
