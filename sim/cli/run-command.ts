// `gridtwin run FILE`: load the scenario, apply the flags, run the engine with a progress bar,
// write the run folder's reports, print the scorecard, and exit with the run's exit code.
// Errors before a run exists (flags, scenario) are printed and returned, with no run folder; an
// error during the run still produces the run folder, because a failed run needs its report most.
import type { RunOutcome } from '../scoring/scorecard.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { writeRunFolder } from '../../reports/write-run-folder.ts';
import { renderQuietLine, renderTerminalScorecard } from '../../reports/terminal-scorecard.ts';
import { booleanFlag, expectPositionals, parseCommandArgs, stringFlag } from './args.ts';
import type { CommandSpec } from './command.ts';
import { println, useColor, type CliIo } from './io.ts';
import { formatError } from './print-error.ts';
import { ProgressBar } from './progress.ts';
import { runOptionsFromFlags } from './run-flags.ts';

export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'run a scenario against its control plane and score it',
  usage: ['gridtwin run FILE [--out DIR] [--seed N] [--workers N] [--broker URL] [--mode fast|realtime] [--until DURATION] [--quiet]'],
  description:
    'Simulates the scenario, publishes every device and agent message into the broker (the embedded\n' +
    'one unless --broker or the scenario names another), checks every message in both directions,\n' +
    'and scores what the control plane achieved. Flags override the scenario. The run folder gets\n' +
    'summary.json, report.md, junit.xml, report.html, timeseries.csv and traffic.ndjson. Exit code: 0\n' +
    'pass, 99 a threshold or conformance rule failed, 2 bad input, 3 broker unreachable or lost,\n' +
    '1 internal error.',
  args: [{ name: 'FILE', description: 'scenario YAML file (see: gridtwin validate, gridtwin schema)' }],
  flags: {
    out: { type: 'string', value: 'DIR', description: 'run folder (default runs/<scenario>-<timestamp>/)' },
    seed: { type: 'string', value: 'N', description: "root seed: an integer, or any other text as a string seed\n(default: the scenario's run.seed)" },
    workers: { type: 'string', value: 'N', description: 'model worker threads, 0 = main thread (default: the scenario’s\nrun.workers, else 0 below 256 sites and min(2, CPUs - 1) from\nthere); never changes the result' },
    broker: { type: 'string', value: 'URL', description: 'mqtt://host:port or mqtts://host:port instead of the embedded broker' },
    mode: { type: 'string', value: 'MODE', description: 'fast (as fast as the CPU allows) or realtime (paced; required\nwhen a role is live)' },
    until: { type: 'string', value: 'DURATION', description: "stop at this simulation time, e.g. '2 min' (quote it)" },
    quiet: { type: 'boolean', description: 'no progress bar and no scorecard: one line with verdict, score,\nrun folder' },
  },
  examples: [
    'gridtwin run scenarios/quickstart.yaml',
    "gridtwin run scenarios/quickstart.yaml --seed 7 --until '3 min' --out runs/try-7",
    'gridtwin run scenarios/quickstart.yaml --broker mqtt://localhost:1883 --mode realtime',
    'gridtwin run scenarios/quickstart.yaml --quiet || echo "run failed with $?"',
  ],
  run: runScenario,
};

async function runScenario(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(runCommand, argv);
  expectPositionals(runCommand, positionals, ['FILE']);
  const quiet = booleanFlag(flags, 'quiet');
  const options = runOptionsFromFlags(
    {
      out: stringFlag(flags, 'out'),
      seed: stringFlag(flags, 'seed'),
      workers: stringFlag(flags, 'workers'),
      broker: stringFlag(flags, 'broker'),
      mode: stringFlag(flags, 'mode'),
      until: stringFlag(flags, 'until'),
    },
    new Date(),
  );
  const loaded = await loadScenarioFile(positionals[0]);
  // Loaded on demand: the engine pulls in MQTT, the broker and the worker pool, which `validate`,
  // `schema` and `--help` should not pay for.
  const { Engine } = await import('../engine/engine.ts');
  const progress = new ProgressBar(io.stderr, !quiet && io.isTTY.stderr && io.isTTY.stdout);
  const engine = new Engine(loaded, options, (p) => progress.update(p));
  let outcome: RunOutcome;
  try {
    outcome = await engine.run();
  } finally {
    progress.finish();
  }
  if (outcome.error !== undefined) println(io.stderr, formatError(outcome.error));
  const runDir = engine.settings.outDir;
  const files = await writeRunFolder(runDir, outcome.summary);
  // The run's result stands (summary.json, report.md, junit.xml are written); say what is missing.
  if (files.htmlError) println(io.stderr, `warning: report.html could not be rendered: ${files.htmlError}`);
  if (quiet) io.stdout.write(renderQuietLine(outcome.summary, runDir));
  else io.stdout.write(renderTerminalScorecard(outcome.summary, { color: useColor(io), runDir }));
  return outcome.summary.exit_code;
}
