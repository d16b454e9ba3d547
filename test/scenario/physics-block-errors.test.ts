// Every error path of the physics blocks (grid model, battery, cooling, protection, POI, the new
// timeline entries, replicas): a scenario problem with its path, a clear message and a hint, exit 2.
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../sim/scenario/load.ts';
import { BASE, FILE } from './scenario-helpers.ts';
import { onlyAt, problems } from './problem-helpers.ts';

const grid = (lines: string) => `${BASE}grid:\n  model:\n${lines}`;
const GRID_OK = '    demand: 30 GW\n    inertia: 210 GVAs\n    damping: 2%\n';
const battery = (lines: string) => `${BASE}    battery:\n      energy: 5 MWh\n      power: 10 MW\n${lines}`;
const FLEET = `run:\n  duration: 10 min\nsites:\n  dc:\n    replicas: 3\n    protection: {}\n    ai_load:\n      rated_power: 100 MW\n`;

describe('grid.model', () => {
  it('negative inertia', () => {
    const p = onlyAt(grid('    demand: 30 GW\n    inertia: -5 GVAs\n    damping: 2%\n'), 'grid.model.inertia');
    expect(p.message).toBe("'-5 GVAs' must be greater than zero");
  });

  it('damping out of range (above 20 %/Hz)', () => {
    const p = onlyAt(grid('    demand: 30 GW\n    inertia: 210 GVAs\n    damping: 30%\n'), 'grid.model.damping');
    expect(p.message).toBe('30% is outside [0, 0.2]');
    expect(p.hint).toContain('20%');
  });

  it('a grid step above 20 ms is too coarse for the swing equation', () => {
    const p = onlyAt(grid(`${GRID_OK}    step: 50 ms\n`), 'grid.model.step');
    expect(p.message).toBe('a 50 ms step is too coarse for the grid frequency model (max 20 ms)');
    expect(p.hint).toBe('use 10 ms or 20 ms');
  });

  it('20 ms itself is accepted', () => {
    expect(parseScenarioText(grid(`${GRID_OK}    step: 20 ms\n`), FILE).scenario.grid.model!.step).toBe(20_000);
  });
});

describe('battery', () => {
  it.each(['charge_efficiency', 'discharge_efficiency'])('%s above 1', (key) => {
    const p = onlyAt(battery(`      poi_ceiling: 90 MW\n      ${key}: 1.05\n`), `sites.dc1.battery.${key}`);
    expect(p.message).toBe('1.05 is outside [0, 1]');
  });

  it('SoC limits reversed', () => {
    const p = onlyAt(battery('      poi_ceiling: 90 MW\n      soc_min: 90%\n      soc_max: 10%\n'), 'sites.dc1.battery.soc_min');
    expect(p.message).toBe('soc_min 0.9 must be below soc_max 0.1');
    expect(p.hint).toContain('soc_min: 10%, soc_max: 90%');
  });

  it('frequency response with ai_load.step 100 ms: the battery step problem, with the hint to lower ai_load.step', () => {
    const text = BASE.replace('rated_power: 100 MW\n', 'rated_power: 100 MW\n      step: 100 ms\n') +
      '    battery:\n      energy: 5 MWh\n      power: 10 MW\n      mode: idle\n      frequency_response: { preset: dynamic_containment_low, capacity: 10 MW }\n';
    const p = onlyAt(text, 'sites.dc1.battery');
    expect(p.message).toBe('step: 0.1 s is too coarse for the battery (at most 0.02 s with frequency response)');
    expect(p.hint).toContain("lower sites.dc1.ai_load.step");
    // The same battery without frequency response accepts the 100 ms step.
    expect(() => parseScenarioText(text.replace(/      frequency_response.*\n/, ''), FILE)).not.toThrow();
  });

  it('a contracted response above the power rating', () => {
    const p = onlyAt(battery('      mode: idle\n      frequency_response: { preset: fcr, capacity: 20 MW }\n'), 'sites.dc1.battery');
    expect(p.message).toMatch(/^frCapacity: .* exceeds what the battery can deliver both ways/);
  });

  it.each([
    ['ercot_ffr', '50 Hz', 60],
    ['dynamic_containment_low', '60 Hz', 50],
  ])('preset %s on a %s grid (its trigger frequencies are absolute)', (preset, f0, nominal) => {
    const text = `${battery(`      mode: idle\n      frequency_response: { preset: ${preset}, capacity: 5 MW }\n`)}grid:\n  nominal_frequency: ${f0}\n`;
    const p = onlyAt(text, 'sites.dc1.battery.frequency_response.preset');
    expect(p.message).toBe(`preset '${preset}' is defined for a ${nominal} Hz grid, but grid.nominal_frequency is ${parseInt(f0)} Hz`);
    expect(p.hint).toContain(`set grid.nominal_frequency: ${nominal} Hz`);
    // With its own curve the preset only lends its timing, which suits any grid.
    expect(() => parseScenarioText(text.replace(', capacity: 5 MW', ', capacity: 5 MW, curve: [[-0.5 Hz, 1], [-0.1 Hz, 0]]'), FILE)).not.toThrow();
  });

  it('a grid service preset on a grid of another nominal frequency', () => {
    const text = `${grid(`${GRID_OK}    services:\n      - { id: ffr, preset: ercot_ffr, capacity: 1 GW }\n`)}`;
    const p = onlyAt(text, 'grid.model.services[0].preset');
    expect(p.message).toBe("preset 'ercot_ffr' is defined for a 60 Hz grid, but grid.nominal_frequency is 50 Hz");
  });

  it('peak_shave (the default mode) with neither a ceiling nor a ramp', () => {
    const p = onlyAt(battery(''), 'sites.dc1.battery.poi_ceiling');
    expect(p.message).toBe('peak_shave mode needs a poi_ceiling or a poi_ramp');
  });
});

describe('cooling, protection, poi', () => {
  it('a cooling step above 1 s', () => {
    const p = onlyAt(`${BASE}    cooling:\n      step: 2 s\n`, 'sites.dc1.cooling');
    expect(p.message).toBe('stepUs: 2 s is too coarse for the cooling loop (at most 1 s)');
    expect(p.hint).toContain('100 ms–1 s');
  });

  it('a facility supply of 30 K (meant as °C) lies outside the liquid range; the hint says to write degC', () => {
    const p = onlyAt(`${BASE}    cooling:\n      facility_supply: 30 K\n`, 'sites.dc1.cooling');
    expect(p.message).toMatch(/^facSupplyTemp: must be between 0 °C and 100 °C/);
    expect(p.hint).toContain('degC');
  });

  it('protection dips_to_transfer 0', () => {
    const p = onlyAt(`${BASE}    protection:\n      dips_to_transfer: 0\n`, 'sites.dc1.protection.dips_to_transfer');
    expect(p.message).toContain('>=1');
    expect(p.hint).toBe('use a number ≥ 1');
  });

  it('protection recovering below the dip threshold (no hysteresis)', () => {
    const p = onlyAt(`${BASE}    protection:\n      dip_threshold: 0.8\n      recover_threshold: 0.5\n`, 'sites.dc1.protection');
    expect(p.message).toMatch(/^recoverThreshold: must be in \[dipThreshold, 1\.2\] pu/);
  });

  it('poi without ramp_limit', () => {
    const p = onlyAt(`${BASE}    poi:\n      burner: 10 MW\n`, 'sites.dc1.poi.ramp_limit');
    expect(p.message).toBe("missing required key 'ramp_limit'");
    expect(p.hint).toContain('30 MW/min');
  });
});

describe('timeline entries of the physics', () => {
  it.each(['generation_loss', 'load_loss'])('%s without grid.model', (type) => {
    const p = onlyAt(`${BASE}timeline:\n  - { at: 1 s, type: ${type}, power: 1 GW }\n`, 'timeline[0]');
    expect(p.message).toBe(`a ${type} event needs the grid frequency model`);
    expect(p.hint).toBe('add grid.model (demand, inertia, damping) or remove the event');
  });

  it.each([
    ['voltage_dip', ', voltage: 0.3, duration: 50 ms'],
    ['reconnect', ''],
  ])('%s on a site without protection', (type, rest) => {
    const p = onlyAt(`${BASE}timeline:\n  - { at: 1 s, type: ${type}, site: dc1${rest} }\n`, 'timeline[0]');
    expect(p.message).toBe(`site 'dc1' has no protection block, so a ${type} does nothing`);
    expect(p.hint).toBe('add sites.dc1.protection (e.g. dips_to_transfer: 3, window: 60 s)');
  });

  it('voltage_dip on an unknown site', () => {
    const p = onlyAt(`${BASE}    protection: {}\ntimeline:\n  - { at: 1 s, type: voltage_dip, site: dc2, voltage: 0.3, duration: 50 ms }\n`, 'timeline[0].site');
    expect(p.message).toBe("unknown site 'dc2'");
    expect(p.hint).toBe("did you mean 'dc1'?");
  });
});

describe('replicas', () => {
  const dip = (site: string) => `  - { at: 1 s, type: voltage_dip, site: ${site}, voltage: 0.3, duration: 50 ms }\n`;

  it('a replica id dc-2 and the base id dc are accepted in the timeline', () => {
    const { scenario } = parseScenarioText(`${FLEET}timeline:\n${dip('dc-2')}${dip('dc')}`, FILE);
    expect(scenario.timeline.map((e) => ('site' in e ? e.site : ''))).toEqual(['dc-2', 'dc']);
  });

  it.each(['dc-9', 'dc-0', 'dc-4'])('%s (out of range for 3 replicas) is an unknown site', (id) => {
    const p = onlyAt(`${FLEET}timeline:\n${dip(id)}`, 'timeline[0].site');
    expect(p.message).toBe(`unknown site '${id}'`);
  });

  it('a power agent naming the replicated base id is rejected with the hint to name one replica', () => {
    const p = onlyAt(`${FLEET}profiles:\n  dsx-pm:\n    poweragent:\n      site: dc\n`, 'profiles.dsx-pm.poweragent.site');
    expect(p.message).toBe("'dc' has 3 replicas; a power agent manages one site");
    expect(p.hint).toBe("name one replica, e.g. 'dc-1'");
    expect(() => parseScenarioText(`${FLEET}profiles:\n  dsx-pm:\n    poweragent:\n      site: dc-3\n`, FILE)).not.toThrow();
  });

  it('a site whose id is also a replica name (dc-2 next to dc with 3 replicas) is rejected', () => {
    const p = onlyAt(`${FLEET}  dc-2:\n    ai_load:\n      rated_power: 5 MW\n`, 'sites.dc-2');
    expect(p.message).toBe("'dc-2' is also the name of replica 2 of site 'dc'");
    expect(p.hint).toBe("rename this site (replicas of 'dc' are named dc-1 … dc-3)");
    expect(() => parseScenarioText(`${FLEET}  dc-4:\n    ai_load:\n      rated_power: 5 MW\n`, FILE)).not.toThrow();
  });

  it('replicas: 0 is a problem with a hint', () => {
    const p = onlyAt(FLEET.replace('replicas: 3', 'replicas: 0'), 'sites.dc.replicas');
    expect(p.hint).toBe('use a number ≥ 1');
  });
});

describe('run.timeseries', () => {
  const ts = (value: string) => FLEET.replace('  duration: 10 min\n', `  duration: 10 min\n  window: 100 ms\n  timeseries: ${value}\n`);

  it('an interval that is not a whole number of windows', () => {
    const p = onlyAt(ts('{ interval: 150 ms }'), 'run.timeseries.interval');
    expect(p.message).toBe('0.15 s is not a whole number of windows of 0.1 s');
    expect(p.hint).toBe('use a multiple of run.window, e.g. 0.2 s');
  });

  it('sites naming an unknown site or a replica out of range; base ids and replicas are fine', () => {
    const list = problems(ts('{ sites: [dc-2, dcx, dc-4, dc] }'));
    expect(list.map((p) => [p.path.replace(/^\S+ /, ''), p.message])).toEqual([
      ['run.timeseries.sites[1]', "unknown site 'dcx'"],
      ['run.timeseries.sites[2]', "unknown site 'dc-4'"],
    ]);
    expect(() => parseScenarioText(ts('{ interval: 10 s, sites: [dc, dc-1] }'), FILE)).not.toThrow();
  });
});
