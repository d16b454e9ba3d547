// proto-compat's report: breaking changes first, then the compatible ones, one line each with its
// code, what it concerns and why; a summary line last.
import type { Finding } from './diff.ts';

export function renderFindings(findings: readonly Finding[], oldDir: string, newDir: string): string {
  const breaking = findings.filter((f) => f.severity === 'breaking');
  const info = findings.filter((f) => f.severity === 'info');
  const lines = [`proto-compat  ${oldDir}  →  ${newDir}`, ''];
  const section = (title: string, list: readonly Finding[]) => {
    if (list.length === 0) return;
    lines.push(title);
    const w = Math.max(...list.map((f) => f.code.length));
    for (const f of list) lines.push(`  ${f.code.padEnd(w)}  ${f.subject}\n  ${' '.repeat(w)}  ${f.detail}`);
    lines.push('');
  };
  section('Breaking', breaking);
  section('Compatible', info);
  lines.push(breaking.length > 0 ? `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'}, ${info.length} compatible` : `no breaking changes (${info.length} compatible)`);
  return `${lines.join('\n')}\n`;
}
