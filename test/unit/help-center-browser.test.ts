import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHelpCenter, helpCenterContentSecurityPolicy } from '#definitions/help-center';
import { buildWidget } from '#definitions/widget';
import { startWebServer } from '#local/web';
import { launchChromium, openPage, seriousViolations, typeQuery } from '#test/browser';

/**
 * The help center in headless Chromium, built from the fixture articles and served as `npm start`
 * serves it (local/web.ts, under /help/, with its Content-Security-Policy), on a desktop screen and
 * on a 390 px phone.
 */
const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'destek-help-browser-'));
// Nothing listens here: the widget is loaded and opened, it never reaches a chat API in these tests.
const CHAT_API = 'http://127.0.0.1:9';
let browser: Browser;
let web: Awaited<ReturnType<typeof startWebServer>>;
let help: string;

beforeAll(async () => {
  const widgetFile = await buildWidget(root, join(dir, 'widget.js'));
  web = await startWebServer(0, {
    widgetFile,
    apiUrl: CHAT_API,
    shopSecret: 'unused-in-these-tests',
    helpCenter: { dir: join(dir, 'help'), csp: helpCenterContentSecurityPolicy({ scripts: [], connect: [CHAT_API] }) },
  });
  help = `${web.url}/help/`;
  await buildHelpCenter({
    projectRoot: root,
    outDir: join(dir, 'help'),
    articlesDir: resolve(root, 'test/fixtures/helpcenter/articles'),
    categoriesFile: resolve(root, 'test/fixtures/helpcenter/categories.yaml'),
    settings: {
      baseUrl: help,
      shop: { name: 'Demo Mağaza', returnDays: 14, helpUrl: 'https://shop.example/yardim' },
      defaultLocale: 'tr',
      color: '#7a1f2b',
      contactHref: 'mailto:destek@shop.example',
      chat: { widgetUrl: '/widget.js', apiUrl: CHAT_API },
    },
  });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  web?.server.closeAllConnections();
  await new Promise<void>((r) => (web ? web.server.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

const SCREENS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

for (const [screen, viewport] of Object.entries(SCREENS)) {
  describe(`the help center on a ${screen} screen`, () => {
    let context: BrowserContext;
    beforeAll(async () => {
      context = await browser.newContext({ viewport });
    });
    afterAll(() => context?.close());

    it('"kargom nerede" finds the tracking article first, typed with or without Turkish letters and capitals', async () => {
      const { page, problems } = await openPage(context, `${help}tr/`);
      for (const q of ['kargom nerede', 'KARGOM NEREDE', 'kargonun takibi', 'kargom nerde'])
        expect((await typeQuery(page, q))[0], q).toBe('Kargom nerede? Siparişimi nasıl takip ederim?');
      expect(problems).toEqual([]);
    });

    it('"kargo ucreti" and "kargo ücreti" find the shipping cost article first, and a result opens its page', async () => {
      const { page, problems } = await openPage(context, `${help}tr/kargo-takibi/`);
      for (const q of ['kargo ücreti', 'kargo ucreti', 'KARGO ÜCRETİ', 'kargo ucr']) expect((await typeQuery(page, q))[0], q).toBe('Kargo ücreti ne kadar?');
      await page.locator('#search-results li a').first().click();
      await page.waitForURL(`${help}tr/kargo-ucreti/`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Kargo ücreti ne kadar?');
      expect(problems).toEqual([]);
    });

    it('English search finds English articles; a query that matches nothing says so', async () => {
      const { page } = await openPage(context, `${help}en/`);
      expect((await typeQuery(page, 'where is my order'))[0]).toBe('Where is my order? How do I track it?');
      expect((await typeQuery(page, 'shiping cost'))[0]).toBe('How much does shipping cost?');
      expect(await typeQuery(page, 'xylophone')).toEqual([]);
      await expect(page.locator('#search-status').innerText()).resolves.toMatch(/No results/);
    });

    it('has no serious or critical accessibility violations: front page, article, and results shown', async () => {
      const { page } = await openPage(context, `${help}tr/`);
      expect(await seriousViolations(page)).toEqual([]);
      await typeQuery(page, 'kargo');
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`${help}en/returns/`);
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('nothing is wider than the screen', async () => {
      for (const path of ['tr/', 'tr/kargo-takibi/', 'en/shipping-cost/']) {
        const { page } = await openPage(context, `${help}${path}`);
        await typeQuery(page, 'kargo');
        expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number), path).toBeLessThanOrEqual(viewport.width);
        await page.close();
      }
    });
  });
}

describe('the help center', () => {
  it('an unpublished article has no page, is not in the sitemap and is not found by search', async () => {
    expect((await fetch(`${help}tr/gizli-kampanya/`)).status).toBe(404);
    expect(await (await fetch(`${help}sitemap.xml`)).text()).not.toContain('gizli-kampanya');
    const context = await browser.newContext();
    const { page } = await openPage(context, `${help}tr/`);
    expect(await typeQuery(page, 'zürafa')).toEqual([]);
    await expect(page.locator('#search-status').innerText()).resolves.toMatch(/Sonuç bulunamadı/);
    await context.close();
  });

  it('a link with ?q= opens the index with that search done', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, `${help}tr/?q=${encodeURIComponent('kargo ücreti')}`);
    await page.waitForSelector('#search-results[data-query="kargo ücreti"]', { state: 'attached' });
    await expect(page.locator('#q').inputValue()).resolves.toBe('kargo ücreti');
    await expect(page.locator('#search-results li a').first().innerText()).resolves.toBe('Kargo ücreti ne kadar?');
    await context.close();
  });

  it('"still need help?" loads the chat widget only when asked, and opens it', async () => {
    const context = await browser.newContext();
    const { page, problems } = await openPage(context, `${help}tr/iade-kosullari/`);
    expect(await page.locator('#destek-chat').count()).toBe(0);
    await page.getByRole('link', { name: 'Bize yazın' }).click();
    await page.waitForSelector('#destek-chat');
    await expect(page.locator('#destek-chat').evaluate((host) => host.shadowRoot?.querySelector('.launcher')?.getAttribute('aria-expanded'))).resolves.toBe(
      'true',
    );
    expect(page.url()).toBe(`${help}tr/iade-kosullari/`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('works without JavaScript: every article is listed and linked, and the search form goes to that list', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${help}tr/kargo-ucreti/`);
    await page.fill('#q', 'kargom nerede');
    await page.getByRole('button', { name: 'Ara' }).click();
    await page.waitForURL(/\/help\/tr\/\?q=kargom/);
    const links = await page.locator('main .category a').allInnerTexts();
    expect(links).toEqual(['Kargom nerede? Siparişimi nasıl takip ederim?', 'Kargo ücreti ne kadar?', 'Ürünü nasıl iade ederim?']);
    await context.close();
  });

  it('serves clean URLs: a slash is added, the root lists the locales, an unknown path gets the 404 page', async () => {
    const noSlash = await fetch(`${help}tr/kargo-takibi`, { redirect: 'manual' });
    expect(noSlash.status).toBe(301);
    expect(noSlash.headers.get('location')).toBe('/help/tr/kargo-takibi/');
    const rootPage = await fetch(help);
    expect(rootPage.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await rootPage.text()).toContain('href="/help/en/"');
    const missing = await fetch(`${help}tr/yok/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Sayfa bulunamadı');
  });
});
