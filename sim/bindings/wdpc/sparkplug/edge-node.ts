// The MQTT side of a Sparkplug B edge node: one connection per session, because the Will (NDEATH
// with the session's bdSeq) is fixed at CONNECT — a reconnect with the old Will would announce the
// wrong bdSeq, so a lost connection ends the session and the next connect starts a new one. On
// connect it publishes NBIRTH and the DBIRTHs; an NCMD "Node Control/Rebirth" makes it publish them
// again. Births and data go out at QoS 0, never retained (Sparkplug 3.0); the Will at QoS 1.
import { connectMqtt, type MqttConnection, type MqttConnectOptions } from '../../../transports/mqtt-connection.ts';
import { EdgeSession, type SpMessage } from './edge-session.ts';
import { decodePayload, encodePayload, type Metric } from './payload.ts';
import { spTopic } from './topics.ts';

export type MetricValues = (device: string | undefined, metric: string) => Metric['value'];

export class EdgeNode {
  private conn: MqttConnection | undefined;
  /** Every message published, in order (for reports and tests). */
  readonly sent: SpMessage[] = [];
  rebirths = 0;

  constructor(
    readonly session: EdgeSession,
    private readonly values: MetricValues,
    private readonly now: () => number,
  ) {}

  /** Opens a new session: connect with its Will, subscribe to commands, publish the births. */
  async connect(base: Omit<MqttConnectOptions, 'will'>): Promise<void> {
    const will = this.session.newSession(this.now());
    this.conn = await connectMqtt({ ...base, reconnect: false, will: { topic: will.topic, payload: Buffer.from(encodePayload(will.payload)), qos: 1, retain: false } });
    const s = this.session;
    this.conn.onMessage((topic, payload) => {
      if (topic !== spTopic({ group: s.group, type: 'NCMD', node: s.node })) return;
      let rebirth = false;
      try {
        rebirth = EdgeSession.isRebirth(decodePayload(payload));
      } catch {
        return; // a command that is no Sparkplug payload is ignored (the host inspector reports it)
      }
      if (rebirth) {
        this.rebirths++;
        void this.publishAll(s.birth(this.now(), this.values));
      }
    });
    await this.conn.subscribe([spTopic({ group: s.group, type: 'NCMD', node: s.node }), `spBv1.0/${s.group}/DCMD/${s.node}/+`], { qos: 1 });
    await this.publishAll(s.birth(this.now(), this.values));
  }

  async publish(m: SpMessage): Promise<void> {
    this.sent.push(m);
    await this.conn!.publish(m.topic, Buffer.from(encodePayload(m.payload)), { qos: 0, retain: false });
  }

  private async publishAll(ms: SpMessage[]): Promise<void> {
    for (const m of ms) await this.publish(m);
  }

  /** A graceful end: NDEATH, then DISCONNECT (the broker discards the Will). */
  async close(): Promise<void> {
    if (!this.conn) return;
    await this.publish(this.session.death(this.now()));
    await this.conn.end();
  }

  /** The connection, for a driver that needs to watch it. */
  get connection(): MqttConnection | undefined {
    return this.conn;
  }
}
