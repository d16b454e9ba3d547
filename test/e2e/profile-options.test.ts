// DSX profile options that change the wire: RS256 signatures instead of ES256, and the CloudEvents
// specversion "1.0" that the DSX schema itself rejects (docs/spec-decisions.md D1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir } from './run-helpers.ts';

const scenario = (options: string) => `
run: { duration: 3 min, seed: 5 }
sites:
  dc1:
    ai_load: { rated_power: 80 MW, ramp_down: 20 MW/s, ramp_up: 20 MW/s }
timeline:
  - { at: 30 s, type: demand_response, site: dc1, reduction: 20 MW, duration: 1 min }
profiles:
  dsx-pm:
    poweragent: { site: dc1 }
    ${options}
`;

describe('DSX profile options', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.cleanup());

  it('alg: RS256 — every role signs with RS256 and every JWS rule passes', async () => {
    const run = await runScenario({ yaml: scenario('alg: RS256'), name: 'rs256' }, tmp.dir);
    expect(run.outcome.summary.verdict).toBe('pass');
    const headers = (await run.traffic())
      .filter((t) => t.topic.startsWith('grid/v1/'))
      .map((t) => JSON.parse(Buffer.from(JSON.parse(t.payload).data.split('.')[0], 'base64url').toString()));
    expect(headers.length).toBeGreaterThan(5);
    expect(new Set(headers.map((h) => h.alg))).toEqual(new Set(['RS256']));
  });

  it('specversion: "1.0" — emitted and expected, and the DSX envelope schema rejects it as documented', async () => {
    const run = await runScenario({ yaml: scenario('specversion: "1.0"'), name: 'ce10' }, tmp.dir);
    const rules = Object.fromEntries(run.outcome.summary.conformance.rules.map((r) => [r.id, r]));
    expect(rules['DSX-ENV-003'].status).toBe('passed');
    expect(rules['DSX-SCHEMA-001'].status).toBe('failed');
    expect(rules['DSX-SCHEMA-001'].examples[0].detail).toMatch(/specversion/);
    expect(run.outcome.exitCode).toBe(99);
  });
});
