// Probes from the physics, over all sites: energy above the active constraint (breach energy) and
// the tracking error against it. The sites accumulate both window by window as they step (in the
// workers); these are the fleet figures at the end.
import type { RunContext } from './run-context.ts';

export class WindowProbes {
  constructor(private readonly ctx: RunContext) {}

  metrics(): Record<string, number> {
    const s = this.ctx.sites.arrays.site;
    let breach = 0;
    let sq = 0;
    let windows = 0;
    for (const site of this.ctx.sites.sites) {
      breach += s.excessTotal[site.index];
      sq += s.trackSq[site.index];
      windows += s.trackWindows[site.index];
    }
    return { breach_energy: breach, tracking_error_rms: windows ? Math.sqrt(sq / windows) : 0 };
  }
}
