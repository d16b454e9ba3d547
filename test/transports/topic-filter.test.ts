import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import {
  compileTopicFilter,
  isValidTopicFilter,
  isValidTopicName,
  splitSharedSubscription,
  topicMatches,
} from '../../sim/transports/topic-filter.ts';

// [filter, topic, matches] — the examples of MQTT 3.1.1 / 5 §4.7 plus the edge cases around them.
const MATCH_TABLE: Array<[string, string, boolean]> = [
  ['sport/tennis/player1', 'sport/tennis/player1', true],
  ['sport/tennis/player1', 'sport/tennis/player2', false],
  ['sport/tennis/player1', 'Sport/tennis/player1', false], // case-sensitive
  ['sport/tennis/player1/#', 'sport/tennis/player1', true], // '#' includes the parent level
  ['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true],
  ['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true],
  ['sport/#', 'sport', true],
  ['#', 'sport/tennis', true],
  ['#', '/', true],
  ['sport/tennis/+', 'sport/tennis/player1', true],
  ['sport/tennis/+', 'sport/tennis/player1/tracking', false],
  ['sport/+', 'sport', false], // '+' needs a level to fill
  ['sport/+', 'sport/', true], // ... but an empty level is one
  ['+/+', '/finance', true],
  ['/+', '/finance', true],
  ['+', '/finance', false],
  ['+/tennis/#', 'sport/tennis/player1', true],
  ['a//b', 'a//b', true],
  ['a/+/b', 'a//b', true],
  ['a/b', 'a/b/c', false],
  ['a/b/c', 'a/b', false],
  // $-topics are not matched by a filter that starts with a wildcard (§4.7.2)
  ['#', '$SYS/broker/load', false],
  ['+/monitor/Clients', '$SYS/monitor/Clients', false],
  ['$SYS/#', '$SYS/broker/load', true],
  ['$SYS/monitor/+', '$SYS/monitor/Clients', true],
  ['$SYS/+/load', '$SYS/broker/load', true],
  // a wildcard deeper down does match below a $-topic
  ['$share-like/+', '$share-like/x', true],
  // shared subscriptions match on the filter after the group
  ['$share/group1/site/+/meter', 'site/dc1/meter', true],
  ['$share/group1/site/+/meter', 'site/dc1/battery', false],
  ['$share/g/#', '$SYS/x', false],
];

describe('topic filter matching', () => {
  it.each(MATCH_TABLE)("filter '%s' against topic '%s' → %s", (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });

  it('a compiled filter gives the same answers as topicMatches for every table row', () => {
    for (const [filter, topic, expected] of MATCH_TABLE) {
      expect(compileTopicFilter(filter)(topic), `${filter} vs ${topic}`).toBe(expected);
    }
  });

  it('compiling an invalid filter throws an InputError naming the filter', () => {
    expect(() => compileTopicFilter('a/#/b')).toThrow(InputError);
    expect(() => compileTopicFilter('a/#/b')).toThrow(/'a\/#\/b'/);
  });
});

describe('topic filter and topic name validity', () => {
  it.each([
    ['#', true],
    ['+', true],
    ['a/+/b/#', true],
    ['/', true],
    ['$SYS/#', true],
    ['$share/g/a/+', true],
    ['', false],
    ['a/#/b', false], // '#' not last
    ['a#', false], // '#' not alone in its level
    ['a/b+', false], // '+' not alone in its level
    ['+a', false],
    ['a\u0000b', false],
    ['$share/g', false], // no filter after the group
    ['$share//a', false], // empty group
    ['$share/g+/a', false], // wildcard in the group
  ])("filter '%s' is valid: %s", (filter, valid) => {
    expect(isValidTopicFilter(filter)).toBe(valid);
  });

  it.each([
    ['a/b', true],
    ['/', true],
    ['$SYS/x', true],
    ['', false],
    ['a/+', false],
    ['a/#', false],
    ['a\u0000', false],
  ])("topic name '%s' is valid: %s", (topic, valid) => {
    expect(isValidTopicName(topic)).toBe(valid);
  });

  it('a filter longer than 65535 UTF-8 bytes is invalid, one of exactly 65535 is valid', () => {
    expect(isValidTopicFilter('a'.repeat(65_535))).toBe(true);
    expect(isValidTopicFilter('a'.repeat(65_536))).toBe(false);
    // 'é' is two bytes: 32768 of them exceed the limit although the string has fewer characters
    expect(isValidTopicName('é'.repeat(32_768))).toBe(false);
  });

  it('a shared subscription splits into group and filter', () => {
    expect(splitSharedSubscription('$share/grp/a/b')).toEqual({ group: 'grp', filter: 'a/b' });
    expect(splitSharedSubscription('a/b')).toEqual({ filter: 'a/b' });
    expect(splitSharedSubscription('$share/grp')).toBeNull();
  });
});
