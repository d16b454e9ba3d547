// Cloud→device checks: the spec's own examples, every rule failing on a crafted payload, strict vs
// lenient, batches, hostile payloads (never a throw, always an actionable detail), and round trips.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Parsing } from '../../sim/bindings/openenergi/check.ts';
import {
  checkCloudToDevice, encodeScheduleSignal, encodeSignal, OE_DEFAULTS, type C2DOptions, type ScheduleSignalMessage, type SignalMessage,
} from '../../sim/bindings/openenergi/signal-codec.ts';

const spec = readFileSync(new URL('../../../shared/specs/openenergi-message-format-2.0.0.md', import.meta.url), 'utf8');
/** The JSON block that follows `marker` in the spec (first "{" to the "}" that closes it). */
function example(marker: string): string {
  const from = spec.indexOf('{', spec.indexOf(marker));
  let depth = 0;
  for (let i = from; i < spec.length; i++) {
    if (spec[i] === '{') depth++;
    else if (spec[i] === '}' && --depth === 0) return spec.slice(from, i + 1);
  }
  throw new Error(`no example after ${marker}`);
}
const SIGNAL_EXAMPLE = example('*Example of a portfolio management signal message*');
const SCHEDULE_EXAMPLE = example('*Example schedule signal message:*');

const utc = (s: string) => Date.parse(s);
const NOW = utc('2015-12-25T12:00:05Z');
const opts = (o: Partial<C2DOptions> = {}): C2DOptions => ({
  parsing: 'strict', maxBytes: 65_536, nowMs: NOW, zone: 'UTC', deviceEntities: new Set(['l1234']), ...o,
});
const run = (p: unknown, o: Partial<C2DOptions> = {}) =>
  checkCloudToDevice(Buffer.isBuffer(p) ? p : Buffer.from(typeof p === 'string' ? p : JSON.stringify(p)), opts(o));
const failed = (r: ReturnType<typeof run>) => [...new Set(r.checks.filter((c) => !c.ok).map((c) => c.rule))].sort();
const detail = (r: ReturnType<typeof run>, rule: string) => r.checks.find((c) => c.rule === rule && !c.ok)?.detail ?? '';

const signal = (over: Record<string, unknown> = {}) => ({
  topic: 'signals', timestamp: NOW - 5000, entities: ['l1234'], type: 'oe-vars',
  items: [
    { start_at: '2015-12-25T12:01:00Z', values: [{ variable: 'oe-add', value: 0.1 }, { variable: 'oe-multiply-high', value: 1.5 }] },
    { start_at: '2015-12-25T13:00:00Z', values: [{ variable: 'oe-add', value: 0 }, { variable: 'oe-multiply-high', value: 1 }] },
  ],
  ...over,
});
const scheduleSignal = (over: Record<string, unknown> = {}) => ({
  topic: 'schedule-signals', timestamp: NOW - 5000, entities: ['l1234'], type: 'oe-add',
  schedule: [{ span: '2016-W01-1T16:00:00/PT2H', repeat: 'P1W', value: -0.5 }, { span: null, repeat: null, value: 0 }],
  ...over,
});
const point = (start_at: string, values: unknown[]) => ({ start_at, values });

describe('the spec\'s examples', () => {
  it('the signal example passes only lenient: generated_at, "1.1" strings and oe-multiply', () => {
    const lenient = run(SIGNAL_EXAMPLE, { parsing: 'lenient' });
    expect(failed(lenient)).toEqual([]);
    const m = lenient.messages[0].message as SignalMessage;
    expect(m).toMatchObject({ kind: 'signal', timestampMs: utc('2015-12-25T12:00:00Z'), entities: ['l1234'], foreignEntities: ['l4509'], type: 'oe-add' });
    expect(m.points).toEqual([
      { atMs: utc('2015-12-25T12:01:00Z'), values: { 'oe-add': 0.1, 'oe-multiply-high': 1.1, 'oe-multiply-low': 1.1 } },
      { atMs: utc('2015-12-25T13:00:00Z'), values: { 'oe-add': 0, 'oe-multiply-high': 1, 'oe-multiply-low': 1 } },
    ]);
    const strict = run(SIGNAL_EXAMPLE);
    expect(strict.messages).toEqual([{ index: 0, accepted: false }]);
    expect(failed(strict)).toEqual(['OE-SIG-001', 'OE-SIG-002', 'OE-SIG-006']);
    expect(detail(strict, 'OE-SIG-001')).toContain('generated_at is read only in lenient');
    expect(detail(strict, 'OE-SIG-002')).toContain('"1.1" is a string');
    expect(detail(strict, 'OE-SIG-006')).toContain('lenient reads oe-multiply as both');
  });

  it('the schedule-signal example\'s 14-digit timestamp fails OE-MSG-003 on receipt in 2016; P2H passes only lenient', () => {
    const now2016 = utc('2016-01-01T00:00:00Z');
    const lenient = run(SCHEDULE_EXAMPLE, { parsing: 'lenient', nowMs: now2016 });
    expect(failed(lenient)).toEqual(['OE-MSG-003']);
    expect(detail(lenient, 'OE-MSG-003')).toMatch(/14100023938431 is .* days after receipt .*14 digits/);
    expect(failed(run(SCHEDULE_EXAMPLE, { nowMs: now2016 }))).toEqual(['OE-MSG-003', 'OE-SSIG-001']);
    expect(detail(run(SCHEDULE_EXAMPLE, { nowMs: now2016 }), 'OE-SSIG-001')).toContain('PT2H');
    const fixed = SCHEDULE_EXAMPLE.replace('14100023938431', String(now2016));
    const r = run(fixed, { parsing: 'lenient', nowMs: now2016 });
    expect(failed(r)).toEqual([]);
    const m = r.messages[0].message as ScheduleSignalMessage;
    expect(m.variables).toEqual(['oe-add']);
    expect(m.schedule.valueAt(utc('2016-01-04T17:00Z'))?.value).toBe(-0.5); // Monday
    expect(m.schedule.valueAt(utc('2016-01-09T17:00Z'))?.value).toBe(0); // Saturday
    expect(m.schedule.valueAt(utc('2026-07-17T17:30Z'))?.value).toBe(-0.5); // a Friday in 2026
  });
});

describe('each rule fails on a crafted payload', () => {
  const cases: [name: string, payload: unknown, rules: string[], o?: Partial<C2DOptions>][] = [
    ['oversized', signal(), ['OE-SIZE-002'], { maxBytes: 100 }],
    ['not JSON', '{"topic": "signals",', ['OE-JSON-001']],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), ['OE-JSON-001']],
    ['byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(signal()))]), ['OE-JSON-001']],
    ['empty batch', [], ['OE-JSON-001']],
    ['a number', 42, ['OE-JSON-001']],
    ['no topic', signal({ topic: undefined }), ['OE-MSG-001']],
    ['device→cloud topic', signal({ topic: 'readings' }), ['OE-MSG-001']],
    ['entity too long', signal({ entities: ['l1234', 'abcdefghijk'] }), ['OE-MSG-002']],
    ['entity not a string', signal({ entities: ['l1234', 7] }), ['OE-MSG-002']],
    ['empty type', signal({ type: '' }), ['OE-MSG-002']],
    ['type too long', signal({ type: 'x'.repeat(65) }), ['OE-MSG-002']],
    ['timestamp a string', signal({ timestamp: '1451606400000' }), ['OE-MSG-003']],
    ['timestamp fractional', signal({ timestamp: NOW + 0.5 }), ['OE-MSG-003']],
    ['timestamp negative', signal({ timestamp: -1 }), ['OE-MSG-003']],
    ['timestamp 2 days ahead', signal({ timestamp: NOW + 2 * 86_400_000 }), ['OE-MSG-003']],
    ['bad generated_at (lenient)', signal({ timestamp: null, generated_at: '2015-12-25' }), ['OE-MSG-003'], { parsing: 'lenient' }],
    ['only foreign entities', signal({ entities: ['l9999'] }), ['OE-MSG-004']],
    ['no timestamp', signal({ timestamp: undefined }), ['OE-SIG-001']],
    ['null entities', signal({ entities: null }), ['OE-SIG-001']],
    ['entities a string', signal({ entities: 'l1234' }), ['OE-SIG-001']],
    ['no type', signal({ type: null }), ['OE-SIG-001']],
    ['empty items', signal({ items: [] }), ['OE-SIG-001']],
    ['date-only start_at', signal({ items: [point('2015-12-25', [{ variable: 'oe-add', value: 0 }])] }), ['OE-SIG-002']],
    ['empty values', signal({ items: [point('2015-12-25T13:00Z', [])] }), ['OE-SIG-002']],
    ['null value', signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: null }])] }), ['OE-SIG-002']],
    ['point a string', signal({ items: ['2015-12-25T13:00Z'] }), ['OE-SIG-002']],
    ['variable twice', signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: 0 }, { variable: 'oe-add', value: 0 }])] }), ['OE-SIG-002']],
    ['points out of order', signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: 0.1 }]), point('2015-12-25T12:00Z', [{ variable: 'oe-add', value: 0 }])] }), ['OE-SIG-003']],
    ['points at the same time', signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: 0.1 }]), point('2015-12-25T13:00:00.000Z', [{ variable: 'oe-add', value: 0 }])] }), ['OE-SIG-003']],
    ['last point not safe', signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: 0.1 }])] }), ['OE-SIG-004']],
    ['a variable never reset', signal({ items: [point('2015-12-25T12:10Z', [{ variable: 'oe-multiply-low', value: 2 }]), point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: 0 }])] }), ['OE-SIG-004']],
    ['oe-add out of range', signal({ items: [point('2015-12-25T12:10Z', [{ variable: 'oe-add', value: 2.5 }]), point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: 0 }])] }), ['OE-SIG-005']],
    ['negative multiplier', signal({ items: [point('2015-12-25T12:10Z', [{ variable: 'oe-multiply-low', value: -1 }]), point('2015-12-25T13:00Z', [{ variable: 'oe-multiply-low', value: 1 }])] }), ['OE-SIG-005']],
    ['unknown variable', signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-divide', value: 1 }])] }), ['OE-SIG-006']],
    ['schedule-signal without schedule', scheduleSignal({ schedule: undefined }), ['OE-SSIG-001']],
    ['schedule-signal bad span', scheduleSignal({ schedule: [{ span: '2016-01-01', repeat: null, value: 0 }] }), ['OE-SSIG-001']],
    ['repeat without span', scheduleSignal({ schedule: [{ span: null, repeat: 'P1W', value: 0 }] }), ['OE-SSIG-001']],
    ['zero repeat', scheduleSignal({ schedule: [{ span: '2016-01-01T00:00Z/PT1H', repeat: 'PT0S', value: 0 }] }), ['OE-SSIG-001']],
    ['null schedule value', scheduleSignal({ schedule: [{ span: null, value: null }] }), ['OE-SSIG-001']],
    ['schedule value out of range', scheduleSignal({ schedule: [{ span: null, value: -3 }] }), ['OE-SIG-005']],
    ['schedule-signal for an unknown variable', scheduleSignal({ type: 'oe-vars' }), ['OE-SIG-006']],
  ];
  for (const [name, payload, rules, o] of cases) {
    it(`${name}: fails ${rules.join(', ')} and is not accepted`, () => {
      const r = run(payload, o);
      expect(failed(r)).toEqual(rules);
      expect(r.messages.every((m) => !m.accepted && m.message === undefined)).toBe(true);
      for (const c of r.checks.filter((x) => !x.ok)) expect(c.detail?.length, c.rule).toBeGreaterThan(10);
    });
  }

  it('a valid signal and schedule-signal pass every rule they are checked against', () => {
    for (const p of [signal(), scheduleSignal()]) {
      const r = run(p);
      expect(failed(r)).toEqual([]);
      expect(r.messages[0].accepted).toBe(true);
    }
    expect(run(signal()).checks.map((c) => c.rule)).toEqual([
      'OE-SIZE-002', 'OE-JSON-001', 'OE-MSG-001', 'OE-MSG-002', 'OE-MSG-003', 'OE-MSG-004',
      'OE-SIG-001', 'OE-SIG-002', 'OE-SIG-003', 'OE-SIG-004', 'OE-SIG-005', 'OE-SIG-006',
    ]);
  });

  it('details say which field and what was found', () => {
    expect(detail(run(signal({ entities: 'l1234' })), 'OE-SIG-001')).toContain('wrap it: ["l1234"]');
    expect(detail(run(signal({ entities: ['abcdefghijk'] })), 'OE-MSG-002')).toContain('entities[0] "abcdefghijk" is longer than 10');
    expect(detail(run(signal({ entities: ['l9999'] })), 'OE-MSG-004')).toContain("none of the 1 targeted entities is this device's (l1234)");
    const r = run(signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: 0 }, { variable: 'oe-add', value: true }])] }));
    expect(detail(r, 'OE-SIG-002')).toBe('point 0 value 1: value true is not a number');
  });
});

describe('strict and lenient', () => {
  const lenientOnly = signal({
    timestamp: undefined, generated_at: '2015-12-25T12:00:00',
    items: [point('2015-12-25T12:01:00', [{ variable: 'OE-MULTIPLY', value: '2.5' }]), point('2015-12-25T13:00:00', [{ variable: 'oe-multiply', value: '1' }])],
  });
  it('lenient reads generated_at (offset-less, in the zone), numeric strings and oe-multiply in any case', () => {
    const r = run(lenientOnly, { parsing: 'lenient', zone: 'Europe/London' });
    expect(failed(r)).toEqual([]);
    const m = r.messages[0].message as SignalMessage;
    expect(m.timestampMs).toBe(utc('2015-12-25T12:00:00Z'));
    expect(m.points[0].values).toEqual({ 'oe-multiply-high': 2.5, 'oe-multiply-low': 2.5 });
  });
  it('strict rejects each of them', () => {
    expect(failed(run(lenientOnly))).toEqual(['OE-SIG-001', 'OE-SIG-002', 'OE-SIG-006']);
  });
  it('both reject non-numeric strings, and oe-multiply together with oe-multiply-high is a duplicate', () => {
    for (const parsing of ['strict', 'lenient'] as Parsing[]) {
      for (const bad of ['NaN', 'Infinity', '0x10', '', ' 1', '1.', '.5', '+1', '1e'])
        expect(failed(run(signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-add', value: bad }])] }), { parsing })), `${parsing} ${bad}`).toContain('OE-SIG-002');
    }
    const dup = signal({ items: [point('2015-12-25T13:00Z', [{ variable: 'oe-multiply', value: 1 }, { variable: 'oe-multiply-high', value: 1 }])] });
    expect(detail(run(dup, { parsing: 'lenient' }), 'OE-SIG-002')).toContain('oe-multiply-high is set twice');
  });
});

describe('batches', () => {
  it('judges each element on its own: one bad element is rejected, the others accepted', () => {
    const r = run([signal(), signal({ entities: ['l9999'] }), 'oops', scheduleSignal()]);
    expect(r.messages.map((m) => m.accepted)).toEqual([true, false, false, true]);
    expect(detail(r, 'OE-MSG-004')).toMatch(/^element 1: /);
    expect(detail(r, 'OE-JSON-001')).toBe('element 2: "oops", not a JSON object');
    expect(r.messages[3].message?.kind).toBe('schedule-signal');
  });
  it('matches entities case-insensitively and reports foreign ones apart', () => {
    const r = run(signal({ entities: ['L1234', 'l1234', 'X9'] }), { deviceEntities: new Set(['L1234']) });
    expect(r.messages[0].message).toMatchObject({ entities: ['l1234'], foreignEntities: ['x9'] });
  });
});

describe('hostile payloads: failed checks, never a throw', () => {
  const noThrow = (p: unknown, o: Partial<C2DOptions> = {}) => {
    let r: ReturnType<typeof run> | undefined;
    expect(() => { r = run(p, o); }).not.toThrow();
    for (const c of r!.checks.filter((x) => !x.ok)) expect(c.detail, c.rule).toBeTruthy();
    return r!;
  };
  it('deep nesting at the top and inside fields', () => {
    expect(failed(noThrow('['.repeat(60_000) + ']'.repeat(60_000), { maxBytes: 200_000 }))).toEqual(['OE-JSON-001']);
    const deep = `{"topic":"signals","timestamp":${NOW},"entities":${'['.repeat(20_000)}${']'.repeat(20_000)},"type":"t","items":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    expect(failed(noThrow(deep, { maxBytes: 200_000 }))).toContain('OE-MSG-002');
  });
  it('huge arrays of points and entities', () => {
    const items = Array.from({ length: 20_000 }, (_, i) => point(new Date(NOW + i * 1000).toISOString(), [{ variable: 'oe-add', value: i % 2 ? 0 : 0.1 }]));
    const r = noThrow(signal({ items, entities: [...Array.from({ length: 5000 }, (_, i) => `e${i}`), 'l1234'] }), { maxBytes: 5_000_000 });
    expect(failed(r)).toEqual([]);
    expect((r.messages[0].message as SignalMessage).points).toHaveLength(20_000);
    expect(detail(noThrow(signal({ items: Array(5000).fill('x') }), { maxBytes: 5_000_000 }), 'OE-SIG-002')).toContain('(and 4997 more)');
  });
  it('prototype-pollution keys are data, never the prototype', () => {
    const p = '{"__proto__":{"topic":"signals","polluted":1},"constructor":{"prototype":{"polluted":1}},"topic":"signals","timestamp":1451044800000,'
      + '"entities":["__proto__","l1234"],"type":"t","items":[{"start_at":"2015-12-25T13:00Z","values":[{"variable":"__proto__","value":0},{"variable":"constructor","value":1}]}]}';
    const r = noThrow(p);
    expect(failed(r)).toEqual(['OE-SIG-006']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const onlyProto = noThrow('{"__proto__":{"topic":"signals","timestamp":1,"entities":["l1234"],"type":"t","items":[]}}');
    expect(failed(onlyProto)).toEqual(['OE-MSG-001']);
  });
  it('1e400 is not finite, -0 is 0, strings where objects are expected fail with the field named', () => {
    const inf = noThrow(`{"topic":"signals","timestamp":${NOW},"entities":["l1234"],"type":"t","items":[{"start_at":"2015-12-25T12:10Z","values":[{"variable":"oe-multiply-high","value":1e400}]},{"start_at":"2015-12-25T13:00Z","values":[{"variable":"oe-multiply-high","value":1}]}]}`);
    expect(detail(inf, 'OE-SIG-005')).toContain('oe-multiply-high Infinity is outside [0, 10] (not finite');
    const negZero = noThrow(`{"topic":"signals","timestamp":-0,"entities":["l1234"],"type":"t","items":[{"start_at":"2015-12-25T13:00Z","values":[{"variable":"oe-add","value":-0}]}]}`);
    const m = negZero.messages[0].message as SignalMessage;
    expect(Object.is(m.timestampMs, 0) && Object.is(m.points[0].values['oe-add'], 0)).toBe(true);
    for (const [p, rule] of [[signal({ items: 'abc' }), 'OE-SIG-001'], [signal({ items: [point('2015-12-25T13:00Z', ['oe-add'])] }), 'OE-SIG-002'],
      [signal({ items: [{ start_at: 5, values: {} }] }), 'OE-SIG-002'], [scheduleSignal({ schedule: ['P1D'] }), 'OE-SSIG-001'],
      [scheduleSignal({ schedule: [{ span: { start: 1 }, repeat: 7, value: {} }] }), 'OE-SSIG-001']] as [unknown, string][])
      expect(failed(noThrow(p))).toContain(rule);
  });
  it('a bad zone option is a configuration error (thrown), not a payload verdict', () => {
    expect(() => run(signal(), { zone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

describe('encode → check round trips', () => {
  it('a signal from the reference portfolio manager passes strict and reads back the same points', () => {
    const points = [
      { atMs: utc('2016-01-04T16:00Z'), values: { 'oe-add': -0.5, 'oe-multiply-low': 2 } },
      { atMs: utc('2016-01-04T18:00Z'), values: { ...OE_DEFAULTS } },
    ];
    const text = encodeSignal({ timestampMs: utc('2016-01-04T15:59Z'), entities: ['l1234'], type: 'oe-vars', points });
    expect(text).toContain('"start_at":"2016-01-04T16:00:00.000Z"');
    const r = run(text, { nowMs: utc('2016-01-04T15:59:01Z') });
    expect(failed(r)).toEqual([]);
    expect((r.messages[0].message as SignalMessage).points).toEqual(points);
  });
  it('a schedule-signal passes strict and its schedule gives the encoded values', () => {
    const text = encodeScheduleSignal({
      timestampMs: utc('2016-01-01T00:00Z'), entities: ['l1234'], variable: 'oe-multiply-high',
      schedule: [{ span: '2016-W01-1T16:00:00/PT2H', repeat: 'P1D', value: 3 }, { span: null, repeat: null, value: 1 }],
    });
    const r = run(text, { nowMs: utc('2016-01-01T00:00:01Z'), zone: 'Europe/London' });
    expect(failed(r)).toEqual([]);
    const m = r.messages[0].message as ScheduleSignalMessage;
    expect(m.variables).toEqual(['oe-multiply-high']);
    expect(m.schedule.valueAt(utc('2016-07-05T15:30Z'))?.value).toBe(3); // 16:30 BST
    expect(m.schedule.valueAt(utc('2016-07-05T17:30Z'))?.value).toBe(1);
  });
});
