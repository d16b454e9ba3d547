// The MQTT side of a Sparkplug B edge node (the rules live in edge-session.ts). One connection is
// one session, because the Will (NDEATH with the session's bdSeq) is fixed at CONNECT: mqtt.js would
// reconnect with the old Will and its stale bdSeq, so reconnect is off and a lost connection ends
// the session; the next connect() is a new session with the next bdSeq. The connection is a clean
// session (3.1.1) / clean start with session expiry 0 (MQTT 5), as Sparkplug 3.0 asks of edge nodes.
// On connect it subscribes to its NCMD/DCMD topics before the NBIRTH, so a rebirth request sent
// right after the birth is not lost.
import { connectMqtt, type MqttConnection, type MqttConnectOptions } from '../../../transports/mqtt-connection.ts';
import { EdgeSession, type MetricDef, type SpMessage, type ValueSource } from './edge-session.ts';
import { decodePayload, encodePayload } from './payload.ts';
import type { MetricValue } from './datatypes.ts';
import { spTopic } from './topics.ts';

export type EdgeConnectOptions = Omit<MqttConnectOptions, 'will' | 'reconnect' | 'clean' | 'sessionExpirySeconds'>;

export class EdgeNode {
  private conn: MqttConnection | undefined;
  /** Every message published, in order (for reports and tests). */
  readonly sent: SpMessage[] = [];
  rebirths = 0;
  /** NCMD/DCMD payloads that did not decode (ignored, counted). */
  badCommands = 0;
  /** The last failure of a publish started by a command (a rebirth), if any. */
  lastError: unknown;

  constructor(
    readonly session: EdgeSession,
    private readonly values: ValueSource,
    private readonly now: () => number,
  ) {}

  /** Opens a new session: CONNECT with its Will, subscribe to commands, publish the births. */
  async connect(base: EdgeConnectOptions): Promise<void> {
    const s = this.session;
    const will = s.newSession(this.now());
    const v5 = base.protocolVersion === 5;
    try {
      this.conn = await connectMqtt({
        ...base,
        clean: true,
        ...(v5 ? { sessionExpirySeconds: 0 } : {}),
        reconnect: false,
        will: { topic: will.topic, payload: Buffer.from(encodePayload(will.payload)), qos: 1, retain: false },
      });
    } catch (err) {
      s.lost();
      throw err;
    }
    const conn = this.conn;
    // Handlers of an older connection must not touch the session a newer one opened.
    conn.onLost(() => {
      if (this.conn === conn) s.lost();
    });
    const ncmd = spTopic({ group: s.group, type: 'NCMD', node: s.node });
    conn.onMessage((topic, payload) => {
      if (topic !== ncmd || this.conn !== conn) return; // DCMD: gridtwin's devices take no writes yet
      let births: SpMessage[];
      try {
        births = s.nodeCommand(this.now(), decodePayload(payload), this.values);
      } catch {
        this.badCommands++;
        return;
      }
      if (births.length === 0) return;
      this.rebirths++;
      this.publishAll(births).catch((err) => (this.lastError = err));
    });
    await conn.subscribe([ncmd, `spBv1.0/${s.group}/DCMD/${s.node}/+`], { qos: 1 });
    await this.publishAll(s.birth(this.now(), this.values));
  }

  /** Publishes the changed metrics of the node (device undefined) or a device; false if none changed. */
  async report(device: string | undefined, values: Record<string, MetricValue | null>): Promise<boolean> {
    const m = this.session.data(this.now(), device, values);
    if (m) await this.publish(m);
    return m !== undefined;
  }

  async addDevice(device: string, metrics: MetricDef[]): Promise<void> {
    await this.publish(this.session.addDevice(this.now(), device, metrics, this.values));
  }

  async removeDevice(device: string): Promise<void> {
    await this.publish(this.session.removeDevice(this.now(), device));
  }

  /** Sends one message the session produced, at its QoS, never retained. */
  async publish(m: SpMessage): Promise<void> {
    if (!this.conn) throw new Error('the edge node is not connected');
    this.sent.push(m);
    await this.conn.publish(m.topic, Buffer.from(encodePayload(m.payload)), { qos: m.qos, retain: false });
  }

  /** Hands every message to the connection at once, in order: a report() made while the births
   * are in flight cannot slip between them (its seq is later, so it must go out later). */
  private async publishAll(ms: SpMessage[]): Promise<void> {
    await Promise.all(ms.map((m) => this.publish(m)));
  }

  /** A graceful end: NDEATH at QoS 1 (acknowledged), then DISCONNECT (the broker drops the Will). */
  async close(): Promise<void> {
    if (!this.conn) return;
    if (this.conn.connected) await this.publish(this.session.death(this.now()));
    this.session.lost();
    await this.conn.end();
    this.conn = undefined;
  }

  /** An ungraceful end (a crashed gateway): the socket is destroyed, no DISCONNECT; the broker sends the Will. */
  async dropLink(): Promise<void> {
    if (!this.conn) return;
    this.session.lost();
    await this.conn.end(true);
    this.conn = undefined;
  }

  get connection(): MqttConnection | undefined {
    return this.conn;
  }
}
