// Bad sweeps are refused before any run starts, each with a message naming the swept parameter
// (exit 2): an unknown path (with a suggestion), a value outside the schema's limits, a value in
// the wrong unit, a key the schema does not know, no seeds, nothing to sweep.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import { captureIo } from '../cli/capture-io.ts';
import { tempDir } from '../e2e/run-helpers.ts';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let file: string;

async function cli(...argv: string[]) {
  const c = captureIo();
  const code = await main(argv, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}

beforeAll(async () => {
  tmp = await tempDir('gridtwin-sweep-bad-');
  file = join(tmp.dir, 's.yaml');
  await writeFile(file, 'run:\n  duration: 1 min\n  window: 1 s\n  mode: fast\nsites:\n  dc1:\n    ai_load:\n      rated_power: 10 MW\n      step: 100 ms\n    battery:\n      energy: 5 MWh\n      power: 5 MW\n      mode: idle\n');
});
afterAll(() => tmp?.cleanup());

async function refused(args: string[], ...expected: Array<string | RegExp>) {
  const out = join(tmp.dir, `out-${Math.random().toString(36).slice(2)}`);
  const r = await cli('sweep', file, ...args, '--out', out);
  expect(r.code).toBe(2);
  for (const e of expected) expect(r.stderr).toMatch(e);
  expect(existsSync(join(out, 'runs'))).toBe(false); // nothing ran
  return r;
}

describe('gridtwin sweep: bad input (exit 2, before any run)', () => {
  it('an unknown site in the path, with a suggestion', () => refused(['--param', 'sites.dc2.battery.energy=1,2MWh'], /the scenario has no 'sites.dc2'/, /did you mean 'sites.dc1'\?/));
  it('an unknown key under a block the scenario has: the loader’s own message, naming the sweep point', () =>
    refused(['--param', 'sites.dc1.battery.energie=1,2MWh'], /energie/, /sites\.dc1\.battery\.energie=1 MWh/));
  it('a value outside the schema’s limits', () => refused(['--param', 'sites.dc1.battery.soc_initial=50,150%'], /soc_initial/, /with sites\.dc1\.battery\.soc_initial=150 %/));
  it('a value in the wrong unit', () => refused(['--param', 'sites.dc1.battery.energy=5,10MW'], /energy/, /with sites\.dc1\.battery\.energy=5 MW/));
  it('an empty range', () => refused(['--param', 'sites.dc1.battery.energy=10..5:1MWh'], /empty range/));
  it('--seeds 0', () => refused(['--param', 'sites.dc1.battery.energy=5MWh', '--seeds', '0'], /--seeds/, /whole number/));
  it('the same parameter twice', () => refused(['--param', 'sites.dc1.battery.energy=5MWh', '--param', 'sites.dc1.battery.energy=6MWh'], /given more than once/));
  it('nothing to sweep', () => refused([], /no --param and no sweep block/));
  it('--resume without a sweep to resume', () => refused(['--param', 'sites.dc1.battery.energy=5MWh', '--resume'], /no sweep\.json/));
});
