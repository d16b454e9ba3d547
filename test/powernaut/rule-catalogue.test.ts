// The Powernaut rules cite the streaming spec verbatim, so a reader of a failed verdict finds the passage.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PN_RULES, PN_RULE_SOURCES } from '../../sim/bindings/powernaut/rule-catalogue.ts';
import { ConformanceLedger } from '../../sim/scoring/conformance-ledger.ts';

const spec = readFileSync(new URL('../../../shared/specs/powernaut-mqtt-streaming.txt', import.meta.url), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('Powernaut rule catalogue', () => {
  it('has stable ids, each once, for topics, QoS, retain, client IDs, telemetry and setpoints', () => {
    expect(PN_RULES.map((r) => r.id)).toEqual([
      'PN-TOPIC-001', 'PN-TOPIC-002', 'PN-QOS-001', 'PN-RETAIN-001', 'PN-CLIENT-001', 'PN-CLIENT-002',
      'PN-DATA-001', 'PN-DATA-002', 'PN-DATA-003', 'PN-DATA-004', 'PN-DATA-005',
      'PN-CMD-001', 'PN-CMD-002', 'PN-CMD-003', 'PN-CMD-004', 'PN-CMD-005',
    ]);
    expect(() => new ConformanceLedger(PN_RULES)).not.toThrow();
  });

  it('quotes the spec verbatim, and says so where a rule is gridtwin\'s reading', () => {
    for (const r of PN_RULE_SOURCES) {
      expect(r.cites.length, r.id).toBeGreaterThan(0);
      for (const c of r.cites) {
        if (c.doc === 'pn') expect(squash(spec), `${r.id}: "${c.quote}"`).toContain(squash(c.quote!));
        else expect(c.note, r.id).toMatch(/^P\d+:/);
      }
    }
  });

  it('every rule id the profile records is in the catalogue', () => {
    const ids = new Set(PN_RULES.map((r) => r.id));
    const src = ['inspector.ts', 'telemetry-codec.ts', 'setpoint-codec.ts', 'profile.ts']
      .map((f) => readFileSync(new URL(`../../sim/bindings/powernaut/${f}`, import.meta.url), 'utf8'))
      .join('\n');
    const used = [...src.matchAll(/'(PN-[A-Z]+-\d{3})'/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(10);
    for (const id of used) expect(ids.has(id), id).toBe(true);
  });
});
