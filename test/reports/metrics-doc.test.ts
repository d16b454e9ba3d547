// docs/metrics.md is written by hand; this keeps it from silently missing a metric the catalogue has.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { metricCatalogue } from '../../sim/scoring/metric-catalogue.ts';

const doc = await readFile(new URL('../../docs/metrics.md', import.meta.url), 'utf8');

describe('docs/metrics.md', () => {
  it.each(metricCatalogue.map((m) => [m.name, m.unit || 'count']))('has a row for %s in %s', (name, unit) => {
    expect(doc).toContain(`| \`${name}\` | ${unit} |`);
  });
});
