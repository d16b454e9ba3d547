// One facility on the WDPC bus: a Sparkplug B edge node (its site) whose devices are the compute
// nodes of the facility → rack → node → GPU hierarchy. At each window end it reads the physics and,
// for every stream that is due (WDPC Table 1 rates), seals the stream's WDPC message in an envelope
// and hands the session a Bytes metric `wdpc/<stream>`:
//   device r00-n000  DDATA  wdpc/node (node power), wdpc/gpu0 … (component metrics)
//   edge node        NDATA  wdpc/thermal, wdpc/infrastructure, wdpc/power, wdpc/grid, wdpc/workload
// plus the writable node metric `Battery/SoC Target` (Double, where the site has a battery). Births
// leave the streams null (is_null): a birth declares them, and the first window end after a birth
// publishes every stream (a host that joins learns the whole state at once, grid data included).
import type { RunContext } from '../../engine/run-context.ts';
import type { SiteInfo } from '../../engine/site-registry.ts';
import type { WdpcProfileConfig } from '../../scenario/profile-schema.ts';
import type { Micros } from '../../time.ts';
import type { EnvelopeSealer } from './envelope.ts';
import type { WdpcFacility, WdpcNode } from './hierarchy.ts';
import { announced, type PlannedTransition } from './intent.ts';
import { SOC_TARGET } from './bus-inspector.ts';
import { payloadOf } from './streams.ts';
import { DataType, type MetricValue } from './sparkplug/datatypes.ts';
import { EdgeSession, type MetricDef, type SpMessage } from './sparkplug/edge-session.ts';
import { gpuStream, gridStream, infrastructureStream, nodeStream, PeriodPower, powerStream, thermalStream, workloadStream, type FacilityView } from './twin-streams.ts';

const bytes = (name: string): MetricDef => ({ name, datatype: DataType.Bytes });

type Rates = WdpcProfileConfig['rates'];

export interface DueMessage {
  msg: SpMessage;
  /** `wdpc/<stream>` → the sealed envelope it carries. */
  streams: Record<string, Uint8Array>;
  /** The compute node (DDATA). */
  node?: WdpcNode;
}

export class FacilityPublisher {
  readonly session: EdgeSession;
  readonly view: FacilityView;
  private readonly nodePower = new PeriodPower();
  private readonly gpuPower = new PeriodPower();
  private readonly hasCooling: boolean;
  readonly hasBattery: boolean;
  /** The SoC target the battery was configured with (a released target returns to it). */
  readonly configuredSocTarget: number;
  /** Envelopes sealed, for the summary. */
  sealed = 0;
  private justBorn = false;

  constructor(
    private readonly ctx: RunContext,
    private readonly rates: Rates,
    private readonly lead: Micros,
    group: string,
    info: SiteInfo,
    layout: WdpcFacility,
    private readonly sealer: EnvelopeSealer,
    private readonly plan: readonly PlannedTransition[],
  ) {
    this.view = { arrays: ctx.sites.arrays, info, layout };
    this.hasCooling = ctx.sites.arrays.site.hasCooling[info.index] === 1;
    this.hasBattery = ctx.sites.arrays.site.hasBattery[info.index] === 1;
    this.configuredSocTarget = ctx.sites.arrays.battery.socTarget[info.index];
    const nodeMetrics: MetricDef[] = [
      ...(this.hasCooling && rates.thermal !== 'off' ? [bytes('wdpc/thermal')] : []),
      ...(rates.infrastructure !== 'off' ? [bytes('wdpc/infrastructure'), bytes('wdpc/power')] : []),
      ...(rates.grid !== 'off' ? [bytes('wdpc/grid')] : []),
      ...(rates.workload !== 'off' ? [bytes('wdpc/workload')] : []),
      ...(this.hasBattery ? [{ name: SOC_TARGET, datatype: DataType.Double } as MetricDef] : []),
    ];
    const devices = layout.nodes.map((n): [string, MetricDef[]] => [
      n.id,
      [...(rates.node_power !== 'off' ? [bytes('wdpc/node')] : []), ...(rates.components !== 'off' ? n.gpus.map((g) => bytes(`wdpc/${g}`)) : [])],
    ]);
    this.session = new EdgeSession(group, info.id, nodeMetrics, devices);
  }

  get site(): string {
    return this.view.info.id;
  }

  /** Current values for births: streams null, the SoC target as the battery holds it. */
  private readonly birthValue = (_device: string | undefined, metric: string): MetricValue | null => {
    if (metric === SOC_TARGET) return this.ctx.sites.arrays.battery.socTarget[this.view.info.index];
    return null;
  };

  /** The Will of the next session (timestamp left out: it is sent long after it is made). */
  nextWill(): SpMessage {
    const will = this.session.newSession(0);
    delete will.payload.timestamp;
    for (const m of will.payload.metrics) delete m.timestamp;
    return will;
  }

  /** The births leave the streams null: the first window end after them publishes every stream. */
  births(ms: number): SpMessage[] {
    this.justBorn = true;
    return this.session.birth(ms, this.birthValue);
  }

  /** The SoC target changed (a command): reported as NDATA so every host sees the new value. */
  reportTarget(ms: number, value: number): SpMessage | undefined {
    return this.session.isBorn && this.hasBattery ? this.session.data(ms, undefined, { [SOC_TARGET]: value }) : undefined;
  }

  /** The messages due at window end `t` (UNIX ms `ms`), with the sealed streams they carry. */
  windowEnd(t: Micros, ms: number): DueMessage[] {
    const k = this.view.info.index;
    const it = this.ctx.sites.arrays.site.itMean[k];
    this.nodePower.add(it);
    this.gpuPower.add(it);
    const fresh = this.justBorn;
    this.justBorn = false;
    const due = (r: Rates[keyof Rates]) => r !== 'off' && (fresh || t % r === 0);
    const out: DueMessage[] = [];
    const nodeDue = due(this.rates.node_power);
    const gpuDue = due(this.rates.components);
    if (nodeDue || gpuDue) {
      const np = nodeDue ? this.nodePower.take() : undefined;
      const gp = gpuDue ? this.gpuPower.take() : undefined;
      for (const node of this.view.layout.nodes) {
        const values: Record<string, Uint8Array> = {};
        if (np) this.seal(values, 'wdpc/node', nodeStream(this.view, node, np, ms), `${this.site}/${node.id}`, ms);
        if (gp) for (const g of node.gpus) this.seal(values, `wdpc/${g}`, gpuStream(this.view, node, g, gp, ms), `${this.site}/${node.id}/${g}`, ms);
        const msg = this.session.data(ms, node.id, values);
        if (msg) out.push({ msg, streams: values, node });
      }
    }
    const values: Record<string, Uint8Array> = {};
    if (this.hasCooling && due(this.rates.thermal)) this.seal(values, 'wdpc/thermal', thermalStream(this.view, ms)!, `${this.site}/cooling`, ms);
    if (due(this.rates.infrastructure)) {
      this.seal(values, 'wdpc/infrastructure', infrastructureStream(this.view, ms), this.site, ms);
      this.seal(values, 'wdpc/power', powerStream(this.view, ms), `${this.site}/poi`, ms);
    }
    if (due(this.rates.grid)) this.seal(values, 'wdpc/grid', gridStream(this.view, ms, this.ctx.scenario.grid.nominal_frequency), `${this.site}/grid`, ms);
    if (due(this.rates.workload)) {
      const intents = announced(this.plan, this.site, t, this.lead);
      this.seal(values, 'wdpc/workload', workloadStream(this.view, ms, intents, (at) => this.ctx.epoch().ms(at)), `${this.site}/training`, ms);
    }
    const msg = Object.keys(values).length > 0 ? this.session.data(ms, undefined, values) : undefined;
    if (msg) out.push({ msg, streams: values });
    return out;
  }

  /** Seals a stream's payload as the message type its metric carries (streams.ts) into `values`. */
  private seal(values: Record<string, Uint8Array>, metric: string, payload: Record<string, unknown>, source: string, ms: number): void {
    this.sealed++;
    values[metric] = this.sealer.seal(payloadOf(metric), payload, source, ms);
  }
}
