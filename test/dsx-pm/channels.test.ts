import { describe, expect, it } from 'vitest';
import { ENVELOPE_SCHEMAS } from '../../sim/bindings/dsx-pm/asyncapi.ts';
import {
  buildTopic,
  channelById,
  channelForEventType,
  dsxChannels,
  matchTopic,
  subscriptionFilters,
} from '../../sim/bindings/dsx-pm/channels.ts';

describe('DSX channels derived from the AsyncAPI document', () => {
  it('come out as the four Power Management channels', () => {
    const summary = dsxChannels().map((c) => ({
      id: c.id,
      address: c.address,
      parameters: c.parameters,
      role: c.publisherRole,
      type: c.eventType,
      envelope: c.envelopeSchema,
      data: c.dataSchema,
      qos: c.qos,
      filter: c.subscriptionFilter,
    }));
    expect(summary).toEqual([
      {
        id: 'loadTargetSetChannel',
        address: 'grid/v1/isv/{identifier}/loadtarget/set',
        parameters: ['identifier'],
        role: 'isv',
        type: 'grid.loadtarget.set.v1',
        envelope: 'LoadTargetSetEvent',
        data: 'SetLoadTargetData',
        qos: 1,
        filter: 'grid/v1/isv/+/loadtarget/set',
      },
      {
        id: 'powerStateStatusChannel',
        address: 'grid/v1/poweragent/{identifier}/powerstate/status',
        parameters: ['identifier'],
        role: 'poweragent',
        type: 'grid.powerstate.status.v1',
        envelope: 'PowerStateStatusEvent',
        data: 'PowerStateStatusData',
        qos: 1,
        filter: 'grid/v1/poweragent/+/powerstate/status',
      },
      {
        id: 'powerBreachAlertChannel',
        address: 'grid/v1/poweragent/{identifier}/powerbreach',
        parameters: ['identifier'],
        role: 'poweragent',
        type: 'grid.powerbreach.alert.v1',
        envelope: 'PowerBreachAlertEvent',
        data: 'PowerBreachAlertData',
        qos: 2,
        filter: 'grid/v1/poweragent/+/powerbreach',
      },
      {
        id: 'powerBreachEnforcementChannel',
        address: 'grid/v1/infra/{infraAgentId}/powerbreach/enforcement',
        parameters: ['infraAgentId'],
        role: 'infra',
        type: 'grid.powerbreach.enforcement.v1',
        envelope: 'PowerBreachEnforcementEvent',
        data: 'PowerBreachEnforcementData',
        qos: 2,
        filter: 'grid/v1/infra/+/powerbreach/enforcement',
      },
    ]);
    expect(subscriptionFilters()).toEqual(dsxChannels().map((c) => c.subscriptionFilter));
    expect(new Set(dsxChannels().map((c) => c.envelopeSchema))).toEqual(new Set(ENVELOPE_SCHEMAS));
  });

  it('link each channel to its send and receive operations', () => {
    const ch = channelById('powerBreachAlertChannel');
    expect(ch?.sendOperations).toEqual(['publishPowerBreachAlert']);
    expect(ch?.receiveOperations).toEqual(['subscribePowerBreachAlert']);
    expect(channelById('loadTargetSetChannel')?.messageName).toBe('LoadTargetSetMessage');
  });

  it('are found by event type', () => {
    expect(channelForEventType('grid.powerbreach.enforcement.v1')?.id).toBe('powerBreachEnforcementChannel');
    expect(channelForEventType('grid.loadtarget.set.v2')).toBeUndefined();
  });
});

describe('topics', () => {
  it('match a concrete topic to its channel and parameter values', () => {
    const m = matchTopic('grid/v1/isv/acme-energy/loadtarget/set');
    expect(m?.channel.id).toBe('loadTargetSetChannel');
    expect(m?.params).toEqual({ identifier: 'acme-energy' });
    expect(m?.identifier).toBe('acme-energy');

    const e = matchTopic('grid/v1/infra/ima-prod/powerbreach/enforcement');
    expect(e?.channel.id).toBe('powerBreachEnforcementChannel');
    expect(e?.params).toEqual({ infraAgentId: 'ima-prod' });

    // powerbreach and powerbreach/enforcement differ only in depth and role
    expect(matchTopic('grid/v1/poweragent/dps-prod/powerbreach')?.channel.id).toBe('powerBreachAlertChannel');
  });

  it.each([
    'grid/v1/isv//loadtarget/set', // empty identifier
    'grid/v1/isv/+/loadtarget/set', // a filter, not a topic
    'grid/v1/isv/a/b/loadtarget/set', // identifier spanning two levels
    'grid/v1/poweragent/dps/loadtarget/set', // right suffix, wrong role
    'grid/v1/poweragent/dps-prod/powerbreach/enforcement',
    'grid/v1/isv/acme/loadtarget/set/', // trailing level
    '/grid/v1/isv/acme/loadtarget/set',
    'grid/v2/isv/acme/loadtarget/set',
    'GRID/v1/isv/acme/loadtarget/set', // topics are case-sensitive
    'grid/v1/isv/acme/loadtarget/set#',
  ])('do not match %s', (topic) => {
    expect(matchTopic(topic)).toBeUndefined();
  });

  it('give the same answers from the match cache, also after a flood of distinct topics', () => {
    const first = matchTopic('grid/v1/poweragent/dps-prod/powerstate/status');
    expect(matchTopic('grid/v1/poweragent/dps-prod/powerstate/status')).toBe(first);
    expect(matchTopic('grid/v1/nope')).toBeUndefined();
    expect(matchTopic('grid/v1/nope')).toBeUndefined();
    for (let i = 0; i < 10_000; i++) matchTopic(`grid/v1/isv/flood-${i}/loadtarget/set`);
    expect(matchTopic('grid/v1/poweragent/dps-prod/powerstate/status')?.identifier).toBe('dps-prod');
    expect(matchTopic('grid/v1/isv/flood-3/loadtarget/set')?.identifier).toBe('flood-3');
    expect(matchTopic('grid/v1/nope')).toBeUndefined();
  });

  it('are built from a channel and an identifier, and round-trip through the matcher', () => {
    for (const ch of dsxChannels()) {
      const topic = buildTopic(ch, 'site-7.unit_3');
      const m = matchTopic(topic);
      expect(m?.channel).toBe(ch);
      expect(m?.identifier).toBe('site-7.unit_3');
    }
    expect(buildTopic('powerStateStatusChannel', { identifier: 'dps-prod' })).toBe(
      'grid/v1/poweragent/dps-prod/powerstate/status',
    );
  });

  it.each(['', 'a/b', '+', 'a#', 'nul\u0000'])('refuse identifier %j', (identifier) => {
    expect(() => buildTopic('loadTargetSetChannel', identifier)).toThrow(/not a valid MQTT topic level/);
  });

  it('refuse unknown channels and missing parameters', () => {
    expect(() => buildTopic('nope', 'x')).toThrow(/unknown DSX channel/);
    expect(() => buildTopic('powerBreachEnforcementChannel', { identifier: 'x' })).toThrow(/infraAgentId/);
  });
});
