// How the engine talks to a protocol profile (sim/bindings/<profile>). The engine owns time,
// connections, flushing and the observer; a profile owns its topics, codecs, simulated roles and
// conformance rules.
import type { MqttConnection, MqttConnectOptions, QoS } from '../transports/mqtt-connection.ts';
import type { Micros } from '../time.ts';
import type { OutboundMessage } from './outbound.ts';

/** A message the engine's observer received from the broker. */
export interface ObservedMessage {
  topic: string;
  payload: Buffer;
  /** QoS as delivered; the observer subscribes at QoS 2, so this is the publisher's QoS. */
  qos: QoS;
  retain: boolean;
  /** Simulation time the message is attributed to (see docs/architecture.md, "Time of an inbound message"). */
  simTime: Micros;
  wallMs: number;
}

/** A publishing connection a simulated role needs. */
export interface ClientSpec {
  key: string;
  /** Prefixed with gridtwin-<scenario>- by the engine unless `exactClientId`. */
  clientId: string;
  protocolVersion: 4 | 5;
  /** The client ID is used as given (a profile that derives device IDs itself). */
  exactClientId?: boolean;
  /** Per-connection settings over the run's broker settings (credentials, session, reconnect). */
  connect?: Partial<Omit<MqttConnectOptions, 'url' | 'clientId' | 'protocolVersion'>>;
}

/**
 * A counterpart that runs inside the gridtwin process but talks only through the broker (the
 * reference ISV). In fast mode the flush barrier waits for it: `settle` resolves once it has
 * received and handled every message in `expected` (wire keys) and its own publishes are
 * acknowledged, and returns the wire keys of what it published.
 */
export interface InProcessCounterpart {
  readonly name: string;
  /** Topic filters it subscribes to (which of gridtwin's messages it must receive). */
  readonly filters: string[];
  settle(expected: string[]): Promise<string[]>;
}

export interface ProfileBinding {
  readonly name: string;
  /** The observer must speak MQTT 5 (Retain As Published: the profile checks the retain flag). */
  readonly needsMqtt5?: boolean;
  clients(): ClientSpec[];
  /** The publishing connections are open (key → connection): a profile that watches their state. */
  attach?(clients: ReadonlyMap<string, MqttConnection>): void;
  /** Filters the observer subscribes to, at QoS 2. */
  filters(): string[];
  /** Connections are up; start processes (heartbeats, scripted commands). */
  start(): Promise<void>;
  /** The models have been stepped to `t`; observe them and react. */
  windowEnd(t: Micros): void;
  /**
   * One of gridtwin's own messages came back through the broker. Handlers run one after another
   * in arrival order; one that needs no await may return nothing (a fleet's echoes cost no promise).
   */
  onEcho(msg: ObservedMessage, out: OutboundMessage): void | Promise<void>;
  /** A message from anybody else. */
  onInbound(msg: ObservedMessage): void | Promise<void>;
  counterparts(): InProcessCounterpart[];
  /** Profile metrics for the summary (SI values) and probe distributions. */
  finish(t: Micros): Record<string, number>;
  close(): Promise<void>;
}
