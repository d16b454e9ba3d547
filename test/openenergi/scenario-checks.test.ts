// Scenario mistakes in the Open Energi profile are bad input (exit 2) with a path and a hint.
import { describe, expect, it } from 'vitest';
import { problems } from '../scenario/problem-helpers.ts';

const base = (profile: string, extra = '', mode = 'fast') => `
run: { duration: 1 min, window: 100 ms, mode: ${mode}, start: 2026-11-23T15:55:00Z }
sites:
  dc1:
    ai_load: { rated_power: 10 MW }
    battery: { energy: 4 MWh, power: 2 MW, mode: idle }
  dc2:
    ai_load: { rated_power: 10 MW }
${extra}
profiles:
  openenergi: ${profile}
`;
const at = (text: string) => problems(text).map((p) => `${p.path.replace(/^\S+ /, '')}: ${p.message}`);
const signal = (points: string, targets = '') => `timeline:\n  - { at: 5 s, type: oe_signal, ${targets}points: [${points}] }`;

describe('Open Energi scenario checks', () => {
  it('a device ID template without {site} gives two sites one device ID', () => {
    expect(at(base("{ device_id: 'gateway' }"))).toEqual([expect.stringMatching(/^profiles\.openenergi\.device_id: device ID 'gateway' would be used by dc1, dc2/)]);
  });

  it('a live portfolio manager needs real time; signal entries need the reference one', () => {
    expect(at(base('{ portfolio: live }'))).toEqual([expect.stringMatching(/^profiles\.openenergi\.portfolio: the portfolio manager is live/)]);
    expect(at(base('{ portfolio: live }', signal('{ start: 0 s, oe-add: 0 }'), 'realtime'))).toEqual([expect.stringMatching(/^timeline\[0\]: oe_signal entries are sent by the reference portfolio manager/)]);
  });

  it('signal entries without the profile say which profile is missing', () => {
    const text = base('{}', signal('{ start: 0 s, oe-add: 0 }')).replace(/profiles:\n  openenergi: \{\}\n/, '');
    expect(at(text)).toEqual([expect.stringMatching(/^timeline\[0\]: oe_signal entries are sent by the Open Energi reference portfolio manager, but profiles\.openenergi is absent/)]);
  });

  it('signal points out of order, setting nothing, or leaving the entity unsafe are refused', () => {
    expect(at(base('{}', signal('{ start: 10 s, oe-add: -0.2 }, { start: 5 s, oe-add: 0 }')))).toEqual([expect.stringMatching(/^timeline\[0\]\.points\[1\]\.start: signal points must be in strictly increasing time order/)]);
    expect(at(base('{}', signal('{ start: 0 s }')))).toEqual([expect.stringMatching(/^timeline\[0\]\.points\[0\]: the point sets no variable/)]);
    const unsafe = at(base('{}', signal('{ start: 0 s, oe-add: -0.2, oe-multiply-low: 2 }, { start: 1 min, oe-add: 0 }')));
    expect(unsafe).toEqual([expect.stringMatching(/^timeline\[0\]\.points\[1\]: the last point must leave the entities safe: oe-multiply-low back to 1/)]);
  });

  it('targets must exist: an unknown site (with a suggestion) or no battery on the targeted sites', () => {
    const p = problems(base('{}', signal('{ start: 0 s, oe-add: 0 }', 'sites: [dc3], ')));
    expect(p.map((x) => x.path.replace(/^\S+ /, ''))).toContain('timeline[0].sites[0]');
    expect(p.find((x) => x.path.endsWith('sites[0]'))!.hint).toMatch(/did you mean 'dc1'|dc1/);
    expect(at(base('{}', signal('{ start: 0 s, oe-add: 0 }', 'sites: [dc2], assets: [battery], ')))).toEqual([expect.stringMatching(/^timeline\[0\]\.assets: no battery entity on the targeted sites/)]);
  });

  it('schedule-signal spans and repeats must be ISO 8601; a repeat needs a span', () => {
    const entry = (iv: string) => `timeline:\n  - { at: 5 s, type: oe_schedule_signal, variable: oe-add, schedule: [${iv}] }`;
    expect(at(base('{}', entry('{ span: "Monday 16:00 for 2 h", value: -0.5 }')))).toEqual([expect.stringMatching(/^timeline\[0\]\.schedule\[0\]\.span: 'Monday 16:00 for 2 h' is not an ISO 8601 interval/)]);
    expect(at(base('{}', entry('{ span: 2026-W48-1T16:00:00/PT2H, repeat: weekly, value: -0.5 }')))).toEqual([expect.stringMatching(/^timeline\[0\]\.schedule\[0\]\.repeat: 'weekly' is not a positive ISO 8601 duration/)]);
    expect(at(base('{}', entry('{ repeat: P1W, value: -0.5 }')))).toEqual([expect.stringMatching(/^timeline\[0\]\.schedule\[0\]\.repeat: a repeat needs a span/)]);
    expect(() => problems(base('{}', entry('{ span: 2026-W48-1T16:00:00/PT2H, repeat: P1W, value: -0.5 }, { value: 0 }')))).toThrow();
  });

  it('the sample must be whole windows, the time zone real, QoS 2 does not exist', () => {
    expect(at(base('{ sample: 150 ms }'))).toEqual([expect.stringMatching(/^profiles\.openenergi\.sample: 0\.15 s is not a whole number of windows/)]);
    expect(at(base('{ time_zone: Europe/Londn }'))).toEqual([expect.stringMatching(/^profiles\.openenergi\.time_zone: unknown time zone 'Europe\/Londn'/)]);
    expect(at(base('{ qos: 2 }'))[0]).toMatch(/^profiles\.openenergi\.qos/);
  });
});
