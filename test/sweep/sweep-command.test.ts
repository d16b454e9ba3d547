// `gridtwin sweep` end to end on a tiny physics-only scenario: the folder it writes, results that do
// not depend on the number of jobs, resume after an interruption, a failing run recorded (not
// dropped), the scenario's own sweep block, and sweep.html in headless Chromium.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { captureIo } from '../cli/capture-io.ts';
import { tempDir } from '../e2e/run-helpers.ts';
import { launchChromium, openReport } from '../reports/browser-page.ts';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let file: string;

async function cli(...argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}

// A 100 MW site whose job fails at seeded times (so seeds matter) behind a battery holding a
// 30 MW/min POI ramp; the threshold fails the run when the ramp is broken.
const SCENARIO = `name: tiny-sweep
run:
  duration: 20 min
  window: 10 s
  seed: 5
  mode: fast
sites:
  dc:
    ai_load:
      rated_power: 100 MW
      idle_fraction: 10%
      duty: 1
      step: 100 ms
      failures: { mtbf: 10 min, recovery: 5 min }
    battery:
      power: 100 MW
      energy: 20 MWh
      soc_initial: 50%
      mode: peak_shave
      poi_ramp: 30 MW/min
      recharge_power: 1 MW
      inverter_lag: 0 ms
    poi:
      ramp_limit: 30 MW/min
      burner: 0 MW
thresholds:
  - poi_ramp_excess < 0.001 MWh
sweep:
  params:
    sites.dc.battery.energy: 1,20 MWh
  seeds: 2
`;

const csv = async (dir: string) => {
  const [head, ...rows] = (await readFile(join(dir, 'sweep.csv'), 'utf8')).trim().split('\n');
  const cols = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, k) => [cols[k], v])));
};

beforeAll(async () => {
  tmp = await tempDir('gridtwin-sweep-');
  file = join(tmp.dir, 'tiny.yaml');
  await writeFile(file, SCENARIO);
});
afterAll(() => tmp?.cleanup());

describe('gridtwin sweep', () => {
  let one: string;
  it('writes sweep.csv, sweep.html, sweep.json, points/ and a run folder per run', async () => {
    one = join(tmp.dir, 'one');
    const r = await cli('sweep', file, '--param', 'sites.dc.battery.energy=1,5,20MWh', '--seeds', '3', '--jobs', '1', '--out', one);
    expect(r.code, r.stderr).toBe(0);
    const rows = await csv(one);
    expect(rows).toHaveLength(9);
    expect(rows[0]['sites.dc.battery.energy']).toBe('1 MWh');
    expect(Number(rows[0]['sites.dc.battery.energy_si'])).toBe(3.6e9);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['run', 'seed', 'verdict', 'exit_code', 'score', 'poi_ramp_excess', 'run_folder']));
    // seed k is the same at every point
    expect(rows[0].seed).toBe(rows[3].seed);
    expect(rows[1].seed).toBe(rows[4].seed);
    expect(new Set(rows.slice(0, 3).map((x) => x.seed)).size).toBe(3);
    // a 1 MWh battery cannot hold a 90 MW failure step; 20 MWh can (a threshold failure is a result, exit 0)
    expect(rows.filter((x) => x['sites.dc.battery.energy'] === '1 MWh').every((x) => x.verdict === 'fail' && x.exit_code === '99')).toBe(true);
    expect(rows.filter((x) => x['sites.dc.battery.energy'] === '20 MWh').every((x) => x.verdict === 'pass')).toBe(true);
    for (const row of rows) expect(existsSync(join(one, row.run_folder, 'summary.json'))).toBe(true);
    expect(existsSync(join(one, 'points', '2.yaml'))).toBe(true);
    expect(await readFile(join(one, 'points', '2.yaml'), 'utf8')).toContain('energy: 20 MWh');
    const manifest = JSON.parse(await readFile(join(one, 'sweep.json'), 'utf8'));
    expect(manifest.points).toEqual([['1 MWh'], ['5 MWh'], ['20 MWh']]);
    expect(manifest.seeds.map(String)).toEqual(rows.slice(0, 3).map((x) => x.seed));
    expect(manifest.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.gridtwin.summary_format).toBe(1);
    expect(r.stdout).toContain('Smallest sites.dc.battery.energy that passed in every seed: 20 MWh');
  }, 90_000);

  it('gives the same run hashes with two jobs as with one', async () => {
    const two = join(tmp.dir, 'two');
    const r = await cli('sweep', file, '--param', 'sites.dc.battery.energy=1,5,20MWh', '--seeds', '3', '--jobs', '2', '--out', two);
    expect(r.code, r.stderr).toBe(0);
    const hash = async (dir: string, k: number) => JSON.parse(await readFile(join(dir, 'runs', String(k), 'summary.json'), 'utf8')).run_hash;
    for (let k = 0; k < 9; k++) expect(await hash(two, k)).toBe(await hash(one, k));
  }, 90_000);

  it('resumes: only the run whose summary.json is missing runs again', async () => {
    await rm(join(one, 'runs', '4', 'summary.json'));
    const r = await cli('sweep', file, '--param', 'sites.dc.battery.energy=1,5,20MWh', '--seeds', '3', '--jobs', '1', '--out', one, '--resume');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/done earlier/g)).toHaveLength(8);
    expect(r.stderr).toMatch(/run 4 .*: (pass|fail)\n/);
    expect(existsSync(join(one, 'runs', '4', 'summary.json'))).toBe(true);
    expect(await csv(one)).toHaveLength(9);
  }, 60_000);

  it('refuses to resume with other parameters, or into a folder that holds a sweep without --resume', async () => {
    const other = await cli('sweep', file, '--param', 'sites.dc.battery.energy=1,20MWh', '--seeds', '3', '--out', one, '--resume');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('other parameters');
    const again = await cli('sweep', file, '--param', 'sites.dc.battery.energy=1,5,20MWh', '--seeds', '3', '--out', one);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--resume');
  });

  it('uses the scenario’s sweep block when no --param is given, and its sweep.html renders', async () => {
    const dir = join(tmp.dir, 'block');
    const r = await cli('sweep', file, '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(await csv(dir)).toHaveLength(4);
    const browser = await launchChromium();
    try {
      const opened = await openReport(browser, join(dir, 'sweep.html'));
      const rendered = await opened.page.$$eval('.gt-plot', (els) => els.map((e) => Number(e.getAttribute('data-rendered'))));
      expect(rendered.length).toBeGreaterThan(1);
      expect(Math.min(...rendered)).toBeGreaterThan(0);
      expect(opened.errors).toEqual([]);
      expect(opened.network).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('records a run that errors (broker unreachable, exit 3) with its message and exits 1', async () => {
    const dsx = join(tmp.dir, 'dsx.yaml');
    const qs = await readFile(new URL('../../scenarios/quickstart.yaml', import.meta.url), 'utf8');
    await writeFile(dsx, qs.replace('run:\n', 'broker:\n  url: mqtt://127.0.0.1:9\nrun:\n'));
    const dir = join(tmp.dir, 'err');
    const r = await cli('sweep', dsx, '--param', 'sites.dc1.battery.energy=10,20MWh', '--out', dir, '--jobs', '2');
    expect(r.code).toBe(1);
    const rows = await csv(dir);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.verdict).toBe('error');
      expect(row.exit_code).toBe('3');
      expect(row.error).toMatch(/broker|connect/i);
    }
  }, 90_000);

  it('answers the example planner question: 40 MWh breaks the ramp limit in every seed, 160 MWh holds it', async () => {
    const example = new URL('../../scenarios/sizing-battery-for-ramp-limit.yaml', import.meta.url).pathname;
    const dir = join(tmp.dir, 'example');
    const r = await cli('sweep', example, '--param', 'sites.dc.battery.energy=40,160MWh', '--seeds', '2', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    const rows = await csv(dir);
    const excess = (e: string) => rows.filter((x) => x['sites.dc.battery.energy'] === e).map((x) => Number(x.poi_ramp_excess) / 3.6e9);
    for (const mwh of excess('40 MWh')) expect(mwh).toBeGreaterThan(10); // the battery runs full mid-ramp
    for (const mwh of excess('160 MWh')) expect(mwh).toBeLessThan(0.001);
    expect(r.stdout).toContain('Smallest sites.dc.battery.energy that passed in every seed: 160 MWh');
    expect(r.stdout).toContain('needed per seed: 160 MWh in 2 seeds');
    expect(await readFile(join(dir, 'sweep.html'), 'utf8')).toContain('needed per seed: 160 MWh in 2 seeds');
  }, 90_000);
});
