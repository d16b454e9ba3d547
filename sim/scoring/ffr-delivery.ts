// Does the availability a device declared match the response it delivered? Open Energi defines
// availability-ffr-low as what can be deferred "within 2 seconds" at 49.5 Hz (high: brought forward
// at 50.5 Hz). So once the grid frequency has been at or beyond nominal ∓ 0.5 Hz for 2 s, every
// sample compares the entity's response-ffr-low (-high) with the availability it declared just
// before the excursion began:
//   ffr_delivery_ratio = Σ delivered / Σ declared over those samples (both directions, all entities)
// An excursion nobody declared availability for adds nothing to either sum.
import type { Micros } from '../time.ts';

const BAND_HZ = 0.5;
const WITHIN: Micros = 2_000_000;

interface EntityState {
  /** Availability declared (last sent) outside excursions, kW. */
  declaredLow: number;
  declaredHigh: number;
  /** Declared when the current excursion began (frozen for its duration). */
  frozenLow?: number;
  frozenHigh?: number;
}

export class FfrDelivery {
  private readonly entities = new Map<string, EntityState>();
  private excursion: { dir: -1 | 1; since: Micros } | undefined;
  private declared = 0;
  private delivered = 0;
  samples = 0;

  constructor(private readonly nominal: number) {}

  private state(key: string): EntityState {
    let s = this.entities.get(key);
    if (!s) {
      s = { declaredLow: 0, declaredHigh: 0 };
      this.entities.set(key, s);
    }
    return s;
  }

  /** An availability reading was sent (kW). */
  availability(key: string, type: 'availability-ffr-low' | 'availability-ffr-high', kw: number): void {
    const s = this.state(key);
    if (type === 'availability-ffr-low') s.declaredLow = kw;
    else s.declaredHigh = kw;
  }

  /** The grid frequency at window end `t` (one call per window, before the samples of that instant). */
  frequency(t: Micros, f: number): void {
    const dir = f <= this.nominal - BAND_HZ ? -1 : f >= this.nominal + BAND_HZ ? 1 : 0;
    if (dir === 0) {
      this.excursion = undefined;
      for (const s of this.entities.values()) s.frozenLow = s.frozenHigh = undefined;
      return;
    }
    if (this.excursion?.dir === dir) return;
    this.excursion = { dir, since: t };
    for (const s of this.entities.values()) {
      s.frozenLow = s.declaredLow;
      s.frozenHigh = s.declaredHigh;
    }
  }

  /** An entity's response readings at sample time `t` (kW, whether sent or not). */
  response(key: string, t: Micros, lowKw: number, highKw: number): void {
    const e = this.excursion;
    if (!e || t - e.since < WITHIN) return;
    const s = this.state(key);
    const declared = e.dir < 0 ? (s.frozenLow ?? s.declaredLow) : (s.frozenHigh ?? s.declaredHigh);
    if (!(declared > 0)) return;
    this.declared += declared;
    this.delivered += Math.min(e.dir < 0 ? lowKw : highKw, declared * 10);
    this.samples++;
  }

  metrics(): Record<string, number> {
    if (this.declared <= 0) return {};
    return { ffr_delivery_ratio: this.delivered / this.declared, ffr_samples: this.samples };
  }
}
