// Transport delay of a pipe (plug flow), stored struct-of-arrays: a fixed-size ring buffer per
// instance indexed by pumped VOLUME rather than by time.
//
// Why this form: the delay of a pipe is "the water that leaves now entered when the volume pumped
// since then equalled the pipe volume" — with a varying flow it is not a fixed time. A time-indexed
// ring buffer would need a length of (longest delay at the lowest flow)/(smallest step), unbounded
// as flow → 0; a chain of well-mixed segments (tanks in series) has a bounded size but smears a
// step over ±delay/√N (±35 % with 8 segments), which a transport delay must not do. Here the ring
// holds the inlet temperature sampled every V/(S−1) m³ of flow: S samples always span exactly the
// pipe, whatever the flow and the step, and the outlet is read by linear interpolation between two
// samples, so a step at the inlet leaves the pipe after exactly V/V̇ and is only spread over one
// slice (V/15 ≈ 1 s of delay for a 16 s pipe). No flow: nothing moves.
//
// Global sample j (the inlet temperature when the cumulative volume was j slices) lives in slot
// j mod S; the head h ∈ [0, S) is the cumulative volume in slices modulo S. The outlet sits S − 1
// slices behind the head, between the two oldest samples.

/** Slots per pipe. 16 resolves a 16 s pipe to 1 s; the delay itself is exact for any S. */
export const PIPE_SLOTS = 16;

type Slot = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15;
export type PipeName = 'supPipe' | 'retPipe' | 'facPipe';
export type PipeSlotField = `${PipeName}${Slot}`;

/** The SoA field names of one pipe's slots, in slot order. */
export function pipeSlotFields<P extends PipeName>(p: P): `${P}${Slot}`[] {
  return Array.from({ length: PIPE_SLOTS }, (_, k) => `${p}${k}` as `${P}${Slot}`);
}

/** A pipe's slot arrays (each a Float64Array over all instances). */
export type PipeSlots = readonly Float64Array[];

/** Fills a pipe with fluid at `temp`. */
export function pipeFill(slots: PipeSlots, i: number, temp: number): void {
  for (const s of slots) s[i] = temp;
}

/**
 * Records the fluid entering while the head moves from h0 by dh slices (dh ≥ 0): the inlet
 * temperature goes linearly from t0 to t1 over the step, and each whole-slice mark crossed stores
 * its value. Pushing the same (h0, dh) again overwrites the same samples, which lets the caller
 * store a provisional inlet first and the final one once it is known. Returns the new head.
 */
export function pipePush(slots: PipeSlots, i: number, h0: number, dh: number, t0: number, t1: number): number {
  const h1 = h0 + dh;
  const last = Math.floor(h1);
  // Only the newest S samples survive; older marks crossed in a long step are not written.
  const first = Math.max(Math.floor(h0) + 1, last - PIPE_SLOTS + 1);
  for (let j = first; j <= last; j++) slots[j % PIPE_SLOTS][i] = t0 + ((t1 - t0) * (j - h0)) / dh;
  return h1 - PIPE_SLOTS * Math.floor(h1 / PIPE_SLOTS);
}

/** Temperature leaving the pipe when the head is at h (slices, in [0, S)). */
export function pipeOutlet(slots: PipeSlots, i: number, h: number): number {
  const fl = Math.floor(h);
  const frac = h - fl;
  const older = slots[(fl + 1) % PIPE_SLOTS][i]; // global sample fl − S + 1
  const newer = slots[(fl + 2) % PIPE_SLOTS][i]; // global sample fl − S + 2
  return older + frac * (newer - older);
}

/** Slices (head units) moved by `volume` m³ through a pipe of `pipeVolume` m³. */
export function pipeSlices(volume: number, pipeVolume: number): number {
  return (volume * (PIPE_SLOTS - 1)) / pipeVolume;
}
