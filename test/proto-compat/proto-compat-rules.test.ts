// Every proto-compat rule on a crafted pair of schema sets (test/proto-compat/fixtures/<case>/{old,new},
// each changing one thing of the same small schema), through the real CLI: the exit code and the
// exact findings (code and subject), breaking ones exit 99, compatible evolutions exit 0.
import { describe, expect, it } from 'vitest';
import { fixturePair, summary } from './run-proto-compat.ts';

const R = 'demo.v1.Reading';
const BREAKING: Array<[string, string[]]> = [
  ['number-reused', [`B FIELD_NUMBER_REUSED ${R}.power_watts`]],
  ['number-reused-other-type', [`B FIELD_NUMBER_REUSED ${R}.power_watts`]],
  ['type-changed', [`B FIELD_TYPE_CHANGED ${R}.power_watts`]],
  ['type-changed-wire-compatible', [`B FIELD_TYPE_CHANGED ${R}.sample_count`]],
  ['type-changed-scalar-to-message', [`B FIELD_TYPE_CHANGED ${R}.node_id`]],
  ['type-changed-enum-to-string', ['B FIELD_TYPE_CHANGED demo.v1.Batch.state']],
  ['repeated-to-singular', [`B FIELD_LABEL_CHANGED ${R}.tags`]],
  ['map-key-changed', [`B FIELD_LABEL_CHANGED ${R}.extra`]],
  ['map-value-changed', [`B FIELD_TYPE_CHANGED ${R}.extra`]],
  ['oneof-changed', [`B FIELD_ONEOF_CHANGED ${R}.meter`]],
  ['json-name-changed', [`B FIELD_JSON_NAME_CHANGED ${R}.node_id`]],
  ['required-to-optional', [`B FIELD_LABEL_CHANGED ${R}.node_id`]],
  ['field-removed-not-reserved', [`B FIELD_REMOVED_NOT_RESERVED ${R}.tags`]],
  ['field-removed-name-not-reserved', [`B FIELD_REMOVED_NAME_NOT_RESERVED ${R}.tags`]],
  ['field-renumbered', [`B FIELD_NUMBER_CHANGED ${R}.tags`]],
  ['reserved-number-reused', [`B RESERVED_REUSED ${R}.retries`]],
  ['reserved-name-reused', [`B RESERVED_REUSED ${R}.legacy`]],
  ['enum-reserved-number-reused', ['B RESERVED_REUSED demo.v1.State.STATE_DEGRADED']],
  ['enum-value-renamed', ['B ENUM_VALUE_RENAMED demo.v1.State.STATE_FAILED']],
  ['enum-value-removed-not-reserved', ['B ENUM_VALUE_REMOVED_NOT_RESERVED demo.v1.State.STATE_FAILED']],
  ['enum-value-removed-name-not-reserved', ['B ENUM_VALUE_REMOVED_NAME_NOT_RESERVED demo.v1.State.STATE_FAILED']],
  ['enum-removed', ['B FIELD_TYPE_CHANGED demo.v1.Batch.state', 'B ENUM_REMOVED demo.v1.State']],
  ['message-removed', ['B MESSAGE_REMOVED demo.v1.Orphan', `B MESSAGE_REMOVED ${R}`, 'i FIELD_REMOVED_RESERVED demo.v1.Batch.latest', 'i FIELD_REMOVED_RESERVED demo.v1.Batch.readings']],
  ['message-renamed', ['B FIELD_TYPE_CHANGED demo.v1.Batch.latest', 'B FIELD_TYPE_CHANGED demo.v1.Batch.readings', `B MESSAGE_REMOVED ${R}`]],
  ['message-became-enum', ['B TYPE_KIND_CHANGED demo.v1.Batch']],
  ['package-changed', ['B PACKAGE_CHANGED demo.v1.Batch', `B PACKAGE_CHANGED ${R}`, 'B PACKAGE_CHANGED demo.v1.State']],
];

const COMPATIBLE: Array<[string, string[]]> = [
  ['additions', ['i MESSAGE_ADDED demo.v1.Note', 'i ENUM_ADDED demo.v1.Phase', `i FIELD_ADDED ${R}.voltage_v`, 'i ENUM_VALUE_ADDED demo.v1.State.STATE_DEGRADED']],
  ['field-removed-reserved', [`i FIELD_REMOVED_RESERVED ${R}.tags`]],
  ['enum-value-removed-reserved', ['i ENUM_VALUE_REMOVED_RESERVED demo.v1.State.STATE_FAILED']],
  ['optional-added', [`i FIELD_PRESENCE_CHANGED ${R}.power_watts`]],
  ['identical', []],
  ['moved-between-files', []],
  ['reformatted', []],
  ['well-known-types', []],
];

describe('proto-compat rules on crafted pairs (real CLI)', () => {
  for (const [name, expected] of BREAKING) {
    it(`breaking: ${name} → exit 99, ${expected.filter((e) => e.startsWith('B')).map((e) => e.split(' ')[1]).join(', ')}`, async () => {
      const r = await fixturePair(name);
      expect(r.code, r.stderr).toBe(99);
      expect(summary(r.findings)).toEqual(expected);
      for (const f of r.findings) expect(f.why.length).toBeGreaterThan(20);
    });
  }
  for (const [name, expected] of COMPATIBLE) {
    it(`compatible: ${name} → exit 0${expected.length ? `, ${expected.map((e) => e.split(' ')[1]).join(', ')}` : ', nothing to report'}`, async () => {
      const r = await fixturePair(name);
      expect(r.code, r.stderr).toBe(0);
      expect(summary(r.findings)).toEqual(expected);
    });
  }

  it('additions read backwards are removals without reserving: exit 99', async () => {
    const r = await fixturePair('additions', true);
    expect(r.code).toBe(99);
    expect(summary(r.findings)).toEqual(['B MESSAGE_REMOVED demo.v1.Note', 'B ENUM_REMOVED demo.v1.Phase', `B FIELD_REMOVED_NOT_RESERVED ${R}.voltage_v`, 'B ENUM_VALUE_REMOVED_NOT_RESERVED demo.v1.State.STATE_DEGRADED']);
  });

  it('findings carry the type, member, old and new in .proto notation, and say why', async () => {
    const [wire, reused, removed, renamed] = await Promise.all(['type-changed-wire-compatible', 'number-reused-other-type', 'message-removed', 'message-renamed'].map((n) => fixturePair(n)));
    expect(wire.findings[0]).toMatchObject({ type: R, member: 'sample_count', old: 'int32 sample_count = 8', new: 'int64 sample_count = 8' });
    expect(wire.findings[0].why).toMatch(/^wire-compatible .*truncated or change sign/);
    expect(reused.findings[0]).toMatchObject({ old: 'double power_watts = 3', new: 'string power_label = 3' });
    expect(reused.findings[0].why).toMatch(/with another type/);
    const [orphan, reading] = removed.findings;
    expect(orphan.why).toMatch(/top-level payload type/);
    expect(reading.why).toBe('removed; it was referenced by demo.v1.Batch.readings, demo.v1.Batch.latest in the old set');
    expect(renamed.findings.at(-1)).toMatchObject({ code: 'MESSAGE_REMOVED', new: 'message demo.v1.Sample (same fields: renamed?)' });
  });
});
