// `gridtwin sweep FILE --param PATH=VALUES … --seeds N`: the cross product of the swept values,
// each point run with N seeds in parallel, into a sweep folder with sweep.csv, sweep.html, sweep.json
// and every run's own folder. Every point is checked before the first run starts (exit 2 for a bad
// parameter); a run that fails is recorded, not dropped; --resume continues an interrupted sweep.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from '../errors.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { applyPoint, checkPaths } from '../sweep/apply-point.ts';
import { checkResumable, makeManifest, readManifest } from '../sweep/manifest.ts';
import { parseParamSpec, type SweepParam } from '../sweep/param-spec.ts';
import { crossProduct, planRuns, sweepSeeds } from '../sweep/plan.ts';
import { smallestAllPass, summarisePoints } from '../sweep/point-summary.ts';
import { runSweep } from '../sweep/runner.ts';
import { requirementBySeed } from '../sweep/seed-requirement.ts';
import { metricNames, renderSweepCsv } from '../../reports/sweep-csv.ts';
import { renderSweepHtml } from '../../reports/sweep-html.ts';
import { renderSweepSummary } from '../../reports/sweep-summary.ts';
import { booleanFlag, expectPositionals, parseCommandArgs, stringFlag, stringListFlag } from './args.ts';
import type { CommandSpec } from './command.ts';
import { println, type CliIo } from './io.ts';

export const sweepCommand: CommandSpec = {
  name: 'sweep',
  summary: 'run a scenario over a grid of parameter values and seeds, in parallel',
  usage: ['gridtwin sweep FILE [--param PATH=VALUES]… [--seeds N] [--seed N] [--jobs N] [--out DIR] [--resume]'],
  description:
    'Runs the cross product of the swept values (from --param, else the scenario’s sweep block), each\n' +
    'point with N seeds (seed k is the same at every point), as parallel runs. VALUES is a list\n' +
    '(0,50,100,200MWh: a unit on the last value applies to all) or a range (120..220:5GVAs). Writes\n' +
    'DIR/sweep.csv (a row per run), sweep.html (each metric against each parameter, 95 % intervals),\n' +
    'sweep.json and runs/<index>/ (normal run folders). Exit 0 when every run completed (pass or\n' +
    'fail), 1 when a run errored, 2 for bad input.',
  args: [{ name: 'FILE', description: 'scenario YAML file' }],
  flags: {
    param: { type: 'string', value: 'PATH=VALUES', multiple: true, description: 'a swept parameter (repeat for a cross product)' },
    seeds: { type: 'string', value: 'N', description: 'seeds per point (default: the sweep block’s, else 1)' },
    seed: { type: 'string', value: 'N', description: 'root seed the run seeds derive from (default: run.seed)' },
    jobs: { type: 'string', value: 'N', description: 'runs in parallel (default: the number of CPUs)' },
    out: { type: 'string', value: 'DIR', description: 'sweep folder (default sweeps/<scenario>-<timestamp>/)' },
    resume: { type: 'boolean', description: 'continue the sweep in --out: run only what is not complete' },
  },
  examples: [
    "gridtwin sweep scenarios/sizing-battery-for-ramp-limit.yaml --seeds 10 --out sweeps/battery",
    "gridtwin sweep s.yaml --param 'sites.dc1.battery.energy=0,50,100,200MWh' --param 'grid.model.inertia=120..220:50GVAs' --seeds 20",
    'gridtwin sweep s.yaml --out sweeps/battery --resume',
  ],
  run: sweep,
};

/** A word as a POSIX shell reads it back (for the resume command printed on Ctrl-C). */
const shellWord = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

const positiveInt = (flag: string, v: string | undefined, max: number): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InputError(`bad ${flag}`, [{ path: flag, message: `'${v}' is not a whole number from 1 to ${max}`, hint: `e.g. ${flag} 10` }], 'BAD_FLAGS');
  return n;
};

async function sweep(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(sweepCommand, argv);
  expectPositionals(sweepCommand, positionals, ['FILE']);
  const base = await loadScenarioFile(positionals[0]);
  const block = base.scenario.sweep;
  const specs = stringListFlag(flags, 'param');
  const params: SweepParam[] = specs.length
    ? specs.map((s) => parseParamSpec(s))
    : Object.entries(block?.params ?? {}).map(([path, v]) => parseParamSpec(`${path}=${Array.isArray(v) ? v.join(',') : v}`, 'sweep.params'));
  if (params.length === 0) throw new InputError('nothing to sweep', [{ path: '--param', message: 'no --param and no sweep block in the scenario', hint: sweepCommand.examples[1] }], 'BAD_SWEEP_PARAM');
  const dup = params.find((p, k) => params.findIndex((q) => q.path === p.path) !== k);
  if (dup) throw new InputError('a parameter swept twice', [{ path: `${dup.source} ${dup.path}`, message: 'given more than once', hint: 'list all its values in one --param' }], 'BAD_SWEEP_PARAM');
  const seedCount = positiveInt('--seeds', stringFlag(flags, 'seeds'), 10_000) ?? block?.seeds ?? 1;
  const jobs = positiveInt('--jobs', stringFlag(flags, 'jobs'), 256) ?? availableParallelism();

  // Every point, checked before anything runs.
  const pathProblems = checkPaths(parseDocument(base.text), params);
  if (pathProblems.length) throw new InputError('unknown sweep parameter path', pathProblems, 'BAD_SWEEP_PARAM');
  const points = crossProduct(params).map((values) => applyPoint(base.text, base.path, params, values));
  const seeds = sweepSeeds(stringFlag(flags, 'seed') ?? base.scenario.run.seed, seedCount);
  const runs = planRuns(params, seeds);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const out = stringFlag(flags, 'out') ?? join('sweeps', `${base.name}-${stamp}`);
  const resume = booleanFlag(flags, 'resume');
  const manifest = makeManifest(base.path, createHash('sha256').update(base.text).digest('hex'), params, crossProduct(params), seeds, runs.length);
  const existing = await readManifest(out);
  if (resume && !existing) throw new InputError('nothing to resume', [{ path: join(out, 'sweep.json'), message: 'no sweep.json in this folder', hint: 'pass the --out folder of the sweep to continue' }], 'SWEEP_RESUME');
  if (existing && !resume) throw new InputError(`${out} already holds a sweep`, [{ path: out, message: 'sweep.json exists', hint: 'add --resume to continue it, or choose another --out' }], 'SWEEP_RESUME');
  if (existing) checkResumable(existing, manifest, join(out, 'sweep.json'));
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'sweep.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  println(io.stderr, `sweep: ${runs.length} runs (${points.length} points × ${seeds.length} seeds), ${jobs} in parallel → ${out}`);
  // Ctrl-C: every finished run's folder is complete (summary.json is written first, whole), an
  // unfinished one has none and --resume runs it again; say how to continue, then stop at once.
  let complete = 0;
  const resumeCommand = ['gridtwin', 'sweep', ...argv.filter((a) => a !== '--resume'), ...(stringFlag(flags, 'out') ? [] : ['--out', out]), '--resume'].map(shellWord).join(' ');
  const onInterrupt = () => {
    println(io.stderr, `\ninterrupted: ${complete} of ${runs.length} runs complete in ${out}; continue with:\n  ${resumeCommand}`);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  let records;
  try {
    records = await runSweep({
      out,
      runs,
      pointTexts: points.map((p) => p.text),
      jobs,
      resume,
      onDone: (r, done, total) => {
        complete = done;
        println(io.stderr, `[${done}/${total}] run ${r.index} ${r.values.map((v, k) => `${params[k].path}=${v}`).join(' ')} seed ${r.seed}: ${r.resumed ? 'done earlier, ' : ''}${r.result.verdict}${r.result.error ? ` (${r.result.error})` : ''}`);
      },
    });
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  const metrics = metricNames(records);
  const summaries = summarisePoints(records, metrics);
  const answer = smallestAllPass(summaries);
  const requirement = params.length === 1 ? requirementBySeed(records) : undefined;
  await writeFile(join(out, 'sweep.csv'), renderSweepCsv(out, params, records));
  await writeFile(join(out, 'sweep.html'), renderSweepHtml({ out, scenario: base.name, params, seeds: seeds.length, points: summaries, records, metrics, answer, requirement }));
  io.stdout.write(renderSweepSummary({ out, params, points: summaries, answer, requirement }));
  return records.some((r) => r.result.verdict === 'error') ? 1 : 0;
}
