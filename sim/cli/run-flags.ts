// `gridtwin run` flags → engine RunOptions. Pure (no I/O, no clock), so every rule about what a
// flag accepts is tested without running anything; every bad flag is reported at once (exit 2).
import { InputError, type InputProblem } from '../errors.ts';
import type { RunOptions } from '../engine/run-settings.ts';
import type { Seed } from '../random/streams.ts';
import { Dimensions, parseQuantity } from '../scenario/units.ts';
import { secondsToMicros } from '../time.ts';

/** The run flags as typed on the command line (all strings until checked here). */
export interface RunFlags {
  out?: string;
  seed?: string;
  workers?: string;
  broker?: string;
  mode?: string;
  until?: string;
}

/** Same bound as the scenario's `run.workers`. */
const MAX_WORKERS = 64;

export function runOptionsFromFlags(flags: RunFlags, startedAt: Date): RunOptions {
  const problems: InputProblem[] = [];
  const options: RunOptions = { startedAt };

  if (flags.out !== undefined) {
    if (flags.out.trim() === '') problems.push({ path: '--out', message: 'is empty', hint: 'leave --out out for runs/<scenario>-<timestamp>/' });
    else options.outDir = flags.out;
  }
  if (flags.seed !== undefined) {
    const seed = parseSeed(flags.seed);
    if (seed === undefined) problems.push({ path: '--seed', message: 'is empty', hint: 'e.g. --seed 7 or --seed nightly-2026-01-05' });
    else options.seed = seed;
  }
  if (flags.workers !== undefined) {
    const n = /^\d+$/.test(flags.workers.trim()) ? Number(flags.workers) : NaN;
    if (!Number.isInteger(n) || n > MAX_WORKERS) {
      problems.push({
        path: '--workers',
        message: `'${flags.workers}' is not a number of worker threads`,
        hint: `a whole number from 0 (step models in the main thread) to ${MAX_WORKERS}`,
      });
    } else options.workers = n;
  }
  if (flags.broker !== undefined) {
    const p = brokerProblem(flags.broker);
    if (p) problems.push(p);
    else options.brokerUrl = flags.broker;
  }
  if (flags.mode !== undefined) {
    if (flags.mode === 'fast' || flags.mode === 'realtime') options.mode = flags.mode;
    else problems.push({ path: '--mode', message: `unknown mode '${flags.mode}'`, hint: 'fast (as fast as the CPU allows) or realtime (paced, needed for live counterparts)' });
  }
  if (flags.until !== undefined) {
    const q = parseQuantity(flags.until, Dimensions.time);
    if (!q.ok) problems.push({ path: '--until', message: q.message, hint: `${q.hint}; quote it in the shell: --until '2 min'` });
    else if (secondsToMicros(q.value) <= 0) problems.push({ path: '--until', message: `'${flags.until}' is not a positive duration`, hint: "e.g. --until '2 min'" });
    else options.until = secondsToMicros(q.value);
  }
  if (problems.length > 0) throw new InputError(`gridtwin run: ${problems.length === 1 ? 'bad flag' : `${problems.length} bad flags`}`, problems, 'BAD_FLAGS');
  return options;
}

/**
 * A seed that reads as an integer is a number (so `--seed 42` and `seed: 42` in the scenario give
 * the same run hash); anything else is a string seed. Undefined for an empty seed.
 */
export function parseSeed(text: string): Seed | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (/^[-+]?\d+$/.test(t)) {
    const n = Number(t);
    if (Number.isSafeInteger(n)) return n;
  }
  return t;
}

/** Same rule as the scenario's `broker.url`: mqtt:// or mqtts://, a host, no path. */
function brokerProblem(url: string): InputProblem | undefined {
  const hint = 'use mqtt://host:port or mqtts://host:port (leave --broker out for the embedded broker)';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { path: '--broker', message: `'${url}' is not a URL`, hint };
  }
  if (parsed.protocol !== 'mqtt:' && parsed.protocol !== 'mqtts:') return { path: '--broker', message: `unsupported scheme '${parsed.protocol}'`, hint };
  if (parsed.hostname === '') return { path: '--broker', message: 'no host name', hint };
  if (parsed.pathname !== '' && parsed.pathname !== '/') return { path: '--broker', message: `unexpected path '${parsed.pathname}'`, hint };
  return undefined;
}
