import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

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
