// One MQTT connection (3.1.1 or 5, plain or TLS) as the bindings see it: promises that settle on
// the broker's acknowledgement, explicit lost/restored notifications, and counters for everything
// sent, failed and received. A thin layer over mqtt.js; the parts mqtt.js leaves open — TCP_NODELAY,
// failing fast on the first connect, never dropping a publish silently — are decided here.

import { MqttClient, type IClientPublishOptions, type IPublishPacket } from 'mqtt';
import { ConnectionError, InputError } from '../errors.ts';
import { firstConnack } from './first-connect.ts';
import { describeLoss, describeSubscribeFailure } from './mqtt-failure.ts';
import { mqttJsOptions, resolveMqttOptions, type MqttConnectOptions, type MqttWill, type QoS, type ResolvedMqttOptions } from './mqtt-options.ts';
import { mqttSocketFactory } from './mqtt-stream.ts';
import type { MessageHandler, MessageMeta, MqttStats, PublishOptions, SubscriptionGrant } from './mqtt-types.ts';
import { PublishPipeline, type PublishRequest } from './publish-pipeline.ts';
import { isValidTopicFilter, isValidTopicName } from './topic-filter.ts';

export type { MqttConnectOptions, MqttTlsOptions, MqttWill, QoS } from './mqtt-options.ts';
export type { MessageHandler, MessageMeta, MqttStats, PublishOptions, SubscriptionGrant } from './mqtt-types.ts';

type State = 'connecting' | 'up' | 'down' | 'ended';

/** Per filter: QoS and (MQTT 5) Retain As Published, so a subscriber sees the publisher's retain flag. */
export interface SubscribeOptions {
  qos: QoS;
  rap?: boolean;
}

/** Opens a connection; rejects with ConnectionError (exit 3) or InputError (exit 2), never retries. */
export function connectMqtt(opts: MqttConnectOptions): Promise<MqttConnection> {
  return MqttConnection.open(opts);
}

export class MqttConnection {
  /** The broker URL with any password masked: safe for logs and errors. */
  readonly url: string;
  readonly protocolVersion: 4 | 5;
  private state: State = 'connecting';
  private lastError: unknown;
  private brokerDisconnect: number | undefined;
  private lossDisconnect: number | undefined;
  private receiveMaximum: number | undefined;
  private received = 0;
  private losses = 0;
  private restores = 0;
  private handlerErrors = 0;
  private readonly messageHandlers = new Set<MessageHandler>();
  private readonly lostHandlers = new Set<(cause: ConnectionError) => void>();
  private readonly restoredHandlers = new Set<() => void>();
  private readonly handlerErrorHandlers = new Set<(err: unknown, topic: string) => void>();
  private readonly pipeline: PublishPipeline;
  private readonly client: MqttClient;

  static open(opts: MqttConnectOptions): Promise<MqttConnection> {
    let resolved: ResolvedMqttOptions;
    try {
      resolved = resolveMqttOptions(opts);
    } catch (err) {
      return Promise.reject(err);
    }
    return new MqttConnection(resolved).firstConnect();
  }

  private constructor(private readonly opts: ResolvedMqttOptions) {
    this.url = opts.displayUrl;
    this.protocolVersion = opts.protocolVersion;
    this.pipeline = new PublishPipeline(
      {
        send: (req, done) => {
          if (req.qos > 0) {
            this.client.publish(req.topic, req.payload, publishOptions(req), (err) => done(err));
            return;
          }
          // QoS 0 is done once handed to the socket (the pipeline holds messages while it is
          // congested); without a callback mqtt.js parks no 'drain' listener for it.
          this.client.publish(req.topic, req.payload, publishOptions(req));
          done();
        },
        congested: () => this.client.stream?.writableNeedDrain === true,
        whenDrained: (then) => this.client.stream.once('drain', then),
        failure: (req, reason, cause) =>
          new ConnectionError(this.url, `publish to '${req.topic}' on ${this.url} failed: ${reason}`, { cause }),
      },
      opts.offlineQueueLimit,
      opts.maxInflight,
    );
    const build = mqttSocketFactory(opts, (socket) => socket.on('error', (err) => (this.lastError = err)));
    this.client = new MqttClient(() => build(), mqttJsOptions(opts));
    this.client.on('error', (err) => (this.lastError = err));
    this.client.on('disconnect', (packet) => (this.brokerDisconnect = packet.reasonCode ?? 0));
    this.client.on('connect', (connack) => {
      this.receiveMaximum = connack.properties?.receiveMaximum;
      this.client.options.reconnectPeriod = opts.reconnectPeriodMs;
      if (this.state === 'down') this.restore();
    });
    this.client.on('close', () => {
      if (this.state === 'up') this.lose();
      // mqtt.js has already armed the next attempt with the current pause: the doubled pause
      // applies from the attempt after it (base, 2·base, 4·base … up to the maximum).
      const o = this.client.options;
      if (this.state === 'down' && o.reconnectPeriod) o.reconnectPeriod = Math.min(opts.reconnectBackoffMaxMs, o.reconnectPeriod * 2);
    });
    this.client.on('message', (topic, payload, packet) => this.deliver(topic, payload, packet));
  }

  get connected(): boolean {
    return this.state === 'up';
  }

  /** MQTT 5: the broker's Receive Maximum from the last CONNACK (undefined = 65535 or MQTT 3.1.1). */
  get brokerReceiveMaximum(): number | undefined {
    return this.receiveMaximum;
  }

  /** Reason code of the broker's DISCONNECT that ended the last loss (MQTT 5), e.g. 142 session taken over. */
  get lastDisconnectCode(): number | undefined {
    return this.lossDisconnect;
  }

  get stats(): MqttStats {
    return {
      ...this.pipeline.counters,
      received: this.received,
      inFlight: this.pipeline.inFlightSize,
      backlog: this.pipeline.backlogSize,
      losses: this.losses,
      restores: this.restores,
      handlerErrors: this.handlerErrors,
    };
  }

  /**
   * Resolves on PUBACK (QoS 1) / PUBCOMP (QoS 2) or once the socket took the bytes (QoS 0).
   * While the broker is lost the message is held (up to offlineQueueLimit) and sent on restore;
   * otherwise it is rejected with a ConnectionError saying why. Either way it is counted.
   */
  publish(topic: string, payload: Buffer | string, opts: PublishOptions = {}): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const req: PublishRequest = {
        topic,
        payload,
        qos: opts.qos ?? 0,
        retain: opts.retain ?? false,
        properties: this.protocolVersion === 5 ? opts.properties : undefined,
        resolve,
        reject,
      };
      if (!isValidTopicName(topic)) {
        // Sending it would make the broker drop the whole connection; refuse just this message.
        this.pipeline.refuse(req, new InputError(`'${topic}' is not a valid MQTT topic name (empty, or contains + # or NUL)`));
      } else if (this.state === 'ended' || (this.state === 'down' && !this.opts.reconnect)) {
        const why = this.state === 'ended' ? 'the connection has been ended' : 'the connection was lost and reconnect is off';
        this.pipeline.refuse(req, new ConnectionError(this.url, `publish to '${topic}' on ${this.url} failed: ${why}`));
      } else {
        this.pipeline.submit(req);
      }
    });
  }

  /**
   * Resolves on SUBACK with the granted QoS per filter; rejects with ConnectionError when the
   * broker refuses any filter (granted code 0x80 in 3.1.1, any code >= 0x80 in MQTT 5).
   * A string[] subscribes each filter with `defaults.qos` (default 0).
   */
  subscribe(filters: string[] | Record<string, SubscribeOptions>, defaults: { qos?: QoS; rap?: boolean } = {}): Promise<SubscriptionGrant[]> {
    const wanted: Record<string, SubscribeOptions> = Array.isArray(filters)
      ? Object.fromEntries(filters.map((f) => [f, { qos: defaults.qos ?? 0, ...(defaults.rap ? { rap: true } : {}) }]))
      : { ...filters };
    const names = Object.keys(wanted);
    const invalid = names.filter((f) => !isValidTopicFilter(f));
    if (invalid.length > 0) {
      return Promise.reject(new InputError(`invalid MQTT topic filter(s): ${invalid.map((f) => `'${f}'`).join(', ')}`));
    }
    if (this.state === 'ended') {
      return Promise.reject(new ConnectionError(this.url, `subscribe on ${this.url} failed: the connection has been ended`));
    }
    if (names.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.client.subscribe(wanted, (err, _granted, packet) => {
        const codes = (packet?.granted ?? []) as number[];
        if (!err && codes.length === names.length) {
          resolve(names.map((filter, i) => ({ filter, qos: codes[i] as QoS })));
          return;
        }
        const why = describeSubscribeFailure(names, codes, err);
        reject(new ConnectionError(this.url, `subscribe on ${this.url} failed: ${why}`, { cause: err }));
      });
    });
  }

  /**
   * Every inbound PUBLISH, in arrival order. A handler that throws does not disturb the other
   * handlers or the MQTT session: the error is counted and given to onHandlerError listeners —
   * or, if there are none, rethrown on a later tick so it surfaces as an internal error.
   */
  onMessage(handler: MessageHandler): () => void {
    this.messageHandlers.add(handler);
    return () => this.messageHandlers.delete(handler);
  }

  /** Errors thrown by onMessage handlers (a bug on our side, to be reported, not swallowed). */
  onHandlerError(handler: (err: unknown, topic: string) => void): () => void {
    this.handlerErrorHandlers.add(handler);
    return () => this.handlerErrorHandlers.delete(handler);
  }

  /** The broker connection dropped after having been up. Reconnecting (if enabled) starts at once. */
  onLost(handler: (cause: ConnectionError) => void): () => void {
    this.lostHandlers.add(handler);
    return () => this.lostHandlers.delete(handler);
  }

  /**
   * The Will the next reconnect registers. A Sparkplug edge node's Will carries the bdSeq of its
   * session, so each reconnect (a new session) needs the next one.
   */
  setWill(will: MqttWill): void {
    this.client.options.will = { topic: will.topic, payload: Buffer.from(will.payload), qos: will.qos ?? 0, retain: will.retain ?? false };
  }

  /**
   * Fails every publish held back while the broker is away (each rejected with `reason`, so the
   * caller counts it): for a publisher whose held messages belong to a session that has ended.
   */
  dropHeld(reason: string): void {
    this.pipeline.rejectBacklog(reason);
  }

  /** A reconnect succeeded (CONNACK received, held-back messages are being sent). */
  onRestored(handler: () => void): () => void {
    this.restoredHandlers.add(handler);
    return () => this.restoredHandlers.delete(handler);
  }

  /**
   * Closes the connection. Without `force`, a connected client waits (at most connectTimeoutMs) for
   * outstanding acknowledgements and sends DISCONNECT. Anything still pending is rejected.
   */
  async end(force = false): Promise<void> {
    if (this.state === 'ended') return;
    const graceful = !force && this.state === 'up';
    this.state = 'ended';
    this.pipeline.rejectBacklog('the connection was ended before the message was sent');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        // mqtt.js waits for every outstanding ack before DISCONNECT; a silent broker must not hang us.
        this.client.stream?.destroy();
        resolve();
      }, this.opts.connectTimeoutMs);
      this.client.end(!graceful, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.pipeline.rejectAll('the connection was ended before the broker acknowledged the message');
  }

  private async firstConnect(): Promise<MqttConnection> {
    try {
      await firstConnack(this.client, this.opts, () => this.lastError);
    } catch (err) {
      this.state = 'ended';
      throw err;
    }
    this.state = 'up';
    this.lastError = undefined;
    this.pipeline.resume(this.window());
    return this;
  }

  private window(): number {
    return Math.min(this.opts.maxInflight, this.receiveMaximum ?? 65_535);
  }

  private lose(): void {
    this.state = 'down';
    this.losses++;
    this.lossDisconnect = this.brokerDisconnect;
    const why = describeLoss(this.brokerDisconnect, this.lastError);
    const cause = new ConnectionError(this.url, `lost the connection to ${this.url}: ${why}`, { cause: this.lastError });
    this.lastError = undefined;
    this.brokerDisconnect = undefined;
    this.pipeline.suspend(this.opts.reconnect, `the connection was lost (${why})`, cause);
    for (const handler of [...this.lostHandlers]) handler(cause);
  }

  private restore(): void {
    this.state = 'up';
    this.lastError = undefined; // failed reconnect attempts are history now
    this.restores++;
    this.pipeline.resume(this.window());
    for (const handler of [...this.restoredHandlers]) handler();
  }

  private deliver(topic: string, payload: Buffer, packet: IPublishPacket): void {
    this.received++;
    const meta: MessageMeta = { qos: packet.qos, retain: packet.retain, dup: packet.dup, properties: packet.properties };
    for (const handler of [...this.messageHandlers]) {
      try {
        handler(topic, payload, meta);
      } catch (err) {
        this.handlerErrors++;
        if (this.handlerErrorHandlers.size === 0) {
          // Nobody listens: rethrow outside mqtt.js's parser, as an uncaught (internal) error.
          setImmediate(() => {
            throw err;
          });
        }
        for (const report of [...this.handlerErrorHandlers]) report(err, topic);
      }
    }
  }
}

function publishOptions(req: PublishRequest): IClientPublishOptions {
  return { qos: req.qos, retain: req.retain, properties: req.properties };
}
