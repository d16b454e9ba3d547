// ERCOT fast frequency response (models/response-curves.ts, latch in models/response-services.ts):
// reference case R2 — full response within 15 cycles (0.25 s) once f ≤ 59.85 Hz, sustained 15 min.
import { describe, expect, it } from 'vitest';
import { ercotFastFrequencyResponse, FFR_SUSTAIN_S } from '../../../models/response-curves.ts';
import { driveService, firstTimeAt } from './service-driver.ts';

const MW = 1e6;
const cap = 100 * MW;
const ffr = ercotFastFrequencyResponse('ffr', cap);

// Frequency falls at 0.5 Hz/s from 60 Hz (crossing 59.85 Hz at 0.3 s), holds 59.5 Hz until 5 s,
// recovers to 60 Hz by 6 s and stays there.
const trace = (t: number) => (t < 0.7 ? 60 - 0.5 * t : t < 5 ? 59.65 : t < 6 ? 59.65 + 0.35 * (t - 5) : 60);
const crossing = 0.3;

describe('R2: ERCOT FFR', () => {
  const samples = driveService(ffr, 60, 60, trace, FFR_SUSTAIN_S + 5, 0.01);
  const powerAt = (t: number) => samples[Math.round(t / 0.01) - 1].power;

  it('is at full output within 0.25 s of frequency reaching 59.85 Hz', () => {
    const tFull = firstTimeAt(samples, cap);
    expect(tFull - crossing).toBeLessThanOrEqual(0.25 + 1e-9);
    expect(powerAt(crossing + 0.25)).toBe(cap);
  });

  it('does not respond above 59.85 Hz (triggered, not proportional)', () => {
    const s = driveService(ffr, 60, 60, () => 59.86, 10, 0.01);
    expect(s.every((x) => x.power === 0)).toBe(true);
  });

  it('triggers at exactly 59.85 Hz', () => {
    const s = driveService(ffr, 60, 60, () => 59.85, 1, 0.01);
    expect(firstTimeAt(s, cap)).toBeLessThanOrEqual(0.25);
  });

  it('sustains full output for 15 minutes although frequency recovered after 6 s, then releases', () => {
    const held = samples.filter((s) => s.t >= crossing + 0.25 && s.t < crossing + FFR_SUSTAIN_S);
    expect(held.length).toBeGreaterThan(89_000);
    expect(held.every((s) => s.power === cap)).toBe(true);
    // The hold runs from when the (lagged) trigger was seen; after it the curve applies again (60 Hz → 0).
    expect(powerAt(crossing + FFR_SUSTAIN_S + 1)).toBe(0);
  });

  it('re-arms for a second event after it released', () => {
    const twice = (t: number) => (t < 1 ? 59.8 : t < 1000 ? 60 : 59.8);
    const s = driveService(ffr, 60, 60, twice, 1001, 0.01);
    expect(s.find((x) => Math.abs(x.t - 950) < 1e-9)!.power).toBe(0);
    expect(s[s.length - 1].power).toBe(cap);
  });
});
