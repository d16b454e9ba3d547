// Between the engine and the broker: publishes what the simulated roles queued, routes everything
// the observer receives (gridtwin's own messages coming back, messages from anybody else), and in
// fast mode runs the flush barrier — the window ends only when every published message has made the
// round trip, every in-process counterpart has answered and every answer has been handled.
import type { MqttConnection } from '../transports/mqtt-connection.ts';
import { compileTopicFilter } from '../transports/topic-filter.ts';
import { ConnectionError } from '../errors.ts';
import type { RunContext } from './run-context.ts';
import type { InProcessCounterpart, ObservedMessage, ProfileBinding } from './profile-binding.ts';
import { wireKey, type OutboundMessage } from './outbound.ts';
import { WireWaits } from './wire-waits.ts';
import { payloadText } from './traffic-log.ts';
import type { QoS } from '../transports/mqtt-connection.ts';

interface Echo {
  out: OutboundMessage;
  binding: ProfileBinding;
}

export interface RouterOptions {
  fast: boolean;
  /** How long the barrier waits for a round trip before counting the message as lost. */
  barrierTimeoutMs: number;
  /** How long a lost broker may stay lost before the run fails (exit 3). */
  reconnectGraceMs: number;
}

export class MessageRouter {
  private readonly echoes = new WireWaits<Echo>();
  private readonly counterpartPubs = new WireWaits<true>();
  private readonly routes: Array<{ matches: (t: string) => boolean; binding: ProfileBinding }> = [];
  private readonly counterparts: Array<{ cp: InProcessCounterpart; matches: (t: string) => boolean }> = [];
  private chain: Promise<void> = Promise.resolve();
  /** Observed messages not handled yet, in arrival order. */
  private arrivals: ObservedMessage[] = [];
  private draining = false;
  private readonly bindingOf = new Map<string, ProfileBinding>();
  private failure: unknown;
  private lostSince: number | undefined;
  private lostCause: ConnectionError | undefined;

  constructor(
    private readonly ctx: RunContext,
    private readonly bindings: ProfileBinding[],
    private readonly clients: Map<string, MqttConnection>,
    private readonly observer: MqttConnection,
    private readonly opts: RouterOptions,
  ) {
    for (const binding of bindings) {
      for (const f of binding.filters()) this.routes.push({ matches: compileTopicFilter(f), binding });
      for (const cp of binding.counterparts()) {
        const ms = cp.filters.map(compileTopicFilter);
        this.counterparts.push({ cp, matches: (t) => ms.some((m) => m(t)) });
      }
    }
    observer.onMessage((topic, payload, meta) => this.observed(topic, payload, meta.qos, meta.retain));
    for (const conn of [observer, ...clients.values()]) {
      conn.onLost((cause) => {
        this.lostSince ??= performance.now();
        this.lostCause = cause;
        ctx.counters.inc('broker_losses');
        ctx.warn(`broker connection lost at t=${ctx.kernel.now / 1e6} s: ${cause.message}`);
      });
      conn.onRestored(() => {
        if ([observer, ...clients.values()].every((c) => c.connected)) this.lostSince = undefined;
      });
    }
  }

  /**
   * The observer received a message: only its arrival is taken here (simulation time, wall time) —
   * the observer keeps reading a burst of thousands of messages without waiting for inspection,
   * so arrival times are the broker's delivery, not the end of a queue of checks. Matching and
   * handling follow in arrival order once the event loop has read what is ready (drainArrivals).
   */
  private observed(topic: string, payload: Buffer, qos: QoS, retain: boolean): void {
    const simTime = this.opts.fast ? this.ctx.kernel.now : this.ctx.clock.simNow();
    this.arrivals.push({ topic, payload, qos, retain, simTime, wallMs: Date.now() });
    if (this.arrivals.length === 1 && !this.draining) {
      this.draining = true;
      this.enqueue(() => this.drainArrivals());
    }
  }

  /** Handles every arrival queued so far (and any that arrive meanwhile), one after another. */
  private async drainArrivals(): Promise<void> {
    // After the poll phase: let the observer read everything the broker has delivered first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      for (let k = 0; k < this.arrivals.length; k++) {
        const msg = this.arrivals[k];
        const handled = this.route(msg);
        if (handled) await handled;
      }
    } finally {
      this.arrivals = [];
      this.draining = false;
    }
  }

  /** Echo of gridtwin's own message or someone else's: hands it to its binding. */
  private route(msg: ObservedMessage): void | Promise<void> {
    const { topic, payload } = msg;
    const key = wireKey(topic, payload);
    const echo = this.echoes.take(key);
    if (echo) return echo.binding.onEcho(msg, echo.out);
    if (this.counterpartPubs.take(key) === undefined) this.counterpartPubs.arrivedUnexpected(key);
    this.ctx.counters.inc('messages_in');
    const target = this.routes.find((r) => r.matches(topic));
    if (!target) {
      this.ctx.counters.inc('inbound_unrouted');
      return;
    }
    // A topic belongs to one profile; if filters overlap, the first binding owns it.
    return target.binding.onInbound(msg);
  }

  /** Handlers run one after another, in arrival order, so verdicts and effects are ordered. */
  private enqueue(fn: () => Promise<void>): void {
    this.chain = this.chain.then(fn).catch((err) => {
      this.failure ??= err;
    });
  }

  /** Publishes everything queued; in fast mode also waits for the barrier. */
  async flush(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      const msgs = this.ctx.outbox.take();
      if (msgs.length === 0 && round > 0) break;
      await this.publish(msgs);
      if (this.opts.fast) await this.barrier(msgs);
      else await this.settleHandlers();
      if (this.ctx.outbox.size === 0) break;
    }
    this.throwIfFailed();
  }

  private async publish(msgs: OutboundMessage[]): Promise<void> {
    const n = msgs.length;
    if (n === 0) return;
    let payloads: Array<Buffer | Promise<Buffer>> = new Array(n);
    let async = false;
    for (let k = 0; k < n; k++) {
      const p = msgs[k].encode();
      if (!Buffer.isBuffer(p)) async = true;
      payloads[k] = p;
    }
    if (async) payloads = await Promise.all(payloads);
    // Everything goes to the sockets first, the bookkeeping after: a slot where thousands of
    // devices report at once puts no per-message accounting between the first and the last send.
    const sends: Promise<void>[] | undefined = this.opts.fast ? new Array(n) : undefined;
    for (let k = 0; k < n; k++) {
      const m = msgs[k];
      const payload = payloads[k] as Buffer;
      m.payload = payload;
      const conn = this.clients.get(m.client);
      if (!conn) throw new Error(`no connection for client '${m.client}'`);
      const sent = conn.publish(m.topic, payload, { qos: m.qos, retain: m.retain }).catch((err: Error) => {
        if (this.echoes.take(wireKey(m.topic, payload))) this.lost(m, `publish failed: ${err.message}`);
      });
      if (sends) sends[k] = sent;
    }
    // Synchronously after the sends: no echo (and no failure handler, a promise reaction) can run
    // before each message's round trip is expected.
    for (let k = 0; k < n; k++) {
      const m = msgs[k];
      this.ctx.hash.add('out', `${m.topic}\n${m.hashContent}`);
      this.echoes.expect(wireKey(m.topic, m.payload as Buffer), { out: m, binding: this.bindingFor(m.client) });
    }
    this.ctx.counters.inc('messages_out', n);
    // Real time does not wait for acknowledgements: the next instant is due on the wall clock, and
    // a failed publish is counted when it fails. Fast mode waits (the barrier needs the round trip);
    // while the broker is away the connection holds publishes until it returns, and waitFor fails
    // the run once the loss outlasts the grace period instead of waiting forever.
    if (sends) await this.waitFor(Promise.all(sends).then(() => undefined));
  }

  private bindingFor(client: string): ProfileBinding {
    let b = this.bindingOf.get(client);
    if (b) return b;
    b = this.bindings.find((x) => client.startsWith(`${x.name}/`));
    if (!b) throw new Error(`client '${client}' belongs to no profile`);
    this.bindingOf.set(client, b);
    return b;
  }

  private async barrier(msgs: OutboundMessage[]): Promise<void> {
    if (!(await this.waitFor(this.echoes.drained()))) {
      for (const [, e] of this.echoes.abandon()) this.lost(e.out, `no round trip within ${this.opts.barrierTimeoutMs} ms`);
    }
    await this.settleHandlers();
    const answered = await Promise.all(
      this.counterparts.map(({ cp, matches }) =>
        cp.settle(msgs.filter((m) => m.payload && matches(m.topic)).map((m) => wireKey(m.topic, m.payload as Buffer))),
      ),
    );
    for (const keys of answered) for (const k of keys) this.counterpartPubs.expectOrMatch(k, true);
    if (!(await this.waitFor(this.counterpartPubs.drained()))) {
      const missing = this.counterpartPubs.abandon();
      this.ctx.counters.inc('messages_lost', missing.length);
      this.ctx.counters.inc('messages_lost{counterpart_no_round_trip}', missing.length);
    }
    this.counterpartPubs.forgetEarly();
    await this.settleHandlers();
  }

  /** Waits for every queued handler (and anything they queued) to finish. */
  private async settleHandlers(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
    this.throwIfFailed();
  }

  /** Waits for `p`, the barrier timeout or a broker loss that outlasts the grace period. */
  private async waitFor(p: Promise<void>): Promise<boolean> {
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<'timeout' | 'lost'>((resolve) => {
      timer = setInterval(() => {
        const now = performance.now();
        if (this.lostSince !== undefined) {
          if (now - this.lostSince > this.opts.reconnectGraceMs) resolve('lost');
        } else if (now - start > this.opts.barrierTimeoutMs) resolve('timeout');
      }, 50);
    });
    const outcome = await Promise.race([p.then(() => 'ok' as const), watchdog]);
    clearInterval(timer);
    if (outcome === 'lost') throw this.lostCause ?? new ConnectionError(this.observer.url, 'the broker connection was lost');
    return outcome === 'ok';
  }

  private lost(m: OutboundMessage, reason: string): void {
    this.ctx.counters.inc('messages_lost');
    this.ctx.counters.inc(`messages_lost{${reason.startsWith('publish failed') ? 'publish_failed' : 'no_round_trip'}}`);
    this.ctx.traffic.write({
      sim_time: m.simTime / 1e6,
      wall_time: this.ctx.wallIso(),
      direction: 'out',
      client: m.client,
      topic: m.topic,
      qos: m.qos,
      retain: m.retain,
      verdict: 'lost',
      failures: [{ rule: 'transport', detail: reason }],
      payload: m.payload ? payloadText(m.payload) : '',
    });
  }

  /** Fails the run if the broker has been gone too long (real-time mode checks this each window). */
  checkBroker(): void {
    if (this.lostSince !== undefined && performance.now() - this.lostSince > this.opts.reconnectGraceMs) {
      throw this.lostCause ?? new ConnectionError(this.observer.url, 'the broker connection was lost');
    }
  }

  private throwIfFailed(): void {
    if (this.failure) {
      const f = this.failure;
      this.failure = undefined;
      throw f;
    }
  }

  /**
   * End of a real-time run: the last window's messages get their round trip (real time does not
   * wait for it window by window); whatever has not come back within the barrier timeout is lost.
   */
  async drain(): Promise<void> {
    if (this.opts.fast) return;
    try {
      await this.waitFor(this.echoes.drained());
      await this.settleHandlers();
    } catch {
      // A broker lost at the very end: abandonAll counts what is missing.
    }
  }

  /** Messages still waiting for their round trip (end of run: they are lost). */
  abandonAll(): void {
    for (const [, e] of this.echoes.abandon()) this.lost(e.out, 'run ended before the round trip');
  }
}
