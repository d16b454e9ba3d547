// GB 9 August 2019 (models/grid-gb-2019.ts), built from the published inputs only, run for 120 s.
// The test prints initial RoCoF, first arrest, time below 48.8 Hz, LFDD stages and nadir, and
// asserts only what follows from the inputs — never the recorded outcome.
import { describe, expect, it } from 'vitest';
import { GridFrequency } from '../../../models/grid-frequency.ts';
import { gb20190809Grid, type Gb2019Options } from '../../../models/grid-gb-2019.ts';
import { runGridSchedule } from '../../../models/grid-schedule.ts';

const MW = 1e6;

function run(o: Gb2019Options = {}) {
  const grid = gb20190809Grid(o);
  const m = new GridFrequency(grid.params);
  const trace: { t: number; f: number }[] = [{ t: 0, f: 50 }];
  runGridSchedule(m, { until: 120, step: 0.01, disturbances: grid.disturbances, onStep: (g) => trace.push({ t: g.time, f: g.frequency }) });
  return { grid, m, trace, r: m.report() };
}

function summary(x: ReturnType<typeof run>) {
  const { r, m } = x;
  return {
    initialRocof: r.initialRocof!.toFixed(4),
    firstArrest: r.firstArrest ? `${r.firstArrest.f.toFixed(3)} Hz @ ${r.firstArrest.t.toFixed(2)} s` : 'none',
    below48_8: `${r.below.seconds.toFixed(2)} s`,
    lfdd: m.trippedBlocks().filter((b) => b.effect === 'shed-load').map((b) => `${b.id} @ ${b.at.toFixed(3)} s (${(b.power / MW).toFixed(0)} MW)`),
    embedded49: m.trippedBlocks().find((b) => b.id === 'embedded-49Hz')?.at.toFixed(3) ?? 'not reached',
    nadir: `${r.nadir.f.toFixed(3)} Hz @ ${r.nadir.t.toFixed(2)} s`,
    at120s: m.frequency.toFixed(3),
  };
}

describe('GB 9 August 2019 from the published inputs', () => {
  const base = run();

  it('reports initial RoCoF, first arrest, time below 48.8 Hz, LFDD stages and nadir', () => {
    console.log('GB 2019 (defaults):', JSON.stringify(summary(base), null, 1));
    console.log('choices:\n' + base.grid.choices.map((c) => `  ${c.name}: ${c.value} — ${c.why}`).join('\n'));
    expect(base.r.initialRocof).not.toBeNull();
    expect(base.r.firstArrest).not.toBeNull();
  });

  it('the losses of the first second give RoCoF ΔP·f0²/(2·E_k·f) less only what damping and response can take off', () => {
    // Instantaneous, right after the last of the first-second losses (0.75 s): ΔP = 1,481 MW.
    const grid = gb20190809Grid();
    const m = new GridFrequency(grid.params);
    runGridSchedule(m, { until: 0.75, step: 0.01, disturbances: grid.disturbances });
    const f = m.frequency;
    const inertiaOnly = (1481 * MW * 2500) / (2 * 210e9 * f); // 0.1766 Hz/s at f
    const damping = 0.0175 * 29_000 * MW * (50 - f); // W of load relief
    const response = 0.89 * 1022 * MW * 0.075; // primary at most 7.5 % of capacity by 0.75 s
    expect(-m.rocof()).toBeLessThanOrEqual(inertiaOnly);
    expect(-m.rocof()).toBeGreaterThanOrEqual(inertiaOnly - ((damping + response) * 2500) / (2 * 210e9 * f));
  });

  it('initial RoCoF (mean over 2 s) lies between pure inertia and pure inertia less the most damping and response can give', () => {
    const losses = [[0, 150], [0.345, 737], [0.75, 594]] as const; // s, MW
    const Ek = 210e9;
    const energy = (t: number) => losses.reduce((e, [at, p]) => e + (t > at ? p * MW * (t - at) : 0), 0); // J lost by t
    const fInertia = (t: number) => 50 * Math.sqrt(1 - energy(t) / Ek); // energy-exact, no relief
    // Damping relief ≤ k_D·P_dem·|Δf_inertia(t)| (the real fall is slower); primary ≤ ramp·t·capacity.
    let dampingEnergy = 0;
    for (let k = 0; k < 2000; k++) dampingEnergy += 0.0175 * 29_000 * MW * (50 - fInertia((k + 0.5) * 0.001)) * 0.001;
    const responseEnergy = 0.89 * 1022 * MW * 0.1 * 2 ** 2 / 2; // ∫0..2 s 0.1·t dt = 0.2 of capacity·s
    const upper = (50 - fInertia(2)) / 2; // 0.1349 Hz/s
    const lower = (50 - 50 * Math.sqrt(1 - (energy(2) - dampingEnergy - responseEnergy) / Ek)) / 2;
    console.log(`initial RoCoF ${(-base.r.initialRocof!).toFixed(4)} Hz/s; bounds ${lower.toFixed(4)}–${upper.toFixed(4)}; 1,481 MW at once: ${((1481 * MW * 50) / (2 * Ek)).toFixed(4)}`);
    expect(-base.r.initialRocof!).toBeLessThanOrEqual(upper);
    expect(-base.r.initialRocof!).toBeGreaterThanOrEqual(lower);
  });

  it('LFDD stages trip exactly when the trace stayed below their threshold for the relay delay', () => {
    const { m, trace, grid } = base;
    const tripped = new Map(m.trippedBlocks().map((b) => [b.id, b]));
    for (const block of grid.params.trips!.filter((b) => b.effect === 'shed-load')) {
      // Longest run of consecutive 10 ms samples below the threshold.
      let run = 0;
      let longest = 0;
      for (const s of trace) longest = Math.max(longest, (run = s.f < block.threshold ? run + 1 : 0));
      const b = tripped.get(block.id);
      if (b) {
        expect(longest * 0.01).toBeGreaterThanOrEqual(block.delay - 0.01);
        expect(b.power).toBeCloseTo((block.share ?? 0) * 29_000 * MW, 0);
        const window = trace.filter((s) => s.t > b.at - block.delay + 0.01 && s.t < b.at - 1e-9);
        expect(window.every((s) => s.f < block.threshold)).toBe(true);
      } else expect(longest * 0.01).toBeLessThan(block.delay + 0.01);
    }
  });

  it('the 200 MW embedded loss happens at the first crossing of 49 Hz, and only then', () => {
    const { m, trace } = base;
    const first = trace.find((s) => s.f < 49);
    const trip = m.trippedBlocks().find((b) => b.id === 'embedded-49Hz');
    if (!first) expect(trip).toBeUndefined();
    else expect(trip!.at).toBeCloseTo(first.t, 6); // no relay delay: the end of the step that crossed
  });

  it('time below 48.8 Hz and the nadir agree with the trace; the first arrest is a local minimum', () => {
    const { r, trace } = base;
    const samplesBelow = trace.filter((s) => s.f < 48.8).length * 0.01;
    expect(Math.abs(r.below.seconds - samplesBelow)).toBeLessThanOrEqual(0.02);
    expect(r.nadir.f).toBeLessThanOrEqual(Math.min(...trace.map((s) => s.f)));
    // The trace holds the 10 ms grid points; the model also sees split points (a trip between two
    // of them), so its nadir may sit up to |RoCoF|·10 ms (< 2 mHz here) below the lowest sample.
    expect(r.nadir.f).toBeGreaterThan(Math.min(...trace.map((s) => s.f)) - 0.002);
    const a = r.firstArrest!;
    const near = trace.filter((s) => Math.abs(s.t - a.t) < 1);
    expect(a.f).toBeLessThanOrEqual(Math.min(...near.map((s) => s.f)) + 1e-6);
    expect(a.f).toBeGreaterThanOrEqual(r.nadir.f);
  });

  it('sensitivity to the choices made within the published ranges (printed, not tuned)', () => {
    const cases: [string, Gb2019Options][] = [
      ['damping 1 %/Hz', { damping: 0.01 }],
      ['damping 2.5 %/Hz', { damping: 0.025 }],
      ['relay delay 0.1 s', { relayDelay: 0.1 }],
      ['relay delay 0.3 s', { relayDelay: 0.3 }],
      ['late trips at 0.5 s', { lateTripTime: 0.5 }],
      ['late trips at 1.0 s', { lateTripTime: 1 }],
      ['secondary added to primary', { secondary: 'additive' }],
      ['response full at −0.8 Hz', { fullResponseAt: 0.8 }],
    ];
    const rows = cases.map(([name, o]) => ({ name, ...summary(run(o)) }));
    console.log('GB 2019 sensitivity:\n' + rows.map((r) => JSON.stringify(r)).join('\n'));
    // More damping can only help: a shallower or equal first dip.
    const dip = (o: Gb2019Options) => run(o).r.firstArrest!.f;
    expect(dip({ damping: 0.025 })).toBeGreaterThan(dip({ damping: 0.01 }));
  });
});
