// The Open Energi scores: FFR delivery (declared availability against delivered response), message
// delivery (telemetry completeness per message) and signal latency (signal → the entity's power).
import { describe, expect, it } from 'vitest';
import { FfrDelivery } from '../../sim/scoring/ffr-delivery.ts';
import { MessageDelivery } from '../../sim/scoring/message-delivery.ts';
import { SignalResponseProbe } from '../../sim/scoring/signal-response-probe.ts';
import { ProbeLog } from '../../sim/scoring/probe-log.ts';

const S = 1_000_000;

describe('FFR delivery', () => {
  it('compares the response from 2 s into an excursion with the availability declared before it', () => {
    const f = new FfrDelivery(50);
    f.availability('d/b1', 'availability-ffr-low', 1000);
    f.frequency(10 * S, 50);
    f.response('d/b1', 10 * S, 0, 0); // no excursion: not counted
    f.frequency(11 * S, 49.45);
    f.availability('d/b1', 'availability-ffr-low', 0); // declared during the excursion: ignored
    f.response('d/b1', 12 * S, 200, 0); // within 2 s: not counted
    f.frequency(13 * S, 49.45);
    f.response('d/b1', 13 * S, 900, 0);
    f.response('d/b1', 14 * S, 1000, 0);
    expect(f.metrics()).toEqual({ ffr_delivery_ratio: 0.95, ffr_samples: 2 });
  });

  it('the high side is judged against availability-ffr-high; no declared availability adds nothing', () => {
    const f = new FfrDelivery(50);
    f.availability('d/b1', 'availability-ffr-high', 500);
    f.frequency(0, 50.6);
    f.response('d/b1', 3 * S, 0, 250);
    f.response('d/l1', 3 * S, 0, 999);
    expect(f.metrics()).toEqual({ ffr_delivery_ratio: 0.5, ffr_samples: 1 });
    expect(new FfrDelivery(50).metrics()).toEqual({});
  });
});

describe('message delivery', () => {
  it('counts on-time, late and missing messages per device, each once', () => {
    const m = new MessageDelivery(2, 4 * S);
    m.produce(0, 'a', 0);
    m.produce(0, 'b', 1 * S);
    m.produce(0, 'c', 2 * S);
    m.produce(1, 'a', 0);
    m.observe(0, 'a', 1 * S);
    m.observe(0, 'a', 2 * S); // QoS 1 duplicate
    m.observe(0, 'b', 30 * S); // late
    m.observe(1, 'a', 4 * S);
    m.observe(1, 'zzz', 4 * S); // not produced by us: ignored
    expect(m.metrics()).toEqual({ oe_telemetry_completeness: (1 / 3 + 1) / 2, oe_telemetry_completeness_min: 1 / 3, oe_telemetry_late: 1, oe_telemetry_missing: 1 });
  });
});

describe('signal latency', () => {
  it('times the first sample that moved half the asked change in its direction; gives up as never', () => {
    const log = new ProbeLog();
    const p = new SignalResponseProbe(log, 60 * S);
    p.expect('d/b1', 10 * S, 0, -1000);
    p.sample('d/b1', 11 * S, 300); // wrong direction
    p.sample('d/b1', 12 * S, -400); // not half yet
    p.sample('d/b1', 13 * S, -600);
    p.expect('d/l1', 10 * S, 1e6, -5e5);
    p.sample('d/l1', 71 * S, 1e6);
    p.expect('d/x', 10 * S, 0, 50); // below 100 W: not timed
    expect(log.distribution('signal_latency').count).toBe(2);
    expect(log.metrics()).toMatchObject({ signal_latency_p50: 3, signal_latency_max: Infinity });
    expect(p.untimed).toBe(1);
  });
});
