// The WDPC envelope on the wire: a payload message wrapped in wdpc.core.v1.WDPCMessage with its
// type, source, timestamp and the integrity fields (MessageMetadata key_id, sequence_number,
// hmac_sha256; integrity.ts says what the MAC covers). `seal` is the publisher's side (one
// sequence counter per source), `open` the receiver's: it decodes, checks integrity, and decodes
// the payload as the type the envelope declares.
import type protobuf from 'protobufjs';
import type { KeyObject } from 'node:crypto';
import { computeMac, IntegrityChecker, macKey, type EnvelopeFields, type IntegrityCheck } from './integrity.ts';
import { MESSAGE_TYPE, MESSAGE_TYPE_OF, WDPC_STREAM_MESSAGES, wdpcType } from './schema.ts';

export const SCHEMA_VERSION = 'wdpc.v1';

export interface SealOptions {
  keyId: string;
  key: Uint8Array;
}

/** The payload type per envelope message_type (the primary stream message of each type). */
const PAYLOAD_TYPE: Readonly<Record<number, string>> = Object.freeze(
  Object.fromEntries(WDPC_STREAM_MESSAGES.filter((m) => m.primary).map((m) => [MESSAGE_TYPE[m.messageType], m.fullName])),
);

export class EnvelopeSealer {
  private readonly seq = new Map<string, bigint>();
  private readonly envelope = wdpcType('wdpc.core.v1.WDPCMessage');
  private readonly key: KeyObject;

  constructor(private readonly o: SealOptions) {
    this.key = macKey(o.key);
  }

  /** Wraps `payload` (a plain object of `typeName`) from `sourceId` at UNIX ms `timestampMs`. */
  seal(typeName: string, payload: Record<string, unknown>, sourceId: string, timestampMs: number): Uint8Array {
    const type = wdpcType(typeName);
    const messageType = MESSAGE_TYPE_OF[typeName];
    if (messageType === undefined) throw new Error(`${typeName} has no WDPC message_type`);
    const bytes = type.encode(type.fromObject(payload)).finish();
    const sequence = (this.seq.get(sourceId) ?? 0n) + 1n;
    this.seq.set(sourceId, sequence);
    const f: EnvelopeFields = { keyId: this.o.keyId, sourceId, messageType, timestampMs, sequence, payload: bytes };
    const ms = Math.round(timestampMs);
    // Encoded straight from a plain object whose fields already have their wire types (no
    // fromObject: this runs for every envelope).
    return this.envelope
      .encode({
        message_id: `${sourceId}/${sequence}`,
        timestamp: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
        source_component_id: sourceId,
        message_type: messageType,
        payload: bytes,
        metadata: { schema_version: SCHEMA_VERSION, key_id: this.o.keyId, sequence_number: sequence.toString(), hmac_sha256: computeMac(this.key, f) },
      })
      .finish();
  }
}

export interface OpenedEnvelope {
  accepted: boolean;
  checks: IntegrityCheck[];
  sourceId?: string;
  messageType?: number;
  /** The envelope's timestamp, UNIX ms. */
  timestampMs?: number;
  /** The decoded payload, when integrity held and it decodes as its declared type. */
  payload?: protobuf.Message;
}

/** Decodes an envelope, checks integrity (WDPC-SEC-*), then the payload (WDPC-SCHEMA-001). */
export function openEnvelope(bytes: Uint8Array, checker: IntegrityChecker, receivedMs: number): OpenedEnvelope {
  const envelope = wdpcType('wdpc.core.v1.WDPCMessage');
  // The decoded message's fields are read directly (no toObject: this runs on every envelope).
  // proto3 leaves unset fields at their defaults on the prototype: '' , 0, empty bytes, null.
  let env: any;
  try {
    env = envelope.decode(bytes);
  } catch (err) {
    return { accepted: false, checks: [{ rule: 'WDPC-SCHEMA-001', ok: false, detail: `not a WDPCMessage: ${(err as Error).message}` }] };
  }
  const meta = env.metadata ?? {};
  const ts = env.timestamp ?? {};
  const f: EnvelopeFields = {
    keyId: String(meta.key_id ?? ''),
    sourceId: String(env.source_component_id ?? ''),
    messageType: Number(env.message_type ?? 0),
    timestampMs: longNumber(ts.seconds) * 1000 + Math.round(Number(ts.nanos ?? 0) / 1e6),
    sequence: BigInt(String(meta.sequence_number ?? 0)),
    payload: bytesOf(env.payload),
  };
  const v = checker.check(f, bytesOf(meta.hmac_sha256), receivedMs);
  const out: OpenedEnvelope = { accepted: v.accepted, checks: v.checks, sourceId: f.sourceId, messageType: f.messageType, timestampMs: f.timestampMs };
  if (!v.accepted) return out;
  const typeName = PAYLOAD_TYPE[f.messageType];
  try {
    if (!typeName) throw new Error(`message_type ${f.messageType} is not one WDPC defines`);
    out.payload = wdpcType(typeName).decode(f.payload);
    out.checks.push({ rule: 'WDPC-SCHEMA-001', ok: true });
  } catch (err) {
    out.accepted = false;
    out.checks.push({ rule: 'WDPC-SCHEMA-001', ok: false, detail: `payload does not decode as ${typeName ?? 'a WDPC type'}: ${(err as Error).message}` });
  }
  return out;
}

/** An int64 as protobufjs decodes it (a Long, or a number without the long package) as a number. */
function longNumber(v: unknown): number {
  if (v === undefined || v === null) return 0;
  return typeof v === 'object' && 'toNumber' in (v as object) ? (v as { toNumber(): number }).toNumber() : Number(v);
}

/** A bytes field as decoded; an unset one is the prototype's default (an empty array, not bytes). */
function bytesOf(v: unknown): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(0);
}
