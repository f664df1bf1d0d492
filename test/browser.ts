import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Headless Chromium as every browser test runs it (Debian's /usr/bin/chromium). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

const axeSource = createRequire(import.meta.url)('fs').readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') as string;

/**
 * axe-core's serious and critical violations on the page as it is now (or within one element: the widget
 * on a page that is not ours). The script is evaluated through
 * the DevTools protocol, so the page's Content-Security-Policy (no inline scripts) stays as deployed.
 */
export async function seriousViolations(page: Page, within?: string): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (selector) => {
    const axe = (globalThis as any).axe;
    const document = (globalThis as any).document;
    const r = await axe.run(selector ? document.querySelector(selector) : document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  }, within);
  return (result as { id: string; impact: string; nodes: string[] }[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A page that records what the browser refused or failed to run (a CSP violation, a script error). */
export async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
  });
  await page.goto(url);
  return { page, problems };
}

/** Types a query into the help center's search as a visitor does; the result titles shown while typing. */
export async function typeQuery(page: Page, query: string): Promise<string[]> {
  await page.fill('#q', '');
  await page.locator('#q').pressSequentially(query, { delay: 10 });
  await page.waitForSelector(`#search-results[data-query="${query}"]`, { state: 'attached' });
  return page.locator('#search-results li a').allInnerTexts();
}
