import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '#test/browser';
import { eventually, http, stack } from './helpers';

/**
 * The help center and the chat widget's suggestions in headless Chromium on the local stack, counted
 * end to end: the page or widget → (the site's events path →) POST /help-center/events → the table →
 * GET /metrics.
 */
const DOCS = resolve(import.meta.dirname, '../../docs');
const TRACK_ORDER = 'Kargom nerede? Siparişimi nasıl takip ederim?';
const SHIPPING_COST = 'Kargo ücreti ne kadar? Ücretsiz kargo var mı?';
const SCREENS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const today = () => new Date().toISOString().slice(0, 10);
type HelpFigures = {
  views: number;
  helpful: number;
  notHelpful: number;
  searchesWithoutResult: number;
  topMissedQueries: { query: string; locale: string; count: number }[];
  suggestionsShown: number;
  openedFromWidget: number;
  wroteAfterOpening: number;
  deflections: number;
  topArticles: {
    id: string;
    locale: string;
    title: string | null;
    views: number;
    helpful: number;
    notHelpful: number;
    fromWidget: number;
    deflections: number;
  }[];
};
async function figures(): Promise<HelpFigures> {
  const res = await http('GET', `/metrics?from=${today()}&to=${today()}`);
  expect(res.status).toBe(200);
  return res.json.helpCenter as HelpFigures;
}
/** Waits until the figures satisfy `ok` (the counts arrive by beacon, a moment after the click). */
const figuresWhere = (ok: (f: HelpFigures) => boolean, what: string) =>
  eventually(
    async () => {
      const f = await figures();
      return ok(f) ? f : undefined;
    },
    8000,
    what,
  );
const article = (f: HelpFigures, id: string) => f.topArticles.find((a) => a.id === id && a.locale === 'tr');

async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) problems.push(m.text());
  });
  await page.goto(url);
  return { page, problems };
}

async function typeQuery(page: Page, query: string): Promise<string[]> {
  await page.fill('#q', '');
  await page.locator('#q').pressSequentially(query, { delay: 10 });
  await page.waitForSelector(`#search-results[data-query="${query}"]`, { state: 'attached' });
  return page.locator('#search-results li a').allInnerTexts();
}

/** Playwright's CSS locators pierce the widget's open shadow root. */
const w = (page: Page, selector: string) => page.locator(`#destek-chat ${selector}`);

/** The demo shop's widget, opened, past the pre-chat form, with a question typed and not sent. */
async function typeInWidget(page: Page, text: string): Promise<void> {
  await page.goto(stack().info.demoPage);
  await w(page, 'button.launcher').click();
  await w(page, '.prechat button.secondary').click();
  await w(page, 'textarea').pressSequentially(text, { delay: 15 });
}

describe('the help center on the local stack, counted in GET /metrics', () => {
  const help = () => stack().info.helpCenterUrl;

  it('"kargom nerede" and "kargo ucreti" / "kargo ücreti" find the right articles in the site search', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${help()}tr/`);
    expect((await typeQuery(page, 'kargom nerede'))[0]).toBe(TRACK_ORDER);
    expect((await typeQuery(page, 'kargo ucreti'))[0]).toBe(SHIPPING_COST);
    expect((await typeQuery(page, 'kargo ücreti'))[0]).toBe(SHIPPING_COST);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('counts a search that found nothing once, folded, when the visitor stops typing (not each keystroke)', async () => {
    const before = await figures();
    const context = await browser.newContext();
    const { page } = await openPage(context, `${help()}tr/`);
    expect(await typeQuery(page, 'Zürafa Çiftliği')).toEqual([]);
    const after = await figuresWhere((f) => f.topMissedQueries.some((q) => q.query === 'zurafa ciftligi'), 'the missed query');
    // Let another quiet period pass: still one.
    await page.waitForTimeout(2000);
    const settled = await figures();
    expect(settled.searchesWithoutResult - before.searchesWithoutResult).toBe(1);
    expect(after.topMissedQueries.find((q) => q.query === 'zurafa ciftligi')).toEqual({ query: 'zurafa ciftligi', locale: 'tr', count: 1 });
    await context.close();
  });

  it('counts the view and a "Did this help?" click, thanks the reader in place and announces it', async () => {
    const before = await figures();
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${help()}tr/kargo-takibi/`);
    await page.getByRole('button', { name: 'Evet' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Teşekkürler' }).isVisible()).toBe(true);
    await expect(page.getByRole('button', { name: 'Evet' }).isVisible()).resolves.toBe(false);
    const after = await figuresWhere((f) => f.helpful > before.helpful && f.views > before.views, 'the vote and the view');
    expect(after.helpful - before.helpful).toBe(1);
    expect(after.views - before.views).toBe(1);
    expect(article(after, 'track-order')).toMatchObject({ title: TRACK_ORDER });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('counts a "no" sent without JavaScript: the form posts, the reader lands back on the article, thanked', async () => {
    const before = await figures();
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${help()}tr/kargo-ucreti/`);
    await page.getByRole('button', { name: 'Hayır' }).click();
    await page.waitForURL(`${help()}tr/kargo-ucreti/#feedback-thanks`);
    await expect(page.locator('#feedback-thanks').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Hayır' }).isVisible()).resolves.toBe(false);
    const after = await figures();
    expect(after.notHelpful - before.notHelpful).toBe(1);
    expect(article(after, 'shipping-cost')!.notHelpful - (article(before, 'shipping-cost')?.notHelpful ?? 0)).toBe(1);
    await context.close();
  });

  it('refuses an unknown article or event with 400 and a message, never a 5xx', async () => {
    const post = (body: string) =>
      fetch(`${stack().info.api}/help-center/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const unknownArticle = await post('event=view&locale=tr&article=yok-boyle-yazi');
    expect(unknownArticle.status).toBe(400);
    expect(((await unknownArticle.json()) as { message: string }).message).toMatch(/no published article "yok-boyle-yazi" in tr/);
    const unknownEvent = await post('event=like&locale=tr&article=track-order');
    expect(unknownEvent.status).toBe(400);
  });
});

describe("the chat widget's suggestions, counted as deflections", () => {
  it('suggests the tracking article for a typed question before anything is sent, announced politely, keyboard reachable', async () => {
    const before = await figures();
    const context = await browser.newContext({ viewport: SCREENS.desktop, locale: 'tr-TR' });
    const page = await context.newPage();
    await typeInWidget(page, 'kargom nerede');
    const links = w(page, '.suggest a');
    await expect.poll(() => links.allInnerTexts()).toContain(TRACK_ORDER);
    expect((await links.allInnerTexts())[0]).toBe(TRACK_ORDER);
    await expect(w(page, '[aria-live="polite"].sr').last().innerText()).resolves.toMatch(/yardım yazısı önerildi/);
    // Nothing was sent: the conversation holds only the greeting.
    await expect(w(page, 'ol li.in').count()).resolves.toBe(0);
    // Shift+Tab from the message box (past the attach button) reaches a suggestion.
    await w(page, 'textarea').focus();
    const focused = () => page.evaluate(() => (globalThis as any).document.querySelector('#destek-chat').shadowRoot.activeElement?.textContent as string);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await links.allInnerTexts()).toContain(await focused());
    expect(await seriousViolations(page, '#destek-chat')).toEqual([]);
    await page.screenshot({ path: resolve(DOCS, 'chat-widget-suggestions.png') });
    const after = await figuresWhere((f) => f.suggestionsShown > before.suggestionsShown, 'the suggestions shown');
    // Each article shown is counted once, however often the list changed while typing.
    expect(after.suggestionsShown - before.suggestionsShown).toBeGreaterThanOrEqual(await links.count());
    await context.close();
  });

  it('an article opened from a suggestion is a deflection until a message follows within 10 minutes', async () => {
    const before = await figures();
    const context = await browser.newContext({ viewport: SCREENS.phone, locale: 'tr-TR' });
    const page = await context.newPage();
    await typeInWidget(page, 'kargom nerede');
    const link = w(page, '.suggest a').filter({ hasText: TRACK_ORDER });
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState();
    await expect(tab.locator('h1').innerText()).resolves.toBe(TRACK_ORDER);
    // The marker is gone once counted: a reload is no second opening.
    await expect.poll(() => tab.url()).not.toContain('from=widget');
    const opened = await figuresWhere((f) => f.openedFromWidget > before.openedFromWidget, 'the opening from the widget');
    expect(opened.openedFromWidget - before.openedFromWidget).toBe(1);
    expect(opened.deflections - before.deflections).toBe(1);

    // The visitor writes after all, within the window: not a deflection.
    await w(page, 'textarea').press('Enter');
    const wrote = await figuresWhere((f) => f.wroteAfterOpening > before.wroteAfterOpening, 'the message after the opening');
    expect(wrote.wroteAfterOpening - before.wroteAfterOpening).toBe(1);
    expect(wrote.deflections - before.deflections).toBe(0);
    await context.close();
  });

  it('a message more than 10 minutes after the opening leaves the deflection counted', async () => {
    const before = await figures();
    const context = await browser.newContext({ viewport: SCREENS.desktop, locale: 'tr-TR' });
    const page = await context.newPage();
    await typeInWidget(page, 'kargo ücreti');
    const link = w(page, '.suggest a').filter({ hasText: SHIPPING_COST });
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState();
    await figuresWhere((f) => f.openedFromWidget > before.openedFromWidget, 'the opening from the widget');
    // Eleven minutes later (the widget's memory of the opening, moved back).
    await page.evaluate(() => {
      const s = (globalThis as any).localStorage;
      const opened = JSON.parse(s.getItem('destek.helpOpened'));
      s.setItem('destek.helpOpened', JSON.stringify({ ...opened, at: opened.at - 11 * 60_000 }));
    });
    await w(page, 'textarea').press('Enter');
    await expect.poll(() => w(page, 'ol li.in').count()).toBe(1);
    await page.waitForTimeout(1000);
    const after = await figures();
    expect(after.wroteAfterOpening - before.wroteAfterOpening).toBe(0);
    expect(after.deflections - before.deflections).toBe(1);
    await context.close();
  });
});

for (const [screen, viewport] of Object.entries(SCREENS)) {
  it(`an article with "Did this help?" and the widget's suggestions fit a ${screen} screen, with no serious or critical axe violation`, async () => {
    const context = await browser.newContext({ viewport, locale: 'tr-TR' });
    const { page, problems } = await openPage(context, `${stack().info.helpCenterUrl}tr/kargo-takibi/`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(viewport.width);
    await page.locator('#feedback').scrollIntoViewIfNeeded();
    if (screen === 'desktop') await page.screenshot({ path: resolve(DOCS, 'help-center-article.png') });
    expect(problems).toEqual([]);
    await typeInWidget(page, 'iade nasıl yapılır');
    await expect.poll(() => w(page, '.suggest a').count()).toBeGreaterThan(0);
    // The demo shop's own page is not ours to judge: the widget on it is.
    expect(await seriousViolations(page, '#destek-chat')).toEqual([]);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number)).toBeLessThanOrEqual(viewport.width);
    await context.close();
  });
}
