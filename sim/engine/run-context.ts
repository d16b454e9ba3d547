// Everything a run shares, passed explicitly (DESIGN.md rule 7: no global state). Bindings get
// this object; workers get only their inputs by message.
import type { Kernel } from '../kernel/kernel.ts';
import type { Clock } from '../clock/clock.ts';
import type { SeedTree, Seed } from '../random/streams.ts';
import type { SiteRegistry } from './site-registry.ts';
import type { Outbox } from './outbound.ts';
import type { ConformanceLedger } from '../scoring/conformance-ledger.ts';
import type { RunHash } from '../scoring/run-hash.ts';
import type { Counters } from './counters.ts';
import type { TrafficLog } from './traffic-log.ts';
import type { LoadedScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/schema.ts';
import { Epoch, type Micros } from '../time.ts';
import type { ProbeLog } from '../scoring/probe-log.ts';
import type { MqttConnectOptions } from '../transports/mqtt-connection.ts';

export interface RunContext {
  loaded: LoadedScenario;
  /** The scenario with command-line overrides applied. */
  scenario: Scenario;
  seed: Seed;
  kernel: Kernel;
  clock: Clock;
  seeds: SeedTree;
  sites: SiteRegistry;
  outbox: Outbox;
  ledger: ConformanceLedger;
  hash: RunHash;
  counters: Counters;
  traffic: TrafficLog;
  probes: ProbeLog;
  /** Scenario events and control-plane reactions, for the report's timeline. */
  events: TimelineRecord[];
  /** The run folder. */
  outDir: string;
  /**
   * How to open another connection to the run's broker (for in-process counterparts such as the
   * reference ISV); available once the engine has connected.
   */
  broker(): { options: Omit<MqttConnectOptions, 'clientId' | 'protocolVersion'>; clientId(key: string): string };
  /** Kernel window Δ in µs. */
  window: Micros;
  /** Maps simulation time to message timestamps; valid once the clock has started. */
  epoch(): Epoch;
  /** Simulation time an inbound command takes effect at (see docs/architecture.md). */
  effectTime(arrival: Micros, latency: Micros): Micros;
  /** Anything a user should see in the summary that is not a metric (warnings). */
  warn(message: string): void;
  /** Wall-clock ISO time for traffic records (never hashed). */
  wallIso(): string;
}

export interface TimelineRecord {
  /** Simulation time in seconds. */
  t: number;
  kind: 'scenario' | 'gridtwin' | 'control-plane' | 'physics';
  what: string;
  detail?: string;
}

export function epochOf(clock: Clock): Epoch {
  return new Epoch(clock.epochMs);
}

/**
 * Simulation time now: in fast mode the kernel's (the flush an event belongs to), in real time the
 * wall clock mapped onto simulation time — for things that happen outside kernel events (a
 * connection lost, a counterpart's message arriving).
 */
export function simTimeNow(ctx: Pick<RunContext, 'clock' | 'kernel'>): Micros {
  return ctx.clock.mode === 'fast' ? ctx.kernel.now : Math.max(0, ctx.clock.simNow());
}
