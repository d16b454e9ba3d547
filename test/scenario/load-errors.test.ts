// Bad scenarios get a clear answer (issue 2, DESIGN.md rules 4 and 5): each error path is reported
// with `file:line dotted.path`, a message and a hint, as an InputError that exits 2.
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode, InputError, exitCodeOf } from '../../sim/errors.ts';
import { loadScenarioFile } from '../../sim/scenario/load.ts';
import { BASE, onlyProblem, rejection } from './scenario-helpers.ts';

const battery = (lines: string) => `${BASE}    battery:\n      energy: 5 MWh\n      power: 10 MW\n${lines}`;
const realtime = BASE.replace('duration: 10 min', 'duration: 10 min\n  mode: realtime');

describe('reading and parsing the file', () => {
  it('a YAML syntax error gives file:line:col, the parser message and a hint; code SCENARIO_YAML, exit 2', () => {
    const err = rejection('run:\n  duration: [1\n');
    expect(err.code).toBe('SCENARIO_YAML');
    expect(exitCodeOf(err)).toBe(ExitCode.badInput);
    expect(err.problems).toEqual([
      {
        path: 'bad.yaml:3:1',
        message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
        hint: 'check indentation and quoting around this line',
      },
    ]);
  });

  it('a duplicate key is a YAML error at its line', () => {
    const p = onlyProblem('run:\n  duration: 1 s\n  duration: 2 s\n');
    expect(p).toEqual({ path: 'bad.yaml:3:3', message: 'Map keys must be unique', hint: 'check indentation and quoting around this line' });
  });

  it.each([
    ['a list', '- a\n- b\n'],
    ['a scalar', 'hello\n'],
    ['empty', ''],
  ])('a document that is %s is rejected: a scenario is a mapping', (_what, text) => {
    const err = rejection(text);
    expect(exitCodeOf(err)).toBe(2);
    expect(err.problems).toEqual([
      { path: 'bad.yaml', message: 'the document is not a mapping of keys', hint: 'start from scenarios/quickstart.yaml' },
    ]);
  });

  it('a missing file is bad input (exit 2) naming the path', async () => {
    const err = await loadScenarioFile('/nonexistent/gridtwin/x.yaml').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(exitCodeOf(err)).toBe(2);
    expect((err as InputError).problems).toEqual([
      { path: '/nonexistent/gridtwin/x.yaml', message: 'no such file', hint: 'pass the path of a scenario YAML file, e.g. scenarios/quickstart.yaml' },
    ]);
  });

  it('a directory instead of a file is bad input too', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gridtwin-load-'));
    try {
      const err = await loadScenarioFile(dir).catch((e: unknown) => e);
      expect(exitCodeOf(err)).toBe(2);
      expect((err as InputError).problems[0].message).toBe('is a directory');
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe('field-level problems (schema)', () => {
  it('an unknown key is reported at its line with a "did you mean"', () => {
    expect(onlyProblem(`${BASE}      dutty: 0.5\n`)).toEqual({
      path: 'bad.yaml:7 sites.dc1.ai_load.dutty',
      message: "unknown key 'dutty'",
      hint: "did you mean 'duty'?",
    });
  });

  it('an unknown key inside a timeline entry gets a suggestion from that entry type', () => {
    expect(onlyProblem(`${BASE}timeline:\n  - { at: 1 s, type: job_stop, site: dc1, sitee: x }\n`)).toEqual({
      path: 'bad.yaml:8 timeline[0].sitee',
      message: "unknown key 'sitee'",
      hint: "did you mean 'site'?",
    });
  });

  it('an unknown profile lists the available ones', () => {
    expect(onlyProblem(`${BASE}profiles:\n  sparkplug: {}\n`)).toEqual({
      path: 'bad.yaml:8 profiles.sparkplug',
      message: "unknown profile 'sparkplug'",
      hint: 'profiles available: dsx-pm, powernaut, openenergi, wdpc',
    });
  });

  it('wrong units name the expected dimension', () => {
    expect(onlyProblem(BASE.replace('100 MW', '100 MWh'))).toEqual({
      path: 'bad.yaml:6 sites.dc1.ai_load.rated_power',
      message: "'100 MWh' is not a power (its unit is MWh)",
      hint: "write a number and a unit, e.g. '450 MW'",
    });
  });

  it('a bare number where a quantity is expected asks for a unit', () => {
    expect(onlyProblem(BASE.replace('100 MW', '100'))).toEqual({
      path: 'bad.yaml:6 sites.dc1.ai_load.rated_power',
      message: "expected a power as text with a unit, e.g. '450 MW'",
      hint: 'a bare number has no unit: write the number followed by its unit',
    });
  });

  it('a negative capacity is rejected', () => {
    expect(onlyProblem(battery('      mode: idle\n').replace('energy: 5 MWh', 'energy: -5 MWh'))).toEqual({
      path: 'bad.yaml:8 sites.dc1.battery.energy',
      message: "'-5 MWh' must be greater than zero",
      hint: "use a positive value, e.g. '129 MWh'",
    });
  });

  it('a negative non-capacity quantity (auxiliary load) must not be negative', () => {
    expect(onlyProblem(BASE.replace('    ai_load:', '    auxiliary_load: -1 MW\n    ai_load:'))).toEqual({
      path: 'bad.yaml:5 sites.dc1.auxiliary_load',
      message: "'-1 MW' must not be negative",
      hint: "use zero or a positive value, e.g. '450 MW'",
    });
  });

  it('an out-of-range fraction is rejected', () => {
    expect(onlyProblem(`${BASE}      duty: 120%\n`)).toEqual({
      path: 'bad.yaml:7 sites.dc1.ai_load.duty',
      message: '120% is outside [0, 1]',
      hint: 'write a fraction from 0 to 1 or a percentage from 0% to 100%',
    });
  });

  it('a duration below the 1 µs resolution is rejected (it would round to zero)', () => {
    expect(onlyProblem(`${BASE}      step: 0.1 us\n`)).toEqual({
      path: 'bad.yaml:7 sites.dc1.ai_load.step',
      message: '1e-7 s is shorter than the 1 µs resolution of simulation time',
      hint: "use at least '1 us'",
    });
  });

  it('a missing required key is named, at the key of the mapping that lacks it', () => {
    expect(onlyProblem('run:\n  window: 1 s\n')).toEqual({
      path: 'bad.yaml:1 run.duration',
      message: "missing required key 'duration'",
      hint: "add 'duration:' here — expected a duration as text with a unit, e.g. '36 s'",
    });
    expect(onlyProblem('sites: {}\n')).toEqual({
      path: 'bad.yaml:1 run',
      message: "missing required key 'run'",
      hint: "add 'run:' here (`gridtwin schema` lists every key)",
    });
  });

  it('an unknown timeline type lists the types and suggests the closest', () => {
    const types = 'demand_response, job_stop, job_start, fault, frequency, price, loadtarget, setpoint, oe_signal, oe_schedule_signal, generation_loss, load_loss, voltage_dip, reconnect';
    expect(onlyProblem(`${BASE}timeline:\n  - { at: 1 s, type: blackout, site: dc1 }\n`)).toEqual({
      path: 'bad.yaml:8 timeline[0].type',
      message: "unknown timeline type 'blackout'",
      hint: `types: ${types}`,
    });
    expect(onlyProblem(`${BASE}timeline:\n  - { at: 1 s, type: job_stp, site: dc1 }\n`).hint).toBe(`did you mean 'job_stop'? types: ${types}`);
  });

  it('a value inside a union (a loadtarget constraint: power or null) reports the real cause', () => {
    const scripted = 'profiles:\n  dsx-pm:\n    isv: { mode: scripted }\n    poweragent: { site: dc1 }\n';
    expect(onlyProblem(`${BASE}timeline:\n  - { at: 1 min, type: loadtarget, constraint: 50 MWh }\n${scripted}`)).toEqual({
      path: 'bad.yaml:8 timeline[0].constraint',
      message: "'50 MWh' is not a power (its unit is MWh)",
      hint: "write a number and a unit, e.g. '450 MW'",
    });
    expect(onlyProblem(`${BASE}timeline:\n  - { at: 1 min, type: loadtarget }\n${scripted}`).message).toBe("missing required key 'constraint'");
  });

  it('a start that is not a date-time asks for RFC 3339', () => {
    expect(onlyProblem(BASE.replace('duration: 10 min', 'duration: 10 min\n  start: yesterday'))).toEqual({
      path: 'bad.yaml:3 run.start',
      message: 'Invalid ISO datetime',
      hint: 'write an RFC 3339 date-time, e.g. 2026-06-01T12:00:00Z',
    });
  });

  it('a site id that cannot appear in topics is rejected', () => {
    expect(onlyProblem(BASE.replace('dc1:', 'DC1:'))).toEqual({
      path: 'bad.yaml:4 sites.DC1',
      message: 'Invalid key in record',
      hint: "identifiers use lower-case letters, digits, '-' and '_'",
    });
  });
});

describe('cross-checks', () => {
  it('an unknown site reference suggests the closest site', () => {
    expect(onlyProblem(`${BASE}timeline:\n  - { at: 1 s, type: job_stop, site: dc2 }\n`)).toEqual({
      path: 'bad.yaml:8 timeline[0].site',
      message: "unknown site 'dc2'",
      hint: "did you mean 'dc1'?",
    });
  });

  it('soc_min ≥ soc_max is rejected', () => {
    expect(onlyProblem(battery('      mode: idle\n      soc_min: 0.9\n      soc_max: 0.9\n'))).toEqual({
      path: 'bad.yaml:11 sites.dc1.battery.soc_min',
      message: 'soc_min 0.9 must be below soc_max 0.9',
      hint: 'the usable SoC window is [soc_min, soc_max], e.g. soc_min: 10%, soc_max: 90%',
    });
  });

  it('peak_shave (the default mode) without a poi_ceiling is rejected', () => {
    expect(onlyProblem(battery(''))).toEqual({
      path: 'bad.yaml:7 sites.dc1.battery.poi_ceiling',
      message: 'peak_shave mode needs a poi_ceiling or a poi_ramp',
      hint: "add e.g. 'poi_ceiling: 95 MW', or set mode: idle",
    });
  });

  it('a window longer than the run is rejected', () => {
    expect(onlyProblem(BASE.replace('duration: 10 min', 'duration: 1 s\n  window: 2 s'))).toEqual({
      path: 'bad.yaml:3 run.window',
      message: 'the window is longer than the run',
      hint: 'use a window of at most run.duration',
    });
  });

  it('an internal step longer than the window is rejected', () => {
    expect(onlyProblem(`${BASE.replace('duration: 10 min', 'duration: 10 min\n  window: 20 ms')}      step: 50 ms\n`)).toEqual({
      path: 'bad.yaml:8 sites.dc1.ai_load.step',
      message: 'internal step 0.05 s is longer than the window 0.02 s',
      hint: 'the internal step subdivides a window; make it shorter than run.window',
    });
  });

  it('an event after the end of the run is rejected', () => {
    expect(onlyProblem(`${BASE}timeline:\n  - { at: 11 min, type: job_stop, site: dc1 }\n`)).toEqual({
      path: 'bad.yaml:8 timeline[0].at',
      message: 'this event is after the end of the run',
      hint: 'move it earlier or extend run.duration',
    });
  });

  it('duplicate timeline ids are rejected at the second one', () => {
    const text = `${BASE}timeline:\n  - { at: 1 min, id: x, type: job_stop, site: dc1 }\n  - { at: 2 min, id: x, type: job_start, site: dc1 }\n`;
    expect(onlyProblem(text)).toEqual({
      path: 'bad.yaml:9 timeline[1].id',
      message: "duplicate id 'x'",
      hint: 'timeline ids name events in reports; make each one unique',
    });
  });

  it('a live role without a trusted JWKS is rejected', () => {
    const text = `${realtime}profiles:\n  dsx-pm:\n    poweragent: { site: dc1 }\n    isv: { mode: live }\n`;
    expect(onlyProblem(text)).toEqual({
      path: 'bad.yaml:9 profiles.dsx-pm.trust.isv',
      message: 'the isv role is live, so gridtwin needs the JWKS its events are signed with',
      hint: 'ask the isv for its public JWKS, or create a key pair with: gridtwin keys generate --role isv --out keys/',
    });
  });

  it('a live role in fast mode is rejected: realtime is needed', () => {
    const text = `${BASE}profiles:\n  dsx-pm:\n    poweragent: { site: dc1 }\n    isv: { mode: live }\n    trust: { isv: keys/isv.jwks.json }\n`;
    const p = onlyProblem(text);
    expect(p).toEqual({
      path: 'bad.yaml:10 profiles.dsx-pm.isv.mode',
      message: 'the isv role is live, which needs real-time mode (fast mode cannot wait for a live counterpart)',
      hint: 'set run.mode: realtime or pass --mode realtime',
    });
    expect(p.message).toMatch(/real-time/);
  });

  it('both the ISV and the power agent live is rejected', () => {
    const text = `${realtime}profiles:\n  dsx-pm:\n    poweragent: { mode: live }\n    infra: { mode: none }\n    isv: { mode: live }\n    trust: { isv: a.json, poweragent: b.json }\n`;
    expect(onlyProblem(text)).toEqual({
      path: 'bad.yaml:9 profiles.dsx-pm',
      message: 'both the ISV and the power agent are live: gridtwin would have nothing to play',
      hint: 'make one of them simulated: isv.mode: reference or scripted, or poweragent.mode: simulated',
    });
  });

  it('a loadtarget entry without the scripted ISV is rejected', () => {
    const text = `${BASE}timeline:\n  - { at: 1 min, type: loadtarget, constraint: 50 MW }\nprofiles:\n  dsx-pm:\n    poweragent: { site: dc1 }\n`;
    expect(onlyProblem(text)).toEqual({
      path: 'bad.yaml:8 timeline[0]',
      message: 'loadtarget entries are sent by the scripted ISV, but profiles.dsx-pm.isv.mode is not scripted',
      hint: 'set profiles.dsx-pm.isv.mode: scripted (usually with poweragent.mode: live)',
    });
  });
});
