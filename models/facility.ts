// A site stepped through one kernel window: AI load + auxiliaries − battery = POI load, metered
// at the point of interconnection. Input changes land exactly at their time inside the window
// (the internal step is split there), so results do not depend on the window size beyond the
// internal step. Same code in a worker thread or in the main thread.
import { aiLoadDemand, applyRamp } from './ai-training-load.ts';
import { stepBattery } from './battery.ts';
import type { InputChange, SiteField } from './site-state.ts';

type Table = Record<SiteField, Float64Array>;

/**
 * Steps sites [i0, i1) from t0 to t1 (µs). `changes` must be sorted by time and only hold
 * changes for sites in the range with t0 <= timeUs < t1.
 */
export function stepSites(s: Table, i0: number, i1: number, t0: number, t1: number, changes: readonly InputChange[]): void {
  for (let i = i0; i < i1; i++) {
    // This site's changes keep their time order (the list is sorted by time overall).
    const mine = changes.length === 0 ? changes : changes.filter((ch) => ch.site === i);
    stepOneSite(s, i, t0, t1, mine);
  }
}

function stepOneSite(s: Table, i: number, t0: number, t1: number, changes: readonly InputChange[]): void {
  const h = s.stepUs[i];
  const aux = s.auxLoad[i];
  let it = s.itPower[i];
  let itInt = 0;
  let poiInt = 0;
  let battInt = 0;
  let excess = 0;
  let poiMax = -Infinity;
  let poiMin = Infinity;
  let poi = s.poiEnd[i];
  let batt = 0;
  let next = 0;
  let t = t0;
  while (t < t1) {
    while (next < changes.length && changes[next].timeUs <= t) {
      const ch = changes[next++];
      s[ch.field][i] = ch.value;
    }
    // Sub-steps end on the internal grid (multiples of h from t = 0), at the window end, or at the
    // next input change — whichever comes first.
    let tn = Math.min((Math.floor(t / h) + 1) * h, t1);
    if (next < changes.length && changes[next].timeUs < tn) tn = changes[next].timeUs;
    const dt = (tn - t) / 1e6;
    it = applyRamp(it, aiLoadDemand(s, i, t), s.rampUp[i], s.rampDown[i], dt);
    const gross = it + aux;
    batt = stepBattery(s, i, gross, dt);
    poi = gross - batt;
    itInt += it * dt;
    poiInt += poi * dt;
    battInt += batt * dt;
    const over = poi - s.constraint[i];
    if (over > 0) excess += over * dt;
    if (poi > poiMax) poiMax = poi;
    if (poi < poiMin) poiMin = poi;
    t = tn;
  }
  const span = (t1 - t0) / 1e6;
  s.itPower[i] = it;
  s.battPowerOut[i] = batt;
  s.itMean[i] = itInt / span;
  s.poiMean[i] = poiInt / span;
  s.battMean[i] = battInt / span;
  s.poiMax[i] = poiMax;
  s.poiMin[i] = poiMin;
  s.excessEnergy[i] = excess;
  s.poiEnd[i] = poi;
}
