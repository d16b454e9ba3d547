// Multisets of wire keys the flush barrier waits for: gridtwin's own messages coming back through
// the broker, and messages an in-process counterpart reported publishing.
export class WireWaits<T = true> {
  private readonly pending = new Map<string, T[]>();
  private waiters: Array<() => void> = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  expect(key: string, value: T): void {
    const list = this.pending.get(key);
    if (list) list.push(value);
    else this.pending.set(key, [value]);
    this.count++;
  }

  /**
   * Keys that arrived before anybody expected them (a counterpart's message can reach the observer
   * before the counterpart reports having sent it). Counted so a later `expectOrMatch` finds them.
   */
  private early = new Map<string, number>();

  /** Like `expect`, but satisfied at once by an earlier unexpected arrival of the same key. */
  expectOrMatch(key: string, value: T): void {
    const n = this.early.get(key) ?? 0;
    if (n > 0) {
      if (n === 1) this.early.delete(key);
      else this.early.set(key, n - 1);
      return;
    }
    this.expect(key, value);
  }

  /** Records an arrival nobody was waiting for (yet). */
  arrivedUnexpected(key: string): void {
    this.early.set(key, (this.early.get(key) ?? 0) + 1);
  }

  /** Forgets unexpected arrivals (end of a barrier). */
  forgetEarly(): void {
    this.early.clear();
  }

  /** Removes one expectation for `key`; returns its value, or undefined if none was waiting. */
  take(key: string): T | undefined {
    const list = this.pending.get(key);
    if (!list) return undefined;
    const v = list.shift() as T;
    if (list.length === 0) this.pending.delete(key);
    this.count--;
    if (this.count === 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const fn of w) fn();
    }
    return v;
  }

  /** Resolves when nothing is pending. */
  drained(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Gives up on everything still pending and returns it. */
  abandon(): Array<[string, T]> {
    const out: Array<[string, T]> = [];
    for (const [k, list] of this.pending) for (const v of list) out.push([k, v]);
    this.pending.clear();
    this.count = 0;
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
    return out;
  }
}
