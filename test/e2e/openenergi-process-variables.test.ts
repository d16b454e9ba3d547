// Open Energi process variables from the physics (embedded broker, fast mode): the battery reports
// its state of charge as `control-variable` with its SoC window as `setpoint-low` / `setpoint-high`
// (%), and a load whose site models its cooling reports the coolant temperature (°C).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';

const scenario = `
run: { duration: 10 s, window: 100 ms, seed: 3 }
sites:
  dc1:
    ai_load: { rated_power: 1 MW }
    battery: { energy: 2 MWh, power: 1 MW, mode: idle, soc_initial: 40%, soc_min: 15%, soc_max: 85% }
    cooling: { facility_supply: 26.8 degC, coolant: pg25, liquid_share: 100%, step: 1 s }
profiles:
  openenergi: {}
`;

describe('Open Energi process variables', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let run: FinishedRun;
  beforeAll(async () => {
    tmp = await tempDir();
    run = await runScenario({ yaml: scenario, name: 'oe-process' }, tmp.dir);
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it('reports SoC and SoC window in %, and the coolant temperature in °C, all passing the OE checks', async () => {
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.summary.metrics.conformance_failures).toBe(0);
    const readings = (await run.traffic())
      .filter((r) => r.direction === 'out' && r.verdict === 'ok')
      .flatMap((r) => {
        const body = JSON.parse(r.payload as string);
        return Array.isArray(body) ? body : [body];
      })
      .filter((m: { topic?: string }) => m.topic === 'readings');
    const first = (entity: string, type: string) => readings.find((m: { entity: string; type: string }) => m.entity === entity && m.type === type)?.value;
    expect(first('b1', 'control-variable')).toBeCloseTo(40, 1);
    expect(first('b1', 'setpoint-low')).toBe(15);
    expect(first('b1', 'setpoint-high')).toBe(85);
    const t = first('l1', 'temperature');
    expect(t).toBeGreaterThan(20);
    expect(t).toBeLessThan(60);
  });
});
