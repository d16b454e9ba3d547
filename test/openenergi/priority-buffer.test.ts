// The bounded priority buffer: oldest-first within a priority, highest priority first, the lowest
// priority evicted first when full, and two messages of one priority never collapsed.
import { describe, expect, it } from 'vitest';
import { PriorityBuffer } from '../../sim/bindings/openenergi/priority-buffer.ts';

const one = () => 1;
const drain = <T>(b: PriorityBuffer<T>) => b.take(Infinity, Infinity, one);

describe('PriorityBuffer', () => {
  it('takes highest priority first, oldest first within a priority', () => {
    const b = new PriorityBuffer<string>(10, 4);
    for (const [x, p] of [['d1', 3], ['a1', 0], ['c1', 2], ['a2', 0], ['b1', 1], ['d2', 3]] as const) expect(b.push(x, p)).toBeUndefined();
    expect(b.size).toBe(6);
    expect(drain(b)).toEqual(['a1', 'a2', 'b1', 'c1', 'd1', 'd2']);
    expect(b.size).toBe(0);
  });

  it('keeps equal items of equal priority: nothing collapses or overwrites', () => {
    const b = new PriorityBuffer<{ v: number }>(5, 2);
    const x = { v: 1 };
    b.push(x, 0);
    b.push({ v: 1 }, 0);
    b.push(x, 0);
    expect(drain(b)).toEqual([{ v: 1 }, { v: 1 }, { v: 1 }]);
  });

  it('when full, evicts the oldest of the lowest priority present, and counts it', () => {
    const b = new PriorityBuffer<string>(4, 4);
    b.push('c1', 2);
    b.push('d1', 3);
    b.push('d2', 3);
    b.push('a1', 0);
    expect(b.push('a2', 0)).toBe('d1');
    expect(b.push('b1', 1)).toBe('d2');
    expect(b.push('b2', 1)).toBe('c1');
    expect(b.evicted).toEqual([0, 0, 1, 2]);
    expect(drain(b)).toEqual(['a1', 'a2', 'b1', 'b2']);
  });

  it('evicts the oldest of its own priority when only equal or higher priorities are stored', () => {
    const b = new PriorityBuffer<string>(3, 4);
    b.push('a1', 0);
    b.push('c1', 2);
    b.push('c2', 2);
    expect(b.push('c3', 2)).toBe('c1');
    expect(drain(b)).toEqual(['a1', 'c2', 'c3']);
    expect(b.evicted).toEqual([0, 0, 1, 0]);
  });

  it('turns the newcomer away when everything stored outranks it', () => {
    const b = new PriorityBuffer<string>(2, 4);
    b.push('a1', 0);
    b.push('b1', 1);
    expect(b.push('d1', 3)).toBe('d1');
    expect(b.push('c1', 2)).toBe('c1');
    expect(b.evicted).toEqual([0, 0, 1, 1]);
    expect(b.size).toBe(2);
    expect(drain(b)).toEqual(['a1', 'b1']);
  });

  it('with capacity 0 turns everything away, counted', () => {
    const b = new PriorityBuffer<string>(0, 2);
    expect(b.push('x', 0)).toBe('x');
    expect(b.evicted).toEqual([1, 0]);
    expect(b.size).toBe(0);
  });

  it('takes at most max messages and maxBytes, stopping at the first that does not fit', () => {
    const b = new PriorityBuffer<string>(10, 2);
    for (const s of ['aaaa', 'bb', 'cccccc', 'd']) b.push(s, 0);
    b.push('e', 1);
    const len = (s: string) => s.length;
    expect(b.take(10, 7, len)).toEqual(['aaaa', 'bb']); // 'cccccc' would overflow; 'd' must not overtake it
    expect(b.take(1, 100, len)).toEqual(['cccccc']);
    expect(b.take(10, 100, len)).toEqual(['d', 'e']);
    expect(b.take(10, 100, len)).toEqual([]);
  });

  it('returns a message larger than maxBytes alone so it cannot block the buffer', () => {
    const b = new PriorityBuffer<string>(10, 1);
    b.push('x'.repeat(50), 0);
    b.push('y', 0);
    expect(b.take(10, 10, (s) => s.length)).toEqual(['x'.repeat(50)]);
    expect(b.take(10, 10, (s) => s.length)).toEqual(['y']);
  });

  it('puts a failed batch back in front, in its order, ahead of newer messages', () => {
    const b = new PriorityBuffer<string>(10, 3);
    for (const [x, p] of [['a1', 0], ['a2', 0], ['c1', 2], ['b1', 1]] as const) b.push(x, p);
    const batch = b.take(3, Infinity, one);
    expect(batch).toEqual(['a1', 'a2', 'b1']);
    b.push('a3', 0);
    b.push('b2', 1);
    expect(b.unshift(batch, (s) => Number({ a: 0, b: 1, c: 2 }[s[0] as 'a'] ?? 0))).toEqual([]);
    expect(drain(b)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'c1']);
  });

  it('evicts the lowest priority, oldest first, when a batch put back no longer fits', () => {
    const b = new PriorityBuffer<string>(3, 3);
    b.push('a1', 0);
    b.push('a2', 0);
    const batch = b.take(2, Infinity, one);
    b.push('c1', 2);
    b.push('c2', 2);
    b.push('b1', 1);
    expect(b.unshift(batch, () => 0)).toEqual(['c1', 'c2']);
    expect(b.evicted).toEqual([0, 0, 2]);
    expect(drain(b)).toEqual(['a1', 'a2', 'b1']);
  });

  it('rejects priorities outside its levels', () => {
    const b = new PriorityBuffer<string>(3, 2);
    expect(() => b.push('x', 2)).toThrow(RangeError);
    expect(() => b.push('x', -1)).toThrow(RangeError);
    expect(() => b.push('x', 0.5)).toThrow(RangeError);
    expect(() => new PriorityBuffer(-1, 2)).toThrow(RangeError);
    expect(() => new PriorityBuffer(1, 0)).toThrow(RangeError);
  });

  it('keeps order through ring wrap-around and growth over a long backlog', () => {
    const b = new PriorityBuffer<number>(100_000, 2);
    let next = 0;
    let expected = 0;
    let outOfOrder = 0;
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 3000; k++) b.push(next++, 0);
      const got = b.take(2500, Infinity, one);
      for (const x of got) if (x !== expected++) outOfOrder++;
      if (round % 7 === 0) b.unshift(got.slice(-5), () => 0), (expected -= 5);
    }
    expect(outOfOrder).toBe(0);
    const rest = drain(b);
    expect(rest[0]).toBe(expected);
    expect(rest.at(-1)).toBe(next - 1);
    expect(rest.length).toBe(next - expected);
  });
});
