import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PM_SPEC_PATH } from '../../sim/bindings/dsx-pm/asyncapi.ts';
import { DSX_RULES, DSX_RULE_SOURCES, type CitedDoc } from '../../sim/bindings/dsx-pm/rule-catalogue.ts';
import { ConformanceLedger } from '../../sim/scoring/conformance-ledger.ts';

const CE = new URL('../../../shared/reference/cloudevents-spec/', import.meta.url);

/** The documents whose quotes can be checked: the vendored YAML and the CloudEvents reference texts. */
const texts: Partial<Record<CitedDoc, string>> = {
  pm: readFileSync(PM_SPEC_PATH, 'utf8'),
  ce: readFileSync(new URL('spec.md', CE), 'utf8'),
  ceJson: readFileSync(new URL('formats/json-format.md', CE), 'utf8'),
  ceMqtt: readFileSync(new URL('bindings/mqtt-protocol-binding.md', CE), 'utf8'),
  ceTrace: readFileSync(new URL('extensions/distributed-tracing.md', CE), 'utf8'),
};

/** YAML block scalars and Markdown wrap lines; compare text with runs of whitespace collapsed. */
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('DSX rule catalogue', () => {
  it('has the agreed rule ids, in report order, each once', () => {
    expect(DSX_RULES.map((r) => r.id)).toEqual([
      ...['001', '002', '003', '004', '005', '006', '007', '008', '009', '010'].map((n) => `DSX-ENV-${n}`),
      'DSX-JWS-001', 'DSX-JWS-002', 'DSX-JWS-003', 'DSX-JWS-004',
      'DSX-TOPIC-001', 'DSX-TOPIC-002',
      'DSX-SCHEMA-001', 'DSX-SCHEMA-002',
      'DSX-TRACE-001', 'DSX-TRACE-002', 'DSX-TRACE-003',
      'DSX-CORR-001', 'DSX-CORR-002', 'DSX-CORR-003', 'DSX-CORR-004',
      'DSX-BEH-001', 'DSX-BEH-002', 'DSX-BEH-003', 'DSX-BEH-004', 'DSX-BEH-005', 'DSX-BEH-006',
    ]);
  });

  it('gives every rule a title and at least one cite from the profile or CloudEvents', () => {
    for (const rule of DSX_RULE_SOURCES) {
      expect(rule.title.length, rule.id).toBeGreaterThan(10);
      expect(rule.cites.some((c) => c.doc === 'pm' || c.doc.startsWith('ce')), rule.id).toBe(true);
      expect(rule.cites.every((c) => c.quote || c.note), rule.id).toBe(true);
    }
    for (const rule of DSX_RULES) expect(rule.cites).toMatch(/^(proto\/dsx-pm\/power-management\.yaml|CloudEvents)/);
  });

  it('quotes its sources verbatim', () => {
    const checked: string[] = [];
    for (const rule of DSX_RULE_SOURCES) {
      for (const cite of rule.cites) {
        const text = texts[cite.doc];
        if (!cite.quote || text === undefined) continue;
        expect(squash(text), `${rule.id} ${cite.where}`).toContain(squash(cite.quote));
        checked.push(rule.id);
      }
    }
    expect(new Set(checked).size).toBe(DSX_RULES.length - 2); // TOPIC-002 and SCHEMA-001 locate, not quote
  });

  it('loads into a conformance ledger', () => {
    const ledger = new ConformanceLedger(DSX_RULES);
    ledger.pass('DSX-ENV-003', 'inbound');
    expect(ledger.table().find((r) => r.id === 'DSX-ENV-003')?.cites).toContain('MUST be "1.0.2"');
  });
});
