// The publish pipeline on its own, with a fake port: ordering, the receive window, holding while
// the broker is lost, and that every request is settled and counted exactly once.

import { describe, expect, it } from 'vitest';
import type { QoS } from '../../sim/transports/mqtt-options.ts';
import { PublishPipeline, type PublishRequest } from '../../sim/transports/publish-pipeline.ts';

/** A port whose sends wait until the test acknowledges them (QoS 0 completes at once). */
function harness(offlineQueueLimit = 100, maxInflight = 10) {
  const sent: Array<{ topic: string; done: (err?: Error) => void }> = [];
  const wire: string[] = []; // every message in the order it was handed to mqtt.js
  const pipeline = new PublishPipeline(
    {
      send: (req, done) => {
        wire.push(req.topic);
        if (req.qos === 0) done();
        else sent.push({ topic: req.topic, done });
      },
      failure: (req, reason) => new Error(`${req.topic}: ${reason}`),
    },
    offlineQueueLimit,
    maxInflight,
  );
  const outcomes: string[] = [];
  const submit = (topic: string, qos: QoS) => {
    const req: PublishRequest = {
      topic,
      payload: topic,
      qos,
      retain: false,
      resolve: () => outcomes.push(`ok ${topic}`),
      reject: (err) => outcomes.push(`fail ${err.message}`),
    };
    pipeline.submit(req);
  };
  return { pipeline, sent, wire, outcomes, submit };
}

describe('publish pipeline', () => {
  it('never has more QoS 1/2 messages unacknowledged than the window, and keeps their order', () => {
    const h = harness(100, 100);
    h.pipeline.resume(2);
    for (const t of ['a', 'b', 'c', 'd']) h.submit(t, 1);
    expect(h.sent.map((s) => s.topic)).toEqual(['a', 'b']);
    expect(h.pipeline.backlogSize).toBe(2);
    h.sent[0].done(); // PUBACK for a frees one slot: c goes out, d still waits
    expect(h.sent.map((s) => s.topic)).toEqual(['a', 'b', 'c']);
    h.sent[1].done();
    h.sent[2].done();
    h.sent[3].done();
    expect(h.outcomes).toEqual(['ok a', 'ok b', 'ok c', 'ok d']);
    expect(h.pipeline.counters).toEqual({ published: 4, failed: 0, queued: 0 });
  });

  it('a QoS 0 message behind a full window waits its turn instead of overtaking', () => {
    const h = harness(100, 100);
    h.pipeline.resume(1);
    h.submit('q1', 1);
    h.submit('q1-second', 1);
    h.submit('q0', 0);
    expect(h.wire).toEqual(['q1']);
    h.sent[0].done();
    expect(h.wire).toEqual(['q1', 'q1-second', 'q0']);
    h.sent[1].done();
    // QoS 0 settles once written, QoS 1 on its PUBACK: settling order is not wire order.
    expect(h.outcomes).toEqual(['ok q1', 'ok q0', 'ok q1-second']);
  });

  it('a long QoS 0 backlog drains without growing the stack', () => {
    const h = harness(200_000, 10);
    for (let i = 0; i < 100_000; i++) h.submit(`t${i}`, 0);
    h.pipeline.resume(10);
    expect(h.pipeline.counters.published).toBe(100_000);
  });

  it('while the broker is lost, messages are held up to the limit, then refused with a reason', () => {
    const h = harness(2, 10);
    h.submit('a', 1);
    h.submit('b', 0);
    h.submit('c', 1);
    expect(h.outcomes).toEqual(['fail c: the broker is unreachable and 2 messages are already held back (offlineQueueLimit)']);
    expect(h.pipeline.counters).toEqual({ published: 0, failed: 1, queued: 2 });
    h.pipeline.resume(10);
    expect(h.wire).toEqual(['a', 'b']); // held messages go out in the order they were published
    h.sent[0].done();
    expect(h.outcomes.slice(1)).toEqual(['ok b', 'ok a']);
  });

  it('a loss with reconnect keeps QoS 1 in flight (mqtt.js resends it) but fails an unwritten QoS 0', () => {
    const sent: Array<(err?: Error) => void> = [];
    const outcomes: string[] = [];
    const p = new PublishPipeline(
      { send: (_req, done) => sent.push(done), failure: (req, reason) => new Error(`${req.topic}: ${reason}`) },
      10,
      10,
    );
    const req = (topic: string, qos: QoS): PublishRequest => ({
      topic, payload: '', qos, retain: false,
      resolve: () => outcomes.push(`ok ${topic}`),
      reject: (e) => outcomes.push(`fail ${e.message}`),
    });
    p.resume(10);
    p.submit(req('q1', 1));
    p.submit(req('q0', 0)); // this fake never completes the write
    p.suspend(true, 'lost');
    expect(outcomes).toEqual(['fail q0: lost']);
    sent[0](); // PUBACK after the reconnect
    sent[1](); // a late write callback for the failed QoS 0 is ignored
    expect(outcomes).toEqual(['fail q0: lost', 'ok q1']);
    expect(p.counters).toEqual({ published: 1, failed: 1, queued: 0 });
  });

  it('a final loss (no reconnect) fails everything in flight and held back, each exactly once', () => {
    const h = harness(10, 1);
    h.pipeline.resume(1);
    h.submit('inflight', 2);
    h.submit('waiting', 2);
    h.pipeline.suspend(false, 'gone for good');
    h.sent[0].done(); // too late: already failed
    expect(h.outcomes).toEqual(['fail inflight: gone for good', 'fail waiting: gone for good']);
    expect(h.pipeline.counters).toEqual({ published: 0, failed: 2, queued: 0 });
    expect(h.pipeline.inFlightSize + h.pipeline.backlogSize).toBe(0);
  });
});

describe('publish pipeline on a congested socket', () => {
  it('holds messages while the socket is over its high-water mark, waits for one drain, then sends them all in order', () => {
    let congested = false;
    const drains: Array<() => void> = [];
    const wire: string[] = [];
    const outcomes: string[] = [];
    const pipeline = new PublishPipeline(
      {
        send: (req, done) => {
          wire.push(req.topic);
          done();
        },
        failure: (req, reason) => new Error(`${req.topic}: ${reason}`),
        congested: () => congested,
        whenDrained: (then) => drains.push(then),
      },
      100,
      10,
    );
    pipeline.resume(10);
    const submit = (topic: string) => pipeline.submit({ topic, payload: topic, qos: 0, retain: false, resolve: () => outcomes.push(`ok ${topic}`), reject: (e) => outcomes.push(`fail ${e.message}`) });
    submit('a');
    congested = true;
    for (const t of ['b', 'c', 'd']) submit(t);
    expect(wire).toEqual(['a']);
    expect(pipeline.backlogSize).toBe(3);
    expect(drains).toHaveLength(1); // one listener for the whole backlog, not one per message
    congested = false;
    drains[0]();
    expect(wire).toEqual(['a', 'b', 'c', 'd']);
    expect(outcomes).toEqual(['ok a', 'ok b', 'ok c', 'ok d']);
    expect(pipeline.backlogSize).toBe(0);
  });

  it('a reconnect does not wait for the old socket’s drain', () => {
    let congested = true;
    const drains: Array<() => void> = [];
    const wire: string[] = [];
    const pipeline = new PublishPipeline(
      { send: (req, done) => (wire.push(req.topic), done()), failure: (req, reason) => new Error(reason), congested: () => congested, whenDrained: (then) => drains.push(then) },
      100,
      10,
    );
    pipeline.resume(10);
    pipeline.submit({ topic: 'x', payload: 'x', qos: 0, retain: false, resolve: () => undefined, reject: () => undefined });
    expect(wire).toEqual([]);
    pipeline.suspend(true, 'lost');
    congested = false; // the new socket
    pipeline.resume(10);
    expect(wire).toEqual(['x']);
    expect(drains).toHaveLength(1);
  });
});
