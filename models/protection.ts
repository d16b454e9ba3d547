// Voltage-sensitive data-center protection, as in the NERC review of the 10 July 2024 Virginia
// load loss: the facility's UPS/transfer logic counts voltage disturbances; N of them within a time
// window transfer the site to backup power (the grid loses its load at once), and the site stays
// off the grid until an operator reconnects it; the load then returns along a ramp.
//
// Event-driven and exact for any sub-step: the voltage is constant inside a sub-step (the caller
// splits at every voltage change), a dip is counted at the exact time it has lasted `minDipUs`,
// and the reconnection ramp is linear, integrated in closed form.
import { SoaTable } from '../sim/workers/soa.ts';

/** A bad parameter, as the scenario loader reports it. */
export interface ParamProblem {
  field: string;
  message: string;
  hint: string;
}

/** Most dips the history keeps (the largest N a rule may ask for). */
export const MAX_DIPS_TO_TRANSFER = 8;
const dipSlots = ['dip0', 'dip1', 'dip2', 'dip3', 'dip4', 'dip5', 'dip6', 'dip7'] as const;

export const protectionFields = [
  'dipThreshold', // parameter: a disturbance starts when the voltage falls below this, pu
  'recoverThreshold', // parameter: it ends when the voltage is back at or above this, pu
  'minDipUs', // parameter: a disturbance counts once it has lasted this long, µs (0: at once)
  'dipsToTransfer', // parameter: N disturbances within the window transfer the site
  'windowUs', // parameter: the counting window, µs
  'reconnectRate', // parameter: reconnection ramp, share of the load per second
  'voltagePu', // input: voltage at the site, pu
  'reconnectCommand', // input: 1 = an operator orders reconnection (the step consumes it)
  'inDip', // state: 1 while a disturbance lasts
  'dipStartUs', // state: when the current disturbance began
  'dipCounted', // state: 1 once the current disturbance has been counted
  ...dipSlots, // state: times of the last counted disturbances (a ring)
  'dipHead', // state: next ring slot
  'dipsKept', // state: disturbances in the ring since the last reset (≤ MAX)
  'transferred', // state: 1 while on backup (off the grid), until an operator reconnects
  'connectedShare', // state/output: share of the site's load on the grid (load multiplier)
  'connectedSubMean', // output: mean connected share over the last sub-step
  'transfers', // output: transfers to backup so far
  'lastTransferUs', // output: time of the last transfer, µs (−1 before any)
  'dipsCounted', // output: disturbances counted so far
  'refusedCommands', // output: reconnection orders refused (voltage still disturbed, or not transferred)
] as const;

export type ProtectionField = (typeof protectionFields)[number];
export type ProtectionTable = Record<ProtectionField, Float64Array>;
export type ProtectionParams = Partial<Record<(typeof protectionFields)[number], number>>;

/** The rule of the 2024 Virginia review: 3 disturbances within 60 s; reconnection over 10 min. */
export const protectionDefaults = {
  dipThreshold: 0.7,
  recoverThreshold: 0.9,
  minDipUs: 0,
  dipsToTransfer: 3,
  windowUs: 60_000_000,
  reconnectRate: 1 / 600,
  voltagePu: 1,
  reconnectCommand: 0,
};

/** The protection is exact for any sub-step (no continuous dynamics but a linear ramp). */
export const PROTECTION_MAX_STEP_US = Infinity;

export function initProtection(a: ProtectionTable, i: number, params: ProtectionParams = {}): void {
  for (const f of protectionFields) a[f][i] = 0;
  for (const [k, v] of Object.entries({ ...protectionDefaults, ...params })) a[k as ProtectionField][i] = v;
  a.connectedShare[i] = 1;
  a.connectedSubMean[i] = 1;
  a.lastTransferUs[i] = -1;
}

export function makeProtectionTable(...params: ProtectionParams[]): SoaTable<ProtectionField> {
  const t = new SoaTable(protectionFields, params.length);
  params.forEach((p, i) => initProtection(t.arrays, i, p));
  return t;
}

export function validateProtection(params: ProtectionParams): ParamProblem[] {
  const p = { ...protectionDefaults, ...params };
  const out: ParamProblem[] = [];
  if (!(p.dipThreshold > 0 && p.dipThreshold < 1)) out.push({ field: 'dipThreshold', message: `must be in (0, 1) pu, got ${p.dipThreshold}`, hint: 'e.g. 0.7 pu' });
  if (!(p.recoverThreshold >= p.dipThreshold && p.recoverThreshold <= 1.2))
    out.push({ field: 'recoverThreshold', message: `must be in [dipThreshold, 1.2] pu, got ${p.recoverThreshold}`, hint: 'e.g. 0.9 pu; it gives the detector hysteresis' });
  if (!(p.minDipUs >= 0) || !Number.isInteger(p.minDipUs)) out.push({ field: 'minDipUs', message: `must be a whole number of µs ≥ 0, got ${p.minDipUs}`, hint: '0 counts a dip at once' });
  if (!(Number.isInteger(p.dipsToTransfer) && p.dipsToTransfer >= 1 && p.dipsToTransfer <= MAX_DIPS_TO_TRANSFER))
    out.push({ field: 'dipsToTransfer', message: `must be an integer in [1, ${MAX_DIPS_TO_TRANSFER}], got ${p.dipsToTransfer}`, hint: 'the 2024 Virginia facilities used 3' });
  if (!(p.windowUs > 0) || !Number.isInteger(p.windowUs)) out.push({ field: 'windowUs', message: `must be a positive whole number of µs, got ${p.windowUs}`, hint: 'e.g. 60 s' });
  if (!(p.reconnectRate > 0)) out.push({ field: 'reconnectRate', message: `must be > 0 per second, got ${p.reconnectRate}`, hint: 'e.g. 1/600 s⁻¹ (full load in 10 min)' });
  return out;
}

/** Records a counted disturbance at `tq` and transfers if it is the N-th within the window. */
function countDip(a: ProtectionTable, i: number, tq: number): boolean {
  const head = a.dipHead[i];
  a[dipSlots[head]][i] = tq;
  a.dipHead[i] = (head + 1) % MAX_DIPS_TO_TRANSFER;
  a.dipsKept[i] = Math.min(MAX_DIPS_TO_TRANSFER, a.dipsKept[i] + 1);
  a.dipsCounted[i] += 1;
  let recent = 0;
  for (let k = 0; k < a.dipsKept[i]; k++) if (tq - a[dipSlots[k]][i] <= a.windowUs[i]) recent++;
  return recent >= a.dipsToTransfer[i];
}

/**
 * Steps instance `i` over [tUs, tnUs) with the voltage in `voltagePu` constant; returns the
 * connected share at tnUs. An order in `reconnectCommand` is handled (and cleared) at tUs.
 */
export function stepProtection(a: ProtectionTable, i: number, tUs: number, tnUs: number): number {
  const v = a.voltagePu[i];
  if (a.reconnectCommand[i] !== 0) {
    a.reconnectCommand[i] = 0;
    // The operator reconnects only a transferred site and only onto a healthy voltage.
    if (a.transferred[i] === 1 && v >= a.recoverThreshold[i]) a.transferred[i] = 0;
    else a.refusedCommands[i] += 1;
  }
  if (a.inDip[i] === 0 && v < a.dipThreshold[i]) {
    a.inDip[i] = 1;
    a.dipStartUs[i] = tUs;
    a.dipCounted[i] = 0;
  } else if (a.inDip[i] === 1 && v >= a.recoverThreshold[i]) {
    a.inDip[i] = 0;
  }
  let transferAt = Infinity;
  if (a.inDip[i] === 1 && a.dipCounted[i] === 0 && a.transferred[i] === 0) {
    const tq = Math.max(tUs, a.dipStartUs[i] + a.minDipUs[i]);
    if (tq <= tnUs) {
      a.dipCounted[i] = 1;
      if (countDip(a, i, tq)) transferAt = tq;
    }
  }
  // Connected share: ramps up (if reconnected) until the transfer, then 0.
  const h = (tnUs - tUs) / 1e6;
  const s0 = a.connectedShare[i];
  const rampEnd = Math.min(tnUs, transferAt);
  const hr = (rampEnd - tUs) / 1e6;
  let s1 = s0;
  let integral = 0;
  if (a.transferred[i] === 1) {
    s1 = 0;
  } else {
    const rate = a.reconnectRate[i];
    const tFull = s0 >= 1 ? 0 : (1 - s0) / rate;
    if (tFull >= hr) {
      s1 = s0 + rate * hr;
      integral = 0.5 * (s0 + s1) * hr;
    } else {
      s1 = 1;
      integral = 0.5 * (s0 + 1) * tFull + (hr - tFull);
    }
  }
  if (transferAt <= tnUs) {
    a.transferred[i] = 1;
    a.transfers[i] += 1;
    a.lastTransferUs[i] = transferAt;
    a.dipsKept[i] = 0; // off until an operator acts; counting starts afresh after reconnection
    a.dipHead[i] = 0;
    s1 = 0;
  }
  a.connectedShare[i] = s1;
  a.connectedSubMean[i] = h > 0 ? integral / h : s1;
  return s1;
}

/** A change of a protection input at an exact time (µs). */
export interface ProtectionInputChange {
  timeUs: number;
  instance: number;
  field: 'voltagePu' | 'reconnectCommand';
  value: number;
}

/**
 * Steps instance `i` through [t0, t1) applying `changes` (sorted, this instance's, in the window)
 * at their times; returns the mean connected share over the window.
 */
export function stepProtectionWindow(a: ProtectionTable, i: number, t0: number, t1: number, changes: readonly ProtectionInputChange[] = []): number {
  let t = t0;
  let next = 0;
  let integral = 0;
  while (t < t1) {
    while (next < changes.length && changes[next].timeUs <= t) {
      const ch = changes[next++];
      a[ch.field][i] = ch.value;
    }
    const tn = next < changes.length ? Math.min(t1, changes[next].timeUs) : t1;
    stepProtection(a, i, t, tn);
    integral += a.connectedSubMean[i] * (tn - t);
    t = tn;
  }
  return integral / (t1 - t0);
}

/**
 * Steps instances [i0, i1) through [t0, t1); `changes` sorted by time, any instance of the range.
 * Works on a fast-mode copy of the record of arrays (the arrays are shared): a record filled key by
 * key turns into a hash map in V8 beyond ~16 fields, which makes every field read a lookup.
 */
export function stepProtections(table: ProtectionTable, i0: number, i1: number, t0: number, t1: number, changes: readonly ProtectionInputChange[] = []): void {
  const a = Object.fromEntries(Object.entries(table)) as ProtectionTable;
  for (let i = i0; i < i1; i++) {
    const mine = changes.length === 0 ? changes : changes.filter((c) => c.instance === i);
    stepProtectionWindow(a, i, t0, t1, mine);
  }
}
