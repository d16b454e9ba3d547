// The Open Energi rules cite the message format spec verbatim, so a reader of a failed verdict finds
// the passage; where the spec is silent the rule says it is gridtwin's reading (O…).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OE_RULES, OE_RULE_SOURCES, formatOeCite } from '../../sim/bindings/openenergi/rule-catalogue.ts';
import { ConformanceLedger } from '../../sim/scoring/conformance-ledger.ts';

const spec = readFileSync(new URL('../../../shared/specs/openenergi-message-format-2.0.0.md', import.meta.url), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('Open Energi rule catalogue', () => {
  it('has the agreed ids, in order, each once, and the ledger accepts them', () => {
    const ids = OE_RULES.map((r) => r.id);
    expect(ids).toEqual([
      'OE-TOPIC-001', 'OE-TOPIC-002', 'OE-QOS-001', 'OE-CLIENT-001', 'OE-SIZE-001', 'OE-SIZE-002', 'OE-JSON-001',
      'OE-MSG-001', 'OE-MSG-002', 'OE-MSG-003', 'OE-MSG-004', 'OE-READ-001', 'OE-READ-002', 'OE-EVT-001', 'OE-EVT-002',
      'OE-SCH-001', 'OE-SIG-001', 'OE-SIG-002', 'OE-SIG-003', 'OE-SIG-004', 'OE-SIG-005', 'OE-SIG-006', 'OE-SSIG-001',
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(() => new ConformanceLedger(OE_RULES)).not.toThrow();
    for (const r of OE_RULES) expect(r.title.length, r.id).toBeGreaterThan(10);
  });

  it('quotes the spec verbatim, and marks gridtwin readings with their decision number', () => {
    for (const r of OE_RULE_SOURCES) {
      expect(r.cites.length, r.id).toBeGreaterThan(0);
      for (const c of r.cites) {
        if (c.doc === 'oe') expect(squash(spec).includes(squash(c.quote!)), `${r.id}: "${c.quote}" is not in the spec`).toBe(true);
        else {
          expect(c.note, r.id).toMatch(/^O\d+:/);
          expect(c.where).toBe('docs/spec-decisions.md');
        }
      }
    }
  });

  it('formats a cite with the document, the section and the quote or note', () => {
    expect(formatOeCite({ doc: 'oe', where: 'Serialization', quote: 'x' })).toMatch(/^Open Energi.*, Serialization: "x"$/);
    expect(formatOeCite({ doc: 'gridtwin', where: 'docs/spec-decisions.md', note: 'O1: y' })).toBe('gridtwin, docs/spec-decisions.md: (O1: y)');
  });

  it('every OE rule id used in the profile sources is in the catalogue', () => {
    const ids = new Set(OE_RULES.map((r) => r.id));
    const dir = new URL('../../sim/bindings/openenergi/', import.meta.url);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'rule-catalogue.ts') : [];
    const used = files.flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/'(OE-[A-Z]+-\d{3})'/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(0);
    for (const id of used) expect(ids.has(id), id).toBe(true);
  });
});
