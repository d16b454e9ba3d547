// The pure mapping from `gridtwin run` flags to engine RunOptions: what each flag accepts, how it
// converts, and that every bad flag becomes one problem of a single InputError (exit 2).
import { describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../sim/errors.ts';
import { parseSeed, runOptionsFromFlags, type RunFlags } from '../../sim/cli/run-flags.ts';

const at = new Date('2026-03-01T10:00:00Z');

function problemsOf(flags: RunFlags): Array<{ path: string; message: string; hint?: string }> {
  try {
    runOptionsFromFlags(flags, at);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(ExitCode.badInput);
    return (err as InputError).problems;
  }
  throw new Error('expected an InputError');
}

describe('runOptionsFromFlags', () => {
  it('with no flags only records the start time, so the scenario decides everything', () => {
    expect(runOptionsFromFlags({}, at)).toEqual({ startedAt: at });
  });

  it('maps every flag to its RunOptions field', () => {
    expect(
      runOptionsFromFlags({ out: 'runs/x', seed: '7', workers: '2', broker: 'mqtts://broker.example:8883', mode: 'realtime', until: '2 min' }, at),
    ).toEqual({ startedAt: at, outDir: 'runs/x', seed: 7, workers: 2, brokerUrl: 'mqtts://broker.example:8883', mode: 'realtime', until: 120_000_000 });
  });

  it('converts --until with any time unit, compound durations included, to integer microseconds', () => {
    expect(runOptionsFromFlags({ until: '90 s' }, at).until).toBe(90_000_000);
    expect(runOptionsFromFlags({ until: '1 min 30 s' }, at).until).toBe(90_000_000);
    expect(runOptionsFromFlags({ until: '250 ms' }, at).until).toBe(250_000);
    expect(runOptionsFromFlags({ until: '1.5 h' }, at).until).toBe(5_400_000_000);
  });

  it('accepts 0 workers (models in the main thread) and mode fast', () => {
    expect(runOptionsFromFlags({ workers: '0', mode: 'fast' }, at)).toMatchObject({ workers: 0, mode: 'fast' });
  });

  it.each([
    [{ workers: 'two' }, '--workers', "'two' is not a number"],
    [{ workers: '1.5' }, '--workers', "'1.5' is not a number"],
    [{ workers: '-1' }, '--workers', "'-1' is not a number"],
    [{ workers: '65' }, '--workers', "'65' is not a number"],
    [{ mode: 'Fast' }, '--mode', "unknown mode 'Fast'"],
    [{ until: '2 MW' }, '--until', "'2 MW' is not a duration"],
    [{ until: 'soon' }, '--until', 'soon'],
    [{ until: '-5 s' }, '--until', 'not a positive duration'],
    [{ until: '0 min' }, '--until', 'not a positive duration'],
    [{ broker: 'localhost:1883' }, '--broker', 'unsupported scheme'],
    [{ broker: 'mqtt://' }, '--broker', 'no host name'],
    [{ broker: 'mqtt://host:1883/path' }, '--broker', "unexpected path '/path'"],
    [{ broker: 'not a url' }, '--broker', 'is not a URL'],
    [{ seed: '  ' }, '--seed', 'is empty'],
    [{ out: '' }, '--out', 'is empty'],
  ] as Array<[RunFlags, string, string]>)('rejects %j', (flags, path, message) => {
    const problems = problemsOf(flags);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe(path);
    expect(problems[0].message).toContain(message);
    expect(problems[0].hint).toBeTruthy();
  });

  it('reports every bad flag in one error', () => {
    const problems = problemsOf({ workers: 'x', mode: 'y', until: 'z', broker: 'ftp://h' });
    expect(problems.map((p) => p.path)).toEqual(['--workers', '--broker', '--mode', '--until']);
  });
});

describe('parseSeed', () => {
  it('reads integers as numbers, so --seed 42 equals seed: 42 in a scenario', () => {
    expect(parseSeed('42')).toBe(42);
    expect(parseSeed('-3')).toBe(-3);
    expect(parseSeed(' 7 ')).toBe(7);
  });

  it('keeps everything else as a string seed', () => {
    expect(parseSeed('nightly-2026-01-05')).toBe('nightly-2026-01-05');
    expect(parseSeed('1.5')).toBe('1.5');
    expect(parseSeed('1e3')).toBe('1e3');
    // Beyond 2^53 a number would silently change: keep the digits as a string.
    expect(parseSeed('123456789012345678901')).toBe('123456789012345678901');
  });

  it('has no seed for empty text', () => {
    expect(parseSeed('')).toBeUndefined();
  });
});
