// The run hash: a SHA-256 over everything that defines what happened in a run — the scenario, the
// seed, every outbound message's content (signatures excluded: ECDSA is randomised), every
// inbound message's verdict and effect time, and every window's model state. Same scenario + seed
// + inbound messages ⇒ same hash, with any number of workers and in either clock mode.
import { createHash, type Hash } from 'node:crypto';

export class RunHash {
  private readonly h: Hash = createHash('sha256');
  /** Records fed in, for diagnosing a divergence (the first differing record). */
  records = 0;

  add(kind: string, content: string | Uint8Array): void {
    this.records++;
    this.h.update(kind);
    this.h.update('\u0000');
    this.h.update(content);
    this.h.update('\u0001');
  }

  digest(): string {
    return this.h.copy().digest('hex');
  }
}
