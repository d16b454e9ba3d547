// The completed WDPC schemas are read the same way by an independent implementation: protoc
// compiles the whole set without a warning, and `protoc --decode` of bytes gridtwin encoded with
// protobufjs gives back the fields that were encoded (nested messages, repeated, maps, enums,
// timestamps, bytes).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import protobuf from 'protobufjs';
import { protoFiles, WDPC_PROTO_DIR, WDPC_STREAM_MESSAGES, wdpcType } from '../../sim/bindings/wdpc/schema.ts';
import { parseTextFormat, toPlainObject } from './protoc-text-format.ts';

/** Where the system's google/protobuf/*.proto live (protobuf-compiler from apt: /usr/include). */
const INCLUDE = ['/usr/include', '/usr/local/include', '/opt/homebrew/include'].find((d) => existsSync(path.join(d, 'google/protobuf/timestamp.proto'))) ?? '/usr/include';

function protoc(args: string[], input?: Uint8Array): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync('protoc', [`--proto_path=${WDPC_PROTO_DIR}`, `--proto_path=${INCLUDE}`, ...args], { input, cwd: WDPC_PROTO_DIR });
  if (r.error) throw new Error(`protoc could not run (${r.error.message}): install protobuf-compiler (apt-get install protobuf-compiler; npm test runs scripts/ensure-brokers.mjs, which installs it)`);
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), status: r.status };
}

describe('WDPC schemas through protoc', () => {
  it('protoc is installed (a missing protoc fails here, it is not skipped)', () => {
    expect(protoc(['--version']).stdout).toMatch(/libprotoc \d+/);
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
        future_intent: [{ predicted_time: { seconds: 1_790_003_600 }, predicted_power_mw: 40, confidence_level: 1, intent_description: 'job_stop', current_power_mw: 450, kind: 'JOB_STOP', ramp_duration_sec: 0.04, transition_id: 'llm-train-7/stop/1' }],
        policy_preferences: { carbon: 'low' },
        dependencies: ['storage-a', 'storage-b'],
      },
      expect: [/^workload_id: "llm-train-7"$/m, /^timestamp \{\n\s+seconds: 1790000000\n\s+nanos: 500000000\n\}/m, /^workload_type: BATCH_PROCESSING$/m, /peak_power_mw: 450/, /to_power_mw: 40/, /kind: JOB_STOP/, /ramp_duration_sec: 0.04/, /transition_id: "llm-train-7\/stop\/1"/, /intent_description: "job_stop"/, /key: "carbon"\n\s+value: "low"/, /dependencies: "storage-b"/],
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

  // Every stream payload and the envelope, every field set (non-default values, nested to depth 3,
  // repeated and map fields with two entries, awkward strings and bytes, 64-bit extremes): what protoc
  // prints must be exactly what protobufjs decodes from the same bytes, and that must be what was
  // encoded.
  const TO_OBJECT = { longs: String, enums: String, bytes: String } as const;
  const full = ['wdpc.core.v1.WDPCMessage', ...WDPC_STREAM_MESSAGES.map((m) => m.fullName)];
  for (const name of full) {
    it(`protoc --decode=${name}: every field of a fully populated message, compared field by field`, () => {
      const t = wdpcType(name);
      const object = populated(t, 0);
      const bytes = t.encode(t.fromObject(object)).finish();
      const ours = t.toObject(t.decode(bytes), TO_OBJECT);
      expect(ours).toEqual(t.toObject(t.fromObject(object), TO_OBJECT));
      const file = path.basename(t.filename ?? '');
      const r = protoc([`--decode=${name}`, file], bytes);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(toPlainObject(t, parseTextFormat(r.stdout))).toEqual(ours);
    });
  }

  it('the comparison bites: a field protoc reads differently is reported', () => {
    const t = wdpcType('wdpc.component.v1.PowerMetrics');
    const bytes = t.encode(t.fromObject({ instantaneous_power_watts: 1.5 })).finish();
    const seen = toPlainObject(t, parseTextFormat(protoc(['--decode=wdpc.component.v1.PowerMetrics', 'wdpc_component.proto'], bytes).stdout));
    expect(seen).toEqual({ instantaneous_power_watts: 1.5 });
    expect(seen).not.toEqual({ instantaneous_power_watts: 1.25 });
    expect(() => toPlainObject(t, parseTextFormat('no_such_field: 1'))).toThrow(/does not have/);
    expect(() => parseTextFormat('a { b: 1')).toThrow(/ends inside/);
  });
});

let counter = 0;
const AWKWARD = ['line\nbreak "quoted" \\ back', 'ü 45 °C — ✓', "tab\tand 'single'"];

/** A plain object of `type` with every field set to a non-default value (proto3 would drop defaults). */
function populated(type: protobuf.Type, depth: number): Record<string, unknown> {
  if (type.fullName === '.google.protobuf.Timestamp') return { seconds: String(1_790_000_000 + ++counter), nanos: 1_000 * ++counter };
  const out: Record<string, unknown> = {};
  for (const f of type.fieldsArray) {
    f.resolve();
    const one = (field: { type: string; resolvedType: protobuf.ReflectionObject | null }): unknown => {
      const rt = field.resolvedType;
      if (rt instanceof protobuf.Enum) {
        const names = Object.keys(rt.values).filter((n) => rt.values[n] !== 0);
        return names[++counter % names.length];
      }
      if (rt instanceof protobuf.Type) return depth < 3 ? populated(rt, depth + 1) : undefined;
      return scalar(field.type, ++counter);
    };
    if (f instanceof protobuf.MapField) {
      const keys = f.keyType === 'string' ? ['k "1"', 'ключ-2'] : ['1', '2'];
      const entries = Object.fromEntries(keys.map((k) => [k, one(f)]).filter(([, v]) => v !== undefined));
      if (Object.keys(entries).length) out[f.name] = entries;
    } else if (f.repeated) {
      const list = [one(f), one(f)].filter((v) => v !== undefined);
      if (list.length) out[f.name] = list;
    } else {
      const v = one(f);
      if (v !== undefined) out[f.name] = v;
    }
  }
  return out;
}

function scalar(type: string, n: number): unknown {
  switch (type) {
    case 'double':
      return n % 2 ? -(n * 1.375 + 0.1) : n * 1e-7 + 123456789.125;
    case 'float':
      return n + 0.5;
    case 'string':
      return `${AWKWARD[n % AWKWARD.length]} #${n}`;
    case 'bytes':
      return Buffer.from([0, 1, 34, 39, 92, 127, 128, 255, 10, n & 0xff]);
    case 'bool':
      return true;
    case 'uint64':
    case 'fixed64':
      return '18446744073709551615';
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return '-9223372036854775808';
    case 'uint32':
    case 'fixed32':
      return 4294967295 - n;
    default:
      return n % 2 ? -n : n; // int32 and friends, negative on every other field
  }
}
