// WDPC envelope integrity (sim/bindings/wdpc/integrity.ts): HMAC-SHA256 over the envelope's fields,
// per-source sequence numbers (replays rejected, gaps counted), a freshness window.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IntegrityChecker, computeMac, macInput, type EnvelopeFields } from '../../sim/bindings/wdpc/integrity.ts';

const key = randomBytes(32);
const keys = new Map([['k1', key]]);
const T = 1_790_000_000_000;
const msg = (seq: number, over: Partial<EnvelopeFields> = {}): EnvelopeFields => ({
  keyId: 'k1',
  sourceId: 'node-17',
  messageType: 3,
  timestampMs: T + seq * 100,
  sequence: BigInt(seq),
  payload: Buffer.from(`power ${seq}`),
  ...over,
});
const failed = (v: { checks: Array<{ rule: string; ok: boolean }> }) => v.checks.filter((c) => !c.ok).map((c) => c.rule);

describe('WDPC envelope MAC', () => {
  it('is HMAC-SHA256 (RFC 2104, checked against node:crypto directly) over length-prefixed fields', () => {
    const f = msg(1);
    expect(computeMac(key, f).equals(createHmac('sha256', key).update(macInput(f)).digest())).toBe(true);
    expect(computeMac(key, f)).toHaveLength(32);
    // Moving a byte from one field into its neighbour changes the input (length prefixes).
    expect(macInput({ ...f, keyId: 'k', sourceId: '1node-17' }).equals(macInput(f))).toBe(false);
  });

  it('covers every field: changing any one of them breaks it', () => {
    const f = msg(1);
    const mac = computeMac(key, f);
    for (const over of [{ payload: Buffer.from('power 2') }, { sequence: 2n }, { timestampMs: f.timestampMs + 1 }, { messageType: 4 }, { sourceId: 'node-18' }]) {
      expect(computeMac(key, { ...f, ...over }).equals(mac)).toBe(false);
    }
  });
});

describe('WDPC receiver checks', () => {
  const receiver = () => new IntegrityChecker({ keys, freshnessMs: 5_000 });
  const send = (c: IntegrityChecker, f: EnvelopeFields, mac = computeMac(key, f), at = f.timestampMs + 20) => c.check(f, mac, at);

  it('accepts an in-order authentic stream', () => {
    const c = receiver();
    for (let s = 1; s <= 300; s++) expect(send(c, msg(s)).accepted).toBe(true);
    expect(c.gaps).toBe(0n);
  });

  it('rejects a tampered payload, a wrong key and an unknown key id', () => {
    const c = receiver();
    const f = msg(1);
    expect(failed(send(c, { ...f, payload: Buffer.from('power 9') }, computeMac(key, f)))).toEqual(['WDPC-SEC-002']);
    expect(failed(send(c, f, computeMac(randomBytes(32), f)))).toEqual(['WDPC-SEC-002']);
    expect(failed(send(c, f, computeMac(key, f).subarray(0, 16)))).toEqual(['WDPC-SEC-002']);
    expect(failed(send(c, { ...f, keyId: 'k9' }))).toEqual(['WDPC-SEC-001']);
    // None of them moved the window: the genuine message is still accepted.
    expect(send(c, f).accepted).toBe(true);
  });

  it('rejects a replay (same or older sequence) even with a valid MAC', () => {
    const c = receiver();
    send(c, msg(1));
    send(c, msg(2));
    expect(failed(send(c, msg(2)))).toEqual(['WDPC-SEC-003']);
    expect(failed(send(c, msg(1)))).toEqual(['WDPC-SEC-003']);
    expect(failed(send(c, msg(0)))).toEqual(['WDPC-SEC-003']);
  });

  it('counts a gap but keeps the message that revealed it; a receiver joining late sees no gap', () => {
    const c = receiver();
    send(c, msg(5));
    const v = send(c, msg(9));
    expect(v.accepted).toBe(true);
    expect(v.gap).toBe(3n);
    expect(failed(v)).toEqual(['WDPC-SEC-004']);
    expect(c.gaps).toBe(3n);
  });

  it('rejects stale and future messages outside the window, and they do not move it', () => {
    const c = receiver();
    const f = msg(1);
    expect(failed(send(c, f, undefined, f.timestampMs + 5_001))).toEqual(['WDPC-SEC-005']);
    expect(failed(send(c, f, undefined, f.timestampMs - 5_001))).toEqual(['WDPC-SEC-005']);
    expect(send(c, f, undefined, f.timestampMs + 5_000).accepted).toBe(true);
  });

  it('keeps sequences per source', () => {
    const c = receiver();
    expect(send(c, msg(1)).accepted).toBe(true);
    expect(send(c, msg(1, { sourceId: 'node-18' })).accepted).toBe(true);
  });
});
