// The edge node's Sparkplug B session as a state machine: the Will and the NBIRTH share bdSeq, a new
// connection is a new bdSeq (255 → 0), NBIRTH seq 0 then DBIRTHs, seq +1 per message with the wrap
// 255 → 0, data carries only changed metrics by alias, DDEATH on removal, graceful NDEATH, rebirth
// on an NCMD (seq 0, same bdSeq), and the misuse it refuses.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { DataType } from '../../sim/bindings/wdpc/sparkplug/payload.ts';
import { BDSEQ, EdgeSession, REBIRTH, type SpMessage } from '../../sim/bindings/wdpc/sparkplug/edge-session.ts';

const T = 1_790_000_000_000;
const session = (firstBdSeq = 0) =>
  new EdgeSession('gridtwin', 'dc1', [{ name: 'facility/power_mw', datatype: DataType.Double }], [
    ['r00-n000', [{ name: 'power_w', datatype: DataType.Double }, { name: 'wdpc', datatype: DataType.Bytes }]],
    ['r00-n001', [{ name: 'power_w', datatype: DataType.Double }]],
  ], firstBdSeq);
const zero = (_d: string | undefined, m: string) => (m === 'wdpc' ? new Uint8Array() : 0);
const bdSeqOf = (m: SpMessage) => m.payload.metrics.find((x) => x.name === BDSEQ)?.value;
const rebirthCmd = (value: boolean) => ({ timestamp: T, metrics: [{ name: REBIRTH, timestamp: T, datatype: DataType.Boolean, value }] });

describe('Sparkplug B edge-node session', () => {
  it('registers a Will NDEATH (QoS 1, no seq) whose bdSeq the NBIRTH repeats; NBIRTH seq 0, then a DBIRTH per device', () => {
    const s = session();
    const will = s.newSession(T);
    expect(will).toMatchObject({ topic: 'spBv1.0/gridtwin/NDEATH/dc1', type: 'NDEATH', qos: 1 });
    expect(will.payload.seq).toBeUndefined();
    expect(will.payload.metrics).toEqual([{ name: 'bdSeq', timestamp: T, datatype: DataType.UInt64, value: 0 }]);
    const births = s.birth(T, zero);
    expect(births.map((b) => [b.topic, b.payload.seq, b.qos])).toEqual([
      ['spBv1.0/gridtwin/NBIRTH/dc1', 0, 0],
      ['spBv1.0/gridtwin/DBIRTH/dc1/r00-n000', 1, 0],
      ['spBv1.0/gridtwin/DBIRTH/dc1/r00-n001', 2, 0],
    ]);
    expect(bdSeqOf(births[0])).toBe(0);
    const nb = births[0].payload.metrics;
    expect(nb.find((m) => m.name === REBIRTH)).toMatchObject({ datatype: DataType.Boolean, value: false });
    // Births name every metric with alias and datatype; aliases are unique across the node.
    const all = births.flatMap((b) => b.payload.metrics).filter((m) => m.alias !== undefined);
    expect(all.every((m) => m.name && m.datatype)).toBe(true);
    expect(new Set(all.map((m) => m.alias)).size).toBe(all.length);
  });

  it('seq goes up by one over every N/D message of the session and wraps 255 → 0', () => {
    const s = session();
    s.newSession(T);
    s.birth(T, zero); // seq 0, 1, 2
    const seqs: number[] = [];
    for (let k = 1; k <= 300; k++) seqs.push(s.data(T + k, k % 2 ? 'r00-n000' : undefined, k % 2 ? { power_w: k } : { 'facility/power_mw': k })!.payload.seq!);
    expect(seqs.slice(0, 3)).toEqual([3, 4, 5]);
    expect(seqs[252]).toBe(255);
    expect(seqs[253]).toBe(0);
    expect(seqs[299]).toBe((3 + 299) % 256);
    expect(s.nextSeq).toBe((3 + 300) % 256);
  });

  it('a new connection is a new session: bdSeq + 1, wrapping 255 → 0; a configured first bdSeq is honoured', () => {
    const s = session(254);
    expect(bdSeqOf(s.newSession(T))).toBe(254);
    expect(bdSeqOf(s.birth(T, zero)[0])).toBe(254);
    expect(bdSeqOf(s.newSession(T))).toBe(255);
    expect(bdSeqOf(s.newSession(T))).toBe(0);
    expect(s.isBorn).toBe(false); // a new session starts unborn
    expect(() => session(256)).toThrow(InputError);
  });

  it('data carries only the changed metrics, by alias and without name or datatype; nothing changed → no message, no seq', () => {
    const s = session();
    s.newSession(T);
    const [, dbirth] = s.birth(T, (d, m) => (m === 'wdpc' ? new Uint8Array([1]) : 7));
    const alias = dbirth.payload.metrics.find((m) => m.name === 'power_w')!.alias;
    expect(s.data(T + 1, 'r00-n000', { power_w: 7, wdpc: new Uint8Array([1]) })).toBeUndefined(); // same as born
    expect(s.nextSeq).toBe(3);
    const d = s.data(T + 2, 'r00-n000', { power_w: 8, wdpc: new Uint8Array([1]) })!;
    expect(d.topic).toBe('spBv1.0/gridtwin/DDATA/dc1/r00-n000');
    expect(d.payload.metrics).toEqual([{ alias, timestamp: T + 2, bornAs: DataType.Double, value: 8 }]);
    expect(s.data(T + 3, 'r00-n000', { power_w: 8 })).toBeUndefined();
    expect(s.data(T + 4, 'r00-n000', { wdpc: new Uint8Array([2]) })!.payload.metrics).toHaveLength(1);
    expect(s.data(T + 5, undefined, { 'facility/power_mw': null })!.topic).toBe('spBv1.0/gridtwin/NDATA/dc1');
  });

  it('DDEATH on device removal (seq continues); a re-added device is born again before its data', () => {
    const s = session();
    s.newSession(T);
    s.birth(T, zero);
    const dd = s.removeDevice(T + 1, 'r00-n001');
    expect(dd).toMatchObject({ topic: 'spBv1.0/gridtwin/DDEATH/dc1/r00-n001', qos: 0, payload: { seq: 3, metrics: [] } });
    expect(() => s.data(T + 2, 'r00-n001', { power_w: 1 })).toThrow(/before its birth/);
    expect(() => s.removeDevice(T + 2, 'r00-n001')).toThrow(/not born/);
    const again = s.addDevice(T + 3, 'r00-n001', [{ name: 'power_w', datatype: DataType.Double }], zero);
    expect(again).toMatchObject({ type: 'DBIRTH', payload: { seq: 4 } });
    expect(s.data(T + 4, 'r00-n001', { power_w: 2 })!.payload.seq).toBe(5);
  });

  it('graceful death is the NDEATH of the session (same bdSeq, QoS 1) and ends it', () => {
    const s = session();
    const will = s.newSession(T);
    s.birth(T, zero);
    const death = s.death(T + 9);
    expect(death).toMatchObject({ topic: will.topic, qos: 1 });
    expect(bdSeqOf(death)).toBe(bdSeqOf(will));
    expect(s.isBorn).toBe(false);
    expect(() => s.data(T, undefined, { 'facility/power_mw': 1 })).toThrow(/before its birth/);
    expect(() => s.birth(T, zero)).toThrow(/newSession/);
  });

  it('an NCMD Node Control/Rebirth = true re-sends NBIRTH (seq 0, same bdSeq) and every DBIRTH; other NCMDs do nothing', () => {
    const s = session();
    s.newSession(T);
    s.birth(T, zero);
    for (let k = 0; k < 10; k++) s.data(T + k, 'r00-n000', { power_w: k + 1 });
    expect(s.nodeCommand(T, rebirthCmd(false), zero)).toEqual([]);
    expect(s.nodeCommand(T, { timestamp: T, metrics: [{ alias: 1, value: true }] }, zero)).toEqual([]); // rebirth by name only
    const again = s.nodeCommand(T + 20, rebirthCmd(true), (_d, m) => (m === 'wdpc' ? new Uint8Array() : 5));
    expect(again.map((m) => [m.type, m.payload.seq])).toEqual([['NBIRTH', 0], ['DBIRTH', 1], ['DBIRTH', 2]]);
    expect(bdSeqOf(again[0])).toBe(0);
    // The births reset "changed": 5 was just born, so reporting 5 sends nothing.
    expect(s.data(T + 21, 'r00-n000', { power_w: 5 })).toBeUndefined();
    expect(s.data(T + 21, 'r00-n000', { power_w: 6 })!.payload.seq).toBe(3);
    const unborn = session();
    unborn.newSession(T);
    expect(unborn.nodeCommand(T, rebirthCmd(true), zero)).toEqual([]); // not born yet: the connect births follow anyway
  });

  it('refuses misuse: data before birth, undeclared metrics, values that break the datatype, bad or reserved definitions', () => {
    const s = session();
    s.newSession(T);
    expect(() => s.data(T, 'r00-n000', { power_w: 1 })).toThrow(/before its birth/);
    s.birth(T, zero);
    expect(() => s.data(T, 'r00-n000', { volts: 1 })).toThrow(/was not in the birth/);
    expect(() => s.data(T, 'nope', { power_w: 1 })).toThrow(/before its birth/);
    expect(() => s.data(T, 'r00-n000', { power_w: '1' as never })).toThrow(/power_w': Double needs a number/);
    expect(() => s.data(T, 'r00-n000', { wdpc: 'text' as never })).toThrow(/Uint8Array/);
    expect(s.nextSeq).toBe(3); // nothing was produced by the refused calls
    const s2 = session();
    s2.newSession(T);
    expect(() => s2.birth(T, () => 'x')).toThrow(/Double needs a number/);
    expect(() => new EdgeSession('g', 'n', [{ name: 'x', datatype: DataType.Int8 }, { name: 'x', datatype: DataType.Int8 }])).toThrow(/duplicated or reserved/);
    expect(() => new EdgeSession('g', 'n', [{ name: 'bdSeq', datatype: DataType.Int8 }])).toThrow(/reserved/);
    expect(() => new EdgeSession('g', 'n', [{ name: 'ds', datatype: DataType.DataSet }])).toThrow(/not supported/);
    expect(() => new EdgeSession('g', 'n/1', [])).toThrow(InputError);
    expect(() => new EdgeSession('g', 'n', [], [['d+', []]])).toThrow(/device_id/);
    expect(() => s.addDevice(T, 'r00-n000', [], zero)).toThrow(/defined twice/);
  });
});
