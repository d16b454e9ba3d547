// WDPC envelopes end to end (sim/bindings/wdpc/envelope.ts): sealed by a publisher, opened by a
// receiver — integrity checked, then the payload decoded as the type the envelope declares;
// tampered, replayed, foreign-key and garbage envelopes are rejected under their rules.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvelopeSealer, openEnvelope } from '../../sim/bindings/wdpc/envelope.ts';
import { IntegrityChecker } from '../../sim/bindings/wdpc/integrity.ts';
import { wdpcType } from '../../sim/bindings/wdpc/schema.ts';

const key = randomBytes(32);
const T = 1_790_000_000_123;
const receiver = () => new IntegrityChecker({ keys: new Map([['k1', key]]), freshnessMs: 5_000 });
const failed = (o: { checks: Array<{ rule: string; ok: boolean }> }) => o.checks.filter((c) => !c.ok).map((c) => c.rule);
const gpu = { component_id: 'dc1/r00-n000/gpu0', type: 'PROCESSOR_GPU', power_data: { instantaneous_power_watts: 987.5 } };

describe('WDPC envelope', () => {
  it('round-trips a component stream: type, source, timestamp to the ms, sequence from 1', () => {
    const s = new EnvelopeSealer({ keyId: 'k1', key });
    const r = receiver();
    for (let k = 1; k <= 3; k++) {
      const o = openEnvelope(s.seal('wdpc.component.v1.ComponentDataStream', gpu, 'dc1/r00-n000', T + k), r, T + k + 10);
      expect(failed(o)).toEqual([]);
      expect(o.messageType).toBe(2);
      expect(o.sourceId).toBe('dc1/r00-n000');
      expect((o.payload as unknown as { power_data: { instantaneous_power_watts: number } }).power_data.instantaneous_power_watts).toBe(987.5);
    }
    const env = wdpcType('wdpc.core.v1.WDPCMessage');
    const decoded = env.toObject(env.decode(s.seal('wdpc.component.v1.ComponentDataStream', gpu, 'dc1/r00-n000', T)), { longs: String });
    expect(decoded.metadata.sequence_number).toBe('4');
    expect(decoded.message_id).toBe('dc1/r00-n000/4');
    expect(decoded.timestamp).toEqual({ seconds: '1790000000', nanos: 123_000_000 });
  });

  it('rejects a flipped payload byte, a replay, another key, and bytes that are no envelope', () => {
    const s = new EnvelopeSealer({ keyId: 'k1', key });
    const r = receiver();
    const good = s.seal('wdpc.component.v1.ComponentDataStream', gpu, 'n1', T);
    const bad = Buffer.from(good);
    bad[bad.indexOf(Buffer.from('gpu0')) + 3] ^= 1; // inside the payload's component_id
    expect(failed(openEnvelope(bad, r, T))).toEqual(['WDPC-SEC-002']);
    expect(openEnvelope(good, r, T).accepted).toBe(true);
    expect(failed(openEnvelope(good, r, T))).toEqual(['WDPC-SEC-003']);
    const other = new EnvelopeSealer({ keyId: 'k1', key: randomBytes(32) }).seal('wdpc.component.v1.ComponentDataStream', gpu, 'n2', T);
    expect(failed(openEnvelope(other, r, T))).toEqual(['WDPC-SEC-002']);
    expect(failed(openEnvelope(Buffer.from([0x0a, 0xff, 0xff, 0xff]), r, T))).toEqual(['WDPC-SCHEMA-001']);
  });

  it('an envelope with its fields left out (no payload, no MAC, no metadata) is a rejected message, never an exception', () => {
    const E = wdpcType('wdpc.core.v1.WDPCMessage');
    const checker = new IntegrityChecker({ keys: new Map([['k', randomBytes(32)]]), freshnessMs: 5_000 });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, 'WDPC-SEC-001'],
      [{ metadata: { key_id: 'k' } }, 'WDPC-SEC-002'],
      [{ message_id: 'x', source_component_id: 's', metadata: { key_id: 'k', sequence_number: 1 } }, 'WDPC-SEC-002'],
    ];
    for (const [fields, rule] of cases) {
      const r = openEnvelope(E.encode(E.fromObject(fields)).finish(), checker, 0);
      expect(r.accepted, JSON.stringify(fields)).toBe(false);
      expect(r.checks.find((c) => !c.ok)?.rule, JSON.stringify(fields)).toBe(rule);
    }
  });

  it('a publisher with an unknown payload type is a programming error, not a message', () => {
    expect(() => new EnvelopeSealer({ keyId: 'k1', key }).seal('wdpc.component.v1.PowerMetrics', {}, 'n', T)).toThrow(/no WDPC message_type/);
  });
});
