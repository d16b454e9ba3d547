// How a resource follows its setpoints in the physics. An accepted setpoint takes effect at the
// rule-defined time (next window boundary after arrival + command_latency); from then on the
// resource re-evaluates its schedule at the start and end of every activation, and changes the inputs
// exactly at those instants:
//   battery — setpoint mode with power = −value (the model's sign: + discharge); the model keeps it
//             within its power, C-rate and SoC limits; baseline = the scenario's mode and setpoint.
//   load    — the AI-training load's GPU cap set so that its mean over a training iteration (duty ·
//             min(cap, rated) + (1 − duty) · min(low, cap) + overhead) equals the value: a cap only
//             lowers the load, so a setpoint above what the job draws is not reachable (the
//             tracking error shows it); baseline = no cap.
import { Priority } from '../../kernel/kernel.ts';
import type { RunContext } from '../../engine/run-context.ts';
import type { Micros } from '../../time.ts';
import type { PnDevice } from './fleet-layout.ts';
import { SetpointSchedule } from './setpoint-schedule.ts';
import type { SetpointCommand } from './setpoint-codec.ts';
import { BatteryMode } from '../../../models/battery-fields.ts';
import { gpuCount } from '../../scenario/ai-load-params.ts';

export interface AppliedState {
  /** The value the resource follows now (null: baseline). */
  value: number | null;
  /** When it last changed (simulation time). */
  since: Micros;
}

export class ResourceControl {
  readonly schedule = new SetpointSchedule();
  private applied: AppliedState = { value: null, since: 0 };
  private readonly baseMode: number;
  private readonly baseSetpoint: number;
  private readonly overhead: number;
  private readonly duty: number;
  /** GPU power in the low (communication) phase, and with no cap in the compute phase, W. */
  private readonly low: number;
  private readonly high: number;

  constructor(
    private readonly ctx: RunContext,
    readonly device: PnDevice,
    private readonly latency: Micros,
    private readonly onChange: (device: PnDevice, state: AppliedState) => void,
  ) {
    const i = ctx.sites.get(device.site).index;
    const a = ctx.sites.arrays;
    this.baseMode = a.battery.mode[i];
    this.baseSetpoint = a.battery.setpoint[i];
    this.overhead = a.load.overheadPower[i];
    const l = ctx.sites.get(device.site).config.ai_load;
    const tdp = l.tdp ?? l.rated_power / gpuCount(l);
    this.duty = l.duty;
    this.high = l.rated_power;
    this.low = Math.min(Math.max(l.comm_fraction ?? l.idle_fraction, l.power_floor) * tdp * gpuCount(l), l.rated_power);
  }

  /** The GPU cap whose iteration-mean IT power is `value` (Infinity: the load is below it anyway). */
  loadCap(value: number): number {
    const gpu = value - this.overhead;
    if (gpu >= this.duty * this.high + (1 - this.duty) * this.low) return Infinity;
    if (gpu >= this.low) return (gpu - (1 - this.duty) * this.low) / this.duty;
    return Math.max(0, gpu);
  }

  get state(): AppliedState {
    return this.applied;
  }

  /**
   * An accepted setpoint arrived at simulation time `arrival`. Returns its requested window and
   * when it takes effect, in simulation time.
   */
  receive(cmd: SetpointCommand, arrival: Micros): { start: Micros; to: Micros; effect: Micros } {
    const epoch = this.ctx.epoch();
    const effect = this.ctx.effectTime(arrival, this.latency);
    const start = epoch.fromMs(cmd.start * 1000);
    const from = Math.max(effect, start);
    const to = epoch.fromMs(cmd.end * 1000);
    this.ctx.kernel.schedule(effect, () => {
      this.schedule.add(from, to, cmd.value);
      this.evaluate();
      if (to > from) {
        if (from > this.ctx.kernel.now) this.ctx.kernel.schedule(from, () => this.evaluate(), Priority.inbound);
        this.ctx.kernel.schedule(to, () => this.evaluate(), Priority.inbound);
      }
    }, Priority.inbound);
    return { start, to, effect };
  }

  private evaluate(): void {
    const now = this.ctx.kernel.now;
    this.schedule.prune(now);
    const value = this.schedule.valueAt(now);
    if (value === this.applied.value) return;
    this.applied = { value, since: now };
    const sites = this.ctx.sites;
    const site = this.device.site;
    if (this.device.kind === 'battery') {
      sites.setInput(site, 'batteryMode', value === null ? this.baseMode : BatteryMode.setpoint, now);
      sites.setInput(site, 'batterySetpoint', value === null ? this.baseSetpoint : -value, now);
    } else if (this.device.kind === 'load') {
      sites.setInput(site, 'gpuCap', value === null ? Infinity : this.loadCap(value), now);
    }
    this.onChange(this.device, this.applied);
  }
}
