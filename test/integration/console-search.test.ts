import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '#test/browser';
import { chat, COMPLAINT, ticketOf } from './agent-helpers';
import { eventually, http, stack, unique } from './helpers';

/** The inbox's search box in real Chromium: Enter searches every ticket through GET /search. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('searching from the inbox', () => {
  for (const { locale, results, close, width } of [
    { locale: 'tr-TR', results: 'için sonuçlar', close: 'Aramayı kapat', width: 390 },
    { locale: 'en-US', results: 'Results for', close: 'Close search', width: 1280 },
  ]) {
    it(`finds a ticket by a word typed without Turkish letters (${locale}, ${width} px), accessibly, and goes back to the view`, async () => {
      const tail = Array.from({ length: 6 }, () => 'bdfhkmprtz'[Math.floor(Math.random() * 10)]).join('');
      const visitor = unique('v');
      await chat(visitor, 'm1', `${COMPLAINT}. Şemsiyeğ${tail} hâlâ gelmedi`);
      const t = await ticketOf('chat', visitor, 'open', 20_000);
      const q = `semsiyeg${tail}`;
      await eventually(async () => ((await http('GET', `/search?q=${q}`)).json.items.length === 1 ? true : undefined), 15_000, 'the index');

      const context = await browser.newContext({ viewport: { width, height: 844 }, locale });
      const page = await context.newPage();
      await page.goto(`${stack().info.consoleUrl}`);
      const box = page.getByRole('searchbox');
      await box.fill(q);
      await box.press('Enter');
      const list = page.getByRole('region', { name: new RegExp(results) });
      await expect.poll(() => list.locator('.row').count(), { timeout: 10_000 }).toBe(1);
      expect(await list.locator('.row .ref').innerText()).toBe(`#${t.number}`);
      expect(await page.getByText(results).count()).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.getByRole('button', { name: close }).click();
      await expect.poll(() => page.getByRole('region', { name: new RegExp(results) }).count()).toBe(0);
      await context.close();
    });
  }
});
