// The DSX Power Management 1.7.0 profile: which roles gridtwin plays (power agent, infra agent, or
// the ISV — reference or scripted), their keys and connections, and what happens to every message
// on the profile's channels in either direction: inspected, logged, checked for causality, and — if
// accepted — delivered to the simulated role it is for.
import type { ClientSpec, InProcessCounterpart, ObservedMessage, ProfileBinding } from '../../engine/profile-binding.ts';
import type { OutboundMessage } from '../../engine/outbound.ts';
import type { RunContext } from '../../engine/run-context.ts';
import type { Direction } from '../../scoring/conformance-ledger.ts';
import type { DsxProfileConfig } from '../../scenario/profile-schema.ts';
import type { DemandResponseProbe } from '../../scoring/demand-response-probe.ts';
import type { LoadTargetEntry } from '../../scenario/timeline-schema.ts';
import { DSX_RULES } from './rule-catalogue.ts';
import { subscriptionFilters } from './channels.ts';
import { DATA_SCHEMAS, ENVELOPE_SCHEMAS, schemaValidator } from './asyncapi.ts';
import { DsxInspector, type Inspection } from './inspector.ts';
import { DsxCausality, type Observed } from './causality.ts';
import { DsxEmitter } from './emitter.ts';
import { PowerAgent, type LoadTargetCommand } from './power-agent.ts';
import { InfraAgent } from './infra-agent.ts';
import { ScriptedIsv } from './scripted-isv.ts';
import { prepareRoleKeys } from './role-keys.ts';
import { ReferenceIsv } from '../../controllers/reference-isv.ts';
import { observedRecord } from '../../engine/traffic-log.ts';
import type { DsxRole } from './source.ts';
import type { RandomStream } from '../../random/streams.ts';

export class DsxProfile implements ProfileBinding {
  readonly name = 'dsx-pm';
  readonly rules = DSX_RULES;
  private inspector!: DsxInspector;
  private causality!: DsxCausality;
  private agent?: PowerAgent;
  private infra?: InfraAgent;
  private scripted?: ScriptedIsv;
  private reference?: ReferenceIsv;
  private readonly specs: ClientSpec[] = [];
  private correlationIds!: RandomStream;

  private constructor(
    private readonly ctx: RunContext,
    readonly cfg: DsxProfileConfig,
    private readonly demand: DemandResponseProbe,
  ) {}

  static async create(ctx: RunContext, cfg: DsxProfileConfig, demand: DemandResponseProbe): Promise<DsxProfile> {
    const p = new DsxProfile(ctx, cfg, demand);
    await p.init();
    return p;
  }

  private async init(): Promise<void> {
    const { ctx, cfg } = this;
    // Compile every schema validator now (~0.2 s): compiled lazily, the first message of each type
    // would pay for it — as lateness, in a real-time run.
    for (const name of [...ENVELOPE_SCHEMAS, ...DATA_SCHEMAS]) schemaValidator(name);
    const played: Partial<Record<DsxRole, string>> = {};
    if (cfg.poweragent.mode === 'simulated') played.poweragent = cfg.poweragent.id;
    if (cfg.infra.mode === 'simulated') played.infra = cfg.infra.id;
    if (cfg.isv.mode !== 'live') played.isv = cfg.isv.id;
    const keys = await prepareRoleKeys(cfg, played, ctx.loaded.dir, ctx.outDir);
    this.inspector = new DsxInspector(ctx.ledger, keys.trust, cfg.specversion, cfg.time_zone, cfg.require_correlationid);
    this.correlationIds = ctx.seeds.stream('dsx-pm/assigned-correlation-ids');
    this.causality = new DsxCausality(ctx.ledger, ctx.kernel, cfg.target_set_deadline, cfg.breach.tolerance);
    const emitter = (role: DsxRole) => {
      const key = `dsx-pm/${role}`;
      this.specs.push({ key, clientId: `${role}-${played[role]}`, protocolVersion: 4 });
      return new DsxEmitter(ctx, role, played[role] as string, keys.signers[role]!, cfg.specversion, key);
    };
    const site = cfg.poweragent.site ? ctx.sites.get(cfg.poweragent.site) : undefined;
    if (played.poweragent && site) {
      this.agent = new PowerAgent(ctx, emitter('poweragent'), cfg, site, this.demand, ctx.seeds.stream('dsx-pm/breach-ids'));
    }
    if (played.infra && site) this.infra = new InfraAgent(ctx, emitter('infra'), site, cfg.command_latency);
    if (cfg.isv.mode === 'scripted') this.scripted = new ScriptedIsv(ctx, emitter('isv'));
    if (cfg.isv.mode === 'reference') {
      this.reference = new ReferenceIsv({
        ctx,
        identifier: cfg.isv.id,
        signer: keys.signers.isv!,
        trust: keys.trust,
        specversion: cfg.specversion,
        sites: site ? [{ site: site.id, feeds: site.feeds, agent: cfg.poweragent.id }] : [],
        batched: ctx.scenario.run.mode === 'fast',
      });
    }
  }

  clients(): ClientSpec[] {
    return this.specs;
  }

  filters(): string[] {
    return subscriptionFilters();
  }

  counterparts(): InProcessCounterpart[] {
    return this.reference ? [this.reference] : [];
  }

  async start(): Promise<void> {
    this.agent?.start();
    await this.reference?.connect();
  }

  windowEnd(t: number): void {
    this.agent?.windowEnd(t);
  }

  /** The scripted ISV's hook for `loadtarget` timeline entries. */
  get loadTarget(): ((e: LoadTargetEntry, id: string) => void) | undefined {
    return this.scripted ? (e, id) => this.scripted!.send(e, id) : undefined;
  }

  async onEcho(msg: ObservedMessage, out: OutboundMessage): Promise<void> {
    const insp = await this.inspector.inspect(msg, 'outbound');
    this.log(msg, 'outbound', insp, out.client);
    if (!insp.data) return;
    this.observe(msg, 'outbound', insp);
    // gridtwin's own roles hear each other through the broker, like separate processes would.
    if (insp.channel?.id === 'powerBreachAlertChannel') this.infra?.onAlert(insp.data, insp.envelope!, msg.simTime);
    if (insp.channel?.id === 'powerStateStatusChannel') this.infra?.onStatus(insp.data, msg.simTime);
  }

  async onInbound(msg: ObservedMessage): Promise<void> {
    const insp = await this.inspector.inspect(msg, 'inbound');
    this.log(msg, 'inbound', insp);
    this.ctx.hash.add('in', `${msg.topic}\n${insp.accepted}\n${JSON.stringify(insp.data ?? insp.failures.map((f) => f.rule))}`);
    if (!insp.accepted || !insp.data) {
      this.ctx.counters.inc('rejected_inbound');
      this.ctx.counters.inc(`rejected_inbound{${insp.failures[0]?.rule ?? 'unknown'}}`);
      return;
    }
    // Without a correlationid (allowed when require_correlationid is off) the agent assigns one, so
    // its FeedTargets still carry a UUID that the correlation rules can follow.
    if (insp.channel?.id === 'loadTargetSetChannel' && typeof insp.envelope!.correlationid !== 'string') {
      insp.envelope = { ...insp.envelope, correlationid: this.correlationIds.uuid4() };
    }
    this.observe(msg, 'inbound', insp);
    const env = insp.envelope!;
    switch (insp.channel?.id) {
      case 'loadTargetSetChannel': {
        this.ctx.events.push({ t: msg.simTime / 1e6, kind: 'control-plane', what: `loadtarget.set from ${insp.match!.identifier}`, detail: summarizeTargets(insp.data) });
        const cmd: LoadTargetCommand = {
          correlationId: env.correlationid as string,
          cause: { traceparent: env.traceparent as string, ...(typeof env.tracestate === 'string' ? { tracestate: env.tracestate } : {}) },
          targets: insp.data.targets as LoadTargetCommand['targets'],
        };
        this.agent?.receive(cmd, msg.simTime);
        break;
      }
      case 'powerStateStatusChannel':
        this.scripted?.onStatus(insp.data, env, msg.simTime);
        this.infra?.onStatus(insp.data, msg.simTime);
        break;
      case 'powerBreachAlertChannel':
        this.ctx.events.push({ t: msg.simTime / 1e6, kind: 'control-plane', what: `breach ${insp.data.status} from ${insp.match!.identifier}` });
        this.infra?.onAlert(insp.data, env, msg.simTime);
        break;
      case 'powerBreachEnforcementChannel':
        this.ctx.events.push({ t: msg.simTime / 1e6, kind: 'control-plane', what: `enforcement ${insp.data.action} from ${insp.match!.identifier}` });
        break;
    }
  }

  private observe(msg: ObservedMessage, direction: Direction, insp: Inspection): void {
    const o: Observed = { topic: msg.topic, simTime: msg.simTime, direction, envelope: insp.envelope!, data: insp.data!, traceId: insp.traceId };
    switch (insp.channel?.id) {
      case 'loadTargetSetChannel':
        return this.causality.loadTarget(o);
      case 'powerStateStatusChannel':
        return this.causality.status(o);
      case 'powerBreachAlertChannel':
        return this.causality.alert(o);
      case 'powerBreachEnforcementChannel':
        return this.causality.enforcement(o);
    }
  }

  private log(msg: ObservedMessage, direction: Direction, insp: Inspection, client?: string): void {
    const verdict = direction === 'outbound' ? (insp.accepted ? 'ok' : 'failed') : insp.accepted ? 'accepted' : 'rejected';
    this.ctx.traffic.write(observedRecord(msg, direction === 'outbound' ? 'out' : 'in', verdict, { client, failures: insp.failures }));
  }

  finish(): Record<string, number> {
    return { ...(this.scripted?.finish() ?? {}) };
  }

  async close(): Promise<void> {
    await this.reference?.close();
  }
}

function summarizeTargets(data: Record<string, any>): string {
  return (data.targets ?? [])
    .map((t: any) => `${t.load_constraint === null ? 'remove' : `${t.load_constraint.value} ${t.load_constraint.unit}`} on ${t.feed_tags?.length ? t.feed_tags.join(',') : 'all feeds'}`)
    .join('; ');
}
