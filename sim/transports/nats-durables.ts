// Durable pull consumers on a WDPC stream: the server keeps each one's position (the last
// acknowledged message), so a reader that stops and comes back — even from another process —
// continues where it left off. Where a new one starts is explicit: every stored message, only new
// ones, from a stream sequence (replay) or from a time (replay), or the latest per subject (the
// current state of each node). A filter narrows it to a part of the hierarchy (wdpcFilter).

import { AckPolicy, DeliverPolicy, nanos, ReplayPolicy, type ConsumerConfig, type ConsumerInfo } from 'nats';
import { InputError, type InputProblem } from '../errors.ts';
import type { NatsLink } from './nats-connection.ts';
import { apiFailure, JsErr, jsErrCode } from './nats-failure.ts';

export type ConsumerStart =
  | { from: 'all' }
  | { from: 'new' }
  | { from: 'sequence'; seq: number }
  /** Messages stored at or after `at` (a Date or UNIX ms; millisecond precision). */
  | { from: 'time'; at: Date | number }
  | { from: 'last-per-subject' };

export interface DurableOptions {
  /** A subject filter inside the stream, e.g. one rack: wdpcFilter('component', { facility, rack }). */
  filter?: string;
  /** Where a newly created consumer starts (default all). Ignored for an existing one, but must not contradict it. */
  start?: ConsumerStart;
  /** Unacknowledged messages are redelivered after this long, ms (default 30 s). */
  ackWaitMs?: number;
  /** Delivery attempts per message before the server gives up on it (default 5; -1 = forever). */
  maxDeliver?: number;
  /** Delivered but unacknowledged messages at most (default 10,000). */
  maxAckPending?: number;
}

export interface DurableState {
  action: 'created' | 'existing';
  /** Messages matching the filter not yet delivered. */
  pending: number;
  /** Stream sequence up to which everything is acknowledged. */
  ackFloor: number;
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Creates the durable if it is missing; an existing one keeps its position. Its filter and start
 * are compared with the ones given here: a contradiction (another filter, another start) is an
 * InputError, not silently ignored — delete the consumer or pick another name.
 */
export async function ensureDurable(link: NatsLink, stream: string, name: string, o: DurableOptions = {}): Promise<DurableState> {
  const cfg = consumerConfig(name, o);
  let info: ConsumerInfo | undefined;
  try {
    info = await link.jsm.consumers.info(stream, name);
  } catch (err) {
    if (jsErrCode(err) !== JsErr.consumerNotFound) throw apiFailure(link.url, `reading consumer ${name} of stream ${stream}`, err);
  }
  if (info) {
    const conflicts = contradictions(info.config, cfg, o);
    if (conflicts.length > 0) throw new InputError(`durable consumer ${name} on ${stream} exists with another configuration`, conflicts);
    return { action: 'existing', pending: info.num_pending, ackFloor: info.ack_floor.stream_seq };
  }
  try {
    const made = await link.jsm.consumers.add(stream, cfg);
    return { action: 'created', pending: made.num_pending, ackFloor: made.ack_floor.stream_seq };
  } catch (err) {
    throw apiFailure(link.url, `creating consumer ${name} on stream ${stream}`, err);
  }
}

/** Removes a durable (its position is lost). False if there was none. */
export async function deleteDurable(link: NatsLink, stream: string, name: string): Promise<boolean> {
  try {
    return await link.jsm.consumers.delete(stream, name);
  } catch (err) {
    if (jsErrCode(err) === JsErr.consumerNotFound) return false;
    throw apiFailure(link.url, `deleting consumer ${name} of stream ${stream}`, err);
  }
}

export function consumerConfig(name: string, o: DurableOptions = {}): Partial<ConsumerConfig> {
  const problems: InputProblem[] = [];
  if (!NAME.test(name)) problems.push({ path: 'name', message: `'${name}' is not a durable name (1–64 of A-Z a-z 0-9 _ -)` });
  const s = o.start ?? { from: 'all' };
  const startMs = s.from === 'time' ? (s.at instanceof Date ? s.at.getTime() : s.at) : undefined;
  if (s.from === 'sequence' && !(Number.isSafeInteger(s.seq) && s.seq >= 1)) problems.push({ path: 'start.seq', message: 'a stream sequence is an integer ≥ 1' });
  if (startMs !== undefined && !(Number.isFinite(startMs) && startMs >= 0)) problems.push({ path: 'start.at', message: 'not a valid time' });
  if (s.from === 'last-per-subject' && o.filter === undefined) {
    problems.push({ path: 'filter', message: 'last-per-subject needs a filter (nats-server 2.9 refuses it without)', hint: "e.g. wdpcFilter('power')" });
  }
  if (!['all', 'new', 'sequence', 'time', 'last-per-subject'].includes(s.from)) problems.push({ path: 'start.from', message: `unknown start '${String(s.from)}'` });
  if (o.filter !== undefined && (o.filter.length === 0 || /\s/.test(o.filter) || o.filter.split('.').some((t) => t === ''))) {
    problems.push({ path: 'filter', message: `'${o.filter}' is not a subject filter` });
  }
  for (const [key, v, min] of [['ackWaitMs', o.ackWaitMs, 1], ['maxDeliver', o.maxDeliver, -1], ['maxAckPending', o.maxAckPending, 1]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v !== 0)) problems.push({ path: key, message: `must be an integer ≥ ${min}${min < 0 ? ' (and not 0)' : ''}` });
  }
  if (problems.length > 0) throw new InputError('bad durable consumer options', problems);
  return {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(o.ackWaitMs ?? 30_000),
    max_deliver: o.maxDeliver ?? 5,
    max_ack_pending: o.maxAckPending ?? 10_000,
    ...(o.filter !== undefined ? { filter_subject: o.filter } : {}),
    ...startConfig(s, startMs),
  };
}

function startConfig(s: ConsumerStart, startMs: number | undefined): Partial<ConsumerConfig> {
  switch (s.from) {
    case 'new':
      return { deliver_policy: DeliverPolicy.New };
    case 'sequence':
      return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: s.seq };
    case 'time':
      return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(startMs!).toISOString() };
    case 'last-per-subject':
      return { deliver_policy: DeliverPolicy.LastPerSubject };
    default:
      return { deliver_policy: DeliverPolicy.All };
  }
}

function contradictions(have: ConsumerConfig, want: Partial<ConsumerConfig>, o: DurableOptions): InputProblem[] {
  const hint = 'delete the consumer (deleteDurable) or use another name';
  const out: InputProblem[] = [];
  if ((have.filter_subject ?? '') !== (want.filter_subject ?? '')) {
    out.push({ path: 'filter', message: `it filters '${have.filter_subject ?? ''}', asked for '${want.filter_subject ?? ''}'`, hint });
  }
  if (o.start !== undefined) {
    const sameTime = Date.parse(have.opt_start_time ?? '') === Date.parse(want.opt_start_time ?? '');
    const same = have.deliver_policy === want.deliver_policy && (have.opt_start_seq ?? 0) === (want.opt_start_seq ?? 0) && (want.opt_start_time === undefined || sameTime);
    if (!same) out.push({ path: 'start', message: `it started ${describeStart(have)}, asked for ${describeStart(want)}`, hint });
  }
  return out;
}

function describeStart(c: Partial<ConsumerConfig>): string {
  if (c.deliver_policy === DeliverPolicy.StartSequence) return `at sequence ${c.opt_start_seq}`;
  if (c.deliver_policy === DeliverPolicy.StartTime) return `at ${c.opt_start_time}`;
  return `with deliver policy '${c.deliver_policy}'`;
}
