import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '#test/browser';
import { chatTicket } from './agent-helpers';
import { http, stack, unique } from './helpers';

/** Macros in the console, in real headless Chromium on the local stack: on the open ticket, and on the inbox's selection. */

let browser: Browser;
let macroName: string;

beforeAll(async () => {
  browser = await launchChromium();
  macroName = `Toplu ${unique('m')}`;
  const created = await http('POST', '/macros', { body: { name: macroName, actions: { addTags: ['toplu-etiket'], priority: 'urgent' } } });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
});

async function open(path: string, opts: { width?: number; locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, locale: opts.locale ?? 'en-US' });
  const page = await context.newPage();
  // Newest first: this file's fresh tickets are on the list's first page, whatever else the stack holds.
  await page.addInitScript(() => (globalThis as any).sessionStorage.setItem('destek.sort', 'updated'));
  await page.goto(`${stack().info.web}/console/?as=agent#${path}`);
  return page;
}

const macroEvents = async (id: string) => ((await http('GET', `/tickets/${id}`)).json.timeline as any[]).filter((i) => i.event?.type === 'macro');

describe('macros in the console', () => {
  it('runs a macro on the open ticket from its menu, by keyboard; the timeline shows the one event', async () => {
    const ticket = await chatTicket(unique('v-macro'));
    const page = await open(`/tickets/${ticket.id}`);
    const menu = page.getByRole('combobox', { name: 'Macro' });
    await expect.poll(() => menu.count(), { timeout: 15_000 }).toBe(1);
    await menu.focus();
    await menu.selectOption({ label: macroName });
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.textContent)).toBe('Run macro');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Macro applied to 1 tickets.' }).count()).toBe(1);
    await expect.poll(() => page.locator('.timeline li.event').allInnerTexts()).toContainEqual(expect.stringContaining(`macro "${macroName}"`));
    expect(await macroEvents(ticket.id)).toHaveLength(1);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('runs a macro on the tickets selected in the inbox, in Turkish and at 390 px', async () => {
    const tickets = await Promise.all([1, 2].map(() => chatTicket(unique('v-bulk'))));
    const page = await open('/', { width: 390, locale: 'tr-TR' });
    for (const t of tickets) {
      const box = page.getByRole('checkbox', { name: `${t.reference} talebini seç` });
      await expect.poll(() => box.count(), { timeout: 15_000 }).toBe(1);
      await box.check();
    }
    const bar = page.locator('fieldset.bulk-bar');
    expect(await bar.locator('legend').innerText()).toBe('2 talep seçili');
    await bar.getByRole('combobox', { name: 'Makro' }).selectOption({ label: macroName });
    await bar.getByRole('button', { name: 'Makroyu 2 talepte çalıştır' }).click();
    await expect.poll(() => bar.count()).toBe(0);
    for (const t of tickets) {
      expect(await macroEvents(t.id)).toHaveLength(1);
      expect((await http('GET', `/tickets/${t.id}`)).json).toMatchObject({ priority: 'urgent', tags: ['toplu-etiket'] });
    }
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
});
