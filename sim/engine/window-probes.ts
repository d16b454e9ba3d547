// Probes computed from the physics at each window end, for every site: energy above the active
// constraint (breach energy) and the tracking error against it.
import type { RunContext } from './run-context.ts';

export class WindowProbes {
  private breachEnergy = 0;
  private trackingSq = 0;
  private trackingWindows = 0;

  constructor(private readonly ctx: RunContext) {}

  observe(): void {
    const a = this.ctx.sites.arrays.site;
    for (const s of this.ctx.sites.sites) {
      const i = s.index;
      this.breachEnergy += a.excessEnergy[i];
      if (Number.isFinite(a.constraint[i])) {
        const e = a.poiMean[i] - a.constraint[i];
        this.trackingSq += e * e;
        this.trackingWindows++;
      }
    }
  }

  metrics(): Record<string, number> {
    return {
      breach_energy: this.breachEnergy,
      tracking_error_rms: this.trackingWindows ? Math.sqrt(this.trackingSq / this.trackingWindows) : 0,
    };
  }
}
