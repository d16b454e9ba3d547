// WDPC subjects on NATS (sim/transports/nats-subjects.ts): fixed-depth hierarchy subjects, ids
// escaped into exactly one token (and back), filters per level, stream names, and hostile ids.
import { describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../sim/errors.ts';
import {
  familySubjects,
  hierarchySubject,
  isPublishableSubject,
  parseSubjectToken,
  parseWdpcSubject,
  streamName,
  subjectToken,
  wdpcFilter,
  wdpcSubject,
} from '../../sim/transports/nats-subjects.ts';

const inputError = (f: () => unknown, re: RegExp) => {
  let caught: unknown;
  try {
    f();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as InputError).exitCode).toBe(ExitCode.badInput);
  expect((caught as Error).message).toMatch(re);
};

describe('hierarchy subjects', () => {
  it('always have six tokens; absent levels are _', () => {
    expect(wdpcSubject('component', 'dc1', 'r00', 'r00-n001', 'gpu3')).toBe('wdpc.component.dc1.r00.r00-n001.gpu3');
    expect(wdpcSubject('power', 'dc1', 'r00')).toBe('wdpc.power.dc1.r00._._');
    expect(wdpcSubject('thermal', 'dc1', undefined, undefined, 'cdu1')).toBe('wdpc.thermal.dc1._._.cdu1');
    expect(hierarchySubject('grid', { facility: 'dc1' })).toBe('wdpc.grid.dc1._._._');
    expect(familySubjects('power')).toBe('wdpc.power.*.*.*.*');
  });

  it('filters fix the named levels and leave the others open', () => {
    expect(wdpcFilter('component', { facility: 'dc1', rack: 'r00' })).toBe('wdpc.component.dc1.r00.*.*');
    expect(wdpcFilter('component', { component: 'gpu0' })).toBe('wdpc.component.*.*.*.gpu0');
    expect(wdpcFilter('component')).toBe('wdpc.component.*.*.*.*');
    expect(wdpcFilter('power', { facility: 'dc 1', rack: 'r.0' })).toBe('wdpc.power.dc%201.r%2E0.*.*');
  });

  it('parse back to family and ids, absent levels left out', () => {
    expect(parseWdpcSubject('wdpc.component.dc1.r00.r00-n001.gpu3')).toEqual({ family: 'component', facility: 'dc1', rack: 'r00', node: 'r00-n001', component: 'gpu3' });
    expect(parseWdpcSubject(wdpcSubject('thermal', 'dc.1', undefined, undefined, '_'))).toEqual({ family: 'thermal', facility: 'dc.1', component: '_' });
    for (const bad of ['wdpc.power.dc1', 'x.power.a.b.c.d', 'wdpc.Power.a.b.c.d', 'wdpc.power._.b.c.d', 'wdpc.power.a%2.b.c.d', 'wdpc.power.a%FF.b.c.d']) {
      inputError(() => parseWdpcSubject(bad), /not a WDPC subject|malformed|not UTF-8/);
    }
  });
});

describe('token escaping (W9)', () => {
  it('turns separators, wildcards, whitespace, % and non-ASCII into %XX of the UTF-8 bytes', () => {
    expect(subjectToken('rack 1.a*>%')).toBe('rack%201%2Ea%2A%3E%25');
    expect(subjectToken('a\tb\nc\r\0\x7F')).toBe('a%09b%0Ac%0D%00%7F');
    expect(subjectToken('Kühlung ü')).toBe('K%C3%BChlung%20%C3%BC');
    expect(subjectToken('n\u00A0\u2028x')).toBe('n%C2%A0%E2%80%A8x');
    expect(subjectToken('_')).toBe('%5F');
    expect(subjectToken('a_b-c:d/e@f')).toBe('a_b-c:d/e@f');
  });

  it('is reversible and always yields one publishable token', () => {
    const ids = ['rack 1.a', '*', '>', '%', '%25', 'a..b', ' ', '_', 'gpu#0', '😀.x', 'a\u0000b', 'wdpc.*.>', '$SYS'];
    for (const id of ids) {
      const t = subjectToken(id);
      expect(t).not.toMatch(/[.*>\s]/);
      expect(t.length).toBeGreaterThan(0);
      expect(parseSubjectToken(t)).toBe(id);
      const s = wdpcSubject('component', id, id, id, id);
      expect(s.split('.')).toHaveLength(6);
      expect(isPublishableSubject(s)).toBe(true);
      expect(parseWdpcSubject(s)).toMatchObject({ facility: id, rack: id, node: id, component: id });
    }
  });

  it('refuses empty, non-string and over-long ids, and unknown family names', () => {
    inputError(() => subjectToken(''), /non-empty/);
    inputError(() => subjectToken(undefined as unknown as string), /non-empty/);
    inputError(() => wdpcSubject('power', ''), /facility must be a non-empty/);
    inputError(() => subjectToken('x'.repeat(256)), /too long/);
    inputError(() => subjectToken('.'.repeat(86)), /too long/); // 258 bytes escaped
    expect(subjectToken('x'.repeat(255))).toHaveLength(255);
    for (const fam of ['', 'Power', 'po.wer', 'po*', 'a b', 'p>', '1power', 'x'.repeat(33)]) inputError(() => wdpcSubject(fam, 'dc1'), /family/);
  });

  it('refuses malformed escapes when parsing', () => {
    inputError(() => parseSubjectToken('a%2'), /malformed/);
    inputError(() => parseSubjectToken('a%zz'), /malformed/);
    inputError(() => parseSubjectToken('a%2e'), /malformed/); // lower-case hex is not what we write
    inputError(() => parseSubjectToken('a b'), /raw character/);
    inputError(() => parseSubjectToken('%C3'), /not UTF-8/);
  });
});

describe('stream names and publishable subjects', () => {
  it('WDPC_<FAMILY> with a checked prefix', () => {
    expect(streamName('power')).toBe('WDPC_POWER');
    expect(streamName('demand-response', 'TWIN_1')).toBe('TWIN_1_DEMAND_RESPONSE');
    inputError(() => streamName('power', 'wdpc'), /prefix/);
    inputError(() => streamName('power', 'A.B'), /prefix/);
  });

  it('a publishable subject has no wildcard, whitespace or empty token', () => {
    for (const bad of ['', 'a.*', 'a.>', 'a..b', '.a', 'a.', 'a b', 'a\tb', 'a\0b']) expect(isPublishableSubject(bad)).toBe(false);
    expect(isPublishableSubject('wdpc.power.dc1._._._')).toBe(true);
  });
});
