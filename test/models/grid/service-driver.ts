// Test helper: steps one response service against a prescribed frequency trace f(t), the way
// GridFrequency does (history on the 5 ms grid, detection lag, stepService), without the swing.
import { FrequencyHistory } from '../../../models/grid-history.ts';
import type { ResponseServiceParams } from '../../../models/grid-params.ts';
import { newServiceTable, stepService } from '../../../models/response-services.ts';

export interface ServiceSample {
  t: number;
  f: number;
  power: number;
}

/** Runs `p` from t = 0 to `until` with step `dt`; f(t) for t ≥ 0 (f before 0 is f(0⁻) = `fBefore`). */
export function driveService(p: ResponseServiceParams, f0: number, fBefore: number, f: (t: number) => number, until: number, dt: number): ServiceSample[] {
  const table = newServiceTable([p]);
  const history = new FrequencyHistory(p.detectionLag ?? 0, fBefore);
  const out: ServiceSample[] = [];
  const steps = Math.round(until / dt);
  let fPrev = f(0); // a jump at t = 0 happens before the first step
  for (let k = 1; k <= steps; k++) {
    const t0 = (k - 1) * dt;
    const t1 = k * dt;
    const f1 = f(t1);
    if (k === 1) history.record(0, fBefore, 0, fPrev); // the jump itself, at t = 0
    const seen = history.at(t1 - table.arrays.lag[0], t1, f1);
    const power = stepService(table.arrays, 0, p.curve, seen - f0, t1, dt);
    history.record(t0, fPrev, t1, f1);
    fPrev = f1;
    out.push({ t: t1, f: f1, power });
  }
  return out;
}

/** First time the output reaches `level` (W, within 1 W), or NaN. */
export function firstTimeAt(samples: readonly ServiceSample[], level: number): number {
  const s = samples.find((x) => Math.abs(x.power - level) < 1);
  return s ? s.t : NaN;
}
