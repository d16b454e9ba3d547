// Sparkplug B for the WDPC bus (sim/bindings/wdpc/sparkplug/): payloads through the vendored
// Tahu proto (and protoc), the topic namespace, the edge node's session rules (bdSeq in the Will and
// the NBIRTH, seq 0 at birth and +1 with wrap at 255, births before data, rebirth), and a host
// inspector that catches each violation.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataType, decodePayload, encodePayload } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { parseSpTopic, spTopic } from '../../sim/bindings/wdpc/sparkplug/topics.ts';
import { EdgeSession } from '../../sim/bindings/wdpc/sparkplug/edge-session.ts';
import { HostInspector } from '../../sim/bindings/wdpc/sparkplug/host-inspector.ts';

const T = 1_790_000_000_000;
const PROTO_DIR = fileURLToPath(new URL('../../proto/sparkplug/', import.meta.url));
const session = () => new EdgeSession('gridtwin', 'dc1', [{ name: 'facility/power_mw', datatype: DataType.Double }], new Map([['r00-n000', [{ name: 'wdpc', datatype: DataType.Bytes }, { name: 'power_w', datatype: DataType.Double }]]]));
const failed = (c: Array<{ rule: string; ok: boolean }>) => c.filter((x) => !x.ok).map((x) => x.rule);

describe('Sparkplug B payloads', () => {
  const p = { timestamp: T, seq: 7, metrics: [{ name: 'bdSeq', timestamp: T, datatype: DataType.UInt64, value: 3 }, { alias: 5, timestamp: T, datatype: DataType.Double, value: 412.5 }, { name: 'wdpc', timestamp: T, datatype: DataType.Bytes, value: Buffer.from([0, 1, 255]) }, { name: 'ok', timestamp: T, datatype: DataType.Boolean, value: true }] };

  it('round-trip through protobufjs with every value in its datatype\'s field', () => {
    const d = decodePayload(encodePayload(p as never));
    expect(d.seq).toBe(7);
    expect(d.metrics.map((m) => m.value)).toEqual([3, 412.5, Buffer.from([0, 1, 255]), true]);
    expect(d.metrics[1].alias).toBe(5);
  });

  it('protoc decodes gridtwin\'s bytes with the unmodified Tahu proto', () => {
    const r = spawnSync('protoc', [`--proto_path=${PROTO_DIR}`, '--decode=org.eclipse.tahu.protobuf.Payload', 'sparkplug_b.proto'], { input: encodePayload(p as never), cwd: PROTO_DIR });
    expect(r.stderr.toString()).toBe('');
    const out = r.stdout.toString();
    expect(out).toMatch(/^seq: 7$/m);
    expect(out).toMatch(/name: "bdSeq"[\s\S]*datatype: 8[\s\S]*long_value: 3/);
    expect(out).toMatch(/alias: 5[\s\S]*double_value: 412.5/);
    expect(out).toMatch(/bytes_value: "\\000\\001\\377"/);
  });
});

describe('Sparkplug B topics', () => {
  it('build and parse node and device topics; reject wildcards, empty ids and wrong shapes', () => {
    const t = spTopic({ group: 'g', type: 'DDATA', node: 'dc1', device: 'r00-n000' });
    expect(t).toBe('spBv1.0/g/DDATA/dc1/r00-n000');
    expect(parseSpTopic(t)).toEqual({ group: 'g', type: 'DDATA', node: 'dc1', device: 'r00-n000' });
    expect(parseSpTopic('spBv1.0/g/NBIRTH/dc1')).toEqual({ group: 'g', type: 'NBIRTH', node: 'dc1' });
    for (const bad of ['spBv1.0/g/NBIRTH/dc1/x', 'spBv1.0/g/DDATA/dc1', 'spBv1.0/g/NOPE/dc1', 'spAv1.0/g/NBIRTH/dc1', 'spBv1.0//NBIRTH/dc1']) expect(parseSpTopic(bad), bad).toBeUndefined();
    expect(() => spTopic({ group: 'g+', type: 'NBIRTH', node: 'n' })).toThrow(/not a valid Sparkplug id/);
    expect(() => spTopic({ group: 'g', type: 'DDATA', node: 'n' })).toThrow(/needs device id/);
  });
});

describe('edge node session and host inspector', () => {
  const host = (msgs: Array<{ topic: string; payload: object }>, h = new HostInspector()) => msgs.flatMap((m) => h.inspect(m.topic, encodePayload(m.payload as never), 0, false).checks);

  it('a well-behaved session passes every check: Will and NBIRTH share bdSeq, seq 0,1,2… wraps 255 → 0', () => {
    const s = session();
    const will = s.newSession(T);
    const births = s.birth(T, () => 0);
    expect(births.map((b) => [b.type, b.payload.seq])).toEqual([['NBIRTH', 0], ['DBIRTH', 1]]);
    expect(births[0].payload.metrics.find((m) => m.name === 'bdSeq')?.value).toBe(will.payload.metrics[0].value);
    const data = Array.from({ length: 300 }, (_, k) => s.data(T + k, 'r00-n000', [{ name: 'power_w', value: k }]));
    expect(data[253].payload.seq).toBe(255);
    expect(data[254].payload.seq).toBe(0);
    expect(data[0].payload.metrics[0]).toMatchObject({ alias: expect.any(Number) });
    expect(data[0].payload.metrics[0].name).toBeUndefined();
    const h = new HostInspector();
    expect(failed(host([...births, ...data, s.death(T + 400)], h))).toEqual([]);
    expect(h.gaps).toBe(0);
  });

  it('a new connection is a new session (bdSeq + 1); a rebirth keeps bdSeq and restarts seq at 0', () => {
    const s = session();
    s.newSession(T);
    s.birth(T, () => 0);
    s.data(T, undefined, [{ name: 'facility/power_mw', value: 1 }]);
    const again = s.birth(T + 1, () => 0);
    expect(again[0].payload.seq).toBe(0);
    expect(again[0].payload.metrics[0].value).toBe(0);
    expect(s.newSession(T + 2).payload.metrics[0].value).toBe(1);
    expect(EdgeSession.isRebirth({ timestamp: T, metrics: [{ name: 'Node Control/Rebirth', timestamp: T, datatype: DataType.Boolean, value: true }] })).toBe(true);
  });

  it('the session refuses data before birth and metrics its birth did not declare', () => {
    const s = session();
    s.newSession(T);
    expect(() => s.data(T, 'r00-n000', [{ name: 'power_w', value: 1 }])).toThrow(/before its birth/);
    s.birth(T, () => 0);
    expect(() => s.data(T, 'r00-n000', [{ name: 'volts', value: 1 }])).toThrow(/was not in the birth/);
  });

  it('the inspector catches data before birth, a seq gap, a bdSeq mismatch, a retained or QoS 1 data message', () => {
    const s = session();
    s.newSession(T);
    const [nb, db] = s.birth(T, () => 0);
    const d1 = s.data(T, 'r00-n000', [{ name: 'power_w', value: 1 }]);
    s.data(T, 'r00-n000', [{ name: 'power_w', value: 2 }]); // lost
    const d3 = s.data(T, 'r00-n000', [{ name: 'power_w', value: 3 }]);
    expect(failed(host([d1]))).toEqual(['SPB-BIRTH-002', 'SPB-SEQ-001']);
    const h = new HostInspector();
    expect(failed(host([nb, db, d1, d3], h))).toEqual(['SPB-SEQ-001']);
    expect(h.gaps).toBe(1);
    const wrongDeath = { topic: 'spBv1.0/gridtwin/NDEATH/dc1', payload: { timestamp: T, metrics: [{ name: 'bdSeq', timestamp: T, datatype: DataType.UInt64, value: 9 }] } };
    expect(failed(host([nb, wrongDeath]))).toEqual(['SPB-DEATH-001']);
    expect(failed(host([{ ...nb, payload: { ...nb.payload, seq: 4 } }]))).toEqual(['SPB-BIRTH-001']);
    const h2 = new HostInspector();
    h2.inspect(nb.topic, encodePayload(nb.payload), 0, false);
    expect(failed(h2.inspect(db.topic, encodePayload(db.payload), 1, true).checks)).toEqual(['SPB-MQTT-001']);
    expect(failed(new HostInspector().inspect('spBv1.0/gridtwin/NDATA/dc1', Buffer.from([0xff, 0xff]), 0, false).checks)).toEqual(['SPB-PAYLOAD-001']);
  });
});
