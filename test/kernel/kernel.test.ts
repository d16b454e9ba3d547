import { describe, expect, it } from 'vitest';
import { Kernel, Priority } from '../../sim/kernel/kernel.ts';
import { EventQueue } from '../../sim/kernel/event-queue.ts';

describe('event queue', () => {
  it('pops in (time, priority, sequence) order whatever the insertion order', () => {
    const q = new EventQueue();
    const order: string[] = [];
    const add = (time: number, priority: number, seq: number) =>
      q.push({ time, priority, seq, cancelled: false, run: () => order.push(`${time}/${priority}/${seq}`) });
    add(5, 50, 3);
    add(1, 50, 4);
    add(5, 10, 5);
    add(5, 50, 1);
    add(0, 90, 6);
    add(1, 50, 2);
    while (q.size) q.pop()!.run();
    expect(order).toEqual(['0/90/6', '1/50/2', '1/50/4', '5/10/5', '5/50/1', '5/50/3']);
  });

  it('stays a valid heap over many random pushes and pops', () => {
    const q = new EventQueue();
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x);
    let seq = 0;
    let last = -1;
    for (let round = 0; round < 2000; round++) {
      q.push({ time: last + 1 + (rnd() % 1000), priority: rnd() % 3, seq: seq++, cancelled: false, run() {} });
      if (rnd() % 3 === 0) {
        const ev = q.pop()!;
        expect(ev.time).toBeGreaterThanOrEqual(last);
        last = ev.time;
      }
    }
  });
});

describe('kernel', () => {
  it('runs events at the same time in priority order, then in scheduling order', () => {
    const k = new Kernel();
    const seen: string[] = [];
    k.schedule(10, () => seen.push('normal-a'));
    k.schedule(10, () => seen.push('late'), Priority.late);
    k.schedule(10, () => seen.push('inbound'), Priority.inbound);
    k.schedule(10, () => seen.push('normal-b'));
    k.schedule(3, () => seen.push('early'));
    while (k.step());
    expect(seen).toEqual(['early', 'inbound', 'normal-a', 'normal-b', 'late']);
    expect(k.now).toBe(10);
  });

  it('refuses non-integer, negative and past times', () => {
    const k = new Kernel();
    expect(() => k.schedule(1.5, () => {})).toThrow(/integer/);
    expect(() => k.schedule(-1, () => {})).toThrow();
    k.schedule(100, () => {});
    k.step();
    expect(() => k.schedule(99, () => {})).toThrow(/already at 100/);
  });

  it('skips cancelled events', () => {
    const k = new Kernel();
    const seen: number[] = [];
    const h = k.schedule(5, () => seen.push(5));
    k.schedule(6, () => seen.push(6));
    k.cancel(h);
    expect(k.peekTime()).toBe(6);
    while (k.step());
    expect(seen).toEqual([6]);
    expect(k.processed).toBe(1);
  });

  it('runUntil executes only events before the limit and parks the clock at the limit', () => {
    const k = new Kernel();
    const seen: number[] = [];
    for (const t of [0, 999_999, 1_000_000, 1_500_000]) k.schedule(t, () => seen.push(t));
    expect(k.runUntil(1_000_000)).toBe(2);
    expect(seen).toEqual([0, 999_999]);
    expect(k.now).toBe(1_000_000);
    k.runUntil(2_000_000);
    expect(seen).toEqual([0, 999_999, 1_000_000, 1_500_000]);
  });

  it('runBatch executes everything at the next instant, including events scheduled for it meanwhile', () => {
    const k = new Kernel();
    const seen: string[] = [];
    k.schedule(7, () => {
      seen.push('a');
      k.schedule(7, () => seen.push('chained'));
    });
    k.schedule(8, () => seen.push('b'));
    expect(k.runBatch()).toBe(7);
    expect(seen).toEqual(['a', 'chained']);
  });

  it('advanceTo refuses to jump over a pending event', () => {
    const k = new Kernel();
    k.schedule(50, () => {});
    expect(() => k.advanceTo(60)).toThrow(/skip an event at 50/);
  });
});

describe('processes and conditions', () => {
  it('a process resumes after each timeout at the right simulated time', () => {
    const k = new Kernel();
    const ticks: number[] = [];
    k.process(function* () {
      for (let i = 0; i < 3; i++) {
        yield k.timeout(1_000);
        ticks.push(k.now);
      }
      return 'done';
    });
    while (k.step());
    expect(ticks).toEqual([1_000, 2_000, 3_000]);
  });

  it('a process receives the value a signal carries, and can wait for another process', () => {
    const k = new Kernel();
    const sig = k.signal<string>();
    const got: unknown[] = [];
    const child = k.process(function* () {
      const v = yield sig;
      got.push(v);
      return 42;
    });
    k.process(function* () {
      const r = yield child.done;
      got.push(r, k.now);
    });
    k.schedule(500, () => sig.trigger('go'));
    while (k.step());
    expect(got).toEqual(['go', 42, 500]);
  });

  it('allOf waits for every input, anyOf for the first', () => {
    const k = new Kernel();
    const log: unknown[] = [];
    k.process(function* () {
      const all = yield k.allOf([k.timeout(10, 'a'), k.timeout(30, 'b')]);
      log.push(['all', k.now, all]);
      const any = yield k.anyOf([k.timeout(50, 'slow'), k.timeout(5, 'fast')]);
      log.push(['any', k.now, any]);
    });
    while (k.step());
    expect(log).toEqual([
      ['all', 30, ['a', 'b']],
      ['any', 35, { index: 1, value: 'fast' }],
    ]);
  });

  it('a killed process never resumes', () => {
    const k = new Kernel();
    let resumed = false;
    const p = k.process(function* () {
      yield k.timeout(100);
      resumed = true;
    });
    k.schedule(50, () => p.kill());
    while (k.step());
    expect(resumed).toBe(false);
    expect(p.finished).toBe(true);
  });

  it('yielding something that is not a waitable is a programming error, reported with the process name', () => {
    const k = new Kernel();
    k.process(function* () {
      yield 5 as never;
    }, 'heartbeat');
    expect(() => {
      while (k.step());
    }).toThrow(/heartbeat/);
  });

  it('a signal fires only once', () => {
    const k = new Kernel();
    const s = k.signal<number>();
    s.trigger(1);
    expect(() => s.trigger(2)).toThrow(/once/);
  });
});
