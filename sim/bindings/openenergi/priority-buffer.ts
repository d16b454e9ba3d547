// The retrying client's store: a bounded buffer of messages in priority levels 0 (highest) … N−1.
// Nothing is collapsed or overwritten — two messages of one priority are both kept. When the
// buffer is full, the oldest message of the lowest priority present makes room if that priority
// is lower than or equal to the newcomer's; otherwise the newcomer itself is turned away. Either
// way it is counted per priority (`evicted`). Each level is a ring-buffer deque, so push, take and
// unshift are O(1) amortised per message however long a backlog grows.

/** A growable ring buffer: push at the back, push or pop at the front. */
class Deque<T> {
  private buf: (T | undefined)[] = new Array(8);
  private head = 0;
  length = 0;

  private grow(): void {
    const old = this.buf;
    const next: (T | undefined)[] = new Array(old.length * 2);
    for (let k = 0; k < this.length; k++) next[k] = old[(this.head + k) % old.length];
    this.buf = next;
    this.head = 0;
  }

  pushBack(x: T): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length) % this.buf.length] = x;
    this.length++;
  }

  pushFront(x: T): void {
    if (this.length === this.buf.length) this.grow();
    this.head = (this.head - 1 + this.buf.length) % this.buf.length;
    this.buf[this.head] = x;
    this.length++;
  }

  peekFront(): T | undefined {
    return this.length === 0 ? undefined : this.buf[this.head];
  }

  popFront(): T | undefined {
    if (this.length === 0) return undefined;
    const x = this.buf[this.head];
    this.buf[this.head] = undefined; // let it be collected
    this.head = (this.head + 1) % this.buf.length;
    this.length--;
    return x;
  }
}

export class PriorityBuffer<T> {
  private readonly levels: Deque<T>[];
  private count = 0;
  /** Messages turned away or pushed out, per priority. */
  readonly evicted: number[];

  /** `capacity` messages in all; priorities 0 (highest) … levels − 1. */
  constructor(
    readonly capacity: number,
    readonly levelCount: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`PriorityBuffer: capacity must be a non-negative integer, got ${capacity}`);
    if (!Number.isSafeInteger(levelCount) || levelCount < 1) throw new RangeError(`PriorityBuffer: levels must be a positive integer, got ${levelCount}`);
    this.levels = Array.from({ length: levelCount }, () => new Deque<T>());
    this.evicted = new Array(levelCount).fill(0);
  }

  get size(): number {
    return this.count;
  }

  /** Messages waiting at `priority`. */
  sizeAt(priority: number): number {
    return this.levels[this.level(priority)].length;
  }

  private level(priority: number): number {
    if (!Number.isInteger(priority) || priority < 0 || priority >= this.levelCount) {
      throw new RangeError(`PriorityBuffer: priority must be an integer 0…${this.levelCount - 1}, got ${priority}`);
    }
    return priority;
  }

  /** The lowest priority (highest number) holding anything, or −1 when empty. */
  private lowestPresent(): number {
    for (let p = this.levelCount - 1; p >= 0; p--) if (this.levels[p].length > 0) return p;
    return -1;
  }

  /** Drops the oldest message of the lowest priority present (the buffer is not empty). */
  private evictLowest(): T {
    const p = this.lowestPresent();
    this.count--;
    this.evicted[p]++;
    return this.levels[p].popFront() as T;
  }

  /**
   * Stores `item` at `priority`; returns what was evicted to make room (the oldest of the lowest
   * priority present when that is lower than or equal to the newcomer's, else the newcomer itself),
   * or undefined when nothing was.
   */
  push(item: T, priority: number): T | undefined {
    const p = this.level(priority);
    if (this.count < this.capacity) {
      this.levels[p].pushBack(item);
      this.count++;
      return undefined;
    }
    const lowest = this.lowestPresent();
    if (lowest < p) {
      // Everything stored outranks the newcomer (or capacity is 0): it is the one turned away.
      this.evicted[p]++;
      return item;
    }
    const out = this.evictLowest();
    this.levels[p].pushBack(item);
    this.count++;
    return out;
  }

  /**
   * Removes and returns the next batch: highest priority first, oldest first within a priority,
   * at most `max` messages whose sizes sum to at most `maxBytes`. The batch stops at the first
   * message that does not fit (no later or lower-priority message overtakes it), except that a
   * single message larger than `maxBytes` is returned alone, so it cannot block the buffer.
   */
  take(max: number, maxBytes: number, sizeOf: (t: T) => number): T[] {
    const out: T[] = [];
    let bytes = 0;
    for (let p = 0; p < this.levelCount && out.length < max; p++) {
      const q = this.levels[p];
      while (q.length > 0 && out.length < max) {
        const s = sizeOf(q.peekFront() as T);
        if (out.length > 0 && bytes + s > maxBytes) return out;
        out.push(q.popFront() as T);
        this.count--;
        bytes += s;
        if (bytes >= maxBytes) return out;
      }
    }
    return out;
  }

  /**
   * Puts a failed batch back in front, in its order (each message at the front of its priority,
   * ahead of anything pushed since). If messages pushed meanwhile leave no room, the lowest
   * priorities are evicted as for `push` (oldest first) and returned.
   */
  unshift(items: readonly T[], priorityOf: (t: T) => number): T[] {
    const ps = items.map((t) => this.level(priorityOf(t)));
    for (let k = items.length - 1; k >= 0; k--) this.levels[ps[k]].pushFront(items[k]);
    this.count += items.length;
    const out: T[] = [];
    while (this.count > this.capacity) out.push(this.evictLowest());
    return out;
  }
}
