// The kernel's pending-event set: a binary min-heap ordered by (time, priority, sequence).
// Sequence is the insertion counter, so events at the same time and priority run in the order they
// were scheduled — the tie-break that makes every run replay identically.
//
// Co-timed runs: a twin schedules many events for the same instant back to back (a thousand
// devices' next telemetry tick, all at t + 4 s). Consecutive pushes with the same (time, priority)
// join one heap entry's run instead of each paying O(log n). This keeps the order exact: a run's
// members have consecutive sequence numbers, so no other event can sort between them, and later
// events with the same key always carry larger sequence numbers than the whole run.
import type { Micros } from '../time.ts';

export interface QueuedEvent {
  time: Micros;
  priority: number;
  seq: number;
  run: () => void;
  /** Cancelled events stay queued and are skipped when popped (lazy deletion is O(1)). */
  cancelled: boolean;
}

/** A heap entry: one or more events with equal (time, priority) and consecutive sequence numbers. */
interface Entry {
  time: Micros;
  priority: number;
  /** Sequence number of the next event to leave this entry. */
  seq: number;
  events: QueuedEvent[];
  head: number;
}

function before(a: Entry, b: Entry): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

export class EventQueue {
  private heap: Entry[] = [];
  /** The entry that received the most recent push, while it is still queued. */
  private tail: Entry | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(ev: QueuedEvent): void {
    this.count++;
    const tail = this.tail;
    if (tail !== undefined && tail.time === ev.time && tail.priority === ev.priority) {
      tail.events.push(ev);
      return;
    }
    const entry: Entry = { time: ev.time, priority: ev.priority, seq: ev.seq, events: [ev], head: 0 };
    this.tail = entry;
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  peek(): QueuedEvent | undefined {
    const top = this.heap[0];
    return top === undefined ? undefined : top.events[top.head];
  }

  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    this.count--;
    const ev = top.events[top.head++];
    if (top.head < top.events.length) {
      // The rest of the run stays at the root: its next sequence number is still the smallest
      // among entries with this key, and every other key at the root was already >= this one.
      top.seq = top.events[top.head].seq;
      return ev;
    }
    if (this.tail === top) this.tail = undefined;
    const last = heap.pop() as Entry;
    const size = heap.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= size) break;
        const right = child + 1;
        if (right < size && before(heap[right], heap[child])) child = right;
        if (!before(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return ev;
  }

  clear(): void {
    this.heap = [];
    this.tail = undefined;
    this.count = 0;
  }
}
