// Parameter validation of the AI-training load (models/ai-load-validate.ts): physically bad or
// inconsistent values come back as problems naming the field, with a hint; defaults are valid.
import { describe, expect, it } from 'vitest';
import { validateAiLoadParams } from '../../../models/ai-load-validate.ts';
import { validatePoiRamp } from '../../../models/poi-ramp-limit.ts';

const fields = (p: object) => validateAiLoadParams(p).map((x) => x.field);

describe('validateAiLoadParams', () => {
  it('accepts the defaults and a fully mitigated site', () => {
    expect(validateAiLoadParams({})).toEqual([]);
    expect(validateAiLoadParams({ floorShare: 0.9, rampUpRate: 1000, rampDownRate: 100, hysteresisUs: 500_000, dummyLevel: 0.5, rackEnergyCap: 1e9, rackPowerCap: 1e8, mtbf: 3600, ckptIntervalUs: 60e6, ckptDurationUs: 5e6 })).toEqual([]);
  });

  it('rejects a step coarser than the model resolves, with a message that says so', () => {
    const [p] = validateAiLoadParams({ stepUs: 200_000 });
    expect(p.field).toBe('stepUs');
    expect(p.message).toMatch(/too coarse/);
    expect(p.hint).not.toBe('');
  });

  it('rejects impossible powers and shares', () => {
    expect(fields({ gpuCount: -5 })).toEqual(['gpuCount']);
    expect(fields({ commPower: 100 })).toEqual(['commPower']); // below idle (200 W)
    expect(fields({ computePower: 150, commPower: 200 })).toContain('computePower');
    expect(fields({ floorShare: 1.2 })).toEqual(['floorShare']);
    expect(fields({ rackEnergyCap: 1e9, rackEta: 1.1 })).toEqual(['rackEta']);
    expect(fields({ dummySlowdown: 1 })).toEqual(['dummySlowdown']);
    expect(fields({ rampDownRate: 0 })).toEqual(['rampDownRate']);
  });

  it('rejects edges that do not fit their phase and checkpoints longer than their interval', () => {
    expect(fields({ riseUs: 1_700_000 })).toEqual(['riseUs']); // compute phase is 1.6 s
    expect(fields({ fallUs: 500_000 })).toEqual(['fallUs']); // communication phase is 0.4 s
    expect(fields({ ckptIntervalUs: 10e6, ckptDurationUs: 10e6 })).toEqual(['ckptDurationUs']);
    expect(fields({ periodUs: 1.5 })).toContain('periodUs');
  });

  it('rejects a seed the failure hash cannot take and negative MTBF', () => {
    expect(fields({ seed: -1 })).toEqual(['seed']);
    expect(fields({ seed: 0.5 })).toEqual(['seed']);
    expect(fields({ mtbf: -1 })).toEqual(['mtbf']);
  });

  it('reports every problem at once', () => {
    expect(fields({ gpuCount: 0, duty: 0, stepUs: 0, capIgnoredShare: 2 }).sort()).toEqual(['capIgnoredShare', 'duty', 'gpuCount', 'stepUs']);
  });
});

describe('validatePoiRamp', () => {
  it('wants a positive ramp limit and a non-negative burner', () => {
    expect(validatePoiRamp(0.5e6, Infinity)).toEqual([]);
    expect(validatePoiRamp(0, -1).map((p) => p.field)).toEqual(['rampDownLimit', 'burnerCap']);
  });
});
