// `gridtwin schema` prints the scenario JSON Schema; `--metrics` lists the metric catalogue.
import { describe, expect, it } from 'vitest';
import { metricCatalogue } from '../../sim/scoring/metric-catalogue.ts';
import { runCli } from './capture-io.ts';

describe('gridtwin schema', () => {
  it('prints a pretty JSON Schema with $schema and the top-level scenario keys', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['run', 'sites', 'timeline', 'profiles', 'thresholds']));
    expect(r.stdout).toContain('\n  "');
  });

  it('--metrics lists every metric with its unit, within 100 columns', async () => {
    const r = await runCli(['schema', '--metrics']);
    expect(r.code).toBe(0);
    for (const m of metricCatalogue) expect(r.stdout).toMatch(new RegExp(`^${m.name} +${m.unit || m.dimension} +\\S`, 'm'));
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });

  it('takes no arguments', async () => {
    const r = await runCli(['schema', 'extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unexpected argument 'extra'");
  });
});
