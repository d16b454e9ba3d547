// The shapes an MQTT connection hands to its users (bindings, benchmarks, tests).

import type { IClientPublishOptions, IPublishPacket } from 'mqtt';
import type { QoS } from './mqtt-options.ts';

export interface PublishOptions {
  qos?: QoS;
  retain?: boolean;
  /** MQTT 5 PUBLISH properties (ignored by 3.1.1). */
  properties?: IClientPublishOptions['properties'];
}

export interface MessageMeta {
  qos: QoS;
  retain: boolean;
  dup: boolean;
  properties?: IPublishPacket['properties'];
}

export type MessageHandler = (topic: string, payload: Buffer, meta: MessageMeta) => void;

export interface SubscriptionGrant {
  filter: string;
  qos: QoS;
}

export interface MqttStats {
  published: number;
  failed: number;
  received: number;
  /** Publishes held back because the broker was lost (later sent or rejected). */
  queued: number;
  /** Waiting for their PUBACK/PUBCOMP or for the socket to take them. */
  inFlight: number;
  /** Held back right now (broker lost, or the receive window is full). */
  backlog: number;
  losses: number;
  restores: number;
  /** Exceptions thrown by message handlers (see onMessage / onHandlerError). */
  handlerErrors: number;
}
