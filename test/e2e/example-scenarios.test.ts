// The example scenarios a planner starts from (issue 3), each run through the whole engine, and the
// physics a planner reads from it checked against closed forms and the reference cases:
//   training-swing-300mw     swing at the POI and energy / useful work of each mitigation (A2)
//   poi-ramp-limit           A1: burner and battery hold the POI to 30 (10) MW/min
//   virginia-2024-load-loss  A4: ≈ 1,260 MW then ≈ 1,500 MW transfer to backup, frequency rises, operators reconnect
//   cooling-step             C3: 60 % → 100 % step; cooling power follows with the facility loop's lag
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';
import type { SiteSummary } from '../../sim/engine/site-ledger.ts';

type Row = Record<string, number | undefined>;

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir('gridtwin-examples-');
});
afterAll(() => tmp.cleanup());

/** The row whose window ends at `t` seconds. */
function at(ts: Row[], t: number): Row {
  const r = ts.find((x) => Math.abs(x.time_s! - t) < 1e-6);
  if (!r) throw new Error(`no row at ${t} s`);
  return r;
}
const col = (ts: Row[], name: string) => ts.map((r) => r[name]!);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('training-swing-300mw: what each mitigation leaves at the POI and what it costs', () => {
  const sites = ['dc-unsmoothed', 'dc-floor90', 'dc-floor90-hold', 'dc-dummy90', 'dc-rack-storage', 'dc-battery', 'dc-battery-fast'];
  const dt = 0.1; // s per row
  let run: FinishedRun;
  let ts: Row[];
  let summary: Record<string, SiteSummary>;
  const swing: Record<string, number> = {}; // steady, window means (MW)
  const energy: Record<string, number> = {}; // MWh at the POI over the run
  beforeAll(async () => {
    run = await runScenario({ file: 'scenarios/training-swing-300mw.yaml' }, tmp.dir);
    expect(run.outcome.summary.error).toBeUndefined();
    ts = await run.timeseries();
    summary = Object.fromEntries(run.outcome.summary.sites!.listed.map((x) => [x.id, x]));
    const steady = ts.filter((r) => r.time_s! > 20); // rack storage and batteries settled
    for (const s of sites) {
      const poi = col(steady, `${s}_poi_mw`);
      swing[s] = Math.max(...poi) - Math.min(...poi);
      energy[s] = summary[s].poi_energy_mwh;
    }
  });

  it('writes 100 ms rows covering the two minutes; summary.json energy agrees with the time series', () => {
    expect(ts).toHaveLength(1200);
    expect(ts[0].time_s).toBeCloseTo(0.1, 9);
    for (const s of sites) expect((sum(col(ts, `${s}_poi_mw`)) * dt) / 3600, s).toBeCloseTo(energy[s], 4);
  });

  it('unsmoothed: the full 240 MW swing (300 MW compute, 60 MW communication) for 8.4 MWh', () => {
    expect(swing['dc-unsmoothed']).toBeCloseTo(240, 6);
    expect(summary['dc-unsmoothed'].poi_peak_mw - summary['dc-unsmoothed'].poi_min_mw).toBeCloseTo(240, 6);
    expect(energy['dc-unsmoothed']).toBeCloseTo((252 * 120) / 3600, 5); // mean 0.8·300 + 0.2·60 = 252 MW
  });

  it('every mitigation leaves a smaller swing at the POI than the unsmoothed site', () => {
    for (const s of sites.slice(1)) expect(swing[s], s).toBeLessThan(swing['dc-unsmoothed']);
    // A2: a 90 % floor over idle/TDP 0.2 leaves (1 − 0.9)/(1 − 0.2) = 12.5 % of the swing.
    expect(swing['dc-floor90'] / swing['dc-unsmoothed']).toBeCloseTo(0.125, 6);
    expect(swing['dc-dummy90']).toBeCloseTo(30, 6);
    expect(swing['dc-floor90-hold']).toBeLessThan(1e-6); // the hold outlasts the 0.4 s communication phase
    expect(swing['dc-rack-storage']).toBeLessThan(30);
    expect(swing['dc-battery-fast']).toBeLessThan(30);
  });

  it('a POI battery behind a 50 ms inverter lag keeps most of the swing and overshoots at the edges', () => {
    expect(swing['dc-battery']).toBeGreaterThan(0.6 * swing['dc-unsmoothed']);
    // The 10 ms edges pass the lag: the rising edge meets a battery still charging, the falling
    // edge one still discharging — at the 10 ms sub-step the POI swings wider than unsmoothed.
    expect(summary['dc-battery'].poi_peak_mw).toBeGreaterThan(400);
    expect(summary['dc-battery'].poi_peak_mw - summary['dc-battery'].poi_min_mw).toBeGreaterThan(240);
    expect(summary['dc-battery-fast'].poi_peak_mw - summary['dc-battery-fast'].poi_min_mw).toBeLessThan(240);
  });

  it('the floor, the hold and dummy work cost 16–19 % more energy; storage only its losses', () => {
    const extra = (s: string) => energy[s] / energy['dc-unsmoothed'] - 1;
    // Floor: (0.8·300 + 0.2·270)/252 − 1 = +16.7 %, less the job-start edge.
    expect(extra('dc-floor90')).toBeCloseTo(294 / 252 - 1, 2);
    expect(extra('dc-dummy90')).toBeCloseTo(extra('dc-floor90'), 9);
    expect(extra('dc-floor90-hold')).toBeGreaterThan(extra('dc-floor90'));
    expect(extra('dc-floor90-hold')).toBeLessThan(300 / 252 - 1 + 1e-9); // at most a flat 300 MW
    for (const s of ['dc-rack-storage', 'dc-battery', 'dc-battery-fast']) {
      expect(extra(s), s).toBeGreaterThan(0.01); // conversion losses (η 0.95 each way)
      expect(extra(s), s).toBeLessThan(0.025);
    }
    // The batteries end where they started (the ceiling is at break-even), so the POI energy is the cost.
    for (const s of ['dc-battery', 'dc-battery-fast']) {
      expect(Math.abs(summary[s].soc_end! - 0.5) * 62.5, s).toBeLessThan(0.05); // MWh
      const cycled = summary[s].battery_charged_mwh - summary[s].battery_discharged_mwh;
      expect(cycled, s).toBeGreaterThan(0); // charged more than it gave back: the losses
    }
  });

  it('dummy work costs 5 % useful work; the power floor, storage and batteries cost none (summary.json)', () => {
    const work = (s: string) => summary[s].useful_work_s;
    expect(work('dc-unsmoothed')).toBeCloseTo(120, 6); // s of nominal throughput over 120 s
    expect(summary['dc-dummy90'].useful_share).toBeCloseTo(0.95, 6);
    for (const s of ['dc-floor90', 'dc-rack-storage', 'dc-battery', 'dc-battery-fast']) expect(work(s), s).toBeCloseTo(120, 6);
    // The hold's 100 MW/s ramp-up slows the job start only: 60 → 220 MW through the first 1.6 s
    // compute phase (rate (P − 60)/240, mean 1/3: 1.067 s lost), 260 → 300 MW into the second
    // (0.033 s lost): 1.1 s in all.
    expect(work('dc-floor90-hold')).toBeCloseTo(118.9, 2);
  });
});

describe('poi-ramp-limit: reference case A1 (450 MW → 40 MW in 36 s, POI ramp limit)', () => {
  let run: FinishedRun;
  let ts: Row[];
  const stop = 60; // s
  const dP = 410; // MW
  const drop = 36; // s
  /** Closed form: time to 40 MW, absorbed energy (MWh) and peak (MW) for ramp r (MW/s). */
  const closed = (r: number) => ({ time: dP / r, energy: (0.5 * dP * (dP / r) - 0.5 * dP * drop) / 3600, peak: dP - r * drop });
  beforeAll(async () => {
    run = await runScenario({ file: 'scenarios/poi-ramp-limit.yaml' }, tmp.dir);
    ts = await run.timeseries();
  });

  it('runs without error (physics only, no broker)', () => {
    expect(run.outcome.summary.error).toBeUndefined();
    expect(run.outcome.summary.run.broker).toMatch(/^none/);
    expect(at(ts, stop + drop + 1)['dc-burner_it_mw']).toBeCloseTo(40, 3); // the IT load is down within 36 s
  });

  // timeseries.csv rounds to 1e-6 MW.
  const csvRounding = 2e-6;
  const fallRate = (site: string) => {
    const poi = col(ts, `${site}_poi_mw`);
    return Math.max(...poi.slice(1).map((p, k) => poi[k] - p)); // MW per 1 s row
  };
  const listed = (id: string) => run.outcome.summary.sites!.listed.find((x) => x.id === id)!;
  const reach40 = (site: string) => ts.find((r) => r.time_s! > stop && r[`${site}_poi_mw`]! <= 40 + 1e-3)!.time_s! - stop;

  it('with the burner the POI falls no faster than 30 MW/min and takes ≥ 13.7 min to reach 40 MW', () => {
    expect(fallRate('dc-burner')).toBeLessThanOrEqual(0.5 + csvRounding);
    const c = closed(0.5);
    expect(c.time / 60).toBeCloseTo(13.667, 3);
    expect(reach40('dc-burner')).toBeGreaterThanOrEqual(c.time); // row ends: the first whole row at 40 MW
    expect(reach40('dc-burner')).toBeLessThanOrEqual(c.time + 2);
    expect(reach40('dc-burner') / 60).toBeGreaterThanOrEqual(13.7 * 0.98); // A1, 2 %
  });

  it('the burner absorbs the closed-form energy and peak (44.64 MWh, 392 MW)', () => {
    const c = closed(0.5);
    const e = sum(col(ts, 'dc-burner_burner_mw')) / 3600;
    expect(e / c.energy - 1).toBeCloseTo(0, 3);
    expect(listed('dc-burner').burner_energy_mwh / c.energy - 1).toBeCloseTo(0, 3); // summary.json says the same
    expect(Math.max(...col(ts, 'dc-burner_burner_mw'))).toBeCloseTo(c.peak, 0);
  });

  it('the battery in POI mode does the same, the first second aside (its 50 ms inverter lag lets 0.57 MW through)', () => {
    // The load falls at 410/36 MW/s; a first-order lag τ trails a ramp s by s·τ.
    const lagAllowance = (dP / drop) * 0.05;
    expect(fallRate('dc-battery')).toBeLessThanOrEqual(0.5 + lagAllowance);
    expect(reach40('dc-battery')).toBeGreaterThanOrEqual(closed(0.5).time);
    const charged = sum(col(ts, 'dc-battery_battery_mw').map((p) => Math.max(0, -p))) / 3600;
    expect(charged / closed(0.5).energy - 1).toBeCloseTo(0, 3);
    expect(listed('dc-battery').battery_charged_mwh / closed(0.5).energy - 1).toBeCloseTo(0, 3);
    expect(-Math.min(...col(ts, 'dc-battery_battery_mw'))).toBeCloseTo(closed(0.5).peak, 0);
    // SoC 30 % + 0.95 × 44.64 MWh / 100 MWh.
    expect(at(ts, 45 * 60)['dc-battery_soc']).toBeCloseTo(0.3 + (0.95 * closed(0.5).energy) / 100, 3);
  });

  it('at 10 MW/min: ≥ 41 min and ≈ 138 MWh (A1: ≈ 140 MWh for an instantaneous drop)', () => {
    const r = 10 / 60;
    expect(fallRate('dc-burner-10')).toBeLessThanOrEqual(r + csvRounding);
    expect(reach40('dc-burner-10')).toBeGreaterThanOrEqual(closed(r).time);
    expect(reach40('dc-burner-10') / 60).toBeGreaterThanOrEqual(41 * 0.98);
    const e = sum(col(ts, 'dc-burner-10_burner_mw')) / 3600;
    expect(e / closed(r).energy - 1).toBeCloseTo(0, 3);
    expect(closed(r).energy).toBeCloseTo(138.03, 2);
  });
});

describe('virginia-2024-load-loss: reference case A4 driving the grid frequency', () => {
  let run: FinishedRun;
  let ts: Row[];
  beforeAll(async () => {
    run = await runScenario({ file: 'scenarios/virginia-2024-load-loss.yaml' }, tmp.dir);
    ts = await run.timeseries();
  });
  const lost = (t: number) => -at(ts, t).grid_site_load_change_mw!;

  it('no transfer on dips 1–2 (10 s, 18 s): the frequency does not move', () => {
    expect(run.outcome.summary.error).toBeUndefined();
    for (const t of [10.1, 18.1, 29.9, 30]) expect(Math.abs(lost(t)), `${t} s`).toBe(0);
    expect(Math.max(...ts.filter((r) => r.time_s! <= 30).map((r) => Math.abs(r.grid_f_hz! - 60)))).toBe(0);
  });

  it('≈ 1,260 MW drops at the third dip (30 s), ≈ 1,500 MW in total (92.055 s)', () => {
    expect(lost(30.1)).toBeCloseTo(1260, 6);
    expect(lost(92)).toBeCloseTo(1260, 6);
    // The 55 ms ride-through group goes 55 ms into the sixth dip (92.000 s): 45 % of that window.
    expect(lost(92.1)).toBeCloseTo(1260 + 240 * 0.45, 6);
    expect(lost(92.2)).toBeCloseTo(1500, 6);
    expect(at(ts, 92.2).fleet_poi_mw).toBeCloseTo(0, 6);
  });

  it('the load loss raises the frequency: zenith above 60 Hz, after the first transfer', () => {
    const g = run.outcome.summary.grid!;
    expect(g.nominal_frequency_hz).toBe(60);
    expect(g.zenith.f_hz).toBeGreaterThan(60.04);
    expect(g.zenith.f_hz).toBeLessThan(60.1);
    expect(g.zenith.t_s).toBeGreaterThan(30);
    expect(g.zenith.t_s).toBeLessThan(60);
    expect(g.nadir.f_hz).toBe(60); // nothing pulls it below nominal
    // Initial rate of rise: f0·ΔP/(2·E_k) = 60 × 1,260 MW / (2 × 2,250 GW·s) = 0.0168 Hz/s at the
    // transfer, a little less as a 2 s mean (damping and the governors' fast part start to act).
    const rocof0 = (60 * 1260e6) / (2 * 2250e9);
    expect(g.initial_rocof_hz_per_s!).toBeGreaterThan(0.85 * rocof0);
    expect(g.initial_rocof_hz_per_s!).toBeLessThanOrEqual(rocof0);
    expect(Math.max(...col(ts, 'grid_f_max_hz'))).toBeCloseTo(g.zenith.f_hz, 4);
  });

  it('the sites stay off until the operators reconnect them, then the load returns along the 10 min ramp', () => {
    for (const t of [92.2, 200, 300]) {
      expect(at(ts, t)['va-strict-1_connected'], `${t} s`).toBe(0);
      expect(at(ts, t)['va-ridethrough-1_connected'], `${t} s`).toBe(0);
    }
    // Reconnected at 300 s; 1/600 of the load per second.
    for (const t of [360, 450, 600, 750]) {
      expect(at(ts, t)['va-strict-1_connected']).toBeCloseTo((t - 300.05) / 600, 6);
      expect(at(ts, t).fleet_poi_mw).toBeCloseTo((1500 * (t - 300.05)) / 600, 3);
    }
    expect(at(ts, 960).fleet_poi_mw).toBeCloseTo(1500, 6);
    // The returning load pulls the frequency back to nominal.
    expect(at(ts, 600).grid_f_hz).toBeGreaterThan(60);
    expect(Math.abs(at(ts, 960).grid_f_hz! - 60)).toBeLessThan(0.001);
  });
});

describe('cooling-step: reference case C3 on a site (60 % → 100 % at 2 min)', () => {
  let ts: Row[];
  let run: FinishedRun;
  const step = 120; // s
  const end = 1020; // s
  beforeAll(async () => {
    run = await runScenario({ file: 'scenarios/cooling-step.yaml' }, tmp.dir);
    expect(run.outcome.summary.error).toBeUndefined();
    ts = await run.timeseries();
  });
  const cool = (t: number) => at(ts, t).dc1_cooling_mw!;

  it('IT power steps from 60 to 100 MW at once', () => {
    expect(at(ts, step).dc1_it_mw).toBeCloseTo(60, 9);
    expect(at(ts, step + 1).dc1_it_mw).toBeCloseTo(100, 9);
  });

  it('the loop starts settled at 60 %: the cooling power is flat before the step', () => {
    expect(Math.abs(cool(step) - cool(1))).toBeLessThan(1e-6);
  });

  it('it rises after the step with the facility loop lag: nothing for a minute, 63 % after minutes', () => {
    const before = cool(step);
    const after = cool(end);
    // Heat rejection is 2 % of the heat rejected: 0.02 × 40 MW more heat.
    expect(after - before).toBeCloseTo(0.02 * 40, 2);
    // The warmer water needs the return pipe, the CDU and the facility pipe (≈ 2 min) to reach the plant.
    expect(cool(step + 60) - before).toBeLessThan(0.01 * (after - before));
    const t63 = ts.find((r) => r.time_s! > step && r.dc1_cooling_mw! >= before + 0.632 * (after - before))!.time_s! - step;
    expect(t63 / 60).toBeGreaterThan(2);
    expect(t63 / 60).toBeLessThan(6);
    // Within 1 % of the final value by 10 min.
    expect(Math.abs(cool(step + 600) - after)).toBeLessThan(0.01 * (after - before) + 1e-9);
    // The POI carries IT + cooling (no auxiliary load here); summary.json has the cooling energy.
    expect(at(ts, end).dc1_poi_mw).toBeCloseTo(100 + after, 6);
    const coolingMWh = (sum(col(ts, 'dc1_cooling_mw')) * 1) / 3600;
    expect(run.outcome.summary.sites!.listed[0].cooling_energy_mwh).toBeCloseTo(coolingMWh, 4);
  });
});
