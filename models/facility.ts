// A site stepped through one kernel window: IT load (AI training) + cooling + auxiliaries, times the
// share still connected (protection), − battery = load at the POI, then the utility's ramp limit
// enforced by a load burner. Sub-steps end where the AI load's own piecewise-exact stepping ends them
// (internal step, square-wave edges, failures) and at every input change, so discrete changes land
// exactly at their time and results do not depend on the window length. Same code in a worker or in
// the main thread.
import { stepAiLoad } from './ai-training-load.ts';
import { advanceBattery } from './battery.ts';
import { stepCooling } from './cooling-loop.ts';
import { stepProtection } from './protection.ts';
import { stepPoiRamp } from './poi-ramp-limit.ts';
import type { InputChange, SiteArrays } from './site-state.ts';

/**
 * Steps sites [i0, i1) through `count` consecutive windows of `window` µs from t0 (the last one
 * ends at `end` if that is earlier); `changes` sorted by time, all inside the span. After each
 * window the site's run totals and time-series accumulators take that window's results, so the
 * engine can hand a worker many windows at once when nothing outside the sites can intervene.
 */
export function stepSites(
  a: SiteArrays,
  i0: number,
  i1: number,
  t0: number,
  window: number,
  count: number,
  end: number,
  changes: readonly InputChange[],
): void {
  for (let i = i0; i < i1; i++) {
    const mine = changes.length === 0 ? changes : changes.filter((ch) => ch.site === i);
    for (let k = 0; k < count; k++) {
      const ta = t0 + k * window;
      const tb = Math.min(ta + window, end);
      if (ta >= tb) break;
      const inWindow = mine.length === 0 ? mine : mine.filter((ch) => ch.timeUs >= ta && ch.timeUs < tb);
      stepOneSite(a, i, ta, tb, inWindow);
      accumulate(a.site, i, (tb - ta) / 1e6);
    }
  }
}

/** Adds the window just stepped to the site's run totals and the time series' interval. */
function accumulate(s: SiteArrays['site'], i: number, span: number): void {
  s.poiEnergy[i] += s.poiMean[i] * span;
  s.coolingEnergy[i] += s.coolingMean[i] * span;
  s.burnerEnergy[i] += s.burnerMean[i] * span;
  if (s.poiMax[i] > s.poiPeak[i]) s.poiPeak[i] = s.poiMax[i];
  if (s.poiMin[i] < s.poiLow[i]) s.poiLow[i] = s.poiMin[i];
  s.excessTotal[i] += s.excessEnergy[i];
  const c = s.constraint[i];
  if (c !== Infinity) {
    const e = s.poiMean[i] - c;
    s.trackSq[i] += e * e;
    s.trackWindows[i]++;
  }
  s.tsIt[i] += s.itMean[i];
  s.tsPoi[i] += s.poiMean[i];
  s.tsBatt[i] += s.battMean[i];
  s.tsCool[i] += s.coolingMean[i];
  s.tsBurn[i] += s.burnerMean[i];
  s.tsConn[i] += s.connectedMean[i];
  if (s.poiMax[i] > s.tsPeak[i]) s.tsPeak[i] = s.poiMax[i];
}

function apply(a: SiteArrays, ch: InputChange): void {
  (a[ch.table] as Record<string, Float64Array>)[ch.field][ch.site] = ch.value;
}

function stepOneSite(a: SiteArrays, i: number, t0: number, t1: number, changes: readonly InputChange[]): void {
  const s = a.site;
  const load = a.load;
  const aux = s.auxLoad[i];
  const cooling = s.hasCooling[i] === 1;
  const battery = s.hasBattery[i] === 1;
  const protection = s.hasProtection[i] === 1;
  const ramp = s.hasPoiRamp[i] === 1;
  let itInt = 0;
  let coolInt = 0;
  let poiInt = 0;
  let battInt = 0;
  let burnInt = 0;
  let connInt = 0;
  let usefulInt = 0;
  let excess = 0;
  let poiMax = -Infinity;
  let poiMin = Infinity;
  let poi = s.poiEnd[i];
  let next = 0;
  let t = t0;
  while (t < t1) {
    while (next < changes.length && changes[next].timeUs <= t) apply(a, changes[next++]);
    const limit = next < changes.length ? Math.min(t1, changes[next].timeUs) : t1;
    const tn = stepAiLoad(load, i, t, limit);
    const dt = (tn - t) / 1e6;
    const it = load.itSubMean[i];
    const coolW = cooling ? stepCooling(a.cooling, i, dt, it) : 0;
    let share = 1;
    if (protection) {
      stepProtection(a.protection, i, t, tn);
      share = a.protection.connectedSubMean[i];
    }
    const gross = (it + coolW + aux) * share;
    let batt = 0;
    if (battery) {
      const b = a.battery;
      b.load[i] = gross;
      b.constraint[i] = s.constraint[i];
      b.frequency[i] = s.frequency[i];
      batt = advanceBattery(b, i, dt);
    }
    const beforeRamp = gross - batt;
    if (ramp) {
      poi = stepPoiRamp(a.poiRamp, i, s.poiPrev[i], beforeRamp, dt);
      burnInt += a.poiRamp.burnerPower[i] * dt;
    } else {
      poi = beforeRamp;
    }
    s.poiPrev[i] = beforeRamp;
    itInt += it * dt;
    coolInt += coolW * dt;
    poiInt += poi * dt;
    battInt += batt * dt;
    connInt += share * dt;
    usefulInt += load.usefulRate[i] * dt;
    const over = poi - s.constraint[i];
    if (over > 0) excess += over * dt;
    if (poi > poiMax) poiMax = poi;
    if (poi < poiMin) poiMin = poi;
    t = tn;
  }
  const span = (t1 - t0) / 1e6;
  s.itMean[i] = itInt / span;
  s.coolingMean[i] = coolInt / span;
  s.poiMean[i] = poiInt / span;
  s.battMean[i] = battInt / span;
  s.burnerMean[i] = burnInt / span;
  s.connectedMean[i] = connInt / span;
  s.usefulMean[i] = usefulInt / span;
  s.poiMax[i] = poiMax;
  s.poiMin[i] = poiMin;
  s.excessEnergy[i] = excess;
  s.poiEnd[i] = poi;
  s.soc[i] = battery ? a.battery.energy[i] / a.battery.energyCap[i] : NaN;
}
