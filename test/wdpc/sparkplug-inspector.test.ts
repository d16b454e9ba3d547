// The host inspector on crafted sequences: a well-behaved session (births, 600 data messages across
// two seq wraps, DDEATH, rebirth, graceful NDEATH) passes every rule; each violation — data before
// birth, a seq gap (counted), a bdSeq mismatch, a wrong datatype, an undeclared metric, a named data
// metric, a missing bdSeq/rebirth metric, QoS/retain breaches, garbage — fails exactly its rule.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { DataType, encodePayload, type SpPayload } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { EdgeSession, type SpMessage } from '../../sim/bindings/wdpc/sparkplug/edge-session.ts';
import { HostInspector, type SpCheck } from '../../sim/bindings/wdpc/sparkplug/host-inspector.ts';
import { SPB_RULES, SPB_RULE_SOURCES } from '../../sim/bindings/wdpc/sparkplug/rule-catalogue.ts';

const T = 1_790_000_000_000;
const values = (_d: string | undefined, m: string) => (m === 'wdpc' ? new Uint8Array([1]) : 0);
function started() {
  const s = new EdgeSession('gridtwin', 'dc1', [{ name: 'facility/power_mw', datatype: DataType.Double }], [['r00-n000', [{ name: 'power_w', datatype: DataType.Double }, { name: 'wdpc', datatype: DataType.Bytes }]]]);
  const will = s.newSession(T);
  const [nbirth, dbirth] = s.birth(T, values);
  return { s, will, nbirth, dbirth };
}
type Wire = { topic: string; payload: SpPayload; qos?: number; retain?: boolean };
const feed = (h: HostInspector, msgs: Wire[]): SpCheck[] => msgs.flatMap((m) => h.inspect(m.topic, encodePayload(m.payload), m.qos ?? (m as SpMessage).qos ?? 0, m.retain ?? false).checks);
const failed = (c: SpCheck[]) => c.filter((x) => !x.ok).map((x) => x.rule);
const DDATA = 'spBv1.0/gridtwin/DDATA/dc1/r00-n000';
const PROTO = fileURLToPath(new URL('../../proto/sparkplug/sparkplug_b.proto', import.meta.url));
/** Bytes straight from the proto, for shapes gridtwin's own encoder refuses to make. */
function rawPayload(o: Record<string, unknown>): Uint8Array {
  const t = new protobuf.Root().loadSync(PROTO, { keepCase: true }).lookupType('org.eclipse.tahu.protobuf.Payload');
  return t.encode(t.fromObject(o)).finish();
}

describe('Sparkplug B host inspector', () => {
  it('a well-behaved session passes every check, seq wrapping twice, with zero gaps', () => {
    const { s, nbirth, dbirth } = started();
    const msgs: Wire[] = [nbirth, dbirth];
    for (let k = 1; k <= 600; k++) msgs.push(s.data(T + k, k % 3 ? 'r00-n000' : undefined, k % 3 ? { power_w: k, wdpc: new Uint8Array([k % 256]) } : { 'facility/power_mw': k / 10 })!);
    msgs.push(s.removeDevice(T + 700, 'r00-n000'), ...s.nodeCommand(T + 701, { timestamp: T, metrics: [{ name: 'Node Control/Rebirth', value: true }] }, values), s.death(T + 800));
    const h = new HostInspector();
    const checks = feed(h, msgs);
    expect(failed(checks)).toEqual([]);
    expect(new Set(checks.map((c) => c.rule))).toEqual(new Set(SPB_RULES.map((r) => r.id)));
    expect(h.gaps).toBe(0);
    expect(h.nodeViews()).toEqual([{ group: 'gridtwin', node: 'dc1', born: false, bdSeq: 0, gaps: 0, devices: [] }]);
  });

  it('data before birth: NDATA/DBIRTH before NBIRTH, DDATA before DBIRTH, DDATA after DDEATH, NDATA after the NDEATH', () => {
    const { s, will, nbirth, dbirth } = started();
    const d1 = s.data(T + 1, 'r00-n000', { power_w: 1 })!;
    const n1 = s.data(T + 2, undefined, { 'facility/power_mw': 1 })!;
    expect(failed(feed(new HostInspector(), [d1]))).toEqual(['SPB-ORDER-002']);
    expect(failed(feed(new HostInspector(), [dbirth]))).toEqual(['SPB-ORDER-001']);
    expect(failed(feed(new HostInspector(), [nbirth, { ...d1, payload: { ...d1.payload, seq: 1 } }]))).toEqual(['SPB-ORDER-002']);
    const dd = s.removeDevice(T + 3, 'r00-n000');
    expect(failed(feed(new HostInspector(), [nbirth, dbirth, { ...dd, payload: { ...dd.payload, seq: 2 } }, { ...d1, payload: { ...d1.payload, seq: 3 } }]))).toEqual(['SPB-ORDER-002']);
    const h = new HostInspector();
    expect(failed(feed(h, [nbirth, dbirth, will, n1]))).toEqual(['SPB-ORDER-001']);
  });

  it('a seq gap fails SPB-SEQ-003 and counts the missing messages (across the 255 → 0 wrap too); a repeat is not 255 lost', () => {
    const { s, nbirth, dbirth } = started();
    const d = Array.from({ length: 260 }, (_, k) => s.data(T + k, 'r00-n000', { power_w: k + 1 })!);
    const h = new HostInspector();
    const checks = feed(h, [nbirth, dbirth, d[0], d[3], ...d.slice(4, 250), d[255]]);
    expect(failed(checks)).toEqual(['SPB-SEQ-003', 'SPB-SEQ-003']);
    expect(h.gaps).toBe(2 + 5);
    expect(checks.find((c) => !c.ok)!.detail).toBe('seq 5 after 2 (2 missing)');
    const h2 = new HostInspector();
    expect(failed(feed(h2, [nbirth, dbirth, d[0], d[0]]))).toEqual(['SPB-SEQ-003']);
    expect(h2.gaps).toBe(0);
    expect(failed(feed(new HostInspector(), [{ ...nbirth, payload: { ...nbirth.payload, seq: 4 } }]))).toEqual(['SPB-SEQ-002']);
    expect(failed(feed(new HostInspector(), [nbirth, { ...dbirth, payload: { ...dbirth.payload, seq: undefined } }]))).toEqual(['SPB-SEQ-001']);
  });

  it('bdSeq: NDEATH that matches no session fails; a late Will of an earlier session is stale, not wrong; NBIRTH without bdSeq fails', () => {
    const { s, will, nbirth } = started();
    const wrong = { topic: will.topic, qos: 1, payload: { timestamp: T, metrics: [{ name: 'bdSeq', timestamp: T, datatype: DataType.UInt64, value: 9 }] } };
    expect(failed(feed(new HostInspector(), [nbirth, wrong]))).toEqual(['SPB-BDSEQ-002']);
    expect(failed(feed(new HostInspector(), [nbirth, { ...wrong, payload: { timestamp: T, metrics: [] } }]))).toEqual(['SPB-BDSEQ-002']);
    // Session 1 (bdSeq 1) births before session 0's Will arrives: the old Will does not kill it.
    const will1 = s.newSession(T + 5);
    const [nbirth1] = s.birth(T + 5, values);
    const h = new HostInspector();
    expect(failed(feed(h, [nbirth, nbirth1, will]))).toEqual([]);
    expect(h.nodeViews()[0]).toMatchObject({ born: true, bdSeq: 1 });
    expect(failed(feed(h, [will1]))).toEqual([]);
    expect(h.nodeViews()[0].born).toBe(false);
    const noBd = { ...nbirth, payload: { ...nbirth.payload, metrics: nbirth.payload.metrics.filter((m) => m.name !== 'bdSeq') } };
    expect(failed(feed(new HostInspector(), [noBd]))).toEqual(['SPB-BDSEQ-001']);
    const bigBd = { ...nbirth, payload: { ...nbirth.payload, metrics: nbirth.payload.metrics.map((m) => (m.name === 'bdSeq' ? { ...m, value: 256 } : m)) } };
    expect(failed(feed(new HostInspector(), [bigBd]))).toEqual(['SPB-BDSEQ-001']);
  });

  it('metric datatypes stay as born: a repeated datatype that differs, a value in the wrong member, no value, an undeclared alias, a name instead of the alias', () => {
    const { nbirth, dbirth } = started();
    const alias = dbirth.payload.metrics.find((m) => m.name === 'power_w')!.alias!;
    const dd = (metrics: SpPayload['metrics']) => ({ topic: DDATA, payload: { timestamp: T, seq: 2, metrics } });
    const run = (metrics: SpPayload['metrics']) => failed(feed(new HostInspector(), [nbirth, dbirth, dd(metrics)]));
    expect(run([{ alias, datatype: DataType.Int32, value: 5 }])).toEqual(['SPB-DATA-002']);
    expect(run([{ alias, bornAs: DataType.Int64, value: 5 }])).toEqual(['SPB-DATA-002']); // long_value for a Double
    expect(run([{ alias, bornAs: DataType.Boolean, value: true }])).toEqual(['SPB-DATA-002']);
    expect(run([{ alias, timestamp: T }])).toEqual(['SPB-DATA-002']);
    expect(run([{ alias, value: null }])).toEqual([]); // an explicit null is fine
    expect(run([{ alias: 999, bornAs: DataType.Double, value: 1 }])).toEqual(['SPB-DATA-001']);
    expect(run([{ name: 'power_w', bornAs: DataType.Double, value: 1 }])).toEqual(['SPB-DATA-003']);
    const detail = feed(new HostInspector(), [nbirth, dbirth, dd([{ alias, datatype: DataType.Int32, value: 5 }])]).find((c) => !c.ok)!.detail;
    expect(detail).toBe(`alias ${alias}: datatype Int32, born Double`);
  });

  it('births: no Rebirth metric, a nameless or untyped metric, a value in the wrong member, a duplicated alias, no timestamp', () => {
    const { nbirth, dbirth } = started();
    const withMetrics = (m: SpMessage, f: (ms: SpPayload['metrics']) => SpPayload['metrics']) => ({ ...m, payload: { ...m.payload, metrics: f(m.payload.metrics) } });
    expect(failed(feed(new HostInspector(), [withMetrics(nbirth, (ms) => ms.filter((m) => m.name !== 'Node Control/Rebirth'))]))).toEqual(['SPB-BIRTH-001']);
    expect(failed(feed(new HostInspector(), [withMetrics(nbirth, (ms) => [...ms, { alias: 77, datatype: DataType.Double, value: 1 }])]))).toEqual(['SPB-BIRTH-002']);
    expect(failed(feed(new HostInspector(), [withMetrics(nbirth, (ms) => [...ms, { name: 'u', alias: 78, bornAs: DataType.Double, value: 1 }])]))).toEqual(['SPB-BIRTH-002']); // no datatype
    expect(failed(feed(new HostInspector(), [withMetrics(nbirth, (ms) => [...ms, { name: 'z', alias: 79, datatype: DataType.Float, value: null }])]))).toEqual([]); // null is a value
    const nodeAlias = nbirth.payload.metrics.find((m) => m.alias !== undefined)!.alias!;
    expect(failed(feed(new HostInspector(), [nbirth, withMetrics(dbirth, (ms) => ms.map((m, i) => (i === 0 ? { ...m, alias: nodeAlias } : m)))]))).toEqual(['SPB-BIRTH-002']);
    expect(failed(feed(new HostInspector(), [{ ...nbirth, payload: { ...nbirth.payload, timestamp: undefined } }]))).toEqual(['SPB-TIME-001']);
    // Wrong member in a birth: a Double whose value travels in int_value (bytes no gridtwin encoder makes).
    const raw = rawPayload({ timestamp: T, seq: 0, metrics: [...nbirth.payload.metrics.filter((m) => m.name !== 'facility/power_mw').map((m) => ({ name: m.name, datatype: m.datatype, [m.datatype === DataType.Boolean ? 'boolean_value' : 'long_value']: m.value })), { name: 'facility/power_mw', alias: 1, datatype: DataType.Double, int_value: 3 }] });
    const c = new HostInspector().inspect(nbirth.topic, raw, 0, false).checks;
    expect(failed(c)).toEqual(['SPB-BIRTH-002']);
    expect(c.find((x) => !x.ok)!.detail).toBe('facility/power_mw: Double value in int_value');
  });

  it('MQTT: data at QoS 1 or retained fails SPB-MQTT-001; NDEATH at QoS 0 or retained fails SPB-MQTT-002 (QoS judged only when observable)', () => {
    const { s, will, nbirth, dbirth } = started();
    const d = s.data(T + 1, 'r00-n000', { power_w: 2 })!;
    expect(failed(feed(new HostInspector(), [nbirth, dbirth, { ...d, qos: 1 }]))).toEqual(['SPB-MQTT-001']);
    expect(failed(feed(new HostInspector(), [{ ...nbirth, retain: true }]))).toEqual(['SPB-MQTT-001']);
    expect(failed(feed(new HostInspector(), [nbirth, { ...will, qos: 0 }]))).toEqual(['SPB-MQTT-002']);
    expect(failed(feed(new HostInspector(), [nbirth, { ...will, retain: true }]))).toEqual(['SPB-MQTT-002']);
    expect(failed(feed(new HostInspector({ subscriptionQos: 0 }), [nbirth, { ...will, qos: 0 }]))).toEqual([]);
    expect(failed(feed(new HostInspector({ subscriptionQos: 2 }), [nbirth, { ...will, qos: 2 }]))).toEqual(['SPB-MQTT-002']);
  });

  it('hostile input: foreign topics, garbage payloads; STATE and commands are not session messages', () => {
    const h = new HostInspector();
    expect(failed(h.inspect('spBv1.0/gridtwin/NDATA', new Uint8Array(), 0, false).checks)).toEqual(['SPB-TOPIC-001']);
    expect(failed(h.inspect('spBv1.0/gridtwin/NDATA/dc1', Buffer.from([0xff, 0xff]), 0, false).checks)).toEqual(['SPB-PAYLOAD-001']);
    expect(h.inspect('spBv1.0/STATE/scada', Buffer.from('{"online":true,"timestamp":1}'), 1, true)).toEqual({ checks: [], stateOf: 'scada' });
    const cmd = h.inspect('spBv1.0/gridtwin/NCMD/dc1', encodePayload({ timestamp: T, metrics: [{ name: 'Node Control/Rebirth', datatype: DataType.Boolean, value: true }] }), 1, false);
    expect(cmd.checks.map((c) => c.rule)).toEqual(['SPB-TOPIC-001', 'SPB-PAYLOAD-001']);
    expect(cmd.payload!.metrics[0].value).toBe(true);
  });

  it('the catalogue: unique ids, each with a title and cites; TCK ids look like TCK ids; doubtful ids are marked', () => {
    expect(new Set(SPB_RULES.map((r) => r.id)).size).toBe(SPB_RULES.length);
    for (const r of SPB_RULE_SOURCES) for (const t of r.tck) expect(t.id).toMatch(/^tck-id-[a-z0-9-]+$/);
    expect(SPB_RULES.find((r) => r.id === 'SPB-ORDER-001')!.cites).toContain('id unverified');
    expect(SPB_RULES.find((r) => r.id === 'SPB-SEQ-003')!.cites).toContain('[tck-id-payloads-sequence-num-incrementing] "All subsequent messages');
  });
});
