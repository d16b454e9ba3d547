// A Powernaut run needs an MQTT 5 broker. With no broker given, gridtwin starts a private Mosquitto —
// and on a machine without one it exits 2 (bad input) and says how to get one, before any socket.
// The engine looks for the binary on PATH and then in the sbin directories
// (sim/transports/managed-process.ts); GRIDTWIN_BIN_DIRS= turns the latter off, so the child process
// below sees a machine where mosquitto is not installed.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../e2e/run-helpers.ts';

const exec = promisify(execFile);

describe('a Powernaut run without a broker on a machine without mosquitto', () => {
  it('exits 2 and says how to install mosquitto or which broker to pass', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'gridtwin-no-mosquitto-'));
    try {
      const scenario = join(dir, 'pn.yaml');
      await writeFile(
        scenario,
        [
          'run: { duration: 8 s, window: 1 s, mode: realtime }',
          'sites: { edge: { ai_load: { rated_power: 100 kW }, battery: { energy: 200 kWh, power: 100 kW, mode: idle } } }',
          'profiles: { powernaut: { resources: [battery] } }',
          '',
        ].join('\n'),
      );
      // PATH: only node's own directory (no mosquitto there); no extra directories searched.
      const env = { ...process.env, PATH: dirname(process.execPath), GRIDTWIN_BIN_DIRS: '' };
      let code = 0;
      let output = '';
      try {
        const r = await exec(process.execPath, [join(repoRoot, 'bin/gridtwin.mjs'), 'run', scenario, '--out', join(dir, 'out')], { cwd: repoRoot, env });
        output = r.stdout + r.stderr;
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        code = e.code;
        output = e.stdout + e.stderr;
      }
      expect(code, output).toBe(2);
      expect(output).toContain('MQTT 5');
      expect(output).toMatch(/install mosquitto \(apt-get install mosquitto\)/);
      expect(output).toContain('--broker');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
