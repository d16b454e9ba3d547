// CPU time spent per event, to say *why* a throughput is what it is: this process (all threads:
// main, signing workers, GC helpers) via process.cpuUsage, and a child broker via /proc (Linux).

import { readFileSync, readdirSync } from 'node:fs';

export interface CpuSnapshot {
  self: number;
  broker: number | undefined;
}

/** Seconds of CPU used so far by this process and by `brokerPid` (undefined where /proc is absent). */
export function cpuNow(brokerPid: number | undefined): CpuSnapshot {
  const u = process.cpuUsage();
  return { self: (u.user + u.system) / 1e6, broker: brokerPid === undefined ? undefined : procCpuSeconds(brokerPid) };
}

/** CPU µs per event between two snapshots. */
export function cpuPerEvent(a: CpuSnapshot, b: CpuSnapshot, events: number): { self: number; broker: number | undefined } {
  const broker = a.broker !== undefined && b.broker !== undefined ? ((b.broker - a.broker) / events) * 1e6 : undefined;
  return { self: ((b.self - a.self) / events) * 1e6, broker };
}

/**
 * The pid of our child process named `name` (the broker started by startMosquitto, which does not
 * expose it). Undefined off Linux or when not found: the CPU figures for it are then left out.
 */
export function childPid(name: string): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (stat && stat.comm === name && stat.fields[1] === String(process.pid)) return Number(entry);
    }
  } catch {
    // no /proc
  }
  return undefined;
}

function procCpuSeconds(pid: number): number | undefined {
  const stat = readStat(pid);
  if (!stat) return undefined;
  // Fields after the command name: utime and stime are the 12th and 13th (proc(5)), in clock ticks.
  // 100 ticks per second is the Linux USER_HZ on every architecture Node supports.
  return (Number(stat.fields[11]) + Number(stat.fields[12])) / 100;
}

function readStat(pid: number): { comm: string; fields: string[] } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    return { comm: text.slice(text.indexOf('(') + 1, close), fields: text.slice(close + 2).split(' ') };
  } catch {
    return undefined;
  }
}

export interface HostSnapshot {
  /** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
  busy: number;
  /** CPU seconds of this process and its reaped children (brokers, mosquitto_pub/sub). */
  ours: number;
  wall: number;
}

/** Undefined off Linux. */
export function hostNow(): HostSnapshot | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
    const busy = (cpu.reduce((a, b) => a + b, 0) - cpu[3] - cpu[4]) / 100;
    const self = readStat(process.pid);
    if (!self) return undefined;
    const ours = [11, 12, 13, 14].reduce((a, i) => a + Number(self.fields[i]), 0) / 100;
    return { busy, ours, wall: performance.now() / 1000 };
  } catch {
    return undefined;
  }
}

/**
 * Cores' worth of CPU that other processes used between two snapshots. A benchmark that shares
 * its cores with a test run or a compiler measures less than the machine can do; this says so.
 */
export function othersLoad(a: HostSnapshot, b: HostSnapshot): number {
  return Math.max(0, b.busy - a.busy - (b.ours - a.ours)) / (b.wall - a.wall);
}
