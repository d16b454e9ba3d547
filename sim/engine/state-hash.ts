// The sites' part of the run hash. Hashing every table every window would cost more than the
// physics of a large fleet, so after each step the fleet's running totals go in (a divergence in
// any window of any site changes them), and the complete bytes of every table every
// CHECKPOINT_WINDOWS windows and at the end.
import type { RunContext } from './run-context.ts';

/** Every this many windows the complete state of every site table goes into the run hash. */
export const CHECKPOINT_WINDOWS = 600;

export function hashSites(ctx: RunContext, windowsStepped: number, final: boolean): void {
  const s = ctx.sites.arrays.site;
  const n = ctx.sites.sites.length;
  if (n > 0) {
    const sums = new Float64Array(4);
    for (let i = 0; i < n; i++) {
      sums[0] += s.poiEnergy[i];
      sums[1] += s.excessTotal[i];
      sums[2] += s.burnerEnergy[i];
      sums[3] += s.poiEnd[i];
    }
    ctx.hash.add('window', new Uint8Array(sums.buffer));
  }
  if (final || windowsStepped % CHECKPOINT_WINDOWS === 0) {
    for (const t of Object.values(ctx.sites.tables)) ctx.hash.add('state', t.bytes());
  }
}
