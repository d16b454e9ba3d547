// Every way an argument of `gridtwin compare` can fail to be a usable run folder, and a bad
// --columns: a clear error naming the file or column, exit 2, no comparison printed.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { captureIo } from '../cli/capture-io.ts';
import { tempDir } from '../e2e/run-helpers.ts';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let good: string;

async function cli(...argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}

beforeAll(async () => {
  tmp = await tempDir('gridtwin-compare-bad-');
  const file = join(tmp.dir, 'tiny.yaml');
  await writeFile(file, 'run:\n  duration: 20 s\n  window: 1 s\n  mode: fast\nsites:\n  dc:\n    ai_load:\n      rated_power: 10 MW\n      step: 100 ms\n');
  good = join(tmp.dir, 'good');
  expect((await cli('run', file, '--out', good, '--quiet')).code).toBe(0);
}, 60_000);

afterAll(() => tmp?.cleanup());

async function variant(name: string, edit: (summary: string) => string): Promise<string> {
  const dir = join(tmp.dir, name);
  await cp(good, dir, { recursive: true });
  await writeFile(join(dir, 'summary.json'), edit(await readFile(join(good, 'summary.json'), 'utf8')));
  return dir;
}

describe('gridtwin compare: bad input (exit 2)', () => {
  it('a path that does not exist', async () => {
    const r = await cli('compare', good, join(tmp.dir, 'nope'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such folder');
    expect(r.stdout).toBe('');
  });

  it('a file instead of a folder', async () => {
    const r = await cli('compare', join(good, 'summary.json'), good);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a file, not a folder');
  });

  it('a folder without summary.json', async () => {
    const empty = join(tmp.dir, 'empty');
    await mkdir(empty, { recursive: true });
    const r = await cli('compare', good, empty);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no summary.json');
    expect(r.stderr).toContain(join(empty, 'summary.json'));
  });

  it('a corrupt summary.json', async () => {
    const bad = await variant('corrupt', (s) => s.slice(0, s.length / 2));
    const r = await cli('compare', good, bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });

  it('a JSON file that is not a gridtwin summary', async () => {
    const bad = await variant('foreign', () => '{"hello": 1}');
    const r = await cli('compare', bad, good);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a gridtwin summary');
  });

  it('a run folder from an incompatible version (another summary format)', async () => {
    const old = await variant('old', (s) => s.replace(/"summary_format": \d+/, '"summary_format": 999'));
    const r = await cli('compare', good, old);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('summary format 999');
    expect(r.stderr).toMatch(/run the scenario again/);
  });

  it('an unknown --columns name, with a suggestion', async () => {
    const r = await cli('compare', good, good, '--columns', 'dc_it_mv', '--html', join(tmp.dir, 'x.html'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("did you mean 'dc_it_mw'?");
  });

  it('a missing second run', async () => {
    const r = await cli('compare', good);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/RUN_B/);
  });

  it('the same folder twice is allowed: identical', async () => {
    const r = await cli('compare', good, good);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The runs are identical');
  });
});
