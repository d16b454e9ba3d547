// Telemetry and setpoint payloads: what gridtwin sends is integer W / Wh / UNIX s, and every kind of
// malformed or hostile setpoint is rejected under its own rule.
import { describe, expect, it } from 'vitest';
import { checkTelemetry, encodeReadings } from '../../sim/bindings/powernaut/telemetry-codec.ts';
import { checkSetpoint, encodeSetpoint } from '../../sim/bindings/powernaut/setpoint-codec.ts';
import { parsePnTopic } from '../../sim/bindings/powernaut/topics.ts';

const now = 1_767_225_660_000; // UNIX ms
const nowS = now / 1000;
const failed = (r: { checks: Array<{ rule: string; ok: boolean }> }) => r.checks.filter((c) => !c.ok).map((c) => c.rule);
const tele = (v: unknown, needsSoc = false) => checkTelemetry(Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)), { nowMs: now, needsSoc });
const cmd = (v: unknown, maxBytes = 4096) => checkSetpoint(Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)), { maxBytes, nowMs: now });

describe('telemetry', () => {
  it('encodes integers only: one object, or an array for a backlog', () => {
    const one = encodeReadings([{ slot: 4e6, value: -2500.4, soc: 8150.6, time: nowS }]);
    expect(one).toBe(`{"value":-2500,"soc":8151,"time":${nowS}}`);
    const batch = JSON.parse(encodeReadings([{ slot: 4e6, value: 1 }, { slot: 8e6, value: 2 }]));
    expect(batch).toEqual([{ value: 1 }, { value: 2 }]);
    expect(failed(tele(one, true))).toEqual([]);
    expect(failed(tele(batch))).toEqual([]);
  });

  it('rejects decimals, missing SoC, millisecond and stale timestamps, and non-objects', () => {
    expect(failed(tele({ value: 1.5 }))).toEqual(['PN-DATA-002']);
    expect(failed(tele({ value: 1 }, true))).toEqual(['PN-DATA-003']);
    expect(failed(tele({ value: 1, soc: -1 }))).toEqual(['PN-DATA-003']);
    expect(failed(tele({ value: 1, time: now }))).toEqual(['PN-DATA-004']);
    expect(failed(tele({ value: 1, time: nowS - 61 }))).toEqual(['PN-DATA-005']);
    expect(failed(tele({ value: 1, time: nowS - 59 }))).toEqual([]);
    expect(failed(tele({ value: 1, time: nowS + 30 }))).toEqual(['PN-DATA-005']);
    expect(failed(tele([{ value: 1 }, { value: '2' }]))).toEqual(['PN-DATA-002']);
    expect(failed(tele('[]'))).toEqual(['PN-DATA-001']);
    expect(failed(tele('{"value":'))).toEqual(['PN-DATA-001']);
    expect(failed(tele('[1,2]'))).toEqual(['PN-DATA-001']);
  });
});

describe('setpoints', () => {
  const good = { timing: { start: nowS - 10, end: nowS + 60 }, value: -3000 };

  it('accepts integer W or null (a cancel, distinct from 0)', () => {
    expect(cmd(good).command).toEqual({ start: nowS - 10, end: nowS + 60, value: -3000 });
    expect(cmd({ ...good, value: null }).command?.value).toBeNull();
    expect(cmd({ ...good, value: 0 }).command?.value).toBe(0);
    expect(JSON.parse(encodeSetpoint({ start: 1, end: 2, value: null }))).toEqual({ timing: { start: 1, end: 2 }, value: null });
  });

  it.each([
    ['oversized', JSON.stringify({ ...good, pad: 'x'.repeat(5000) }), 'PN-CMD-001'],
    ['bad JSON', '{"timing":{"start":1', 'PN-CMD-002'],
    ['not an object', '[1]', 'PN-CMD-002'],
    ['ISO timestamps', JSON.stringify({ ...good, timing: { start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:01:00Z' } }), 'PN-CMD-003'],
    ['value as text', JSON.stringify({ ...good, value: '3 kW' }), 'PN-CMD-003'],
    ['decimal value', JSON.stringify({ ...good, value: 1500.5 }), 'PN-CMD-003'],
    ['no value', JSON.stringify({ timing: good.timing }), 'PN-CMD-003'],
    ['no timing', JSON.stringify({ value: 1 }), 'PN-CMD-003'],
    ['start after end', JSON.stringify({ ...good, timing: { start: nowS + 60, end: nowS + 10 } }), 'PN-CMD-004'],
    ['window already over', JSON.stringify({ ...good, timing: { start: nowS - 100, end: nowS - 40 } }), 'PN-CMD-005'],
  ])('rejects %s under its rule, with no command to act on', (_name, payload, rule) => {
    const r = cmd(payload);
    expect(r.command).toBeUndefined();
    expect(failed(r)[0]).toBe(rule);
  });
});

describe('topics', () => {
  it('knows the three shapes and nothing else', () => {
    expect(parsePnTopic('site/dc1/data')).toEqual({ kind: 'site-data', id: 'dc1' });
    expect(parsePnTopic('resource/dc1-battery/data')).toEqual({ kind: 'resource-data', id: 'dc1-battery' });
    expect(parsePnTopic('resource/dc1-battery/commands/setpoint')).toEqual({ kind: 'setpoint', id: 'dc1-battery' });
    for (const t of ['site/dc1/commands/setpoint', 'resource//data', 'resource/x/data/more', 'sites/dc1/data']) expect(parsePnTopic(t), t).toBeUndefined();
  });
});
