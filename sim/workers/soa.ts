// Struct-of-arrays storage for model instances: one Float64Array per field, all in one
// SharedArrayBuffer, so a worker thread can step a range of instances in place and the main thread
// sees the result without copying. Field-major layout: field k of instance i is at k·n + i.

export class SoaTable<F extends string> {
  readonly buffer: SharedArrayBuffer;
  readonly arrays: Record<F, Float64Array>;

  constructor(
    readonly fields: readonly F[],
    readonly n: number,
    buffer?: SharedArrayBuffer,
  ) {
    const bytes = fields.length * n * Float64Array.BYTES_PER_ELEMENT;
    if (buffer && buffer.byteLength !== bytes) {
      throw new Error(`SoA buffer holds ${buffer.byteLength} bytes, layout needs ${bytes}`);
    }
    this.buffer = buffer ?? new SharedArrayBuffer(bytes);
    // Built in one go (not by keyed stores): with dozens of fields V8 would otherwise keep the
    // object in dictionary mode and every field access in the step loops would be ~4× slower.
    this.arrays = Object.fromEntries(
      fields.map((f, k) => [f, new Float64Array(this.buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n)]),
    ) as Record<F, Float64Array>;
  }

  /** One instance's fields as a plain object (reports, tests). */
  row(i: number): Record<F, number> {
    const out = {} as Record<F, number>;
    for (const f of this.fields) out[f] = this.arrays[f][i];
    return out;
  }

  /** The raw bytes of the table (for hashing the state deterministically). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buffer);
  }
}
