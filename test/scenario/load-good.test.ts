// The reference scenario loads and comes out in SI; the exported JSON Schema describes the YAML form.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { loadScenarioFile } from '../../sim/scenario/load.ts';
import { scenarioJsonSchema } from '../../sim/scenario/schema.ts';

const quickstart = fileURLToPath(new URL('../../scenarios/quickstart.yaml', import.meta.url));

describe('scenarios/quickstart.yaml', () => {
  it('loads, named after its name field, with every quantity in SI and durations in µs', async () => {
    const { scenario: s, name, thresholds } = await loadScenarioFile(quickstart);
    expect(name).toBe('quickstart');
    expect(s.run.duration).toBe(600_000_000); // 10 min
    expect(s.run.window).toBe(1_000_000); // 1 s
    const dc1 = s.sites.dc1;
    expect(dc1.auxiliary_load).toBe(8e6); // 8 MW
    expect(dc1.ai_load.rated_power).toBe(1e8); // 100 MW
    expect(dc1.ai_load.idle_fraction).toBeCloseTo(0.2, 12); // 20%
    expect(dc1.ai_load.period).toBe(2_000_000); // 2 s
    expect(dc1.ai_load.ramp_up).toBe(2e7); // 20 MW/s in W/s
    expect(dc1.ai_load.step).toBe(10_000); // 10 ms
    expect(dc1.battery?.energy).toBeCloseTo(1.8e11, 0); // 50 MWh in J
    expect(dc1.battery?.soc_min).toBe(0.1); // default
    const byId = (id: string) => s.timeline.find((e) => e.id === id)!;
    expect(byId('caps-ignored').at).toBe(390_000_000); // '6 min 30 s'
    const dr2 = byId('dr-2');
    expect(dr2.type === 'demand_response' && dr2.duration).toBe(150_000_000); // 2 min 30 s
    expect(s.profiles['dsx-pm']?.command_latency).toBe(200_000); // 200 ms
    const breach = thresholds.find((t) => t.metric.name === 'breach_energy');
    expect(breach?.limit).toBeCloseTo(3e9, 0); // 3000 MWs in J
    expect(thresholds.map((t) => t.op)).toEqual(['<', '<', '<', '==', '==']);
  });
});

describe('scenarioJsonSchema()', () => {
  const schema = scenarioJsonSchema() as Record<string, any>;

  it('is a draft 2020-12 schema that rejects unknown top-level keys', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['run']);
  });

  it('describes quantities in their written form: strings with units', () => {
    expect(schema.properties.run.properties.duration.type).toBe('string');
    const ai = schema.properties.sites.additionalProperties.properties.ai_load.properties;
    expect(ai.rated_power.type).toBe('string');
    expect(ai.ramp_up.type).toBe('string');
    expect(ai.idle_fraction.type).toEqual(['number', 'string']);
  });

  it('accepts the quickstart as written and rejects it with a misspelt key', async () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(schema);
    const doc = parseYaml(await readFile(quickstart, 'utf8'));
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    doc.sites.dc1.ai_load.rated_pwer = '1 MW';
    expect(validate(doc)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === 'additionalProperties')).toBe(true);
  });
});
