// The telemetry cadence of every Powernaut device: each window adds the device's window-mean power
// from the physics; every `interval` (4 s) the mean over the interval becomes a reading — the site
// meter at the POI, the battery at its terminals (consumption positive: charging > 0) with its SoC
// in Wh, the flexible load's IT power. A connected device sends its reading at once; a device whose
// connection is down buffers it, and on its first slot back sends the backlog oldest first as JSON
// arrays of at most `batchMax`. Readings older than `staleAfter` are dropped at the sender, counted
// as `stale_dropped`, never sent.
import type { RunContext } from '../../engine/run-context.ts';
import type { Micros } from '../../time.ts';
import type { PnDevice } from './fleet-layout.ts';
import { encodeReadings, type Reading } from './telemetry-codec.ts';

export interface StreamOptions {
  interval: Micros;
  staleAfter: Micros;
  batchMax: number;
  qos: 1 | 2;
  includeTime: boolean;
}

const J_PER_WH = 3600;

export class DeviceStream {
  private readonly sums: Float64Array;
  private readonly index: Int32Array;
  private readonly backlog: Reading[][];
  /** Whether a device's connection is up (all up until the engine attaches the connections). */
  isUp: (device: PnDevice) => boolean = () => true;

  constructor(
    private readonly ctx: RunContext,
    readonly devices: PnDevice[],
    private readonly o: StreamOptions,
    private readonly onReading: (device: PnDevice, r: Reading) => void,
  ) {
    this.sums = new Float64Array(devices.length);
    this.index = Int32Array.from(devices, (d) => ctx.sites.get(d.site).index);
    this.backlog = devices.map(() => []);
  }

  /** The models have been stepped to `t` (one window). */
  windowEnd(t: Micros): void {
    if (t <= 0) return;
    const a = this.ctx.sites.arrays;
    const s = a.site;
    const n = this.devices.length;
    for (let k = 0; k < n; k++) {
      const i = this.index[k];
      const kind = this.devices[k].kind;
      this.sums[k] += kind === 'site' ? s.poiMean[i] : kind === 'battery' ? -s.battMean[i] : s.itMean[i];
    }
    if (t % this.o.interval !== 0) return;
    const windows = this.o.interval / this.ctx.window;
    const time = this.o.includeTime ? Math.floor(this.ctx.epoch().ms(t) / 1000) : undefined;
    for (let k = 0; k < n; k++) {
      const d = this.devices[k];
      const i = this.index[k];
      const r: Reading = { slot: t, value: Math.round(this.sums[k] / windows) };
      if (d.kind === 'battery') r.soc = Math.round(a.battery.energy[i] / J_PER_WH);
      if (time !== undefined) r.time = time;
      this.sums[k] = 0;
      this.onReading(d, r);
      this.send(k, r, t);
    }
  }

  private send(k: number, r: Reading, now: Micros): void {
    const d = this.devices[k];
    // The common case — nothing buffered, connection up — allocates nothing beyond the message.
    if (this.backlog[k].length === 0 && this.isUp(d)) {
      this.publish(d, [r], now);
      return;
    }
    const queue = this.dropStale(k, now);
    queue.push(r);
    if (!this.isUp(d)) {
      if (queue.length > 1) this.ctx.counters.inc('pn_buffered');
      return;
    }
    this.backlog[k] = [];
    if (queue.length > 1) this.ctx.counters.inc('pn_backlog_sent', queue.length - 1);
    for (let j = 0; j < queue.length; j += this.o.batchMax) this.publish(d, queue.slice(j, j + this.o.batchMax), now);
  }

  private dropStale(k: number, now: Micros): Reading[] {
    const q = this.backlog[k];
    const keep = q.filter((r) => now - r.slot <= this.o.staleAfter);
    if (keep.length < q.length) this.ctx.counters.inc('stale_dropped', q.length - keep.length);
    this.backlog[k] = keep;
    return keep;
  }

  private publish(d: PnDevice, readings: Reading[], now: Micros): void {
    const payload = Buffer.from(encodeReadings(readings));
    this.ctx.counters.inc('pn_readings_sent', readings.length);
    if (readings.length > 1) this.ctx.counters.inc('pn_batches');
    this.ctx.outbox.push({
      client: d.key,
      topic: d.dataTopic,
      qos: this.o.qos,
      retain: false,
      simTime: now,
      label: readings.length > 1 ? `telemetry batch of ${readings.length}` : 'telemetry',
      // Simulation times instead of wall-clock UNIX seconds: the hash is the same in real time.
      hashContent: readings.length === 1 ? hashOf(readings[0]) : readings.map(hashOf).join(','),
      encode: () => payload,
    });
  }

  /** Readings waiting in device buffers (end of run: never sent). */
  buffered(): number {
    return this.backlog.reduce((n, q) => n + q.length, 0);
  }
}

function hashOf(r: Reading): string {
  return `${r.slot}:${r.value}:${r.soc ?? ''}`;
}
