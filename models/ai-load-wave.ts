// The nominal per-GPU power of a training job as a function of time: the iteration-synchronous
// square wave with slewed edges, interrupted by checkpoints. "Nominal" means before any smoothing,
// floor, dummy work or cap: what the GPUs would draw if nothing shaped the load. The wave is
// piecewise linear, so it is described by pieces — level and slope at a time, and the time the
// piece ends — which lets the step split its sub-steps exactly at every edge (an edge never falls
// inside a sub-step, whatever the step size) and integrate energy exactly.
import type { AiLoadTable } from './ai-load-fields.ts';
import { floorMod } from './floor-mod.ts';

/** One piece of the wave (reused to keep the step free of allocation). */
export interface WavePiece {
  /** Per-GPU power at the queried time, W. */
  level: number;
  /** Per-GPU slope, W/µs (0 on flat pieces). */
  slope: number;
  /** Absolute time the piece ends, µs. */
  endUs: number;
  /** 1 while iterations run (useful work progresses), 0 during a checkpoint. */
  training: number;
  /** The time the current checkpoint cycle began, µs (the job start when there are none). */
  cycleStartUs: number;
}

export function newWavePiece(): WavePiece {
  return { level: 0, slope: 0, endUs: Infinity, training: 1, cycleStartUs: 0 };
}

/** Compute-phase length of one iteration, µs (an integer, so edges land on integer µs). */
export function computeUs(a: AiLoadTable, i: number): number {
  return Math.round(a.duty[i] * a.periodUs[i]);
}

/**
 * The piece of the nominal wave that contains `tUs` (pieces are half-open [start, end)), for a job
 * that (re)started at `a.jobStartUs[i]`. Writes into `out` and returns it.
 *
 * Within a checkpoint cycle of length C the job trains for C − D and checkpoints for the last D;
 * each cycle starts a fresh iteration (the job resumes at an iteration boundary). Within an
 * iteration of period T: rise over `riseUs` from the communication level to the compute level,
 * compute until duty·T, fall over `fallUs`, communicate until T.
 */
export function wavePiece(a: AiLoadTable, i: number, tUs: number, out: WavePiece): WavePiece {
  const since = tUs - a.jobStartUs[i];
  const cycle = a.ckptIntervalUs[i];
  const high = a.computePower[i];
  const low = a.commPower[i];
  let u = since; // time since the current cycle began
  let trainUs = Infinity; // training part of the cycle
  if (cycle > 0) {
    u = floorMod(since, cycle);
    trainUs = cycle - a.ckptDurationUs[i];
  }
  const cycleStart = tUs - u;
  out.cycleStartUs = cycleStart;
  if (u >= trainUs) {
    // Checkpoint: the iteration stops while the state is written; power sinks toward idle.
    out.level = high - a.ckptDepth[i] * (high - a.idlePower[i]);
    out.slope = 0;
    out.endUs = cycleStart + cycle;
    out.training = 0;
    return out;
  }
  out.training = 1;
  const period = a.periodUs[i];
  const comp = computeUs(a, i);
  if (comp >= period) {
    // Duty 1: no communication phase, so no edges — a flat compute level until the checkpoint.
    out.level = high;
    out.slope = 0;
    out.endUs = cycleStart + trainUs;
    return out;
  }
  const v = floorMod(u, period); // time into the iteration
  const iterStart = tUs - v;
  const rise = a.riseUs[i];
  const fall = a.fallUs[i];
  let end: number;
  if (v < rise) {
    out.slope = (high - low) / rise;
    out.level = low + out.slope * v;
    end = rise;
  } else if (v < comp) {
    out.slope = 0;
    out.level = high;
    end = comp;
  } else if (v < comp + fall) {
    out.slope = -(high - low) / fall;
    out.level = high + out.slope * (v - comp);
    end = comp + fall;
  } else {
    out.slope = 0;
    out.level = low;
    end = period;
  }
  out.endUs = Math.min(iterStart + end, cycleStart + trainUs);
  return out;
}
