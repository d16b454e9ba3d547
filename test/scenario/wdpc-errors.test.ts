// Bad `profiles.wdpc` blocks get a clear answer: every error path of the WDPC profile is bad input
// (exit 2) reported with its `file:line dotted.path`, a message and a hint — whether it comes from
// the schema (bad key, bad group, unknown field) or from the cross-section checks of
// sim/scenario/wdpc-checks.ts (rates that are not whole windows, unknown sites, an intent consumer
// with nothing to act on or without the workload stream, a live consumer in fast mode). The same
// through `gridtwin validate`, and through `--mode fast` on a real-time scenario.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError, exitCodeOf } from '../../sim/errors.ts';
import { parseScenarioText } from '../../sim/scenario/load.ts';
import { resolveRunSettings } from '../../sim/engine/run-settings.ts';
import { runCli } from '../cli/capture-io.ts';
import { problems, type Problem } from './problem-helpers.ts';

// Lines: 1 run, 2 duration, 3 window, 4 sites, 5 dc1, 6 ai_load, 7 battery, 8 dc2, 9 ai_load,
// 10 profiles, 11 wdpc.
const scenario = (wdpc: string, o: { run?: string; dc1Battery?: string } = {}) => `run:
  duration: 10 s
  window: 100 ms${o.run ?? ''}
sites:
  dc1:
    ai_load: { rated_power: 1 MW, nodes: 2, gpus: 4 }
    battery: ${o.dc1Battery ?? '{ energy: 10 kWh, power: 2 MW, poi_ramp: 1 MW/min }'}
  dc2:
    ai_load: { rated_power: 1 MW, nodes: 2, gpus: 4 }
profiles:
  wdpc: ${wdpc}
`;

/** The only problem of `text`: at `path` (after `bad.yaml:line `), with a hint; exit 2. */
function only(text: string, path: string, line = 11): Problem {
  const list = problems(text); // asserts exit 2 and a hint on every problem
  expect(list.map((p) => `${p.path}: ${p.message}`)).toHaveLength(1);
  expect(list[0].path).toBe(`bad.yaml:${line} ${path}`);
  return list[0];
}

describe('profiles.wdpc: every scenario error is bad input (exit 2) with its path and a hint', () => {
  it('the scenario the errors start from is valid (each test breaks exactly one thing)', () => {
    expect(() => parseScenarioText(scenario('{ }'), '/scenarios/good.yaml')).not.toThrow();
    expect(() => parseScenarioText(scenario('{ consumer: live }', { run: '\n  mode: realtime' }), '/scenarios/good.yaml')).not.toThrow();
  });

  it('a rate that is not a whole number of windows names the rate and says what to change', () => {
    const p = only(scenario('{ rates: { node_power: 250 ms } }'), 'profiles.wdpc.rates.node_power');
    expect(p.message).toBe('0.25 s is not a whole number of windows of 0.1 s');
    expect(p.hint).toContain('use a run.window that divides it');
  });

  it('the Table 1 defaults (100 ms) with a 500 ms window: each stream that does not fit is reported, not just the first', () => {
    const list = problems(scenario('{ }').replace('window: 100 ms', 'window: 500 ms'));
    expect(list.map((p) => p.path)).toEqual(['bad.yaml:11 profiles.wdpc.rates.node_power', 'bad.yaml:11 profiles.wdpc.rates.components']);
    for (const p of list) expect(p.message).toBe('0.1 s is not a whole number of windows of 0.5 s');
  });

  it('an unknown site is reported at its index with "did you mean"', () => {
    const p = only(scenario('{ sites: [dc1, dcl2] }'), 'profiles.wdpc.sites[1]');
    expect(p.message).toBe("unknown site 'dcl2'");
    expect(p.hint).toBe("did you mean 'dc2'?");
  });

  it('an unknown site with no close match lists the sites', () => {
    const p = only(scenario('{ sites: [zzzzzzzz] }'), 'profiles.wdpc.sites[0]');
    expect(p.message).toBe("unknown site 'zzzzzzzz'");
    expect(p.hint).toMatch(/dc1, dc2/);
  });

  it('the intent consumer with no site that has a battery on the bus is refused', () => {
    const p = only(scenario('{ sites: [dc2], consumer: intent }'), 'profiles.wdpc.consumer');
    expect(p.message).toContain('no site on the bus has a battery and a ramp limit');
    expect(p.hint).toContain('poi_ramp');
  });

  it('the intent consumer (the default) with a battery but no POI ramp limit is refused', () => {
    const p = only(scenario('{ }', { dc1Battery: '{ energy: 10 kWh, power: 2 MW, mode: idle }' }), 'profiles.wdpc.consumer');
    expect(p.message).toContain('battery and a ramp limit');
    // …and the same site with a reactive consumer, or with a poi block's ramp limit, is fine.
    expect(() => parseScenarioText(scenario('{ consumer: reactive }', { dc1Battery: '{ energy: 10 kWh, power: 2 MW, mode: idle }' }), '/s/x.yaml')).not.toThrow();
  });

  it('the intent consumer with the workload stream off is refused at rates.workload', () => {
    const p = only(scenario('{ rates: { workload: off } }'), 'profiles.wdpc.rates.workload');
    expect(p.message).toBe('the intent consumer reads the workload stream, which is off');
    expect(p.hint).toContain('consumer: reactive');
    expect(() => parseScenarioText(scenario('{ rates: { workload: off }, consumer: reactive }'), '/s/x.yaml')).not.toThrow();
  });

  it('a live consumer in fast mode is refused (it cannot take part in the flush barrier)', () => {
    const p = only(scenario('{ consumer: live }'), 'profiles.wdpc.consumer');
    expect(p.message).toContain('needs real-time mode');
    expect(p.hint).toContain('run.mode: realtime');
  });

  it('a live consumer in a real-time scenario run with --mode fast is refused too (code MODE, exit 2)', () => {
    const loaded = parseScenarioText(scenario('{ consumer: live }', { run: '\n  mode: realtime' }), '/s/live.yaml');
    const err = (() => {
      try {
        resolveRunSettings(loaded, { mode: 'fast' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InputError);
    expect(exitCodeOf(err)).toBe(ExitCode.badInput);
    const p = (err as InputError).problems;
    expect(p).toHaveLength(1);
    expect(p[0].path).toBe('profiles.wdpc.consumer');
    expect(p[0].hint).toContain('--mode realtime');
  });

  it.each([
    ['too short', 'abc'],
    ['not hex', 'g'.repeat(64)],
    ['65 digits', 'a'.repeat(65)],
  ])('a bad HMAC key (%s) is refused at profiles.wdpc.key with a hint', (_what, key) => {
    // Found by this test: the schema's .regex() message reaches the user without a hint (load.ts
    // reads params.hint only from custom issues), so `gridtwin validate` says "64 hex digits" alone.
    const p = only(scenario(`{ key: "${key}" }`), 'profiles.wdpc.key');
    expect(p.message).toContain('64 hex digits');
  });

  it.each([
    ['a /', 'a/b'],
    ['a +', 'grid+'],
    ['a #', 'g#'],
  ])('a group with %s (not a Sparkplug group_id) is refused at profiles.wdpc.group with a hint', (_what, group) => {
    // Found by this test: as for the key, no hint.
    const p = only(scenario(`{ group: "${group}" }`), 'profiles.wdpc.group');
    expect(p.message).toContain("'/'");
  });

  it('an unknown field in profiles.wdpc (and in its rates) is refused with "did you mean" or where to look', () => {
    const p = only(scenario('{ consumers: intent }'), 'profiles.wdpc.consumers');
    expect(p.message).toBe("unknown key 'consumers'");
    expect(p.hint).toBe("did you mean 'consumer'?");
    const q = only(scenario('{ rates: { thermals: 1 s } }'), 'profiles.wdpc.rates.thermals');
    expect(q.hint).toBe("did you mean 'thermal'?");
  });

  it('an unknown profile lists wdpc among those available, no longer as "planned"', () => {
    // Found by this test: load.ts still appends "(wdpc is planned)" to the list, which now holds wdpc.
    const list = problems(scenario('{ }').replace('  wdpc: { }', '  wdcp: { }'));
    expect(list).toHaveLength(1);
    expect(list[0].message).toBe("unknown profile 'wdcp'");
    expect(list[0].hint).toContain('wdpc');
    expect(list[0].hint).not.toContain('planned');
  });

  it('every problem at once: a bad rate and an unknown site in one scenario, each at its own path', () => {
    const list = problems(scenario('{ rates: { thermal: 150 ms }, sites: [dc1, dc9] }'));
    expect(list.map((p) => p.path)).toEqual(['bad.yaml:11 profiles.wdpc.rates.thermal', 'bad.yaml:11 profiles.wdpc.sites[1]']);
  });
});

describe('gridtwin validate on a bad profiles.wdpc', () => {
  let dir: string;
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it('exits 2 and prints each path, message and hint', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridtwin-wdpc-validate-'));
    const file = join(dir, 'wdpc-bad.yaml');
    await writeFile(file, scenario('{ rates: { node_power: 250 ms }, sites: [dc1, dcl2] }'));
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('wdpc-bad.yaml: 2 problems in the scenario');
    expect(r.stderr).toContain('profiles.wdpc.rates.node_power');
    expect(r.stderr).toContain('not a whole number of windows');
    expect(r.stderr).toContain('profiles.wdpc.sites[1]');
    expect(r.stderr).toContain("did you mean 'dc2'?");
  });
});
