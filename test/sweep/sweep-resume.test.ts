// Interrupting and resuming a sweep: Ctrl-C (SIGINT to the real CLI process) leaves a folder that
// --resume completes without re-running finished runs; resuming another scenario or a folder written
// by a gridtwin with another summary format is refused (exit 2) before anything runs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { captureIo } from '../cli/capture-io.ts';
import { repoRoot, tempDir } from '../e2e/run-helpers.ts';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let file: string;

// 5 simulated minutes of one site with seeded failures: a few hundredths of a second per run.
const SCENARIO = `name: resume-sweep
run: { duration: 5 min, window: 10 s, seed: 9, mode: fast }
sites:
  dc:
    ai_load: { rated_power: 50 MW, idle_fraction: 10%, duty: 1, step: 100 ms, failures: { mtbf: 3 min, recovery: 1 min } }
    battery: { power: 50 MW, energy: 5 MWh, soc_initial: 50%, mode: peak_shave, poi_ramp: 30 MW/min, inverter_lag: 0 ms }
    poi: { ramp_limit: 30 MW/min, burner: 0 MW }
thresholds:
  - poi_ramp_excess < 0.001 MWh
`;
const PARAM = ['--param', 'sites.dc.battery.energy=1,5MWh'];

async function cli(...argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}

const completeRuns = async (dir: string) => {
  const runs = await readdir(join(dir, 'runs'));
  return runs.filter((r) => existsSync(join(dir, 'runs', r, 'summary.json'))).map(Number).sort((a, b) => a - b);
};

beforeAll(async () => {
  tmp = await tempDir('gridtwin-sweep-resume-');
  file = join(tmp.dir, 'resume.yaml');
  await writeFile(file, SCENARIO);
});
afterAll(() => tmp?.cleanup());

describe('gridtwin sweep: interrupt and resume', () => {
  it('Ctrl-C stops the sweep with the resume command; --resume runs only what was not complete', async () => {
    const dir = join(tmp.dir, 'int');
    const args = ['sweep', file, ...PARAM, '--seeds', '30', '--jobs', '1', '--out', dir];
    const child = spawn(process.execPath, [join(repoRoot, 'bin/gridtwin.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (/\[3\/60\]/.test(stderr)) resolve();
      });
      child.on('exit', () => reject(new Error(`the sweep ended before it could be interrupted:\n${stderr}`)));
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted: \d+ of 60 runs complete/);
    expect(stderr).toContain(`--out ${dir} --resume`);
    const before = await completeRuns(dir);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(60);
    expect(existsSync(join(dir, 'sweep.csv'))).toBe(false); // written at the end only

    const r = await cli(...args, '--resume');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/done earlier/g)).toHaveLength(before.length);
    expect(await completeRuns(dir)).toEqual(Array.from({ length: 60 }, (_, k) => k));
    const rows = (await readFile(join(dir, 'sweep.csv'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(61);
  }, 60_000);

  it('refuses to resume when the scenario changed, or the folder is from another summary format', async () => {
    const dir = join(tmp.dir, 'small');
    const first = await cli('sweep', file, ...PARAM, '--out', dir, '--jobs', '1');
    expect(first.code, first.stderr).toBe(0);

    const changed = join(tmp.dir, 'changed.yaml');
    await writeFile(changed, SCENARIO.replace('seed: 9', 'seed: 10'));
    const other = await cli('sweep', changed, ...PARAM, '--out', dir, '--resume');
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('the scenario file changed since this sweep started');

    const manifest = JSON.parse(await readFile(join(dir, 'sweep.json'), 'utf8'));
    manifest.gridtwin = { version: '0.0.1', summary_format: 0 };
    await writeFile(join(dir, 'sweep.json'), JSON.stringify(manifest));
    const old = await cli('sweep', file, ...PARAM, '--out', dir, '--resume');
    expect(old.code).toBe(2);
    expect(old.stderr).toMatch(/written by gridtwin 0\.0\.1 \(summary format 0\)/);
    expect(old.stderr).toContain('sweep.json');

    await writeFile(join(dir, 'sweep.json'), '{ not json');
    const broken = await cli('sweep', file, ...PARAM, '--out', dir, '--resume');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('not valid JSON');
  }, 30_000);
});
