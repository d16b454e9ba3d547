// The completed WDPC schemas are read the same way by an independent implementation: protoc
// compiles the whole set without a warning, and `protoc --decode` of bytes gridtwin encoded with
// protobufjs gives back the fields that were encoded (nested messages, repeated, maps, enums,
// timestamps, bytes).
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { protoFiles, WDPC_PROTO_DIR, wdpcType } from '../../sim/bindings/wdpc/schema.ts';

const INCLUDE = '/usr/include';

function protoc(args: string[], input?: Uint8Array): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('protoc', [`--proto_path=${WDPC_PROTO_DIR}`, `--proto_path=${INCLUDE}`, ...args], { input, cwd: WDPC_PROTO_DIR });
  if (r.error) throw new Error(`protoc could not run (${r.error.message}): install protobuf-compiler (npm test installs it with apt-get)`);
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), status: r.status };
}

describe('WDPC schemas through protoc', () => {
  it('protoc is installed', () => {
    expect(execFileSync('protoc', ['--version']).toString()).toMatch(/libprotoc \d+/);
  });

  it('compiles the whole set without errors or warnings', () => {
    const r = protoc(['--descriptor_set_out=/dev/null', ...protoFiles(WDPC_PROTO_DIR)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  const cases: Array<{ type: string; file: string; object: Record<string, unknown>; expect: RegExp[] }> = [
    {
      type: 'wdpc.workload.v1.WorkloadDataPublication',
      file: 'wdpc_workload.proto',
      object: {
        workload_id: 'llm-train-7',
        timestamp: { seconds: 1_790_000_000, nanos: 500_000_000 },
        workload_type: 'BATCH_PROCESSING', // AI_TRAINING is the enum's zero value: proto3 leaves it off the wire
        power_requirements: { peak_power_mw: 450, baseline_power_mw: 40, transitions: [{ from_power_mw: 450, to_power_mw: 40, duration_sec: 36 }] },
        future_intent: [{ predicted_time: { seconds: 1_790_003_600 }, predicted_power_mw: 40, confidence_level: 1, intent_description: 'job_stop', current_power_mw: 450, kind: 'JOB_STOP' }],
        policy_preferences: { carbon: 'low' },
        dependencies: ['storage-a', 'storage-b'],
      },
      expect: [/^workload_id: "llm-train-7"$/m, /^timestamp \{\n\s+seconds: 1790000000\n\s+nanos: 500000000\n\}/m, /^workload_type: BATCH_PROCESSING$/m, /peak_power_mw: 450/, /to_power_mw: 40/, /kind: JOB_STOP/, /intent_description: "job_stop"/, /key: "carbon"\n\s+value: "low"/, /dependencies: "storage-b"/],
    },
    {
      type: 'wdpc.core.v1.WDPCMessage',
      file: 'wdpc_core.proto',
      object: {
        message_id: 'dc1/r00-n000/42',
        source_component_id: 'dc1/r00-n000',
        message_type: 'COMPONENT_METRICS',
        payload: Buffer.from([1, 2, 255]),
        metadata: { schema_version: 'wdpc.v1', key_id: 'k1', sequence_number: 42, hmac_sha256: Buffer.alloc(32, 7) },
        custom_headers: { site: 'dc1' },
      },
      expect: [/^message_type: COMPONENT_METRICS$/m, /^payload: "\\001\\002\\377"$/m, /sequence_number: 42/, /key_id: "k1"/, /hmac_sha256: "(\\007){32}"/],
    },
    {
      type: 'wdpc.component.v1.ComponentDataStream',
      file: 'wdpc_component.proto',
      object: { component_id: 'gpu3', type: 'PROCESSOR_GPU', power_data: { instantaneous_power_watts: 987.5, peak_power_watts: 1000 }, extended_metrics: { clock: 1980 } },
      expect: [/^type: PROCESSOR_GPU$/m, /instantaneous_power_watts: 987.5/, /key: "clock"\n\s+value: 1980/],
    },
    {
      type: 'wdpc.thermal.v1.ThermalSystemData',
      file: 'wdpc_thermal.proto',
      object: { thermal_system_id: 'cdu-1', temperatures: [{ sensor_id: 's1', location: 'COOLANT_OUTLET', temperature_celsius: 45.25, sensor_type: 'RTD' }], heat_recovery: { heat_delivered_mw: 3 } },
      expect: [/location: COOLANT_OUTLET/, /temperature_celsius: 45.25/, /sensor_type: RTD/, /heat_delivered_mw: 3/],
    },
  ];

  for (const c of cases) {
    it(`protoc --decode=${c.type} reads what gridtwin encoded`, () => {
      const t = wdpcType(c.type);
      const bytes = t.encode(t.fromObject(c.object)).finish();
      const r = protoc([`--decode=${c.type}`, c.file], bytes);
      expect(r.stderr).toBe('');
      for (const re of c.expect) expect(r.stdout).toMatch(re);
    });
  }

  it('protoc --decode_raw agrees on the wire: field 7 of WorkloadDataPublication carries the intent', () => {
    const t = wdpcType('wdpc.workload.v1.WorkloadDataPublication');
    const bytes = t.encode(t.fromObject({ future_intent: [{ predicted_power_mw: 40 }] })).finish();
    expect(protoc(['--decode_raw'], bytes).stdout).toMatch(/^7 \{\n\s+2: 0x4044000000000000\n\}/m);
  });
});
