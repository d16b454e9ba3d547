// The retrying client: priorities per message kind, linear back-off (2 s steps, 60 s cap) while
// the link is down or publishes fail, recovery in buffer order, drops counted by reason, and a
// buffer that holds 24 h of FFR data.
import { describe, expect, it } from 'vitest';
import { PRIORITY, RetryingSender, capacityFor24h, priorityOf } from '../../sim/bindings/openenergi/retrying-sender.ts';
import type { D2CMessage } from '../../sim/bindings/openenergi/d2c-codec.ts';

const S = 1_000_000; // µs
const reading = (type: string): D2CMessage => ({ topic: 'readings', entity: 'b1', type, timestampMs: 0, value: 1 });
const event = (type: string, level: 0 | 1 | 2 | 3): D2CMessage => ({ topic: 'events', entity: 'b1', type, timestampMs: 0, level });
const sender = (capacity = 100, batchMax = 100) => new RetryingSender<string>({ capacity, batchMax, sizeOf: (s) => s.length });

describe('priorityOf', () => {
  it('puts FFR readings and switch requests first, then alerts, other readings and schedules, then debug events', () => {
    for (const t of ['power', 'availability-ffr-low', 'Availability-FFR-High', 'response-ffr-low', 'response-ffr-high']) expect(priorityOf(reading(t)), t).toBe(PRIORITY.ffr);
    expect(priorityOf(event('switch-ffr-start', 1))).toBe(PRIORITY.ffr);
    expect(priorityOf(event('switch-ffr-end', 1))).toBe(PRIORITY.ffr);
    expect(priorityOf(event('state-of-charge-alert', 2))).toBe(PRIORITY.alert);
    expect(priorityOf(event('state-of-charge-alert', 3))).toBe(PRIORITY.alert);
    expect(priorityOf(reading('temperature'))).toBe(PRIORITY.other);
    expect(priorityOf(reading('setpoint-high'))).toBe(PRIORITY.other);
    expect(priorityOf({ topic: 'schedules', entity: 'b1', type: 'services', schedule: [{ span: null, repeat: null, value: ['ffr'] }] })).toBe(PRIORITY.other);
    expect(priorityOf(event('connected', 0))).toBe(PRIORITY.debug);
    expect(priorityOf(event('state-of-charge-alert', 1))).toBe(PRIORITY.debug); // an alert resolved
    expect([PRIORITY.ffr, PRIORITY.alert, PRIORITY.other, PRIORITY.debug]).toEqual([0, 1, 2, 3]);
  });
});

describe('RetryingSender', () => {
  it('sends what is queued while connected, and nothing when empty', () => {
    const s = sender();
    expect(s.poll(0, true)).toBeUndefined();
    s.enqueue('a', 2, 0);
    s.enqueue('b', 0, 0);
    const batch = s.poll(0, true);
    expect(batch).toEqual(['b', 'a']);
    expect(s.poll(0, true)).toBeUndefined(); // one batch in flight at a time
    s.succeeded();
    expect(s.counters.sent).toBe(2);
    expect(s.poll(0, true)).toBeUndefined();
  });

  it('backs off linearly while disconnected: 2, 4, 6 … 60, 60 s', () => {
    const s = sender();
    s.enqueue('a', 0, 0);
    const waits: number[] = [];
    let t = 0;
    for (let k = 0; k < 33; k++) {
      expect(s.poll(t, false)).toBeUndefined();
      waits.push((s.nextAttemptUs - t) / S);
      expect(s.poll(s.nextAttemptUs - 1, false)).toBeUndefined(); // a poll during the wait is no attempt
      t = s.nextAttemptUs;
    }
    expect(waits).toEqual([...Array.from({ length: 30 }, (_, k) => 2 * (k + 1)), 60, 60, 60]);
    expect(s.counters.backoffs).toBe(33);
  });

  it('does not back off while disconnected with nothing to send', () => {
    const s = sender();
    expect(s.poll(0, false)).toBeUndefined();
    expect(s.counters.backoffs).toBe(0);
    expect(s.nextAttemptUs).toBe(0);
  });

  it('recovers after reconnect: highest priority first, oldest first, in batches', () => {
    const s = sender(100, 3);
    const queued: Array<[string, number]> = [['d1', 3], ['a1', 0], ['c1', 2], ['b1', 1], ['a2', 0], ['d2', 3], ['a3', 0], ['c2', 2]];
    let t = 0;
    for (const [m, p] of queued) {
      s.enqueue(m, p, t);
      s.poll(t, false);
      t += S;
    }
    t = s.nextAttemptUs;
    const out: string[][] = [];
    for (let batch = s.poll(t, true); batch; batch = s.poll(t, true)) {
      out.push(batch);
      s.succeeded();
    }
    expect(out).toEqual([['a1', 'a2', 'a3'], ['b1', 'c1', 'c2'], ['d1', 'd2']]);
    expect(s.counters.sent).toBe(8);
    expect(s.failures).toBe(0);
  });

  it('waits out the back-off even when the link is back, then sends', () => {
    const s = sender();
    s.enqueue('a', 0, 0);
    s.poll(0, false);
    expect(s.poll(1 * S, true)).toBeUndefined();
    expect(s.poll(2 * S, true)).toEqual(['a']);
  });

  it('puts a retriable failure back in front and backs off; success resets the back-off', () => {
    const s = sender(100, 2);
    for (const m of ['a1', 'a2', 'a3']) s.enqueue(m, 0, 0);
    const b1 = s.poll(0, true)!;
    s.enqueue('a4', 0, 1);
    s.failed(b1, 10 * S, true);
    expect(s.counters.retried).toBe(2);
    expect(s.nextAttemptUs).toBe(12 * S);
    expect(s.poll(11 * S, true)).toBeUndefined();
    const b2 = s.poll(12 * S, true)!;
    expect(b2).toEqual(['a1', 'a2']);
    s.failed(b2, 12 * S, true);
    expect(s.nextAttemptUs).toBe(16 * S); // 2nd consecutive failure: 4 s
    expect(s.poll(16 * S, true)).toEqual(['a1', 'a2']);
    s.succeeded();
    expect(s.failures).toBe(0);
    expect(s.poll(16 * S, true)).toEqual(['a3', 'a4']);
    s.failed(['a3', 'a4'], 20 * S, true);
    expect(s.nextAttemptUs).toBe(22 * S); // back to one step
  });

  it('drops a non-retriable failure, counted by reason, without backing off', () => {
    const s = new RetryingSender<string>({ capacity: 10, maxBytes: 10, sizeOf: (m) => m.length });
    s.enqueue('x'.repeat(20), 0, 0);
    s.enqueue('ok', 0, 0);
    const big = s.poll(0, true)!;
    expect(big).toEqual(['x'.repeat(20)]); // alone: larger than maxBytes
    s.failed(big, 0, false, 'over 256 KB');
    expect(s.counters.dropped).toEqual({ 'over 256 KB': 1 });
    expect(s.counters.backoffs).toBe(0);
    expect(s.poll(0, true)).toEqual(['ok']);
    s.failed(['ok'], 0, false);
    expect(s.counters.dropped).toEqual({ 'over 256 KB': 1, rejected: 1 });
  });

  it('refuses to settle a batch that is not in flight', () => {
    const s = sender();
    expect(() => s.failed(['a'], 0, true)).toThrow(RangeError);
    s.enqueue('a', 0, 0);
    s.poll(0, true);
    expect(() => s.failed(['b'], 0, true)).toThrow(RangeError);
  });

  it('counts evictions per priority when the buffer overflows during an outage', () => {
    const s = sender(3);
    s.enqueue('d1', 3, 0);
    s.enqueue('c1', 2, 0);
    s.enqueue('a1', 0, 0);
    expect(s.enqueue('a2', 0, 0)).toBe('d1');
    expect(s.enqueue('d2', 3, 0)).toBe('d2');
    expect(s.counters.evicted).toEqual([0, 0, 0, 2]);
  });

  it('keeps 24 h of FFR data through a 24 h outage, evicting debug events first', () => {
    const perHour = 5 * 900; // five FFR series sampled every 4 s
    const capacity = capacityFor24h(perHour);
    expect(capacity).toBe(108_000);
    const s = new RetryingSender<number>({ capacity, sizeOf: () => 120 });
    let n = 0;
    for (let tick = 0; tick < 24 * 900; tick++) {
      const t = tick * 4 * S;
      for (let k = 0; k < 5; k++) s.enqueue(n++, PRIORITY.ffr, t);
      if (tick % 15 === 0) s.enqueue(-1, PRIORITY.debug, t);
      s.poll(t, false);
    }
    expect(s.size).toBe(capacity);
    expect(s.counters.evicted).toEqual([0, 0, 0, 24 * 60]);
    // One more sample: the oldest FFR reading goes.
    s.enqueue(n++, PRIORITY.ffr, 0);
    expect(s.counters.evicted[PRIORITY.ffr]).toBe(1);
    const first = s.poll(s.nextAttemptUs, true)!;
    expect(first[0]).toBe(1);
    expect(first).toHaveLength(100);
  });

  it('rejects nonsense rates', () => {
    expect(() => capacityFor24h(-1)).toThrow(RangeError);
    expect(() => capacityFor24h(NaN)).toThrow(RangeError);
    expect(capacityFor24h(0)).toBe(1);
  });
});
