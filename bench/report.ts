// How every benchmark reports: one JSON object per figure on its own stdout line, and nothing else
// on stdout (progress goes to stderr), so `npm run bench | jq` and CI scrapers can rely on it.

export interface Target {
  /** Which number the target judges: the figure's own value, or its ratio to the same-run baseline. */
  of: 'value' | 'ratio';
  op: '>=' | '<';
  limit: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** A baseline measured in the same run, on the same machine (never a remembered number). */
  baseline?: { name: string; value: number };
  target?: Target;
}

/** Rounds to a few significant digits: more would be noise, fewer would hide real differences. */
function sig(x: number, digits = 4): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(digits));
}

export function emit(f: Figure): void {
  const out: Record<string, unknown> = { name: f.name, value: sig(f.value), unit: f.unit };
  let ratio: number | undefined;
  if (f.baseline) {
    ratio = f.value / f.baseline.value;
    out.baseline = f.baseline.name;
    out.baselineValue = sig(f.baseline.value);
    out.ratio = sig(ratio, 3);
  }
  if (f.target) {
    const judged = f.target.of === 'ratio' ? ratio : f.value;
    if (judged === undefined) throw new Error(`${f.name}: a ratio target needs a baseline`);
    out.target = `${f.target.of} ${f.target.op} ${f.target.limit}`;
    out.meets = f.target.op === '>=' ? judged >= f.target.limit : judged < f.target.limit;
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** Progress and context for humans: stderr, so stdout stays machine-readable. */
export function info(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
