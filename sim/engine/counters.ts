// Named counters for the summary: messages in and out, lost, rejected — each with its reason.
// Nothing is dropped quietly (DESIGN.md rule 6): whatever loses a message increments a counter here.

export class Counters {
  private readonly values = new Map<string, number>();

  inc(name: string, by = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.values.get(name) ?? 0;
  }

  /** All counters, sorted by name (stable output for summaries). */
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.values.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
