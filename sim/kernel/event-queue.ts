// The kernel's pending-event set: a binary min-heap ordered by (time, priority, sequence).
// Sequence is the insertion counter, so events at the same time and priority run in the order they
// were scheduled — the tie-break that makes every run replay identically.
//
// Co-timed runs: a twin schedules many events for the same instant back to back (a thousand
// devices' next telemetry tick, all at t + 4 s). Consecutive pushes with the same (time, priority)
// join the heap entry of the first one (its "followers") instead of each paying O(log n). The order
// stays exact: a run's members have consecutive sequence numbers, so no other event can sort
// between them, and later events with the same key always carry larger sequence numbers. A lone
// event is its own heap entry, with no extra allocation.
import type { Micros } from '../time.ts';

export interface QueuedEvent {
  time: Micros;
  priority: number;
  /** Insertion order; while an event leads a run in the heap, the sequence of the run's next member. */
  seq: number;
  run: () => void;
  /** Cancelled events stay queued and are skipped when popped (lazy deletion is O(1)). */
  cancelled: boolean;
  /** Events pushed right after this one for the same instant and priority (null: none). */
  followers?: QueuedEvent[] | null;
  /** Index of the next follower to leave; -1 while this event itself has not left. */
  next?: number;
}

function before(a: QueuedEvent, b: QueuedEvent): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

export class EventQueue {
  private heap: QueuedEvent[] = [];
  /** The entry that received the most recent push, while it is still queued. */
  private tail: QueuedEvent | undefined;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(ev: QueuedEvent): void {
    this.count++;
    const tail = this.tail;
    if (tail !== undefined && tail.time === ev.time && tail.priority === ev.priority) {
      if (tail.followers) tail.followers.push(ev);
      else tail.followers = [ev];
      return;
    }
    ev.followers = null;
    ev.next = -1;
    this.tail = ev;
    const heap = this.heap;
    let i = heap.length;
    heap.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (!before(ev, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = ev;
  }

  peek(): QueuedEvent | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    return top.next === -1 ? top : (top.followers as QueuedEvent[])[top.next as number];
  }

  pop(): QueuedEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    this.count--;
    const followers = top.followers;
    let out: QueuedEvent;
    if (top.next === -1) {
      out = top;
      if (followers) {
        // The run stays at the root: its next sequence number is still the smallest among entries
        // with this key, and every other entry at the root already sorted after this key.
        top.next = 0;
        top.seq = followers[0].seq;
        return out;
      }
    } else {
      const f = followers as QueuedEvent[];
      out = f[top.next as number];
      top.next = (top.next as number) + 1;
      if (top.next < f.length) {
        top.seq = f[top.next].seq;
        return out;
      }
    }
    this.removeRoot(top);
    return out;
  }

  private removeRoot(top: QueuedEvent): void {
    const heap = this.heap;
    if (this.tail === top) this.tail = undefined;
    const last = heap.pop() as QueuedEvent;
    const size = heap.length;
    if (size === 0) return;
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

  clear(): void {
    this.heap = [];
    this.tail = undefined;
    this.count = 0;
  }
}
