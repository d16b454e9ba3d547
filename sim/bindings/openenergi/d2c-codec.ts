// Open Energi device→cloud messages (message format 2.0.0, "Message Types"): readings, events and
// schedules, one JSON object per message or a JSON array of them (a batch). The encoder writes
// gridtwin's own messages with the members in the order of the spec's field tables; the checks
// (d2c-checks.ts) run on every device→cloud payload, gridtwin's and anybody else's.
import { isKwType } from './d2c-checks.ts';

export { checkDeviceToCloud, isAmountType, isKwType, MAX_D2C_BYTES, MAX_FUTURE_MS } from './d2c-checks.ts';

export interface OeReading {
  topic: 'readings';
  entity: string;
  type: string;
  /** UNIX ms of the measurement (the spec's `timestamp`). */
  timestampMs: number;
  /** kW for power / availability / response (see toKw100W), the process variable's unit otherwise. */
  value: number;
  /** ISO 8601 datetime (`created_at`). */
  createdAt?: string;
}

export interface OeEvent {
  topic: 'events';
  entity: string;
  type: string;
  /** UNIX ms of the state transition. */
  timestampMs: number;
  /** 0 DEBUG, 1 INFO, 2 WARN, 3 ERROR. */
  level: 0 | 1 | 2 | 3;
  value?: string | null;
}

export interface OeInterval {
  /** ISO 8601 interval (start/duration); null = always (the default interval). */
  span: string | null;
  /** ISO 8601 duration between repeats; null = non-recurring. */
  repeat: string | null;
  value: unknown;
}

export interface OeScheduleMsg {
  topic: 'schedules';
  entity: string;
  type: string;
  schedule: OeInterval[];
}

export type D2CMessage = OeReading | OeEvent | OeScheduleMsg;

/**
 * W → kW rounded to the nearest 100 W (halves away from zero, so a battery's export rounds like
 * its import); −0 becomes 0. The result is the double nearest to n/10, which prints as n/10.
 */
export function toKw100W(watts: number): number {
  const tenths = Math.sign(watts) * Math.round(Math.abs(watts) / 100);
  return tenths / 10 || 0;
}

/** A kW number printed with at most one decimal (12.3, 0.3, 10 — never 0.30000000000000004). */
function kw(v: number): string {
  return String(Math.round(v * 10) / 10 || 0);
}

const q = (s: string): string => JSON.stringify(s);

function timestamp(ms: number, what: string): string {
  // gridtwin's own messages: a non-integer time is a bug upstream, not something to send.
  if (!Number.isSafeInteger(ms)) throw new RangeError(`${what}: timestampMs must be an integer number of UNIX ms, got ${ms}`);
  return String(ms);
}

function member(m: D2CMessage): string {
  const head = `"topic":${q(m.topic)},"entity":${q(m.entity)},"type":${q(m.type)}`;
  const what = `${m.topic} ${m.entity}/${m.type}`;
  switch (m.topic) {
    case 'readings': {
      if (!Number.isFinite(m.value)) throw new RangeError(`${what}: value must be a finite number, got ${m.value}`);
      const value = isKwType(m.type) ? kw(m.value) : JSON.stringify(m.value);
      const created = m.createdAt !== undefined ? `,"created_at":${q(m.createdAt)}` : '';
      return `{${head},"timestamp":${timestamp(m.timestampMs, what)},"value":${value}${created}}`;
    }
    case 'events': {
      const value = m.value === undefined ? '' : `,"value":${m.value === null ? 'null' : q(m.value)}`;
      return `{${head},"timestamp":${timestamp(m.timestampMs, what)},"level":${m.level}${value}}`;
    }
    case 'schedules': {
      const iv = m.schedule.map(
        (i) => `{"span":${i.span === null ? 'null' : q(i.span)},"repeat":${i.repeat === null ? 'null' : q(i.repeat)},"value":${JSON.stringify(i.value) ?? 'null'}}`,
      );
      return `{${head},"schedule":[${iv.join(',')}]}`;
    }
  }
}

/** One message as an object, several as a JSON array (a batch), in the order given. */
export function encodeD2C(msgs: readonly D2CMessage[]): string {
  if (msgs.length === 0) throw new RangeError('encodeD2C: nothing to encode (the spec has no empty batch)');
  return msgs.length === 1 ? member(msgs[0]) : `[${msgs.map(member).join(',')}]`;
}
