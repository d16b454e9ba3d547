// proto-compat's report for people: breaking changes first, then the compatible ones, as a table
// (code, message/enum and field, old, new) with the reason under each row; a summary line last.
// Machines get the findings as JSON (proto-compat-command.ts) instead.
import type { Finding } from './diff.ts';

const HEAD = ['CODE', 'WHERE', 'OLD', 'NEW'] as const;

function table(list: readonly Finding[]): string[] {
  const rows = list.map((f) => [f.code, f.subject, f.old ?? '—', f.new ?? '—']);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`;
  const out = [line(HEAD)];
  rows.forEach((r, i) => out.push(line(r), `  ${' '.repeat(widths[0])}  why: ${list[i].why}`));
  return out;
}

export function renderFindings(findings: readonly Finding[], oldDir: string, newDir: string): string {
  const breaking = findings.filter((f) => f.severity === 'breaking');
  const info = findings.filter((f) => f.severity === 'info');
  const lines = [`proto-compat  ${oldDir}  →  ${newDir}`, ''];
  if (breaking.length) lines.push(`Breaking (${breaking.length})`, ...table(breaking), '');
  if (info.length) lines.push(`Compatible (${info.length})`, ...table(info), '');
  lines.push(breaking.length > 0 ? `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'}, ${info.length} compatible` : `no breaking changes (${info.length} compatible)`);
  return `${lines.join('\n')}\n`;
}
