// Seeds (DESIGN.md rule 1): one root seed per run; every entity draws from its own stream derived
// from (root seed, entity path), so adding an entity or reordering work never shifts another
// entity's numbers. Nothing in the kernel, models or scoring may use Math.random.
import seedrandom from 'seedrandom';

export type Seed = number | string;

/** A deterministic pseudo-random stream (Alea) owned by one entity. */
export class RandomStream {
  private readonly prng: seedrandom.PRNG;

  constructor(
    readonly root: Seed,
    readonly path: string,
  ) {
    this.prng = seedrandom.alea(`gridtwin:${root}:${path}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, 2^32). */
  uint32(): number {
    return this.prng.int32() >>> 0;
  }

  /** `n` random bytes. */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let w = this.uint32();
      for (let j = 0; j < 4 && i + j < n; j++) {
        out[i + j] = w & 0xff;
        w >>>= 8;
      }
    }
    return out;
  }

  /** Lower-case hex string of `nBytes` random bytes. */
  hex(nBytes: number): string {
    return Buffer.from(this.bytes(nBytes)).toString('hex');
  }

  /** RFC 9562 version-4 UUID built from this stream (deterministic, not cryptographic). */
  uuid4(): string {
    const b = this.bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Buffer.from(b).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
}

/** Hands out one stream per entity path and refuses to hand out the same path twice. */
export class SeedTree {
  private readonly issued = new Set<string>();

  constructor(readonly root: Seed) {}

  stream(path: string): RandomStream {
    if (this.issued.has(path)) {
      throw new Error(`random stream '${path}' requested twice; each entity owns exactly one stream`);
    }
    this.issued.add(path);
    return new RandomStream(this.root, path);
  }
}
