// Opens a report in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core) and
// records everything a self-contained, safe page must not do: throw, open a dialog (an injected
// alert), or fetch anything that is not the file itself or inline data.
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface OpenedPage {
  page: Page;
  errors: string[];
  dialogs: string[];
  /** Requests for anything but file: and data: URLs (each was aborted). */
  network: string[];
  /** file: requests other than the page itself (a self-contained page makes none). */
  otherFiles: string[];
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export async function openReport(browser: Browser, file: string): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  const page = await context.newPage();
  const self = `file://${file}`;
  const opened: OpenedPage = { page, errors: [], dialogs: [], network: [], otherFiles: [] };
  page.on('pageerror', (e) => opened.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') opened.errors.push(m.text());
  });
  page.on('dialog', (d) => {
    opened.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') && url !== self) opened.otherFiles.push(url);
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    opened.network.push(url);
    return route.abort();
  });
  // Requests that bypass routing (none should exist) still show up here.
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !opened.network.includes(url)) opened.network.push(url);
  });
  await page.goto(self);
  await page.waitForFunction(plotsReady);
  return opened;
}

/** True once the page's plot script has drawn its charts (evaluated in the page). */
export function plotsReady(): boolean {
  return typeof (globalThis as unknown as { gtPlotsRendered?: number }).gtPlotsRendered === 'number';
}
