// `gridtwin compare` on real run folders: identical runs, runs that part ways at a known time, a
// mitigation against none (metric differences with the right sign and verdict), JSON for machines,
// and the HTML comparison opened in headless Chromium.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { captureIo } from '../cli/capture-io.ts';
import { repoRoot, tempDir } from '../e2e/run-helpers.ts';
import { launchChromium, openReport } from '../reports/browser-page.ts';
import { writeFile } from 'node:fs/promises';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const dir = (name: string) => join(tmp.dir, name);

async function cli(...argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}

/** A physics-only site: 2 min, 1 s windows; the job stops at `stop`, optionally with dummy work. */
const site = (stop: string, dummy = '') => `name: cmp
run:
  duration: 2 min
  window: 1 s
  seed: 3
  mode: fast
sites:
  dc:
    ai_load:
      rated_power: 100 MW
      step: 100 ms${dummy}
timeline:
  - { at: ${stop}, type: job_stop, id: stop, site: dc }
`;

async function runYaml(name: string, yaml: string): Promise<string> {
  const file = dir(`${name}.yaml`);
  await writeFile(file, yaml);
  const r = await cli('run', file, '--out', dir(name), '--quiet');
  expect(r.code, r.stderr).toBe(0);
  return dir(name);
}

beforeAll(async () => {
  tmp = await tempDir('gridtwin-compare-');
  const qs = join(repoRoot, 'scenarios/quickstart.yaml');
  for (const [name, seed] of [['qs-a', '42'], ['qs-a2', '42'], ['qs-b', '7']]) {
    const r = await cli('run', qs, '--until', '3 min', '--seed', seed, '--out', dir(name), '--quiet');
    expect(r.code, r.stderr).toBe(0);
  }
  await runYaml('stop60', site('60 s'));
  await runYaml('stop90', site('90 s'));
  await runYaml('dummy', site('60 s', '\n      dummy_work: { level: 90%, slowdown: 5% }'));
}, 120_000);

afterAll(() => tmp?.cleanup());

describe('gridtwin compare', () => {
  it('says two runs of the same scenario and seed are identical, exit 0', async () => {
    const r = await cli('compare', dir('qs-a'), dir('qs-a2'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The runs are identical');
  });

  it('finds where runs with different seeds part ways: the seeded ids of the first message, not its signature', async () => {
    const r = await cli('compare', dir('qs-a'), dir('qs-b'), '--json');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.identical).toBe(false);
    expect(c.sameScenario).toBe(true);
    expect(c.divergence.first.kind).toBe('message');
    expect(c.divergence.first.t_s).toBe(0);
    expect(c.divergence.first.fields).toContain('payload.id');
    expect(c.divergence.first.fields).not.toContain('payload.data'); // same content, different signature
    expect(c.divergence.first.fields).not.toContain('payload.specversion');
  });

  it('finds the first differing window when a job stops 30 s later, and says the scenarios differ', async () => {
    const r = await cli('compare', dir('stop60'), dir('stop90'), '--json');
    const c = JSON.parse(r.stdout);
    expect(c.sameScenario).toBe(false);
    expect(c.divergence.message).toBeUndefined(); // physics only: no traffic
    expect(c.divergence.first.kind).toBe('timeseries');
    // The 1 s window (60 s, 61 s] is the first in which the stopped job draws less.
    expect(c.divergence.first.t_s).toBe(61);
    expect(c.divergence.first.columns.map((x: { name: string }) => x.name)).toContain('dc_it_mw');
    const text = await cli('compare', dir('stop60'), dir('stop90'));
    expect(text.stdout).toContain('The scenarios differ');
    expect(text.stdout).toContain('First divergence at 61 s');
  });

  it('shows what a mitigation costs: dummy work draws more energy and lowers useful work (B worse)', async () => {
    const c = JSON.parse((await cli('compare', dir('stop60'), dir('dummy'), '--json')).stdout);
    const row = (name: string) => c.metrics.find((m: { name: string }) => m.name === name);
    expect(row('sites.fleet.poi_energy_mwh').delta).toBeGreaterThan(0);
    expect(row('sites.fleet.poi_energy_mwh').verdict).toBeUndefined(); // more energy is not good or bad by itself
    const share = row('metrics.useful_work_share');
    expect(share.b).toBeLessThan(share.a);
    expect(share.verdict).toBe('a');
    const text = (await cli('compare', dir('stop60'), dir('dummy'))).stdout;
    expect(text).toMatch(/metrics\.useful_work_share .* worse/);
  });

  it('writes a self-contained HTML comparison whose combined plots render in Chromium', async () => {
    const html = dir('cmp.html');
    const r = await cli('compare', dir('stop60'), dir('dummy'), '--html', html, '--columns', 'dc_it_mw,dc_poi_mw');
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(html, 'utf8')).toContain('gridtwin comparison');
    const browser = await launchChromium();
    try {
      const opened = await openReport(browser, html);
      const rendered = await opened.page.$$eval('.gt-plot', (els) => els.map((e) => Number(e.getAttribute('data-rendered'))));
      expect(rendered).toHaveLength(2);
      for (const n of rendered) expect(n).toBeGreaterThan(100); // A and B, ~120 windows each
      expect(opened.errors).toEqual([]);
      expect(opened.network).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
