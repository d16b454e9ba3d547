// report.html in a real browser: a real run (one site answering demand response on a small grid
// that loses a generator, DSX control loop through the embedded broker) and a failed run (a hostile
// client sends markup and script in its messages) each get their run folder written, and headless
// Chromium opens the page from disk. The plots must render with data, nothing may be fetched, the
// conformance table must list every rule by id, and hostile text must stay text.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { writeRunFolder } from '../../reports/write-run-folder.ts';
import { runScenario, repoRoot, tempDir, type FinishedRun } from '../e2e/run-helpers.ts';
import { startMosquitto, type MosquittoBroker } from '../../sim/transports/broker-processes.ts';
import { connectMqtt } from '../../sim/transports/mqtt-connection.ts';
import { buildEnvelope, encodeEnvelope } from '../../sim/bindings/dsx-pm/envelope.ts';
import { launchChromium, openReport, plotsReady, type OpenedPage } from './browser-page.ts';
import { parseJunit } from './junit-parse.ts';

const ARTIFACTS = join(repoRoot, 'test-results');

/** What the report's plot script leaves on the page (tsconfig has no DOM types). */
interface PageGlobals {
  gtPlotsRendered?: number;
  gtCharts: Array<{ root: { closest(selector: string): unknown }; scales: { x: { min: number; max: number } } }>;
}
const HOSTILE = '</script><img src=x onerror=alert(1)>';

const gridScenario = `
name: report-grid-dc
run: { duration: 4 min, window: 1 s, seed: 5, mode: fast, start: 2026-06-01T12:00:00Z }
grid:
  nominal_frequency: 50 Hz
  model:
    demand: 2 GW
    inertia: 12 GVAs
    damping: 1.75%
    swing: energy
    step: 10 ms
    services:
      - { id: primary, capacity: 150 MW, curve: [[-0.5 Hz, 100%], [-0.015 Hz, 0%]], ramp_time: 10 s }
sites:
  dc1:
    feeds: [main-a]
    auxiliary_load: 8 MW
    ai_load: { rated_power: 100 MW, idle_fraction: 20%, period: 2 s, duty: 0.8, power_floor: 60%, ramp_up: 20 MW/s, ramp_down: 20 MW/s, step: 10 ms, nodes: 128 }
    battery: { energy: 50 MWh, power: 20 MW, soc_initial: 60%, mode: peak_shave, poi_ceiling: 105 MW, recharge_power: 2 MW }
timeline:
  - { at: 1 min, type: demand_response, id: dr-1, site: dc1, reduction: 30 MW, duration: 2 min, deadline: 60 s }
  - { at: 2 min 30 s, type: generation_loss, id: unit-7, power: 60 MW }
profiles:
  dsx-pm:
    heartbeat: 10 s
    command_latency: 200 ms
    poweragent: { id: dps-sim, site: dc1 }
    infra: { id: ima-sim }
    isv: { mode: reference, id: gridtwin-isv }
thresholds:
  - dr_response_latency_p99 < 5 s
  - conformance_failures == 0
`;

const hostileScenario = `
name: report-hostile
run: { duration: 20 min, window: 1 s, seed: 7, mode: fast }
sites:
  dc1:
    feeds: [main-a]
    ai_load: { rated_power: 100 MW, ramp_down: 20 MW/s, ramp_up: 20 MW/s }
profiles:
  dsx-pm:
    poweragent: { site: dc1 }
thresholds:
  - rejected_inbound == 0
`;

/** Three messages carrying the hostile text: as the raw payload, as specversion and as id. */
function hostileMessages(): Array<string | Buffer> {
  const event = (over: { id?: string; specversion?: string }) => {
    const envelope = JSON.parse(
      encodeEnvelope(
        buildEnvelope({
          id: '00000000-0000-4000-8000-000000000001',
          role: 'isv',
          identifier: 'mallory',
          type: 'grid.loadtarget.set.v1',
          time: '2026-01-01T00:00:01Z',
          subject: 'loadtarget',
          traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`,
          data: 'not.a.jws',
        }),
      ).toString(),
    ) as Record<string, unknown>;
    return JSON.stringify({ ...envelope, ...over });
  };
  return [HOSTILE, event({ specversion: HOSTILE }), event({ id: HOSTILE })];
}

/** A full-page screenshot as a test artifact; the sticky section bar would float mid-page in one. */
async function fullPageShot(opened: OpenedPage, name: string): Promise<void> {
  await opened.page.addStyleTag({ content: 'nav.toc { position: static !important; }' });
  await opened.page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

describe('report.html in headless Chromium', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let browser: Browser;
  let broker: MosquittoBroker | undefined;
  let good: FinishedRun;
  let bad: FinishedRun;

  beforeAll(async () => {
    tmp = await tempDir('gridtwin-report-html-');
    await mkdir(ARTIFACTS, { recursive: true });
    const launching = launchChromium();
    good = await runScenario({ yaml: gridScenario, name: 'report-grid-dc' }, tmp.dir);
    await writeRunFolder(good.outDir, good.outcome.summary);

    broker = await startMosquitto();
    const mallory = await connectMqtt({ url: broker.url, clientId: 'mallory', protocolVersion: 4 });
    await mallory.subscribe(['grid/v1/poweragent/+/powerstate/status'], { qos: 1 });
    const engineUp = new Promise<void>((resolve) => mallory.onMessage(() => resolve()));
    const running = runScenario({ yaml: hostileScenario, name: 'report-hostile' }, tmp.dir, { brokerUrl: broker.url });
    await engineUp;
    for (const payload of hostileMessages()) await mallory.publish('grid/v1/isv/mallory/loadtarget/set', payload, { qos: 1 });
    bad = await running;
    await mallory.end();
    await writeRunFolder(bad.outDir, bad.outcome.summary);
    browser = await launching;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await broker?.stop();
    await tmp?.cleanup();
  });

  describe('a passing run with a grid', () => {
    let opened: OpenedPage;
    beforeAll(async () => {
      opened = await openReport(browser, join(good.outDir, 'report.html'));
    });

    it('renders every plot with data, frequency included', async () => {
      const { page } = opened;
      const rendered = await page.$$eval('.gt-plot', (els) => els.map((e) => [e.getAttribute('data-plot'), Number(e.getAttribute('data-rendered'))] as const));
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).gtPlotsRendered)).toBe(rendered.length);
      const ids = rendered.map(([id]) => id);
      for (const id of ['timeline', 'ts-frequency', 'ts-poi', 'ts-targets', 'ts-battery', 'ts-soc', 'msg-rates', 'msg-reaction']) expect(ids).toContain(id);
      for (const [id, points] of rendered) expect(points, `${id} drew nothing`).toBeGreaterThan(0);
      // Each chart is a real uPlot canvas, sized to the page.
      const canvases = await page.$$eval('.gt-plot canvas', (els) => els.map((c) => (c as unknown as { width: number }).width));
      expect(canvases.length).toBe(rendered.length);
      expect(Math.min(...canvases)).toBeGreaterThan(300);
    });

    it('makes no request, raises no error', () => {
      expect(opened.network).toEqual([]);
      expect(opened.otherFiles).toEqual([]);
      expect(opened.errors).toEqual([]);
      expect(opened.dialogs).toEqual([]);
    });

    it('shows verdict, score and run hash in the header, and lists every rule by id', async () => {
      const { page } = opened;
      const s = good.outcome.summary;
      expect(s.verdict).toBe('pass');
      expect(await page.textContent('.verdict .badge')).toBe('PASS');
      expect(await page.textContent('.verdict .score')).toContain(String(s.score));
      expect(await page.textContent('#run')).toContain(s.run_hash);
      const ids = await page.$$eval('#conformance tr.rule td.id', (tds) => tds.map((td) => td.textContent));
      expect(ids).toEqual(s.conformance.rules.map((r) => r.id));
      expect(ids.length).toBeGreaterThan(20);
      const thresholds = await page.$$eval('#thresholds tbody tr', (trs) => trs.map((tr) => tr.textContent));
      expect(thresholds.length).toBe(s.thresholds.length);
    });

    it('zooming one chart zooms the others to the same time range', async () => {
      const { page } = opened;
      const xRanges = () =>
        page.evaluate(() =>
          (globalThis as unknown as PageGlobals).gtCharts
            .filter((u) => u.root.closest('[data-plot^="ts-"]') !== null)
            .map((u) => [u.scales.x.min, u.scales.x.max]),
        );
      const before = await xRanges();
      expect(before.length).toBeGreaterThan(3);
      for (const r of before) expect(r).toEqual([0, 240]);
      const over = page.locator('[data-plot="ts-poi"] .u-over');
      await over.scrollIntoViewIfNeeded();
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      const after = await xRanges();
      const [min, max] = after[0];
      expect(min).toBeGreaterThan(40);
      expect(max).toBeLessThan(140);
      for (const r of after) expect(r).toEqual([min, max]);
    });

    it('saves a screenshot', async () => {
      await opened.page.reload();
      await opened.page.waitForFunction(plotsReady);
      await fullPageShot(opened, 'report-html.png');
    });
  });

  describe('a failed run with hostile payloads', () => {
    let opened: OpenedPage;
    beforeAll(async () => {
      opened = await openReport(browser, join(bad.outDir, 'report.html'));
    });

    it('is a failed run whose examples carry the hostile text', () => {
      const s = bad.outcome.summary;
      expect(s.verdict).toBe('fail');
      const details = s.conformance.rules.flatMap((r) => r.examples.map((e) => e.detail));
      expect(details.some((d) => d.includes(HOSTILE))).toBe(true);
    });

    it('shows the hostile text literally and runs none of it', async () => {
      const { page } = opened;
      // Expand every failed rule's examples, as a reader would.
      for (const summary of await page.$$('#conformance details > summary')) await summary.click();
      const text = await page.innerText('body');
      expect(text).toContain(HOSTILE);
      expect(await page.$$eval('img', (els) => els.length)).toBe(0);
      expect(await page.$$eval('script', (els) => els.length)).toBe(3);
      expect(opened.dialogs).toEqual([]);
      expect(opened.errors).toEqual([]);
      expect(opened.network).toEqual([]);
      expect(opened.otherFiles).toEqual([]);
    });

    it('writes a junit.xml that parses, with the hostile text as text in the failures', async () => {
      const s = bad.outcome.summary;
      const { root, cases } = parseJunit(await readFile(join(bad.outDir, 'junit.xml'), 'utf8'));
      const failedRules = s.conformance.rules.filter((r) => r.status === 'failed').length;
      expect(Number(root.failures)).toBe(failedRules + s.thresholds.filter((t) => !t.passed).length);
      expect(Number(root.skipped)).toBe(s.conformance.rules_not_exercised);
      const env003 = cases.find((c) => String(c.name).startsWith('DSX-ENV-003:'))!;
      expect(String((env003.failure as Record<string, unknown>)['#text'])).toContain(HOSTILE);
    });

    it('marks the failed rules and shows their first examples', async () => {
      const { page } = opened;
      const failed = bad.outcome.summary.conformance.rules.filter((r) => r.status === 'failed').map((r) => r.id);
      expect(failed).toEqual(expect.arrayContaining(['DSX-ENV-001', 'DSX-ENV-003', 'DSX-ENV-004']));
      const shown = await page.$$eval('#conformance tr.rule.failed td.id', (tds) => tds.map((td) => td.textContent));
      expect(shown).toEqual(failed);
      expect(await page.isVisible('#conformance table.examples')).toBe(true);
      expect(await page.textContent('.verdict .badge')).toBe('FAIL');
      await fullPageShot(opened, 'report-html-failed.png');
    });
  });
});
