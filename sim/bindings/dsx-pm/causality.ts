// Rules that connect messages to each other (trace propagation, correlation, a power agent's
// behaviour over time), checked on verified DSX events in both directions: they hold gridtwin's own
// simulated agent to the spec as strictly as a live one.
import type { ConformanceLedger, Direction } from '../../scoring/conformance-ledger.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Micros } from '../../time.ts';
import { fromPowerUnit } from './power-units.ts';

interface CommandRecord {
  traceId?: string;
  tracestate?: string;
  at: Micros;
  /** feed tag (or '*' for all feeds) → constraint in W (null: removal). */
  constraints: Map<string, number | null>;
  targetSetSeen: boolean;
}

export interface Observed {
  topic: string;
  simTime: Micros;
  direction: Direction;
  envelope: Record<string, any>;
  data: Record<string, any>;
  traceId?: string;
}

export class DsxCausality {
  private readonly commands = new Map<string, CommandRecord>();
  private readonly breaches = new Map<string, string>();

  constructor(
    private readonly ledger: ConformanceLedger,
    private readonly kernel: Kernel,
    private readonly deadline: Micros,
    private readonly tolerance: number,
  ) {}

  private check(rule: string, o: Observed, ok: boolean, detail: () => string): void {
    this.ledger.check(rule, o.direction, ok, () => ({ simTimeUs: o.simTime, topic: o.topic, detail: detail(), messageId: o.envelope.id }));
  }

  loadTarget(o: Observed): void {
    const corr = o.envelope.correlationid;
    if (typeof corr !== 'string') return;
    const constraints = new Map<string, number | null>();
    for (const t of o.data.targets ?? []) {
      const c = t.load_constraint === null ? null : (fromPowerUnit(t.load_constraint) ?? null);
      const tags: string[] = t.feed_tags?.length ? t.feed_tags : ['*'];
      for (const tag of tags) constraints.set(tag, c);
    }
    const rec: CommandRecord = { traceId: o.traceId, tracestate: o.envelope.tracestate, at: o.simTime, constraints, targetSetSeen: false };
    this.commands.set(corr, rec);
    // DSX-BEH-001 is decided at the deadline, on simulation time, so it replays identically.
    const statusDirection: Direction = o.direction === 'inbound' ? 'outbound' : 'inbound';
    this.kernel.schedule(Math.max(this.kernel.now, o.simTime + this.deadline), () => {
      const detail = `no target_set status carrying correlationid ${corr} within ${this.deadline / 1e6} s of the command`;
      this.ledger.check('DSX-BEH-001', statusDirection, rec.targetSetSeen, () => ({ simTimeUs: this.kernel.now, topic: o.topic, detail, messageId: o.envelope.id }));
    });
  }

  /** Trace and correlation of an event caused by command `corr` (status, alert, enforcement). */
  private continues(o: Observed, corr: string | undefined): CommandRecord | undefined {
    const cmd = corr ? this.commands.get(corr) : undefined;
    if (!cmd) return undefined;
    this.check('DSX-TRACE-002', o, cmd.traceId === undefined || o.traceId === cmd.traceId, () => `trace id ${o.traceId} does not continue the command's trace ${cmd.traceId}`);
    if (cmd.tracestate !== undefined) {
      this.check('DSX-TRACE-003', o, o.envelope.tracestate === cmd.tracestate, () => `tracestate '${o.envelope.tracestate ?? ''}' should pass through '${cmd.tracestate}'`);
    }
    return cmd;
  }

  status(o: Observed): void {
    const feeds: Record<string, any> = o.data.feeds ?? {};
    const triggered = Object.values(feeds).some((f) => f?.event === 'target_set');
    const corr = o.envelope.correlationid;
    if (triggered) {
      this.check('DSX-CORR-003', o, typeof corr === 'string' && this.commands.has(corr), () => `target_set status carries correlationid '${corr ?? '(none)'}', which is no command's`);
      const cmd = typeof corr === 'string' ? this.commands.get(corr) : undefined;
      if (cmd) cmd.targetSetSeen = true;
    }
    this.continues(o, corr);
    for (const [tag, f] of Object.entries(feeds)) {
      for (const t of f?.targets ?? []) {
        this.check('DSX-CORR-001', o, this.commands.has(t.correlation_id), () => `feed ${tag} holds a target with correlation_id ${t.correlation_id}, which no grid.loadtarget.set.v1 carried`);
      }
      const active = (f?.targets ?? []).find((t: any) => t.active);
      const calc = fromPowerUnit(f?.calculated_load);
      const limit = active ? fromPowerUnit(active.load_constraint) : undefined;
      if (calc !== undefined && typeof f.compliant === 'boolean') {
        const ok = limit === undefined ? f.compliant === true : f.compliant ? calc <= limit * (1 + this.tolerance) : calc > limit;
        this.check('DSX-BEH-005', o, ok, () => `feed ${tag}: compliant=${f.compliant} with calculated load ${calc} W and constraint ${limit ?? 'none'} W`);
      }
    }
  }

  alert(o: Observed): void {
    const d = o.data;
    const id = d.breach?.breach_id;
    const prev = this.breaches.get(id);
    const order: Record<string, string[]> = { active: [], escalated: ['active'], resolved: ['active', 'escalated'] };
    const allowedAfter = order[d.status] ?? [];
    const lifecycleOk =
      (prev === undefined ? d.status === 'active' : allowedAfter.includes(prev)) &&
      (d.status === 'resolved'
        ? typeof d.breach?.resolved_at === 'string' && d.shed_hints === undefined && Array.isArray(d.infrastructure_actions) && d.infrastructure_actions.length === 0
        : d.breach?.resolved_at === undefined);
    this.check('DSX-BEH-002', o, lifecycleOk, () => `breach ${id}: '${d.status}' after '${prev ?? '(nothing)'}' (or resolved fields inconsistent)`);
    this.breaches.set(id, d.status);
    const measured = fromPowerUnit(d.measured_load);
    const constraint = fromPowerUnit(d.target?.load_constraint);
    if (measured !== undefined && constraint !== undefined && d.status !== 'resolved') {
      const critical = measured > constraint * 1.2;
      this.check('DSX-BEH-003', o, (d.severity === 'critical') === critical, () => `severity '${d.severity}' for ${measured} W against ${constraint} W`);
    }
    for (const h of d.shed_hints ?? []) {
      if (h.action === 'power_cap') this.check('DSX-BEH-006', o, h.target_power !== undefined, () => `power_cap hint for ${h.resource_id} without target_power`);
    }
    const corr = d.target?.correlation_id;
    const cmd = this.continues(o, o.envelope.correlationid ?? corr);
    const expected = cmd ? (cmd.constraints.get(d.feed_tag) ?? cmd.constraints.get('*')) : undefined;
    this.check('DSX-CORR-002', o, cmd !== undefined && expected !== undefined && expected !== null && Math.abs(expected - (constraint ?? NaN)) < 1, () => `breach target correlation_id ${corr} / constraint ${constraint} W does not match the command that set it`);
  }

  enforcement(o: Observed): void {
    const id = o.data.breach_id;
    this.check('DSX-BEH-004', o, this.breaches.has(id), () => `enforcement for breach_id ${id}, which was never alerted`);
  }
}
