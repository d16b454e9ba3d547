// One run of a scenario: build the world, connect to the broker, then step window by window —
// kernel events, model step in the worker pool, window-end observation, flush — and finally score.
import { Kernel } from '../kernel/kernel.ts';
import { FastClock, RealtimeClock, type Clock } from '../clock/clock.ts';
import { SeedTree } from '../random/streams.ts';
import { SiteRegistry } from './site-registry.ts';
import { Outbox } from './outbound.ts';
import { ConformanceLedger } from '../scoring/conformance-ledger.ts';
import { RunHash } from '../scoring/run-hash.ts';
import { Counters } from './counters.ts';
import { TrafficLog } from './traffic-log.ts';
import { ProbeLog } from '../scoring/probe-log.ts';
import { ModelPool } from '../workers/model-pool.ts';
import { epochOf, type RunContext } from './run-context.ts';
import type { ProfileBinding } from './profile-binding.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { Micros } from '../time.ts';
import { openBroker, openClients, clientIdFor, type BrokerTarget } from './connections.ts';
import { connectMqtt, type MqttConnection } from '../transports/mqtt-connection.ts';
import { MessageRouter } from './message-router.ts';
import { GridFeed } from '../bindings/grid-feed/grid-feed.ts';
import { DemandResponseProbe } from '../scoring/demand-response-probe.ts';
import { scheduleTimeline } from './timeline.ts';
import { GridCoupling, gridColumns } from './grid-coupling.ts';
import { CHECKPOINT_WINDOWS, hashSites } from './state-hash.ts';
import { toGridParams } from '../scenario/grid-schema.ts';
import { WindowProbes } from './window-probes.ts';
import { SiteLedger } from './site-ledger.ts';
import { createProfiles, rulesFor } from '../bindings/registry.ts';
import { TimeseriesWriter } from '../../reports/timeseries-csv.ts';
import { resolveRunSettings, type RunOptions, type RunSettings } from './run-settings.ts';
import { scoreRun, type RunOutcome } from '../scoring/scorecard.ts';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

export interface Progress {
  simSeconds: number;
  durationSeconds: number;
  messages: number;
}

export class Engine {
  readonly settings: RunSettings;
  readonly ctx: RunContext;
  private readonly clock: Clock;
  private readonly pool: ModelPool;
  private readonly timeseries: TimeseriesWriter;
  private readonly windowProbes: WindowProbes;
  private readonly demand: DemandResponseProbe;
  private readonly grid: GridFeed;
  private readonly frequency: GridCoupling | undefined;
  private bindings: ProfileBinding[] = [];
  private broker: BrokerTarget | undefined;
  private observer: MqttConnection | undefined;
  private clients = new Map<string, MqttConnection>();
  private router: MessageRouter | undefined;
  private readonly wallStart = performance.now();
  private readonly warnings: string[] = [];
  private windowsStepped = 0;
  private readonly ledger: SiteLedger;

  constructor(
    readonly loaded: LoadedScenario,
    options: RunOptions,
    private readonly onProgress?: (p: Progress) => void,
  ) {
    this.settings = resolveRunSettings(loaded, options);
    mkdirSync(this.settings.outDir, { recursive: true });
    const scenario = this.settings.scenario;
    const fast = scenario.run.mode === 'fast';
    this.clock = fast ? new FastClock(Date.parse(scenario.run.start)) : new RealtimeClock();
    const kernel = new Kernel();
    this.ctx = {
      loaded,
      scenario,
      seed: this.settings.seed,
      kernel,
      clock: this.clock,
      seeds: new SeedTree(this.settings.seed),
      sites: new SiteRegistry(scenario, this.settings.seed),
      outbox: new Outbox(),
      ledger: new ConformanceLedger(rulesFor(scenario)),
      hash: new RunHash(),
      counters: new Counters(),
      traffic: new TrafficLog(join(this.settings.outDir, 'traffic.ndjson')),
      probes: new ProbeLog(),
      events: [],
      window: scenario.run.window,
      outDir: this.settings.outDir,
      broker: () => {
        if (!this.broker) throw new Error('the broker is not open yet');
        return { options: this.broker.base, clientId: (key) => clientIdFor(loaded.name, key) };
      },
      epoch: () => epochOf(this.clock),
      effectTime: (arrival, latency) => {
        // The first window boundary strictly after the message was sent: a window's inputs are
        // final once its last event ran, so real-time runs can step the models before the window ends.
        const w = scenario.run.window;
        const boundary = (Math.floor(Math.max(arrival, kernel.now) / w) + 1) * w;
        return boundary + latency;
      },
      warn: (m) => {
        if (!this.warnings.includes(m)) this.warnings.push(m);
      },
      wallIso: () => new Date().toISOString(),
    };
    this.pool = new ModelPool(this.ctx.sites.tables, this.settings.workers);
    const gridParams = toGridParams(scenario.grid);
    this.frequency = gridParams && scenario.grid.model ? new GridCoupling(this.ctx, gridParams, scenario.grid.model.step) : undefined;
    const columns = this.frequency ? [gridColumns(this.frequency)] : [];
    const ts = scenario.run.timeseries;
    const sites = this.ctx.sites;
    this.timeseries = new TimeseriesWriter(join(this.settings.outDir, 'timeseries.csv'), sites, columns, {
      sites: ts.sites === 'all' ? sites.sites : ts.sites === 'none' ? [] : ts.sites.flatMap((id) => sites.resolve(id)),
      windowsPerRow: ts.interval ? Math.max(1, Math.round(ts.interval / scenario.run.window)) : 1,
    });
    this.windowProbes = new WindowProbes(this.ctx);
    this.ledger = new SiteLedger(this.ctx.sites);
    this.demand = new DemandResponseProbe(this.ctx.probes);
    this.grid = new GridFeed(this.ctx);
  }

  async run(): Promise<RunOutcome> {
    const ctx = this.ctx;
    const scenario = this.settings.scenario;
    ctx.hash.add('scenario', this.loaded.text);
    ctx.hash.add('seed', String(this.settings.seed));
    ctx.hash.add('overrides', JSON.stringify({ duration: scenario.run.duration }));
    let error: unknown;
    try {
      const profiles = await createProfiles(ctx, this.demand);
      this.bindings = [this.grid, ...profiles.bindings];
      // A run with no profile and nothing for the grid feed to publish speaks no protocol at all:
      // it needs no broker (a physics-only study, a planner's sweep).
      const speaks = profiles.bindings.length > 0 || scenario.timeline.some((e) => ['demand_response', 'frequency', 'price'].includes(e.type));
      if (speaks) await this.connect();
      else this.bindings = [];
      for (const b of this.bindings) await b.start();
      scheduleTimeline(ctx, { grid: this.grid, frequency: this.frequency, demand: this.demand, loadTarget: profiles.loadTarget, setpoint: profiles.setpoint, oeSignal: profiles.oeSignal });
      // Last thing before the loop: set-up time must not count as lateness of the first instant.
      this.clock.start();
      await this.loop();
    } catch (err) {
      error = err;
    }
    return this.finish(error);
  }

  private async connect(): Promise<void> {
    const fast = this.settings.scenario.run.mode === 'fast';
    // A profile that checks the retain flag needs an MQTT 5 observer: MQTT 3.1.1 brokers clear the
    // flag on messages forwarded to existing subscriptions; MQTT 5's Retain As Published keeps it.
    const mqtt5 = this.bindings.some((b) => b.needsMqtt5);
    this.broker = await openBroker(this.settings.scenario, this.loaded.dir, this.settings.brokerUrl, mqtt5);
    const name = this.loaded.name;
    // The observer acknowledges a burst of QoS 1/2 messages in one socket write, not one per message.
    this.observer = await connectMqtt({ ...this.broker.base, clientId: clientIdFor(name, 'observer'), protocolVersion: mqtt5 ? 5 : 4, coalesceWrites: true });
    const specs = this.bindings.flatMap((b) => b.clients()).map((s) => (s.exactClientId ? s : { ...s, clientId: clientIdFor(name, s.clientId) }));
    this.clients = await openClients(this.broker, specs);
    for (const b of this.bindings) b.attach?.(this.clients);
    this.router = new MessageRouter(this.ctx, this.bindings, this.clients, this.observer, {
      fast,
      barrierTimeoutMs: this.settings.barrierTimeoutMs,
      reconnectGraceMs: this.settings.reconnectGraceMs,
    });
    await this.observer.subscribe(this.bindings.flatMap((b) => b.filters()), { qos: 2, rap: mqtt5 });
  }

  private async loop(): Promise<void> {
    const ctx = this.ctx;
    const { kernel } = ctx;
    const router = this.router;
    const fast = this.clock.mode === 'fast';
    const duration = this.settings.scenario.run.duration;
    const w = ctx.window;
    this.windowEnd(0);
    await router?.flush();
    let lastProgress = 0;
    // A physics-only fast run (no protocol, no grid model) can hand the workers many windows at once
    // whenever no kernel event falls inside them: nothing outside the sites could intervene.
    const batchable = fast && this.bindings.length === 0 && !this.frequency;
    for (let t0: Micros = 0; t0 < duration; ) {
      const count = batchable ? this.windowsFree(t0) : 1;
      const t1 = Math.min(t0 + count * w, duration);
      if (count === 1) await this.runWindowEvents(t1, router);
      // Inputs for [t0, t1) are final now (inbound commands land at t1 or later): step the models
      // while real time catches up with t1.
      const stepped = this.pool.step(t0, w, count, t1, ctx.sites.takeChanges(t1));
      const due = this.clock.waitUntil(t1);
      if (due) await due;
      await stepped;
      kernel.runUntil(t1);
      if (this.frequency) {
        // The sites see the grid frequency at the window boundary during the next window (a
        // battery's frequency response lags the grid by at most one window; keep windows short).
        ctx.sites.arrays.site.frequency.fill(this.frequency.stepWindow(t0, t1).f);
      }
      router?.checkBroker();
      this.windowsStepped += count;
      hashSites(ctx, this.windowsStepped, false);
      this.windowEnd(t1, count);
      await router?.flush();
      const now = performance.now();
      if (this.onProgress && (now - lastProgress > 100 || t1 >= duration)) {
        lastProgress = now;
        this.onProgress({ simSeconds: t1 / 1e6, durationSeconds: duration / 1e6, messages: ctx.counters.get('messages_out') + ctx.counters.get('messages_in') });
      }
      t0 = t1;
    }
  }

  /** Windows from t0 that no kernel event, time-series row or hash checkpoint interrupts (≥ 1). */
  private windowsFree(t0: Micros): number {
    const w = this.ctx.window;
    const next = this.ctx.kernel.peekTime();
    const byEvents = next === undefined ? Infinity : Math.floor((next - t0) / w);
    const byRow = this.timeseries.windowsToRow();
    const byCheckpoint = CHECKPOINT_WINDOWS - (this.windowsStepped % CHECKPOINT_WINDOWS);
    return Math.max(1, Math.min(byEvents, byRow, byCheckpoint));
  }

  /**
   * Runs the events before `t1` one instant at a time (not waiting for `t1` itself). Whatever an instant publishes goes out right
   * after it — at its wall-clock time in real time, through the flush barrier in fast mode — so a
   * counterpart's answer is attributed to the instant that caused it, not to the window's end.
   */
  private async runWindowEvents(t1: Micros, router: MessageRouter | undefined): Promise<void> {
    const { kernel, outbox } = this.ctx;
    for (;;) {
      const next = kernel.peekTime();
      if (next === undefined || next >= t1) break;
      const wait = this.clock.waitUntil(next);
      if (wait) await wait;
      kernel.runBatch();
      if (outbox.size > 0) await router?.flush();
    }
  }

  private windowEnd(t: Micros, count = 1): void {
    this.ctx.kernel.advanceTo(Math.max(this.ctx.kernel.now, t));
    if (t > 0) this.timeseries.windows(t / 1e6, count);
    for (const b of this.bindings) b.windowEnd(t);
  }

  private async finish(error: unknown): Promise<RunOutcome> {
    const ctx = this.ctx;
    const t = ctx.kernel.now;
    if (!error) await this.router?.drain();
    this.router?.abandonAll();
    if (!error) hashSites(ctx, this.windowsStepped, true);
    this.demand.close();
    const profileMetrics: Record<string, number> = {};
    for (const b of this.bindings) Object.assign(profileMetrics, b.finish(t));
    await Promise.allSettled(this.bindings.map((b) => b.close()));
    await Promise.allSettled([...this.clients.values(), this.observer].map((c) => c?.end()));
    await this.broker?.embedded?.close();
    await this.broker?.managed?.stop();
    await this.pool.close();
    this.timeseries.flush(t / 1e6);
    await this.timeseries.close();
    await ctx.traffic.close();
    const brokerName = this.broker?.embedded
      ? `embedded (${this.broker.url})`
      : this.broker?.managed
        ? `mosquitto started by gridtwin (${this.broker.url})`
        : undefined;
    return scoreRun({
      ctx,
      settings: this.settings,
      error,
      profileMetrics,
      windowMetrics: { ...this.windowProbes.metrics(), ...(this.frequency?.metrics() ?? {}), ...this.ledger.metrics(t / 1e6) },
      sites: this.ledger.summary(t / 1e6),
      grid: this.frequency?.summary(),
      lateness: this.clock.lateness,
      wallSeconds: (performance.now() - this.wallStart) / 1000,
      brokerUrl: brokerName ?? (this.broker?.url ?? (error ? (this.settings.brokerUrl ?? 'embedded') : 'none (no protocol traffic in this scenario)')),
      warnings: this.warnings,
      timeseriesRows: this.timeseries.rows,
      modelSteps: this.pool.steps,
    });
  }
}
