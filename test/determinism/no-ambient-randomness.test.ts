// DESIGN.md rule 1: no Math.random() or wall-clock reads in the kernel, the models or scoring —
// randomness comes from the seeded per-entity streams, time from the simulation clock.
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Folders whose code must be deterministic (sim/random and sim/workers: the seed streams and the model pool). */
const scanned = ['sim/kernel', 'models', 'sim/scoring', 'sim/random', 'sim/workers'];

const forbidden: { name: string; re: RegExp }[] = [
  { name: 'Math.random()', re: /\bMath\s*\.\s*random\s*\(/ },
  { name: 'Date.now()', re: /\bDate\s*\.\s*now\s*\(/ },
  { name: 'new Date() without an argument', re: /\bnew\s+Date\s*\(\s*\)/ },
  { name: 'performance.now()', re: /\bperformance\s*\.\s*now\s*\(/ },
  { name: 'process.hrtime', re: /\bprocess\s*\.\s*hrtime\b/ },
  { name: 'crypto.randomUUID() / getRandomValues()', re: /\b(randomUUID|getRandomValues|randomBytes)\s*\(/ },
];

/** Replaces comments with spaces (keeping line breaks), leaving strings and code in place. */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let quote: string | undefined;
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = undefined;
      i++;
    } else if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') (out += ' '), i++;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** `file:line: what` for each forbidden call in `src` outside comments. */
function findViolations(file: string, src: string): string[] {
  const found: string[] = [];
  stripComments(src)
    .split('\n')
    .forEach((line, k) => {
      for (const f of forbidden) if (f.re.test(line)) found.push(`${file}:${k + 1}: ${f.name}`);
    });
  return found;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = await Promise.all(
    entries.map((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return sourceFiles(p);
      return /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
    }),
  );
  return files.flat();
}

describe('the scanner', () => {
  it('finds each forbidden call in code, with its line', () => {
    const fixture = [
      'const a = 1;',
      'const r = Math.random();',
      'const t = Date.now();',
      'const d = new Date();',
      'const p = performance.now();',
      'const ok = new Date(epochMs + t / 1000); // an explicit instant is fine',
    ].join('\n');
    expect(findViolations('x.ts', fixture)).toEqual([
      'x.ts:2: Math.random()',
      'x.ts:3: Date.now()',
      'x.ts:4: new Date() without an argument',
      'x.ts:5: performance.now()',
    ]);
  });

  it('ignores comments, but not code after a string that looks like one', () => {
    const fixture = [
      '// never Math.random() here',
      '/* nor Date.now()',
      '   nor performance.now() */ const x = 1;',
      "const url = 'http://example'; const t = Date.now();",
      'const s = `a ${b} // c`; Math.random();',
    ].join('\n');
    expect(findViolations('y.ts', fixture)).toEqual(['y.ts:4: Date.now()', 'y.ts:5: Math.random()']);
  });
});

describe('DESIGN.md rule 1', () => {
  it('kernel, models, scoring, seed streams and model pool hold no ambient randomness or wall-clock reads', async () => {
    const files = (await Promise.all(scanned.map((d) => sourceFiles(join(root, d))))).flat();
    expect(files.length).toBeGreaterThan(10); // the scan found the code it is meant to check
    const violations: string[] = [];
    for (const f of files) violations.push(...findViolations(relative(root, f), await readFile(f, 'utf8')));
    expect(violations).toEqual([]);
  });
});
