// A Sparkplug host application's view of the wire: it follows each edge node's session from the
// messages it sees and checks the Sparkplug 3.0 rules the twin's bus must keep. Rule ids are
// gridtwin's (SPB-…); where the Sparkplug 3.0 TCK names the requirement, the catalogue below gives
// its id (docs/spec-decisions.md W8 says which ones are certain).
import { decodePayload, type SpPayload } from './payload.ts';
import { parseSpTopic } from './topics.ts';
import { BDSEQ } from './edge-session.ts';

export interface SpCheck {
  rule: string;
  ok: boolean;
  detail?: string;
}

export const SPB_RULES: ReadonlyArray<{ id: string; title: string; tck?: string }> = [
  { id: 'SPB-TOPIC-001', title: 'the topic is spBv1.0/{group}/{type}/{edge node}[/{device}] with valid ids' },
  { id: 'SPB-PAYLOAD-001', title: 'the payload decodes as a Sparkplug B Payload' },
  { id: 'SPB-BIRTH-001', title: 'NBIRTH carries a bdSeq metric and seq 0', tck: 'tck-id-payloads-nbirth-bdseq, tck-id-payloads-sequence-num-zero-nbirth' },
  { id: 'SPB-BIRTH-002', title: 'no NDATA / DBIRTH before the node\'s NBIRTH, no DDATA before the device\'s DBIRTH' },
  { id: 'SPB-SEQ-001', title: 'seq goes up by one per message of the session, 255 → 0', tck: 'tck-id-payloads-sequence-num-incrementing' },
  { id: 'SPB-DEATH-001', title: 'NDEATH carries the bdSeq of the session\'s NBIRTH', tck: 'tck-id-payloads-ndeath-bdseq' },
  { id: 'SPB-MQTT-001', title: 'NBIRTH / NDATA / DBIRTH / DDATA are QoS 0 and not retained; NDEATH is not retained' },
];

interface NodeState {
  bdSeq?: number;
  lastSeq?: number;
  born: boolean;
  devices: Set<string>;
}

export class HostInspector {
  private readonly nodes = new Map<string, NodeState>();
  gaps = 0;

  inspect(topic: string, payload: Uint8Array, qos: number, retain: boolean): { checks: SpCheck[]; payload?: SpPayload } {
    const checks: SpCheck[] = [];
    const t = parseSpTopic(topic);
    checks.push({ rule: 'SPB-TOPIC-001', ok: t !== undefined, detail: `'${topic}' is not a Sparkplug B topic` });
    if (!t) return { checks };
    let p: SpPayload;
    try {
      p = decodePayload(payload);
      checks.push({ rule: 'SPB-PAYLOAD-001', ok: true });
    } catch (err) {
      checks.push({ rule: 'SPB-PAYLOAD-001', ok: false, detail: (err as Error).message });
      return { checks };
    }
    const key = `${t.group}/${t.node}`;
    const n = this.nodes.get(key) ?? { born: false, devices: new Set<string>() };
    this.nodes.set(key, n);
    const isCmd = t.type === 'NCMD' || t.type === 'DCMD';
    if (!isCmd) checks.push({ rule: 'SPB-MQTT-001', ok: !retain && (t.type === 'NDEATH' || qos === 0), detail: `${t.type} published with QoS ${qos}${retain ? ', retained' : ''}` });
    const bd = p.metrics.find((m) => m.name === BDSEQ)?.value;
    const seqStep = () => {
      const ok = p.seq !== undefined && n.lastSeq !== undefined && p.seq === (n.lastSeq + 1) % 256;
      if (!ok && p.seq !== undefined && n.lastSeq !== undefined) this.gaps += (p.seq - n.lastSeq - 1 + 256) % 256;
      checks.push({ rule: 'SPB-SEQ-001', ok, detail: `seq ${p.seq ?? '(none)'} after ${n.lastSeq ?? '(none)'}` });
      if (p.seq !== undefined) n.lastSeq = p.seq;
    };
    switch (t.type) {
      case 'NBIRTH':
        checks.push({ rule: 'SPB-BIRTH-001', ok: bd !== undefined && p.seq === 0, detail: bd === undefined ? 'no bdSeq metric' : `seq ${p.seq}, not 0` });
        n.bdSeq = bd === undefined ? undefined : Number(bd);
        n.lastSeq = p.seq;
        n.born = true;
        n.devices.clear();
        break;
      case 'NDEATH':
        checks.push({ rule: 'SPB-DEATH-001', ok: bd !== undefined && n.bdSeq !== undefined && Number(bd) === n.bdSeq, detail: `NDEATH bdSeq ${bd ?? '(none)'}, NBIRTH had ${n.bdSeq ?? '(none)'}` });
        // A stale Will of an older session (bdSeq mismatch) does not end the current one.
        if (bd !== undefined && Number(bd) === n.bdSeq) {
          n.born = false;
          n.devices.clear();
          n.lastSeq = undefined;
        }
        break;
      case 'DBIRTH':
      case 'NDATA':
        checks.push({ rule: 'SPB-BIRTH-002', ok: n.born, detail: `${t.type} before the node's NBIRTH` });
        seqStep();
        if (t.type === 'DBIRTH' && t.device) n.devices.add(t.device);
        break;
      case 'DDATA':
      case 'DDEATH':
        checks.push({ rule: 'SPB-BIRTH-002', ok: n.born && n.devices.has(t.device!), detail: `${t.type} for ${t.device} before its DBIRTH` });
        seqStep();
        if (t.type === 'DDEATH') n.devices.delete(t.device!);
        break;
      default:
        break;
    }
    return { checks, payload: p };
  }
}
