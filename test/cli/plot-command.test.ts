import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './capture-io.ts';

describe('gridtwin plot', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gridtwin-plot-'));
    await writeFile(join(dir, 'timeseries.csv'), 'time_s,grid_f_hz,dc1_poi_mw\n0,50,10\n1,49.5,\n2,49.2,12\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes an SVG of the chosen columns of a run folder', async () => {
    const out = join(dir, 'f.svg');
    const r = await runCli(['plot', dir, '--y', 'grid_f_hz,dc1_poi_mw', '--out', out, '--from', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 points per series');
    const svg = await readFile(out, 'utf8');
    expect([...svg.matchAll(/<path /g)]).toHaveLength(2);
  });

  it('an unknown column is exit 2 with a suggestion', async () => {
    const r = await runCli(['plot', dir, '--y', 'grid_f_hzz', '--out', join(dir, 'x.svg')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean 'grid_f_hz'?");
  });

  it('a missing --out is exit 2', async () => {
    const r = await runCli(['plot', dir, '--y', 'grid_f_hz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out');
  });
});
