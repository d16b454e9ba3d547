// Help text, rendered from the command declarations (command.ts) so it always lists exactly the
// flags the parser accepts.
import type { CommandSpec } from './command.ts';

const pad = (s: string, n: number) => (s.length >= n ? `${s}  ` : s.padEnd(n));

function flagLabel(name: string, f: CommandSpec['flags'][string]): string {
  return f.type === 'string' ? `--${name} ${f.value ?? 'VALUE'}` : `--${name}`;
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [`gridtwin ${spec.name} — ${spec.summary}`, '', 'Usage:'];
  for (const u of spec.usage) lines.push(`  ${u}`);
  if (spec.description) lines.push('', ...spec.description.split('\n'));
  if (spec.args?.length) {
    lines.push('', 'Arguments:');
    for (const a of spec.args) lines.push(`  ${pad(a.name, 22)}${a.description}`);
  }
  lines.push('', 'Flags:');
  for (const [name, f] of Object.entries(spec.flags)) {
    const [first, ...rest] = f.description.split('\n');
    lines.push(`  ${pad(flagLabel(name, f), 22)}${first}`);
    for (const more of rest) lines.push(`  ${' '.repeat(22)}${more}`);
  }
  lines.push(`  ${pad('-h, --help', 22)}show this help`);
  if (spec.examples.length) {
    lines.push('', 'Examples:');
    for (const e of spec.examples) lines.push(`  ${e}`);
  }
  return `${lines.join('\n')}\n`;
}

export function mainHelp(commands: readonly CommandSpec[], version: string): string {
  const lines = [
    `gridtwin ${version} — discrete-event simulation of AI data centers on the power grid, speaking`,
    'real protocols into real brokers and scoring the control plane on the other side.',
    '',
    'Usage:',
    '  gridtwin COMMAND [ARGS] [FLAGS]',
    '  gridtwin help COMMAND        (or: gridtwin COMMAND --help)',
    '  gridtwin --version',
    '',
    'Commands:',
  ];
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  for (const c of commands) lines.push(`  ${pad(c.name, width)}${c.summary}`);
  lines.push(
    '',
    'Exit codes:',
    '  0   the run passed (or the command succeeded)',
    '  1   internal error (a bug: please report it with the printed stack)',
    '  2   bad input: scenario, flags, arguments or key files',
    '  3   broker or connection failure',
    '  99  a threshold or a conformance rule failed',
    '',
    'Examples:',
  );
  for (const c of commands) if (c.examples[0]) lines.push(`  ${c.examples[0]}`);
  return `${lines.join('\n')}\n`;
}

/** The command list for "unknown command" errors. */
export function commandList(commands: readonly CommandSpec[]): string {
  return commands.map((c) => c.name).join(', ');
}
