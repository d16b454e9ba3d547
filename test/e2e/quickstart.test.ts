// The quickstart closed loop on the embedded broker: the grid asks for less load, the reference ISV
// answers over the broker, the power agent caps the GPUs and the physics shows it; a fault then
// drives a breach through active → escalated → resolved with infra enforcement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, tempDir, type FinishedRun } from './run-helpers.ts';

describe('quickstart on the embedded broker', () => {
  let run: FinishedRun;
  let tmp: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    tmp = await tempDir();
    run = await runScenario({ file: 'scenarios/quickstart.yaml' }, tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  it('passes every threshold and every exercised conformance rule', () => {
    const s = run.outcome.summary;
    expect(s.error).toBeUndefined();
    expect(s.thresholds.filter((t) => !t.passed)).toEqual([]);
    expect(s.conformance.rules.filter((r) => r.status === 'failed').map((r) => r.id)).toEqual([]);
    expect(s.verdict).toBe('pass');
    expect(run.outcome.exitCode).toBe(0);
  });

  it('answers both demand-response requests with a valid load target', () => {
    const m = run.outcome.summary.metrics;
    expect(m.dr_requests).toBe(2);
    expect(m.dr_unanswered).toBe(0);
    const isvCommands = run.outcome.summary.events.filter((e) => e.kind === 'control-plane' && e.what.startsWith('loadtarget.set'));
    expect(isvCommands.map((e) => e.t)).toEqual([120, 420]);
  });

  it('the POI really drops to the requested level in the physics', async () => {
    const ts = await run.timeseries();
    const before = ts.find((r) => r.time_s === 119)!;
    const during = ts.filter((r) => r.time_s! >= 150 && r.time_s! < 360);
    const constraint = during[0].dc1_constraint_mw!;
    expect(constraint).toBeCloseTo(before.dc1_poi_mw! - 30, 0);
    for (const r of during) expect(r.dc1_poi_mw!).toBeLessThanOrEqual(constraint * 1.02);
    const after = ts.filter((r) => r.time_s! >= 380 && r.time_s! < 390);
    for (const r of after) expect(r.dc1_constraint_mw).toBeUndefined();
    expect(after.at(-1)!.dc1_poi_mw!).toBeGreaterThan(constraint + 20);
  });

  it('a fault that ignores caps leads to a breach, escalation, enforcement and resolution, in that order', () => {
    const what = run.outcome.summary.events.map((e) => e.what);
    const order = ['power agent: breach active', 'power agent: breach escalated', 'infra agent: enforcement applied', 'power agent: breach resolved', 'infra agent: enforcement reverted'];
    const idx = order.map((w) => what.indexOf(w));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
  });

  it('every message it published is in traffic.ndjson, self-checked, with the four DSX event types', async () => {
    const traffic = await run.traffic();
    const out = traffic.filter((t) => t.direction === 'out');
    expect(out.length).toBe(run.outcome.summary.counts.messages_out);
    expect(out.every((t) => t.verdict === 'ok')).toBe(true);
    const types = new Set(out.filter((t) => t.topic.startsWith('grid/v1/')).map((t) => JSON.parse(t.payload).type));
    expect([...types].sort()).toEqual(['grid.powerbreach.alert.v1', 'grid.powerbreach.enforcement.v1', 'grid.powerstate.status.v1']);
    const inbound = traffic.filter((t) => t.direction === 'in');
    expect(inbound.map((t) => t.verdict)).toEqual(['accepted', 'accepted']);
    expect(JSON.parse(inbound[0].payload).type).toBe('grid.loadtarget.set.v1');
  });

  it('writes one time-series row per window', async () => {
    expect((await run.timeseries()).length).toBe(600);
  });
});
