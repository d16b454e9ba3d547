// Loading reports EVERY problem at once (DESIGN.md rule 4), not just the first one.
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../sim/errors.ts';
import { rejection } from './scenario-helpers.ts';

describe('all problems at once', () => {
  it('field-level problems in every section are all reported, each at its line', () => {
    const text = [
      'run:', //                                    1
      '  duration: 10 MW', //                       2 wrong dimension
      '  windw: 1 s', //                            3 unknown key
      'sites:', //                                  4
      '  dc1:', //                                  5
      '    auxiliary_load: -3 MW', //               6 negative
      '    ai_load:', //                            7 rated_power missing
      '      idle_fraction: 150%', //               8 out of range
      '    battery:', //                            9
      '      energy: 10 MW', //                     10 wrong units
      '      power: 5 MW', //                       11
      'timeline:', //                               12
      '  - { at: 1 s, type: blackout }', //         13 unknown type
      'thresholds:', //                             14
      '  - breach_enrgy < 5 MWs', //                15 unknown metric
      'profiles:', //                               16
      '  wdcp: {}', //                              17 unknown profile
      '',
    ].join('\n');
    const err = rejection(text);
    expect(exitCodeOf(err)).toBe(2);
    expect(err.message).toBe('bad.yaml: 9 problems in the scenario');
    expect(err.problems.map((p) => p.path).sort()).toEqual(
      [
        'bad.yaml:2 run.duration',
        'bad.yaml:3 run.windw',
        'bad.yaml:6 sites.dc1.auxiliary_load',
        'bad.yaml:7 sites.dc1.ai_load.rated_power',
        'bad.yaml:8 sites.dc1.ai_load.idle_fraction',
        'bad.yaml:10 sites.dc1.battery.energy',
        'bad.yaml:13 timeline[0].type',
        'bad.yaml:15 thresholds[0]',
        'bad.yaml:17 profiles.wdcp',
      ].sort(),
    );
    for (const p of err.problems) {
      expect(p.message, p.path).not.toBe('');
      expect(p.hint, `${p.path} has a hint`).toBeTruthy();
    }
    // describe() prints every problem with its hint, as the CLI does.
    const printed = err.describe();
    for (const p of err.problems) expect(printed).toContain(`${p.path}: ${p.message}`);
  });

  it('cross-check problems are all reported together too', () => {
    const text = [
      'run:', //                                                    1
      '  duration: 1 min', //                                       2
      '  window: 2 min', //                                         3 window > duration
      'sites:', //                                                  4
      '  dc1:', //                                                  5
      '    ai_load:', //                                            6
      '      rated_power: 100 MW', //                               7
      '      step: 5 min', //                                       8 step > window
      '    battery:', //                                            9 peak_shave without poi_ceiling
      '      energy: 5 MWh', //                                     10
      '      power: 10 MW', //                                      11
      '      soc_min: 0.8', //                                      12 soc_min >= soc_max
      '      soc_max: 0.5', //                                      13
      'timeline:', //                                               14
      '  - { at: 2 min, type: job_stop, site: dc2 }', //            15 after the end, unknown site
      '  - { at: 1 s, id: a, type: job_start, site: dc1 }', //      16
      '  - { at: 2 s, id: a, type: job_start, site: dc1 }', //      17 duplicate id
      'thresholds:', //                                             18
      '  - breach_energy < 5 MW', //                                19 wrong unit
      '',
    ].join('\n');
    const err = rejection(text);
    // The 5 min step is also too coarse for the AI-load model (≤ 100 ms) and for the battery it
    // drives (≤ 1 s): the models' own checks report those under their blocks.
    expect(err.message).toBe('bad.yaml: 10 problems in the scenario');
    expect(err.problems.map((p) => p.path).sort()).toEqual(
      [
        'bad.yaml:3 run.window',
        'bad.yaml:8 sites.dc1.ai_load.step',
        'bad.yaml:6 sites.dc1.ai_load',
        'bad.yaml:9 sites.dc1.battery',
        'bad.yaml:12 sites.dc1.battery.soc_min',
        'bad.yaml:9 sites.dc1.battery.poi_ceiling',
        'bad.yaml:15 timeline[0].at',
        'bad.yaml:15 timeline[0].site',
        'bad.yaml:17 timeline[2].id',
        'bad.yaml:19 thresholds[0]',
      ].sort(),
    );
  });
});
