// Scenario mistakes in the Powernaut profile are bad input (exit 2) with a path and a hint.
import { describe, expect, it } from 'vitest';
import { problems } from '../scenario/problem-helpers.ts';

const base = (profile: string, extra = '', mode = 'fast') => `
run: { duration: 1 min, window: 1 s, mode: ${mode} }
sites:
  dc1:
    ai_load: { rated_power: 10 MW }
    battery: { energy: 4 MWh, power: 2 MW, mode: idle }
${extra}
profiles:
  powernaut: ${profile}
`;
const at = (text: string) => problems(text).map((p) => `${p.path.replace(/^\S+ /, '')}: ${p.message}`);

describe('Powernaut scenario checks', () => {
  it('duplicate client IDs are refused (PN-CLIENT-001)', () => {
    const list = at(base("{ client_id: 'meter-{site}' }"));
    expect(list).toEqual([expect.stringMatching(/^profiles\.powernaut\.client_id: client ID 'meter-dc1' would be used by dc1, dc1-battery, dc1-load/)]);
  });

  it('a live platform needs real time; setpoint entries need the reference platform and a known resource', () => {
    expect(at(base('{ platform: live }'))).toEqual([expect.stringMatching(/^profiles\.powernaut\.platform: the platform is live/)]);
    const tl = 'timeline:\n  - { at: 5 s, type: setpoint, resource: dc1-batery, value: 1 MW, length: 10 s }';
    expect(at(base('{}', tl))).toEqual([expect.stringMatching(/^timeline\[0\]\.resource: no resource 'dc1-batery'/)]);
    expect(problems(base('{}', tl))[0].hint).toContain("did you mean 'dc1-battery'");
  });

  it('the interval must be whole windows, credentials must match the auth mode, QoS 0 does not exist', () => {
    expect(at(base('{ interval: 2.5 s }'))).toEqual([expect.stringMatching(/^profiles\.powernaut\.interval:/)]);
    expect(at(base('{ auth: { mode: edge } }'))).toEqual([expect.stringMatching(/^profiles\.powernaut\.auth: auth mode 'edge' needs/)]);
    expect(at(base('{ qos: 0 }'))[0]).toMatch(/^profiles\.powernaut\.qos/);
  });
});
