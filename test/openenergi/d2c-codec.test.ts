// Device→cloud messages: gridtwin writes kW to one decimal in the spec's member order, and every
// rule fails on a crafted payload — including hostile ones — with a detail, never a throw.
import { describe, expect, it } from 'vitest';
import { checkDeviceToCloud, encodeD2C, toKw100W, type D2CMessage } from '../../sim/bindings/openenergi/d2c-codec.ts';

const now = 1_767_225_660_000; // UNIX ms (2026-01-01T00:01:00Z)
const entities = new Set(['l1234', 'L1009', 'b1']);
const check = (v: unknown, nowMs = now) => checkDeviceToCloud(Buffer.isBuffer(v) ? v : Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)), { nowMs, zone: 'UTC', deviceEntities: entities });
const failed = (r: ReturnType<typeof check>) => r.checks.filter((c) => !c.ok).map((c) => c.rule);
const judged = (r: ReturnType<typeof check>) => r.checks.map((c) => c.rule);
const detail = (r: ReturnType<typeof check>, rule: string) => r.checks.find((c) => c.rule === rule)?.detail ?? '';

const reading = { topic: 'readings', entity: 'l1234', type: 'power', timestamp: now - 1000, value: 10.1, created_at: '2015-12-25T16:00:00.00Z' };
const event = { topic: 'events', entity: 'l1234', type: 'switch-ffr-start', timestamp: now - 1000, value: '-1', level: 1, created_at: '2015-12-25T16:00:00.00Z' };
const schedule = {
  topic: 'schedules',
  entity: 'l1009',
  type: 'services',
  schedule: [
    { span: '2016-W01-1T00:00:00/P1D', repeat: 'P1W', value: ['ffr', 'special Monday service'] },
    { span: null, repeat: null, value: ['ffr'] },
  ],
};

describe('encodeD2C and toKw100W', () => {
  it('rounds W to the nearest 100 W in kW, halves away from zero, no −0', () => {
    expect(toKw100W(12_345)).toBe(12.3);
    expect(toKw100W(12_350)).toBe(12.4);
    expect(toKw100W(-12_350)).toBe(-12.4);
    expect(toKw100W(300)).toBe(0.3);
    expect(Object.is(toKw100W(-40), 0)).toBe(true);
    expect(toKw100W(10_000)).toBe(10);
  });

  it('writes one object with the table order, and a batch as an array', () => {
    const r: D2CMessage = { topic: 'readings', entity: 'l1234', type: 'power', timestampMs: 1462350193446, value: 10.1, createdAt: '2015-12-25T16:00:00.00Z' };
    expect(encodeD2C([r])).toBe('{"topic":"readings","entity":"l1234","type":"power","timestamp":1462350193446,"value":10.1,"created_at":"2015-12-25T16:00:00.00Z"}');
    const e: D2CMessage = { topic: 'events', entity: 'l1234', type: 'switch-ffr-end', timestampMs: 1462350193446, level: 1 };
    expect(encodeD2C([e])).toBe('{"topic":"events","entity":"l1234","type":"switch-ffr-end","timestamp":1462350193446,"level":1}');
    const s: D2CMessage = { topic: 'schedules', entity: 'l1009', type: 'services', schedule: [{ span: null, repeat: null, value: ['ffr'] }] };
    expect(encodeD2C([s])).toBe('{"topic":"schedules","entity":"l1009","type":"services","schedule":[{"span":null,"repeat":null,"value":["ffr"]}]}');
    expect(JSON.parse(encodeD2C([r, e, s]))).toHaveLength(3);
  });

  it('prints kW readings with one decimal at most, other readings as they are', () => {
    const kw = (type: string, value: number) => encodeD2C([{ topic: 'readings', entity: 'b1', type, timestampMs: now, value }]);
    expect(kw('availability-ffr-low', 0.1 + 0.2)).toContain('"value":0.3}');
    expect(kw('Response-FFR-High', 12.34)).toContain('"value":12.3}');
    expect(kw('power', -0.04)).toContain('"value":0}');
    expect(kw('temperature', 0.1 + 0.2)).toContain('"value":0.30000000000000004}');
  });

  it('refuses to write what it could not send correctly', () => {
    expect(() => encodeD2C([])).toThrow(RangeError);
    expect(() => encodeD2C([{ topic: 'readings', entity: 'b1', type: 'power', timestampMs: now, value: NaN }])).toThrow(/finite/);
    expect(() => encodeD2C([{ topic: 'readings', entity: 'b1', type: 'power', timestampMs: now + 0.5, value: 1 }])).toThrow(/integer/);
  });

  it('round-trips: what it writes passes every check and reads back the same', () => {
    const msgs: D2CMessage[] = [
      { topic: 'readings', entity: 'b1', type: 'availability-ffr-high', timestampMs: now, value: toKw100W(1_234_567) },
      { topic: 'events', entity: 'b1', type: 'state-of-charge-alert', timestampMs: now, level: 3, value: 'State of charge below 10%' },
      { topic: 'events', entity: 'b1', type: 'connected', timestampMs: now, level: 0, value: null },
      { topic: 'schedules', entity: 'b1', type: 'services', schedule: [{ span: '2016-W01-1T00:00:00/P1D', repeat: 'P1W', value: null }] },
    ];
    const r = check(encodeD2C(msgs));
    expect(failed(r)).toEqual([]);
    expect(r.items).toEqual(msgs);
  });
});

describe('checkDeviceToCloud: the spec examples (JSON errata fixed)', () => {
  it('passes the example reading, event and schedule, alone and as a batch', () => {
    for (const m of [reading, event, schedule]) expect(failed(check(m)), m.topic).toEqual([]);
    const r = check([reading, event, schedule]);
    expect(failed(r)).toEqual([]);
    expect(judged(r)).toEqual(['OE-SIZE-001', 'OE-JSON-001', 'OE-MSG-001', 'OE-MSG-002', 'OE-MSG-003', 'OE-MSG-004', 'OE-READ-001', 'OE-READ-002', 'OE-EVT-001', 'OE-EVT-002', 'OE-SCH-001']);
    expect(r.items.map((m) => m.topic)).toEqual(['readings', 'events', 'schedules']);
  });

  it('rejects the examples as printed (missing commas, "value", 10.1)', () => {
    const printed = '{\n "topic": "readings"\n "entity": "l1234",\n "type": "power",\n "timestamp": 1462350193446,\n "value", 10.1\n}';
    expect(failed(check(printed))).toEqual(['OE-JSON-001']);
  });

  it('leaves out rules no element exercises', () => {
    expect(judged(check(schedule))).not.toContain('OE-MSG-003');
    expect(judged(check({ ...reading, type: 'temperature' }))).not.toContain('OE-READ-002');
    expect(judged(check({ ...event, type: 'x', value: null }))).not.toContain('OE-EVT-002');
  });
});

describe('checkDeviceToCloud: each rule fails on its own crafted payload', () => {
  it.each([
    ['oversized', JSON.stringify({ ...reading, pad: 'x'.repeat(262_144) }), 'OE-SIZE-001', /262144 bytes|256 KB/],
    ['bad JSON', '{"topic":', 'OE-JSON-001', /not JSON/],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'OE-JSON-001', /UTF-8/],
    ['empty batch', '[]', 'OE-JSON-001', /empty/],
    ['a number', '42', 'OE-JSON-001', /a number/],
    ['a batch with a string', JSON.stringify([reading, 'x']), 'OE-JSON-001', /element 1/],
    ['no topic', { ...reading, topic: undefined }, 'OE-MSG-001', /no topic/],
    ['capitalised topic', { ...reading, topic: 'Readings' }, 'OE-MSG-001', /lower case/],
    ['a cloud→device topic', { ...reading, topic: 'signals' }, 'OE-MSG-001', /cloud→device/],
    ['entity too long', { ...reading, entity: 'l123456789x' }, 'OE-MSG-002', /11 characters/],
    ['null entity', { ...reading, entity: null }, 'OE-MSG-002', /null/],
    ['empty entity', { ...reading, entity: '' }, 'OE-MSG-002', /empty/],
    ['type too long', { ...reading, type: 't'.repeat(65) }, 'OE-MSG-002', /65 characters/],
    ['numeric type', { ...reading, type: 7 }, 'OE-MSG-002', /a number/],
    ['no timestamp', { ...reading, timestamp: undefined }, 'OE-MSG-003', /no timestamp/],
    ['timestamp in seconds', { ...reading, timestamp: Math.floor(now / 1000) }, 'OE-MSG-003', /seconds.*milliseconds/],
    ['timestamp as a string', { ...reading, timestamp: String(now) }, 'OE-MSG-003', /a string/],
    ['fractional timestamp', { ...reading, timestamp: now + 0.5 }, 'OE-MSG-003', /not an integer/],
    ['timestamp a day and more ahead', { ...event, timestamp: now + 86_400_001 }, 'OE-MSG-003', /24\.0 h ahead/],
    ['the 14-digit timestamp of the spec', { ...event, timestamp: 14100023938431 }, 'OE-MSG-003', /ahead/],
    ["another device's entity", { ...reading, entity: 'l9999' }, 'OE-MSG-004', /l9999.*l1234/],
    ['reading value as a string', { ...reading, value: '10.1' }, 'OE-READ-001', /a string/],
    ['null reading value', { ...reading, value: null }, 'OE-READ-001', /null/],
    ['no reading value', { ...reading, value: undefined }, 'OE-READ-001', /no value/],
    ['bad created_at', { ...reading, created_at: 'Christmas 2015' }, 'OE-READ-001', /ISO 8601/],
    ['numeric created_at', { ...reading, created_at: 1451059200000 }, 'OE-READ-001', /created_at is a number/],
    ['power not rounded to 100 W', { ...reading, value: 10.15 }, 'OE-READ-002', /multiple of 0\.1/],
    ['negative availability', { ...reading, type: 'availability-ffr-low', value: -1.2 }, 'OE-READ-002', /negative/],
    ['negative response', { ...reading, type: 'response-ffr-high', value: -0.1 }, 'OE-READ-002', /negative/],
    ['no level', { ...event, type: 'x', level: undefined }, 'OE-EVT-001', /no level/],
    ['level 4', { ...event, type: 'x', level: 4 }, 'OE-EVT-001', /0–3/],
    ['level "1"', { ...event, type: 'x', level: '1' }, 'OE-EVT-001', /0–3/],
    ['numeric event value', { ...event, type: 'x', value: 5 }, 'OE-EVT-001', /"5", not 5/],
    ['event created_at not a datetime', { ...event, created_at: 'soon' }, 'OE-EVT-001', /ISO 8601/],
    ['switch start at level 2', { ...event, level: 2 }, 'OE-EVT-002', /level 1/],
    ['switch start value 1 as a number', { ...event, value: '+1' }, 'OE-EVT-002', /"1" \(high\) or "-1"/],
    ['switch start without value', { ...event, value: undefined }, 'OE-EVT-002', /undefined/],
    ['switch end with a value', { ...event, type: 'switch-ffr-end', value: '1' }, 'OE-EVT-002', /no value/],
    ['no schedule', { ...schedule, schedule: undefined }, 'OE-SCH-001', /no schedule/],
    ['empty schedule', { ...schedule, schedule: [] }, 'OE-SCH-001', /empty/],
    ['schedule as an object', { ...schedule, schedule: { span: null } }, 'OE-SCH-001', /not an array/],
    ['interval a string', { ...schedule, schedule: ['P1D'] }, 'OE-SCH-001', /schedule\[0\] is a string/],
    ['span not ISO 8601', { ...schedule, schedule: [{ span: 'Mondays', repeat: null, value: 1 }] }, 'OE-SCH-001', /span "Mondays"/],
    ['span without duration', { ...schedule, schedule: [{ span: '2016-W01-1T00:00:00', repeat: null, value: 1 }] }, 'OE-SCH-001', /interval/],
    ['repeat not a duration', { ...schedule, schedule: [{ span: '2016-W01-1T00:00:00/P1D', repeat: 'weekly', value: 1 }] }, 'OE-SCH-001', /repeat "weekly"/],
    ['zero repeat', { ...schedule, schedule: [{ span: '2016-W01-1T00:00:00/P1D', repeat: 'P0D', value: 1 }] }, 'OE-SCH-001', /positive/],
    ['repeat without span', { ...schedule, schedule: [{ span: null, repeat: 'P1W', value: 1 }] }, 'OE-SCH-001', /no span/],
    ['interval without value', { ...schedule, schedule: [{ span: null, repeat: null }] }, 'OE-SCH-001', /no value/],
  ])('%s', (_name, payload, rule, why) => {
    const r = check(payload);
    expect(failed(r)).toEqual([rule]);
    expect(detail(r, rule)).toMatch(why);
  });

  it('accepts what the spec allows around the rules', () => {
    expect(failed(check({ ...reading, created_at: null }))).toEqual([]);
    expect(failed(check({ ...reading, created_at: undefined }))).toEqual([]);
    expect(failed(check({ ...reading, entity: 'L1234', type: 'POWER' }))).toEqual([]); // case-insensitive codes
    expect(failed(check({ ...reading, entity: 'l1009' }))).toEqual([]); // device set holds "L1009"
    expect(failed(check({ ...reading, type: 'power', value: -12.3 }))).toEqual([]); // power may be negative (export)
    expect(failed(check({ ...reading, type: 'availability-ffr-high', value: 0.1 + 0.2 }))).toEqual([]); // binary noise of 0.3
    expect(failed(check({ ...reading, type: 'temperature', value: 21.37 }))).toEqual([]);
    expect(failed(check({ ...reading, timestamp: now + 86_400_000 }))).toEqual([]);
    expect(failed(check({ ...reading, timestamp: now - 3 * 86_400_000 }))).toEqual([]); // old data is stored, not refused
    expect(failed(check({ ...event, type: 'switch-ffr-end', value: null }))).toEqual([]);
    expect(failed(check({ ...event, type: 'Switch-FFR-Start', value: '1' }))).toEqual([]);
    expect(failed(check({ ...schedule, schedule: [{ value: 'x' }] }))).toEqual([]); // span and repeat may be omitted
    expect(failed(check({ ...reading, extra: { deep: [1, 2] } }))).toEqual([]); // unknown members are ignored
  });
});

describe('checkDeviceToCloud: batches and what is stored', () => {
  it('names the first failing element and counts the rest', () => {
    const r = check([reading, { ...reading, value: 'a' }, reading, { ...reading, value: 'b' }, { ...reading, value: 'c' }]);
    expect(failed(r)).toEqual(['OE-READ-001']);
    expect(detail(r, 'OE-READ-001')).toMatch(/^item 1: .*\(and 2 more\)$/);
    expect(r.items).toHaveLength(2);
  });

  it('keeps elements failing business rules (stored for remediation), drops wrongly typed ones', () => {
    const r = check([
      { ...reading, entity: 'zz' }, // foreign entity: stored
      { ...reading, type: 'availability-ffr-low', value: -1 }, // negative availability: stored
      { ...event, level: 2 }, // switch at level 2: stored
      { ...reading, timestamp: now + 10 * 86_400_000 }, // far future: stored
      { ...reading, timestamp: '1' }, // wrong type: dropped
      { ...reading, topic: 'reading' }, // unknown topic: dropped
      { ...event, level: 9 }, // dropped
      { ...schedule, schedule: [] }, // dropped
    ]);
    expect(r.items.map((m) => (m.topic === 'schedules' ? m.topic : `${m.entity}:${m.type}`))).toEqual(['zz:power', 'l1234:availability-ffr-low', 'l1234:switch-ffr-start', 'l1234:power']);
  });
});

describe('checkDeviceToCloud: hostile input never throws', () => {
  const cases: Array<[string, string | Buffer]> = [
    ['100k-deep nesting', '['.repeat(100_000) + ']'.repeat(100_000)],
    ['deep nesting inside a value', JSON.stringify({ ...reading, value: 1 }).replace('"value":1', `"value":${'['.repeat(50_000)}${']'.repeat(50_000)}`)],
    ['deep nesting in a schedule value', JSON.stringify(schedule).replace('["ffr"]', `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`)],
    ['a huge batch of empty objects', `[${new Array(80_000).fill('{}').join(',')}]`],
    ['__proto__ members', '{"topic":"readings","__proto__":{"entity":"l1234","value":1},"constructor":{"prototype":{"x":1}}}'],
    ['inherited names as members', '{"topic":"events","entity":"toString","type":"hasOwnProperty","timestamp":1,"level":1}'],
    ['1e400 everywhere', `{"topic":"readings","entity":"l1234","type":"power","timestamp":1e400,"value":1e400}`],
    ['-1e400 availability', `{"topic":"readings","entity":"l1234","type":"availability-ffr-low","timestamp":${now},"value":-1e400}`],
    ['NaN literals', '{"topic":"readings","value":NaN}'],
    ['a BOM', `\uFEFF${JSON.stringify(reading)}`],
    ['lone surrogates', JSON.stringify({ ...reading, entity: '\ud800\ud800' })],
    ['null', 'null'],
    ['empty payload', ''],
    ['a repeated span 5000 times', JSON.stringify({ ...schedule, schedule: new Array(5000).fill({ span: '2016-W01-1T00:00:00/P1D', repeat: 'P1W', value: 1 }) })],
  ];
  it.each(cases)('%s', (_name, payload) => {
    const r = check(payload);
    expect(r.checks.length).toBeGreaterThan(0);
    for (const c of r.checks) if (!c.ok) expect(c.detail, c.rule).toBeTruthy();
  });

  it('reads no inherited member and builds no prototype from "__proto__"', () => {
    const r = check('{"topic":"readings","entity":"l1234","type":"power","timestamp":' + now + ',"__proto__":{"value":1}}');
    expect(failed(r)).toEqual(['OE-READ-001']);
    expect(detail(r, 'OE-READ-001')).toBe('no value');
    expect(({} as Record<string, unknown>).value).toBeUndefined();
  });

  it('judges every element of a large batch', () => {
    const big = `[${new Array(1500).fill(JSON.stringify(reading)).join(',')}]`;
    const r = check(big);
    expect(failed(r)).toEqual([]);
    expect(r.items).toHaveLength(1500);
  });
});
