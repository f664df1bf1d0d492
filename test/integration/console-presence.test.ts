import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '#test/browser';
import { http, stack } from './helpers';

/** The presence control in the console's header, in real Chromium on the local stack (the local agent is signed in). */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const myPresence = async () => (await http('GET', '/agents/me')).json.presence as string;

describe("the agent's presence in the console", () => {
  it('shows the agent’s presence and sets it, named in both languages and usable at 390 px', async () => {
    await http('PUT', '/agents/me/presence', { body: { presence: 'away' } });
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'tr-TR' });
    const page = await context.newPage();
    await page.goto(stack().info.consoleUrl);
    const control = page.getByRole('combobox', { name: 'Durumun' });
    await expect.poll(() => control.inputValue(), { timeout: 10_000 }).toBe('away');
    expect(await control.isVisible()).toBe(true);
    expect(await seriousViolations(page, 'header')).toEqual([]);
    await control.selectOption('available');
    await expect.poll(myPresence, { timeout: 5000 }).toBe('available');
    await control.selectOption({ label: 'Uzakta' });
    await expect.poll(myPresence, { timeout: 5000 }).toBe('away');
    await page.getByRole('combobox', { name: 'Dil' }).selectOption('en');
    expect(await page.getByRole('combobox', { name: 'Your presence' }).inputValue()).toBe('away');
    await context.close();
  });
});
