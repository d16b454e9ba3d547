// The WDPC bus inspector (sim/bindings/wdpc/bus-inspector.ts), as the engine's observer uses it: a
// Sparkplug session's births and data with sealed envelopes in `wdpc/<stream>` Bytes metrics are
// accepted; a forged envelope (HMAC with another key: WDPC-SEC-002), an unknown key id
// (WDPC-SEC-001), a replayed one (WDPC-SEC-003), a stale one (WDPC-SEC-005) and a stream carrying
// another stream's envelope type (WDPC-BUS-001) are rejected; a sequence gap (WDPC-SEC-004) is
// counted but accepted. Commands (WDPC-CMD-001): an NCMD may write `Battery/SoC Target` by alias,
// as a finite Double inside the battery's SoC window, or null to release it, and ask for a rebirth
// by name; everything else — out of the window, another datatype, NaN, by name, an unknown alias, a
// metric that is not writable, a facility without a battery, any DCMD — is rejected.
import { beforeEach, describe, expect, it } from 'vitest';
import { ConformanceLedger } from '../../sim/scoring/conformance-ledger.ts';
import { SOC_TARGET, streamMessageType, WdpcBusInspector, type BusInspection } from '../../sim/bindings/wdpc/bus-inspector.ts';
import { WDPC_RULES } from '../../sim/bindings/wdpc/rule-catalogue.ts';
import { EnvelopeSealer } from '../../sim/bindings/wdpc/envelope.ts';
import { timestampOf } from '../../sim/bindings/wdpc/twin-streams.ts';
import { EdgeSession, REBIRTH, type SpMessage } from '../../sim/bindings/wdpc/sparkplug/edge-session.ts';
import { DataType, encodePayload, type Metric } from '../../sim/bindings/wdpc/sparkplug/payload.ts';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 9);
const T0 = Date.parse('2026-11-23T10:00:00Z');
const GROUP = 'gridtwin';

const bytes = (name: string) => ({ name, datatype: DataType.Bytes });
const powerPayload = (ms: number, mw = 1.5) => ({ power_system_id: 'dc1/poi', timestamp: timestampOf(ms), grid_connection: { poi_power_mw: mw } });
const thermalPayload = (ms: number) => ({ thermal_system_id: 'dc1/cooling', timestamp: timestampOf(ms) });
const nodePayload = (ms: number) => ({ component_id: 'dc1/r00-n000', timestamp: timestampOf(ms), type: 'POWER_SUPPLY', power_data: { instantaneous_power_watts: 4e5 } });

const rulesOf = (i: BusInspection) => i.failures.map((f) => f.rule);

describe('WDPC bus inspector', () => {
  let ledger: ConformanceLedger;
  let insp: WdpcBusInspector;
  let dc1: EdgeSession;
  let dc2: EdgeSession;
  let sealer: EnvelopeSealer;
  let now: number;
  /** Alias of each node metric of dc1, from its NBIRTH. */
  let alias: Map<string, number>;

  const out = (m: SpMessage, received = now) => insp.inspect(m.topic, encodePayload(m.payload), m.qos, false, 'outbound', received, 0);
  const ncmd = (node: string, metrics: Metric[]) => insp.inspect(`spBv1.0/${GROUP}/NCMD/${node}`, encodePayload({ timestamp: now, metrics }), 1, false, 'inbound', now, 0);
  const soc = (value: number | null, extra: Partial<Metric> = {}): Metric => ({ alias: alias.get(SOC_TARGET), timestamp: now, datatype: DataType.Double, value, ...extra });

  beforeEach(() => {
    ledger = new ConformanceLedger(WDPC_RULES);
    insp = new WdpcBusInspector(ledger, {
      keys: new Map([['k1', KEY]]),
      freshnessMs: 5000,
      socWindow: (node) => (node === 'dc1' ? { min: 0.1, max: 0.9 } : undefined),
    });
    sealer = new EnvelopeSealer({ keyId: 'k1', key: KEY });
    now = T0;
    dc1 = new EdgeSession(GROUP, 'dc1', [bytes('wdpc/power'), bytes('wdpc/thermal'), { name: SOC_TARGET, datatype: DataType.Double }], [['r00-n000', [bytes('wdpc/node'), bytes('wdpc/gpu0')]]]);
    dc2 = new EdgeSession(GROUP, 'dc2', [bytes('wdpc/power'), { name: SOC_TARGET, datatype: DataType.Double }]);
    alias = new Map();
    for (const s of [dc1, dc2]) {
      s.newSession(now);
      const births = s.birth(now, (_d, m) => (m === SOC_TARGET ? 0.9 : null));
      if (s === dc1) for (const m of births[0].payload.metrics) if (m.alias !== undefined) alias.set(m.name!, Number(m.alias));
      for (const b of births) {
        const i = out(b);
        expect(i.failures, b.topic).toEqual([]);
        expect(i.accepted).toBe(true);
      }
    }
  });

  it('maps every wdpc/<stream> metric to its envelope type', () => {
    expect(streamMessageType('wdpc/node')).toBe('COMPONENT_METRICS');
    expect(streamMessageType('wdpc/gpu12')).toBe('COMPONENT_METRICS');
    expect(streamMessageType('wdpc/thermal')).toBe('THERMAL_DATA');
    expect(streamMessageType('wdpc/infrastructure')).toBe('INFRASTRUCTURE_STATUS');
    expect(streamMessageType('wdpc/power')).toBe('POWER_MEASUREMENT');
    expect(streamMessageType('wdpc/grid')).toBe('EXTERNAL_SYSTEM');
    expect(streamMessageType('wdpc/workload')).toBe('WORKLOAD_DATA');
    expect(streamMessageType('wdpc/gpu')).toBeUndefined();
    expect(streamMessageType('wdpc/marketplace')).toBeUndefined();
  });

  describe('envelopes in stream metrics', () => {
    it('accepts a good envelope (NDATA and DDATA) and hands out its decoded payload', () => {
      now += 100;
      const i = out(dc1.data(now, undefined, { 'wdpc/power': sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now), 'dc1/poi', now) })!);
      expect(i.failures).toEqual([]);
      expect(i.accepted).toBe(true);
      expect(i.streams).toHaveLength(1);
      expect(i.streams[0]).toMatchObject({ metric: 'wdpc/power', timestampMs: now, payload: { power_system_id: 'dc1/poi', grid_connection: { poi_power_mw: 1.5 } } });
      const d = out(dc1.data(now, 'r00-n000', { 'wdpc/node': sealer.seal('wdpc.component.v1.ComponentDataStream', nodePayload(now), 'dc1/r00-n000', now) })!);
      expect(d.failures).toEqual([]);
      expect(d.streams.map((s) => s.metric)).toEqual(['wdpc/node']);
      for (const id of ['WDPC-SEC-001', 'WDPC-SEC-002', 'WDPC-SEC-003', 'WDPC-SEC-005', 'WDPC-SCHEMA-001', 'WDPC-BUS-001']) {
        expect(ledger.table().find((r) => r.id === id)!.outbound, id).toEqual({ checked: 2, failed: 0 });
      }
    });

    it('rejects a forged envelope (HMAC with another key under the trusted key id): WDPC-SEC-002, and the genuine next one still passes', () => {
      const forger = new EnvelopeSealer({ keyId: 'k1', key: OTHER_KEY });
      now += 100;
      const i = out(dc1.data(now, undefined, { 'wdpc/power': forger.seal('wdpc.power.v1.PowerSystemData', powerPayload(now, 99), 'dc1/poi', now) })!);
      expect(i.accepted).toBe(false);
      expect(rulesOf(i)).toEqual(['WDPC-SEC-002']);
      expect(i.streams).toEqual([]);
      // The forgery (sequence 1) did not move the receiver's window: the genuine sequence 1 is no replay.
      now += 100;
      const ok = out(dc1.data(now, undefined, { 'wdpc/power': sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now), 'dc1/poi', now) })!);
      expect(ok.failures).toEqual([]);
      expect(ok.accepted).toBe(true);
      expect(ledger.table().find((r) => r.id === 'WDPC-SEC-002')!.outbound).toEqual({ checked: 2, failed: 1 });
    });

    it('rejects an envelope under a key id it does not trust: WDPC-SEC-001', () => {
      const stranger = new EnvelopeSealer({ keyId: 'k2', key: KEY });
      now += 100;
      const i = out(dc1.data(now, undefined, { 'wdpc/power': stranger.seal('wdpc.power.v1.PowerSystemData', powerPayload(now), 'dc1/poi', now) })!);
      expect(i.accepted).toBe(false);
      expect(rulesOf(i)).toEqual(['WDPC-SEC-001']);
    });

    it('rejects a replayed envelope (its sequence already seen from that source): WDPC-SEC-003', () => {
      now += 100;
      const first = sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now), 'dc1/poi', now);
      expect(out(dc1.data(now, undefined, { 'wdpc/power': first })!).accepted).toBe(true);
      now += 100;
      const second = sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now, 1.6), 'dc1/poi', now);
      expect(out(dc1.data(now, undefined, { 'wdpc/power': second })!).accepted).toBe(true);
      // The first envelope again, in a new NDATA (valid Sparkplug seq), still fresh.
      now += 100;
      const replay = out(dc1.data(now, undefined, { 'wdpc/power': first })!);
      expect(replay.accepted).toBe(false);
      expect(rulesOf(replay)).toEqual(['WDPC-SEC-003']);
      expect(replay.streams).toEqual([]);
    });

    it('rejects a stale envelope (outside the freshness window of its receipt): WDPC-SEC-005', () => {
      now += 100;
      const old = sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now - 6000), 'dc1/poi', now - 6000);
      const i = out(dc1.data(now, undefined, { 'wdpc/power': old })!);
      expect(i.accepted).toBe(false);
      expect(rulesOf(i)).toEqual(['WDPC-SEC-005']);
    });

    it('counts a sequence gap (WDPC-SEC-004) but accepts the message that reveals it', () => {
      now += 100;
      expect(out(dc1.data(now, undefined, { 'wdpc/power': sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now), 'dc1/poi', now) })!).accepted).toBe(true);
      sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now), 'dc1/poi', now); // sequence 2: never sent
      now += 100;
      const i = out(dc1.data(now, undefined, { 'wdpc/power': sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now, 1.7), 'dc1/poi', now) })!);
      expect(rulesOf(i)).toEqual(['WDPC-SEC-004']);
      expect(i.accepted).toBe(true);
      expect(i.streams).toHaveLength(1);
      expect(insp.gaps('outbound')).toBe(1n);
      expect(insp.gaps('inbound')).toBe(0n);
    });

    it('rejects a stream metric carrying another stream’s envelope type: WDPC-BUS-001', () => {
      now += 100;
      const thermalInPower = sealer.seal('wdpc.thermal.v1.ThermalSystemData', thermalPayload(now), 'dc1/cooling', now);
      const i = out(dc1.data(now, undefined, { 'wdpc/power': thermalInPower })!);
      expect(i.accepted).toBe(false);
      expect(rulesOf(i)).toEqual(['WDPC-BUS-001']);
      expect(i.failures[0].detail).toMatch(/wdpc\/power carries message_type 4, not POWER_MEASUREMENT/);
      const powerInGpu = out(dc1.data(now, 'r00-n000', { 'wdpc/gpu0': sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now), 'dc1/poi', now) })!);
      expect(powerInGpu.accepted).toBe(false);
      expect(rulesOf(powerInGpu)).toEqual(['WDPC-BUS-001']);
    });

    it('rejects bytes that are not an envelope (WDPC-SCHEMA-001) and a stream left null in data (WDPC-BUS-001)', () => {
      now += 100;
      const junk = out(dc1.data(now, undefined, { 'wdpc/power': Uint8Array.from([0xff, 0xff, 0xff]) })!);
      expect(junk.accepted).toBe(false);
      expect(rulesOf(junk)).toEqual(['WDPC-SCHEMA-001']);
      now += 100;
      // (The session never sends an unchanged null, so the NDATA is built by hand, with the next seq.)
      const nullData = encodePayload({ timestamp: now, seq: dc1.nextSeq, metrics: [{ alias: alias.get('wdpc/thermal'), timestamp: now, value: null }] });
      const empty = insp.inspect(`spBv1.0/${GROUP}/NDATA/dc1`, nullData, 0, false, 'outbound', now, 0);
      expect(empty.accepted).toBe(false);
      expect(rulesOf(empty)).toEqual(['WDPC-BUS-001']);
    });

    it('keeps the inbound and outbound integrity windows apart: a foreign publisher cannot spoil gridtwin’s own sequence', () => {
      now += 100;
      const env = sealer.seal('wdpc.power.v1.PowerSystemData', powerPayload(now), 'dc1/poi', now);
      const m = dc1.data(now, undefined, { 'wdpc/power': env })!;
      expect(insp.inspect(m.topic, encodePayload(m.payload), 0, false, 'inbound', now, 0).accepted).toBe(true);
      expect(out(m).accepted).toBe(true);
    });
  });

  describe('commands (WDPC-CMD-001)', () => {
    const rejected = (i: BusInspection, detail: RegExp) => {
      expect(i.accepted).toBe(false);
      expect(rulesOf(i)).toEqual(['WDPC-CMD-001']);
      expect(i.failures[0].detail).toMatch(detail);
      expect(i.commands).toEqual([]);
    };

    it('accepts a SoC target inside the battery window, by alias, as a Double', () => {
      const i = ncmd('dc1', [soc(0.42)]);
      expect(i.failures).toEqual([]);
      expect(i.accepted).toBe(true);
      expect(i.commands).toEqual([{ kind: 'soc-target', value: 0.42 }]);
      expect(ncmd('dc1', [soc(0.1)]).commands).toEqual([{ kind: 'soc-target', value: 0.1 }]);
      expect(ncmd('dc1', [soc(0.9)]).commands).toEqual([{ kind: 'soc-target', value: 0.9 }]);
      expect(ledger.table().find((r) => r.id === 'WDPC-CMD-001')!.inbound).toEqual({ checked: 3, failed: 0 });
    });

    it('accepts null: the target is released', () => {
      const i = ncmd('dc1', [soc(null)]);
      expect(i.failures).toEqual([]);
      expect(i.commands).toEqual([{ kind: 'soc-target', value: null }]);
    });

    it('rejects a SoC target outside the battery’s SoC window', () => {
      rejected(ncmd('dc1', [soc(0.95)]), /outside the battery's SoC window \[0\.1, 0\.9\]/);
      rejected(ncmd('dc1', [soc(0.05)]), /outside the battery's SoC window/);
      rejected(ncmd('dc1', [soc(-1)]), /outside the battery's SoC window/);
    });

    it('rejects a SoC target of another datatype (Float, Int32, String)', () => {
      rejected(ncmd('dc1', [soc(0.5, { datatype: DataType.Float })]), /datatype 9, not Double/);
      rejected(ncmd('dc1', [{ alias: alias.get(SOC_TARGET), datatype: DataType.Int32, value: 1 }]), /not Double/);
      rejected(ncmd('dc1', [{ alias: alias.get(SOC_TARGET), datatype: DataType.String, value: '0.5' } as Metric]), /not Double/);
    });

    it('rejects NaN and infinities', () => {
      rejected(ncmd('dc1', [soc(Number.NaN)]), /NaN is not a finite Double/);
      rejected(ncmd('dc1', [soc(Number.POSITIVE_INFINITY)]), /not a finite Double/);
    });

    it('rejects the metric named (alone or with its alias) although it was born with an alias', () => {
      rejected(ncmd('dc1', [{ name: SOC_TARGET, datatype: DataType.Double, value: 0.5 }]), /named although born with an alias/);
      rejected(ncmd('dc1', [soc(0.5, { name: SOC_TARGET })]), /named although born with an alias/);
    });

    it('rejects an unknown alias and a metric that is not writable', () => {
      rejected(ncmd('dc1', [{ alias: 999, datatype: DataType.Double, value: 0.5 }]), /alias 999 is not a writable metric of 'dc1'/);
      rejected(ncmd('dc1', [{ alias: alias.get('wdpc/power'), datatype: DataType.Bytes, value: Uint8Array.from([1]) }]), /wdpc\/power is not a writable metric/);
      rejected(ncmd('dc1', [{ name: 'bdSeq', datatype: DataType.UInt64, value: 3 }]), /bdSeq is not a writable metric/);
    });

    it('rejects a SoC target for a facility without a battery', () => {
      const i = insp.inspect(`spBv1.0/${GROUP}/NCMD/dc2`, encodePayload({ timestamp: now, metrics: [{ alias: 3, datatype: DataType.Double, value: 0.5 }] }), 1, false, 'inbound', now, 0);
      // dc2's aliases follow its own birth: wdpc/power 1, SoC target 2; alias 3 is unknown.
      expect(i.accepted).toBe(false);
      const ok = insp.inspect(`spBv1.0/${GROUP}/NCMD/dc2`, encodePayload({ timestamp: now, metrics: [{ alias: 2, datatype: DataType.Double, value: 0.5 }] }), 1, false, 'inbound', now, 0);
      rejected(ok, /'dc2' has no battery/);
    });

    it('rejects every DCMD: gridtwin’s compute nodes take no writes', () => {
      const i = insp.inspect(`spBv1.0/${GROUP}/DCMD/dc1/r00-n000`, encodePayload({ timestamp: now, metrics: [soc(0.5)] }), 1, false, 'inbound', now, 0);
      rejected(i, /DCMD to 'r00-n000'/);
      expect(i.topic).toMatchObject({ type: 'DCMD', node: 'dc1', device: 'r00-n000' });
    });

    it('rejects the whole NCMD when one of its metrics is bad (nothing of it is applied)', () => {
      rejected(ncmd('dc1', [soc(0.5), { alias: 999, datatype: DataType.Double, value: 0.5 }]), /alias 999/);
    });

    it('accepts a rebirth request by name (Boolean true); false asks nothing; a non-Boolean is rejected', () => {
      const i = ncmd('dc1', [{ name: REBIRTH, datatype: DataType.Boolean, value: true }]);
      expect(i.failures).toEqual([]);
      expect(i.accepted).toBe(true);
      expect(i.commands).toEqual([{ kind: 'rebirth' }]);
      const no = ncmd('dc1', [{ name: REBIRTH, datatype: DataType.Boolean, value: false }]);
      expect(no.accepted).toBe(true);
      expect(no.commands).toEqual([]);
      rejected(ncmd('dc1', [{ name: REBIRTH, datatype: DataType.String, value: 'true' }]), /is not a Boolean/);
    });

    it('a rebirth and a SoC target in one NCMD are both applied, in order', () => {
      const i = ncmd('dc1', [{ name: REBIRTH, datatype: DataType.Boolean, value: true }, soc(0.3)]);
      expect(i.accepted).toBe(true);
      expect(i.commands).toEqual([{ kind: 'rebirth' }, { kind: 'soc-target', value: 0.3 }]);
    });

    it('records each failure in the ledger under WDPC-CMD-001 (inbound)', () => {
      ncmd('dc1', [soc(0.95)]);
      ncmd('dc1', [soc(0.5)]);
      const r = ledger.table().find((x) => x.id === 'WDPC-CMD-001')!;
      expect(r.inbound).toEqual({ checked: 2, failed: 1 });
      expect(r.status).toBe('failed');
      expect(r.examples[0]).toMatchObject({ topic: `spBv1.0/${GROUP}/NCMD/dc1` });
    });
  });
});
