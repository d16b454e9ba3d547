// The runs of a sweep: the cross product of the parameters' values (the points) times the seeds.
// Seed k of every point is derived from the root seed and k only, so all points see the same k
// random futures (common random numbers): a difference between two points is the parameters', not
// luck's — docs/spec-decisions.md D-SWEEP-1.
import { RandomStream, type Seed } from '../random/streams.ts';
import type { ParamValue, SweepParam } from './param-spec.ts';

export interface SweepRun {
  /** Run index: point-major, seed-minor; names the run folder runs/<index>/. */
  index: number;
  point: number;
  values: ParamValue[];
  seedIndex: number;
  seed: number;
}

export function sweepSeeds(root: Seed, count: number): number[] {
  return Array.from({ length: count }, (_, k) => new RandomStream(root, `sweep/seed/${k}`).uint32());
}

export function crossProduct(params: SweepParam[]): ParamValue[][] {
  let points: ParamValue[][] = [[]];
  for (const p of params) points = points.flatMap((pt) => p.values.map((v) => [...pt, v]));
  return points;
}

export function planRuns(params: SweepParam[], seeds: number[]): SweepRun[] {
  const points = crossProduct(params);
  const runs: SweepRun[] = [];
  points.forEach((values, point) => seeds.forEach((seed, seedIndex) => runs.push({ index: runs.length, point, values, seedIndex, seed })));
  return runs;
}
