// `gridtwin validate`: one ok line per valid scenario, every problem of an invalid one, exit 2 if
// any file is invalid.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './capture-io.ts';

const dir = await mkdtemp(join(tmpdir(), 'gridtwin-validate-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const good = join(dir, 'good.yaml');
await writeFile(good, 'run: {duration: 10 s}\nsites:\n  dc1:\n    ai_load: {rated_power: 10 MW}\n');
// Two problems at once: a power with a time unit and an unknown key.
const bad = join(dir, 'bad.yaml');
await writeFile(bad, 'run: {duration: 10 s}\nsites:\n  dc1:\n    ai_load: {rated_power: 10 s}\n    batery: {}\n');

describe('gridtwin validate', () => {
  it('prints an ok line with the counts for a valid scenario and exits 0', async () => {
    const r = await runCli(['validate', good]);
    expect(r).toEqual({ code: 0, stdout: `ok  ${good} (1 site, 0 timeline events, 0 thresholds)\n`, stderr: '' });
  });

  it('lists every problem of an invalid scenario and exits 2', async () => {
    const r = await runCli(['validate', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.yaml: 2 problems in the scenario');
    expect(r.stderr).toContain('sites.dc1.ai_load.rated_power');
    expect(r.stderr).toContain("unknown key 'batery'");
    expect(r.stderr).toContain("did you mean 'battery'?");
  });

  it('checks every file, and exits 2 when any one of them is invalid', async () => {
    const missing = join(dir, 'missing.yaml');
    const r = await runCli(['validate', good, bad, missing]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`ok  ${good}`);
    expect(r.stderr).toContain('bad.yaml: 2 problems');
    expect(r.stderr).toContain(`cannot read scenario ${missing}`);
    expect(r.stderr).toContain('2 of 3 scenarios invalid');
  });

  it('counts sites, timeline events and thresholds of the quickstart', async () => {
    const r = await runCli(['validate', new URL('../../scenarios/quickstart.yaml', import.meta.url).pathname]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok {2}\S+quickstart\.yaml \(1 site, 5 timeline events, 5 thresholds\)\n$/);
  });

  it('needs at least one FILE', async () => {
    const r = await runCli(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing FILE');
    expect(r.stderr).toContain('usage: gridtwin validate FILE');
  });
});
