// Every way a command line can be wrong returns exit 2 with a message that says what is wrong and
// a hint how to fix it; help and version succeed. All in process through main(argv, io).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../sim/cli/main.ts';
import { GRIDTWIN_VERSION } from '../../sim/scoring/scorecard.ts';
import { runCli } from './capture-io.ts';

const dir = await mkdtemp(join(tmpdir(), 'gridtwin-cli-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('gridtwin (no command, help, version)', () => {
  it('without a command prints the usage on stderr and exits 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing command');
    expect(r.stderr).toContain('Commands:');
    expect(r.stdout).toBe('');
  });

  it('--version prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `gridtwin ${GRIDTWIN_VERSION}\n`, stderr: '' });
  });

  it('--help lists every command and the exit codes', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name.padEnd(width)}${c.summary}\n`);
    expect(r.stdout).toContain('99  a threshold or a conformance rule failed');
  });

  it.each(COMMANDS.map((c) => c.name))('help %s and %s --help describe every flag, with examples', async (name) => {
    const viaHelp = await runCli(['help', name]);
    const viaFlag = await runCli([name, '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag).toEqual(viaHelp);
    const spec = COMMANDS.find((c) => c.name === name);
    for (const flag of Object.keys(spec?.flags ?? {})) expect(viaHelp.stdout).toContain(`--${flag}`);
    expect(viaHelp.stdout).toContain('Examples:');
    expect(viaHelp.stdout).toContain(`gridtwin ${name}`);
  });

  it('--help wins over other errors on the same line', async () => {
    const r = await runCli(['run', '--bogus', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage:');
  });

  it('an unknown command exits 2 with the list of commands and a guess', async () => {
    const r = await runCli(['rnu', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'rnu'");
    expect(r.stderr).toContain('commands: run, validate, schema, keys');
    expect(r.stderr).toContain("did you mean 'gridtwin run'?");
  });

  it('help for an unknown command exits 2', async () => {
    const r = await runCli(['help', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).toContain('gridtwin --help');
  });

  it('a flag before any command exits 2 and says flags come after a command', async () => {
    const r = await runCli(['--seed', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown flag '--seed'");
    expect(r.stderr).toContain('flags come after a command');
  });
});

describe('gridtwin run: bad flags and arguments exit 2 before anything runs', () => {
  const cases: Array<[string, string[], string[]]> = [
    ['missing FILE', ['run'], ['missing FILE', 'usage: gridtwin run FILE']],
    ['an extra argument', ['run', 'a.yaml', 'b.yaml'], ["unexpected argument 'b.yaml'", "'gridtwin run' takes one FILE"]],
    ['an unknown flag (with a guess)', ['run', 'a.yaml', '--sede', '3'], ['--sede: unknown flag', 'did you mean --seed?']],
    ['an unknown flag (no close guess)', ['run', 'a.yaml', '--nope'], ['--nope: unknown flag', 'flags: --out, --seed, --workers']],
    ['a flag without its value', ['run', 'a.yaml', '--out'], ['--out: needs a value', 'write --out DIR']],
    ['a value for a boolean flag', ['run', 'a.yaml', '--quiet=yes'], ['--quiet: takes no value', 'write --quiet alone']],
    ['a value that looks like a flag', ['run', 'a.yaml', '--seed', '-5'], ["--seed: its value starts with '-'", 'write --seed=N']],
    ['a repeated flag', ['run', 'a.yaml', '--seed', '1', '--seed', '2'], ['--seed: given more than once', 'pass each flag once']],
    ['a bad --workers', ['run', 'a.yaml', '--workers', 'two'], ["'two' is not a number of worker threads", 'a whole number from 0']],
    ['a negative --workers', ['run', 'a.yaml', '--workers=-1'], ["'-1' is not a number of worker threads"]],
    ['a bad --mode', ['run', 'a.yaml', '--mode', 'turbo'], ["unknown mode 'turbo'", 'fast (as fast as the CPU allows) or realtime']],
    ['--until with the wrong unit', ['run', 'a.yaml', '--until', '2 MW'], ["'2 MW' is not a duration", "--until '2 min'"]],
    ['--until without a unit', ['run', 'a.yaml', '--until', '120'], ['--until:', "e.g. '36 s'"]],
    ['a zero --until', ['run', 'a.yaml', '--until', '0 s'], ["'0 s' is not a positive duration"]],
    ['a bad --broker', ['run', 'a.yaml', '--broker', 'http://localhost:1883'], ["unsupported scheme 'http:'", 'use mqtt://host:port']],
  ];

  it.each(cases)('%s', async (_name, argv, expected) => {
    const out = join(dir, `out-${_name.replace(/\W+/g, '-')}`);
    const r = await runCli([...argv, ...(argv.length > 1 && !argv.includes('--out') ? ['--out', out] : [])]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    for (const text of expected) expect(r.stderr).toContain(text);
    expect(r.stderr).toContain('hint:');
    // Nothing ran: no run folder was created.
    expect(await readdir(dir)).not.toContain(`out-${_name.replace(/\W+/g, '-')}`);
  });

  it('lists every bad flag at once', async () => {
    const r = await runCli(['run', 'a.yaml', '--workers', 'x', '--mode', 'y', '--until', 'z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('3 bad flags');
    expect(r.stderr).toContain('--workers');
    expect(r.stderr).toContain('--mode');
    expect(r.stderr).toContain('--until');
  });

  it('a scenario file that does not exist exits 2 and creates no run folder', async () => {
    const out = join(dir, 'never-created');
    const r = await runCli(['run', join(dir, 'missing.yaml'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
    expect(await readdir(dir)).not.toContain('never-created');
  });
});
