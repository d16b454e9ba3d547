// Integrity of WDPC envelopes (spec "Protobuf message security": HMAC-SHA256 integrity for all
// temporal data, message sequence numbering against replay, timestamp validation for freshness).
// The MAC covers more than the payload (docs/spec-decisions.md, W1): a MAC over the payload alone
// would let anyone replay it under a new sequence number or timestamp. It is HMAC-SHA256 over a
// canonical, length-prefixed concatenation of
//   key_id, source_component_id, message_type, timestamp (ms), sequence_number, payload
// so no field can be moved into a neighbour. Receivers keep the last sequence number per source:
// a number at or below it is a replay (rejected), one more than one above it leaves a gap (the
// message is accepted, the missing count recorded), and a timestamp outside the freshness window
// of the receipt time is stale (rejected).
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface EnvelopeFields {
  keyId: string;
  sourceId: string;
  messageType: number;
  /** UNIX milliseconds. */
  timestampMs: number;
  /** Per source, starting at 1, +1 per message. */
  sequence: bigint;
  payload: Uint8Array;
}

export interface IntegrityCheck {
  rule: string;
  ok: boolean;
  detail?: string;
}

function lengthPrefixed(parts: Buffer[]): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length);
    out.push(len, p);
  }
  return Buffer.concat(out);
}

/** The bytes the MAC is computed over. */
export function macInput(f: EnvelopeFields): Buffer {
  const num = (x: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(x);
    return b;
  };
  return lengthPrefixed([
    Buffer.from(f.keyId, 'utf8'),
    Buffer.from(f.sourceId, 'utf8'),
    num(BigInt(f.messageType)),
    num(BigInt(Math.round(f.timestampMs))),
    num(f.sequence),
    Buffer.from(f.payload.buffer, f.payload.byteOffset, f.payload.byteLength),
  ]);
}

export function computeMac(key: Uint8Array, f: EnvelopeFields): Buffer {
  return createHmac('sha256', key).update(macInput(f)).digest();
}

export interface IntegrityOptions {
  /** key id → secret. */
  keys: ReadonlyMap<string, Uint8Array>;
  /** Largest |receipt − timestamp| accepted, ms. */
  freshnessMs: number;
}

export interface IntegrityVerdict {
  accepted: boolean;
  checks: IntegrityCheck[];
  /** Messages missing before this one from the same source (a gap), 0 when in order. */
  gap: bigint;
}

/** A receiver's view of every source it has heard from. */
export class IntegrityChecker {
  private readonly lastSeq = new Map<string, bigint>();
  gaps = 0n;

  constructor(private readonly o: IntegrityOptions) {}

  check(f: EnvelopeFields, mac: Uint8Array, receivedMs: number): IntegrityVerdict {
    const checks: IntegrityCheck[] = [];
    const key = this.o.keys.get(f.keyId);
    checks.push({ rule: 'WDPC-SEC-001', ok: key !== undefined, detail: `key id '${f.keyId}' is not one this receiver trusts` });
    let macOk = false;
    if (key) {
      const want = computeMac(key, f);
      macOk = mac.length === want.length && timingSafeEqual(Buffer.from(mac), want);
      checks.push({ rule: 'WDPC-SEC-002', ok: macOk, detail: mac.length !== 32 ? `HMAC is ${mac.length} bytes, not 32` : 'HMAC-SHA256 does not match the message (altered, or signed with another key)' });
    }
    const age = receivedMs - f.timestampMs;
    const fresh = Math.abs(age) <= this.o.freshnessMs;
    checks.push({ rule: 'WDPC-SEC-005', ok: fresh, detail: `timestamp is ${age >= 0 ? `${age} ms old` : `${-age} ms in the future`} (window ±${this.o.freshnessMs} ms)` });
    const last = this.lastSeq.get(f.sourceId) ?? 0n;
    const inOrder = f.sequence > last;
    checks.push({ rule: 'WDPC-SEC-003', ok: f.sequence > 0n && inOrder, detail: f.sequence <= 0n ? 'sequence numbers start at 1' : `sequence ${f.sequence} from '${f.sourceId}' was already seen (last ${last}): a replay` });
    let gap = 0n;
    // Only an authentic, fresh message moves the window: a forged or stale one must not make the
    // receiver reject the genuine messages that follow.
    const authentic = macOk && fresh && inOrder && f.sequence > 0n;
    if (authentic) {
      gap = f.sequence - last - 1n;
      checks.push({ rule: 'WDPC-SEC-004', ok: gap === 0n || last === 0n, detail: `${gap} message${gap === 1n ? '' : 's'} from '${f.sourceId}' missing before sequence ${f.sequence}` });
      if (last === 0n) gap = 0n;
      this.gaps += gap;
      this.lastSeq.set(f.sourceId, f.sequence);
    }
    // A gap is recorded, not a reason to drop the message that revealed it.
    const accepted = checks.every((c) => c.ok || c.rule === 'WDPC-SEC-004');
    return { accepted, checks, gap };
  }
}
