// uPlot (MIT, https://github.com/leeoniya/uPlot) read from node_modules at render time so the
// HTML reports can inline it: a report must open offline, with no network and no CDN. The licence
// notice travels with the inlined script (see page.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface UplotAssets {
  js: string;
  css: string;
  version: string;
}

let cached: UplotAssets | undefined;

export function uplotAssets(): UplotAssets {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('uplot/package.json');
  const dist = join(dirname(pkgPath), 'dist');
  const version = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
  cached = {
    js: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
    css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
    version,
  };
  return cached;
}
