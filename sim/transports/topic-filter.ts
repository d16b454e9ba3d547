// MQTT topic names and topic filters (MQTT 3.1.1 §4.7, MQTT 5 §4.7): validation and matching.
// Bindings route inbound messages with these, and conformance rules check what a live counterpart
// subscribes to, so the rules here follow the spec text rather than any one broker's leniency.

import { InputError } from '../errors.ts';

/** Topics and filters are UTF-8 strings of at most 65535 bytes (the 2-byte length prefix). */
const MAX_TOPIC_BYTES = 65_535;

/** A topic name is what a PUBLISH carries: no wildcards, not empty, no NUL (§4.7.3, §1.5.3). */
export function isValidTopicName(topic: string): boolean {
  if (topic.length === 0 || Buffer.byteLength(topic, 'utf8') > MAX_TOPIC_BYTES) return false;
  return !/[+#\u0000]/.test(topic);
}

/**
 * A topic filter is what a SUBSCRIBE carries: `+` must fill a whole level, `#` must fill the last
 * level (§4.7.1.2, §4.7.1.3). `$share/{group}/{filter}` (MQTT 5 shared subscriptions, §4.8.2) is
 * valid when the group is a non-empty level without wildcards and the rest is a valid filter.
 */
export function isValidTopicFilter(filter: string): boolean {
  if (filter.length === 0 || Buffer.byteLength(filter, 'utf8') > MAX_TOPIC_BYTES) return false;
  if (filter.includes('\u0000')) return false;
  const shared = splitSharedSubscription(filter);
  if (shared === null) return false;
  const levels = shared.filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return false;
    if (level.includes('+') && level !== '+') return false;
  }
  return true;
}

/**
 * Returns a matcher for one filter, so a subscription compiled once costs only a level walk per
 * message. Throws InputError for an invalid filter: filters come from scenarios and profiles.
 */
export function compileTopicFilter(filter: string): (topic: string) => boolean {
  if (!isValidTopicFilter(filter)) {
    throw new InputError(`invalid MQTT topic filter '${filter}'`, [
      {
        path: 'topic filter',
        message: `'${filter}' is not a valid MQTT topic filter`,
        hint: "'+' must fill a whole level and '#' must be the whole last level, e.g. 'site/+/meter/#'",
      },
    ]);
  }
  const levels = (splitSharedSubscription(filter) as { filter: string }).filter.split('/');
  // §4.7.2: a filter starting with a wildcard must not match topics starting with '$' ($SYS etc.).
  const wildcardFirst = levels[0] === '+' || levels[0] === '#';
  return (topic: string): boolean => {
    if (wildcardFirst && topic.startsWith('$')) return false;
    const parts = topic.split('/');
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i];
      // '#' also matches the parent level itself: 'a/#' matches 'a' (§4.7.1.2).
      if (level === '#') return true;
      if (i >= parts.length) return false;
      if (level !== '+' && level !== parts[i]) return false;
    }
    return parts.length === levels.length;
  };
}

/** True when `topic` matches `filter`. For repeated use compile the filter once instead. */
export function topicMatches(filter: string, topic: string): boolean {
  return compileTopicFilter(filter)(topic);
}

/**
 * Strips the `$share/{group}/` prefix of an MQTT 5 shared subscription: the group decides who gets
 * a message, the remaining filter decides which messages match. Returns null for a malformed share.
 */
export function splitSharedSubscription(filter: string): { group?: string; filter: string } | null {
  if (!filter.startsWith('$share/')) return { filter };
  const rest = filter.slice('$share/'.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const group = rest.slice(0, slash);
  if (/[+#]/.test(group)) return null;
  const inner = rest.slice(slash + 1);
  if (inner.length === 0) return null;
  return { group, filter: inner };
}
