import { describe, expect, it } from 'vitest';
import { ConformanceLedger, type Example, type RuleDef } from '../../sim/scoring/conformance-ledger.ts';

const CATALOGUE: RuleDef[] = [
  { id: 'T-001', title: 'first rule', cites: 'spec §1' },
  { id: 'T-002', title: 'second rule', cites: 'spec §2' },
  { id: 'T-003', title: 'third rule', cites: 'spec §3' },
];

const ex = (simTimeUs: number, detail = `failure at ${simTimeUs}`): Example => ({
  simTimeUs,
  topic: 'grid/v1/isv/acme/loadtarget/set',
  detail,
  messageId: `m-${simTimeUs}`,
});

const row = (ledger: ConformanceLedger, id: string) => {
  const r = ledger.table().find((x) => x.id === id);
  if (!r) throw new Error(`no row ${id}`);
  return r;
};

describe('ConformanceLedger', () => {
  it('lists every rule in catalogue order as not exercised until checked', () => {
    const ledger = new ConformanceLedger(CATALOGUE);
    expect(ledger.table().map((r) => [r.id, r.title, r.cites, r.status])).toEqual([
      ['T-001', 'first rule', 'spec §1', 'not_exercised'],
      ['T-002', 'second rule', 'spec §2', 'not_exercised'],
      ['T-003', 'third rule', 'spec §3', 'not_exercised'],
    ]);
    expect(ledger.totals()).toEqual({ checked: 0, failed: 0 });
  });

  it('counts checks and failures per direction and derives the status', () => {
    const ledger = new ConformanceLedger(CATALOGUE);
    ledger.check('T-001', 'inbound', true);
    ledger.pass('T-001', 'outbound');
    ledger.pass('T-001', 'outbound');
    ledger.check('T-002', 'inbound', true);
    ledger.check('T-002', 'inbound', false, () => ex(10));
    ledger.fail('T-002', 'outbound', ex(20));

    expect(row(ledger, 'T-001')).toMatchObject({
      status: 'passed',
      inbound: { checked: 1, failed: 0 },
      outbound: { checked: 2, failed: 0 },
      examples: [],
    });
    expect(row(ledger, 'T-002')).toMatchObject({
      status: 'failed',
      inbound: { checked: 2, failed: 1 },
      outbound: { checked: 1, failed: 1 },
    });
    expect(row(ledger, 'T-002').examples).toEqual([
      { ...ex(10), direction: 'inbound' },
      { ...ex(20), direction: 'outbound' },
    ]);
    expect(row(ledger, 'T-003').status).toBe('not_exercised');
    expect(ledger.totals()).toEqual({ checked: 6, failed: 2 });
    expect(ledger.totals('inbound')).toEqual({ checked: 3, failed: 1 });
    expect(ledger.totals('outbound')).toEqual({ checked: 3, failed: 1 });
  });

  it('lists failing rules, optionally for one direction', () => {
    const ledger = new ConformanceLedger(CATALOGUE);
    ledger.fail('T-003', 'inbound', ex(1));
    ledger.fail('T-001', 'outbound', ex(2));
    ledger.pass('T-002', 'inbound');
    expect(ledger.failuresFor().map((r) => r.id)).toEqual(['T-001', 'T-003']);
    expect(ledger.failuresFor('inbound').map((r) => r.id)).toEqual(['T-003']);
    expect(ledger.failuresFor('outbound').map((r) => r.id)).toEqual(['T-001']);
  });

  it('builds examples only for failures, and only while there is room', () => {
    const ledger = new ConformanceLedger(CATALOGUE, 2);
    let built = 0;
    const make = (t: number) => () => {
      built++;
      return ex(t);
    };
    ledger.check('T-001', 'inbound', true, make(0));
    expect(built).toBe(0);
    for (let t = 1; t <= 5; t++) ledger.check('T-001', 'inbound', false, make(t));
    expect(built).toBe(2);
    // the cap is per direction: a flood of inbound failures cannot hide a self-check failure
    ledger.check('T-001', 'outbound', false, make(9));
    const r = row(ledger, 'T-001');
    expect(r.inbound).toEqual({ checked: 6, failed: 5 });
    expect(r.examples.map((e) => [e.simTimeUs, e.direction])).toEqual([
      [1, 'inbound'],
      [2, 'inbound'],
      [9, 'outbound'],
    ]);
  });

  it('counts failures without an example', () => {
    const ledger = new ConformanceLedger(CATALOGUE);
    ledger.check('T-001', 'inbound', false);
    expect(row(ledger, 'T-001')).toMatchObject({ status: 'failed', inbound: { checked: 1, failed: 1 }, examples: [] });
  });

  it('throws on unknown rule ids and on bad catalogues', () => {
    const ledger = new ConformanceLedger(CATALOGUE);
    expect(() => ledger.check('T-999', 'inbound', true)).toThrow(/unknown conformance rule id 'T-999'/);
    expect(() => ledger.pass('nope', 'outbound')).toThrow(/unknown conformance rule id/);
    expect(() => ledger.fail('nope', 'inbound', ex(1))).toThrow(/unknown conformance rule id/);
    expect(() => new ConformanceLedger([...CATALOGUE, CATALOGUE[0]])).toThrow(/duplicate conformance rule id 'T-001'/);
    expect(() => new ConformanceLedger(CATALOGUE, -1)).toThrow(RangeError);
  });

  it('merges other ledgers: counts add up, the earliest examples win', () => {
    const a = new ConformanceLedger(CATALOGUE, 2);
    const b = new ConformanceLedger(CATALOGUE, 2);
    a.fail('T-001', 'inbound', ex(30));
    a.fail('T-001', 'inbound', ex(40));
    a.pass('T-002', 'outbound');
    b.fail('T-001', 'inbound', ex(10));
    b.fail('T-001', 'inbound', ex(50));
    b.pass('T-003', 'inbound');

    a.merge(b);
    expect(row(a, 'T-001').inbound).toEqual({ checked: 4, failed: 4 });
    expect(row(a, 'T-001').examples.map((e) => e.simTimeUs)).toEqual([10, 30]);
    expect(row(a, 'T-002').status).toBe('passed');
    expect(row(a, 'T-003').status).toBe('passed');
    expect(a.totals()).toEqual({ checked: 6, failed: 4 });
    expect(row(b, 'T-001').inbound).toEqual({ checked: 2, failed: 2 }); // the source is untouched
  });

  it('merges plain state that crossed a worker boundary', () => {
    const worker = new ConformanceLedger(CATALOGUE.slice(0, 2));
    worker.fail('T-002', 'outbound', ex(5));
    const main = new ConformanceLedger(CATALOGUE);
    main.merge(structuredClone(worker.state()));
    expect(row(main, 'T-002')).toMatchObject({ status: 'failed', outbound: { checked: 1, failed: 1 } });
    expect(row(main, 'T-002').examples).toEqual([{ ...ex(5), direction: 'outbound' }]);

    const stranger = new ConformanceLedger([{ id: 'X-001', title: 'x', cites: 'x' }]);
    expect(() => main.merge(stranger)).toThrow(/unknown conformance rule id 'X-001'/);
  });

  it('gives the same table however checks are split across ledgers', () => {
    const events = Array.from({ length: 40 }, (_, i) => ({ id: CATALOGUE[i % 3].id, ok: i % 4 !== 0, t: i * 1000 }));
    const one = new ConformanceLedger(CATALOGUE, 3);
    for (const e of events) one.check(e.id, 'inbound', e.ok, () => ex(e.t));
    const parts = [new ConformanceLedger(CATALOGUE, 3), new ConformanceLedger(CATALOGUE, 3)];
    events.forEach((e, i) => parts[i % 2].check(e.id, 'inbound', e.ok, () => ex(e.t)));
    const merged = new ConformanceLedger(CATALOGUE, 3).merge(parts[1]).merge(parts[0]);
    expect(merged.table()).toEqual(one.table());
  });
});
