// The README's first command, as a user runs it: the `gridtwin` bin in a child process, its exit
// codes and its run folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, tempDir } from './run-helpers.ts';

const exec = promisify(execFile);

async function gridtwin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [join(repoRoot, 'bin/gridtwin.mjs'), ...args], { cwd: repoRoot });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gridtwin run from the command line', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.cleanup());

  it('runs the quickstart on the embedded broker: exit 0, scorecard, complete run folder', async () => {
    const out = join(tmp.dir, 'quickstart');
    const r = await gridtwin(['run', 'scenarios/quickstart.yaml', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PASS');
    expect(r.stdout).toContain('embedded');
    for (const f of ['summary.json', 'report.md', 'junit.xml', 'report.html', 'timeseries.csv', 'traffic.ndjson', 'keys/poweragent.jwks.json']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.verdict).toBe('pass');
    expect(summary.run_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a failed threshold exits 99 and names the threshold', async () => {
    const path = join(tmp.dir, 'strict.yaml');
    await writeFile(
      path,
      [
        'run: { duration: 2 min }',
        'sites: { dc1: { ai_load: { rated_power: 50 MW } } }',
        'timeline: [{ at: 30 s, type: demand_response, site: dc1, reduction: 10 MW, duration: 1 min }]',
        'profiles: { dsx-pm: { poweragent: { site: dc1 } } }',
        'thresholds: ["time_to_target_p99 < 1 ms", "dr_unanswered == 0"]',
        '',
      ].join('\n'),
    );
    const r = await gridtwin(['run', path, '--out', join(tmp.dir, 'strict')]);
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/FAIL\s+time_to_target_p99 < 1 ms/);
    expect(r.stdout).toMatch(/PASS\s+dr_unanswered == 0/);
  });

  it('a live role in fast mode exits 2 and says real time is needed', async () => {
    const path = join(tmp.dir, 'live.yaml');
    await writeFile(path, 'run: { duration: 10 s, mode: realtime }\nprofiles:\n  dsx-pm:\n    poweragent: { mode: live }\n    infra: { mode: none }\n    isv: { mode: scripted }\n    trust: { poweragent: none.jwks.json }\n');
    const r = await gridtwin(['run', path, '--mode', 'fast', '--out', join(tmp.dir, 'live')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/real-time mode/);
    expect(existsSync(join(tmp.dir, 'live'))).toBe(false);
  });

  it('an invalid scenario exits 2 and lists its problems', async () => {
    const path = join(tmp.dir, 'bad.yaml');
    await writeFile(path, 'run: { duration: 10 MW }\nsites: { dc1: { ai_load: { rated_power: -1 MW } } }\n');
    const r = await gridtwin(['run', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml:1 run.duration');
    expect(r.stderr).toContain('sites.dc1.ai_load.rated_power');
  });
});
