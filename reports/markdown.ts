// Minimal Markdown building blocks for report.md: tables whose cells cannot break the table
// (pipes escaped, newlines folded) and code spans that survive backticks in the text.

/** Text safe inside a table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Inline code; uses a longer fence when the text itself contains backticks. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A GitHub-flavoured table; `align` per column: 'l' (default) or 'r'. Row cells are Markdown: pass plain text through cell(). */
export function table(head: string[], rows: string[][], align: Array<'l' | 'r'> = []): string {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head.map(cell)), line(sep), ...rows.map((r) => line(r))].join('\n');
}

/** A fenced code block long enough not to be closed by the text inside it. */
export function block(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${text}\n${fence}`;
}
