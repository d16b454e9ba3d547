// One JetStream stream per WDPC message family, made to match a configuration idempotently: a
// missing stream is created, one whose limits differ is updated, an equal one is left alone.
// A stream captures exactly its family's six-token subjects (nats-subjects.ts), so a malformed
// subject finds no stream and its publish fails instead of being stored somewhere unexpected.

import { DiscardPolicy, nanos, RetentionPolicy, StorageType, type StreamConfig, type StreamInfo } from 'nats';
import { InputError, type InputProblem } from '../errors.ts';
import type { NatsLink } from './nats-connection.ts';
import { apiFailure, JsErr, jsErrCode } from './nats-failure.ts';
import { familySubjects, streamName } from './nats-subjects.ts';

/** The spec's message families (the list); ensureStreams takes any list. */
export const WDPC_FAMILIES = ['workload', 'infrastructure', 'component', 'power', 'thermal', 'grid', 'marketplace'] as const;

export interface StreamLimits {
  /** Stream names are `${prefix}_${FAMILY}` (default WDPC). */
  prefix?: string;
  /** Messages older than this are removed, ms (default 1 h; 0 = kept forever). */
  maxAgeMs?: number;
  /** Oldest messages are removed beyond this many bytes per stream (default -1 = no limit). */
  maxBytes?: number;
  /** 'file' (default: survives a server restart) or 'memory'. */
  storage?: 'file' | 'memory';
  /** How long a message id is remembered for de-duplication, ms (default 2 min, at most maxAgeMs). */
  duplicateWindowMs?: number;
}

export interface StreamResult {
  family: string;
  stream: string;
  subjects: string;
  action: 'created' | 'updated' | 'unchanged';
}

/** Creates, updates or leaves each family's stream so it has `limits`. Families are checked first, all of them. */
export async function ensureStreams(link: NatsLink, families: readonly string[], limits: StreamLimits = {}): Promise<StreamResult[]> {
  const wanted = families.map((family) => ({ family, cfg: streamConfig(family, limits) }));
  const seen = new Set<string>();
  for (const { family } of wanted) {
    if (seen.has(family)) throw new InputError(`message family '${family}' is listed twice`);
    seen.add(family);
  }
  const out: StreamResult[] = [];
  for (const { family, cfg } of wanted) {
    out.push({ family, stream: cfg.name, subjects: cfg.subjects[0], action: await ensureOne(link, cfg) });
  }
  return out;
}

/** The stream configuration for one family (validated; InputError lists every bad limit). */
export function streamConfig(family: string, l: StreamLimits = {}): StreamConfig {
  const maxAgeMs = l.maxAgeMs ?? 3_600_000;
  const dupMs = l.duplicateWindowMs ?? Math.min(120_000, maxAgeMs || 120_000);
  const problems: InputProblem[] = [];
  if (!Number.isInteger(maxAgeMs) || (maxAgeMs !== 0 && maxAgeMs < 100)) problems.push({ path: 'maxAgeMs', message: 'must be 0 (forever) or an integer ≥ 100 ms' });
  if (!Number.isInteger(dupMs) || dupMs < 0 || (maxAgeMs > 0 && dupMs > maxAgeMs)) problems.push({ path: 'duplicateWindowMs', message: 'must be an integer ≥ 0 and at most maxAgeMs' });
  if (l.maxBytes !== undefined && (!Number.isInteger(l.maxBytes) || (l.maxBytes !== -1 && l.maxBytes < 1))) problems.push({ path: 'maxBytes', message: 'must be -1 (no limit) or a positive integer' });
  if (l.storage !== undefined && l.storage !== 'file' && l.storage !== 'memory') problems.push({ path: 'storage', message: "must be 'file' or 'memory'" });
  if (problems.length > 0) throw new InputError(`bad stream limits for family '${family}'`, problems);
  return {
    name: streamName(family, l.prefix),
    subjects: [familySubjects(family)],
    retention: RetentionPolicy.Limits,
    storage: l.storage === 'memory' ? StorageType.Memory : StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(maxAgeMs),
    max_bytes: l.maxBytes ?? -1,
    duplicate_window: nanos(dupMs),
    num_replicas: 1,
  } as StreamConfig;
}

async function ensureOne(link: NatsLink, cfg: StreamConfig): Promise<StreamResult['action']> {
  let info: StreamInfo | undefined;
  try {
    info = await link.jsm.streams.info(cfg.name);
  } catch (err) {
    if (jsErrCode(err) !== JsErr.streamNotFound) throw apiFailure(link.url, `reading stream ${cfg.name}`, err);
  }
  try {
    if (!info) {
      await link.jsm.streams.add(cfg);
      return 'created';
    }
    const have = info.config;
    if (have.storage !== cfg.storage) {
      throw new InputError(`stream ${cfg.name} exists with ${have.storage} storage; JetStream cannot change a stream's storage`, [
        { path: 'storage', message: `wanted ${cfg.storage}`, hint: `delete the stream (nats stream rm ${cfg.name}) or use another prefix` },
      ]);
    }
    const same =
      have.subjects?.length === 1 && have.subjects[0] === cfg.subjects[0] && have.max_age === cfg.max_age && have.max_bytes === cfg.max_bytes && have.duplicate_window === cfg.duplicate_window && have.discard === cfg.discard;
    if (same) return 'unchanged';
    const { name: _name, storage: _storage, ...changes } = cfg;
    await link.jsm.streams.update(cfg.name, changes);
    return 'updated';
  } catch (err) {
    if (err instanceof InputError) throw err;
    const hint = jsErrCode(err) === JsErr.subjectsOverlap ? ` (another stream already captures ${cfg.subjects[0]}: remove it or use its name)` : '';
    throw apiFailure(link.url, `${info ? 'updating' : 'creating'} stream ${cfg.name}${hint}`, err);
  }
}
