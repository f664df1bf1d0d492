import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, seriousViolations } from '#test/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentReply } from './chat-helpers';
import { stack } from './helpers';

/**
 * The widget as a shop's own page uses it, in real headless Chromium: its JavaScript API (window.Destek,
 * with the loader snippet's queue), its greeting, its placement, and the phone layout. The pages are
 * served at the demo shop's origin (the one the test stack's chat allows) by Playwright's routing.
 */
let browser: Browser;
beforeAll(async () => {
  // A routed page counts as a public site, which Chromium keeps from calling the loopback API; a shop's
  // page and its API are both public, so these pages are let through as they would be.
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks'] });
});
afterAll(async () => {
  await browser?.close();
});

const w = (page: Page, selector: string) => page.locator(`#destek-chat ${selector}`);
const LOADER = `<script>
  window.Destek = window.Destek || { q: [] };
  ['open', 'close', 'setLocale', 'setCustomer', 'reset', 'on', 'off'].forEach(function (m) {
    Destek[m] = Destek[m] || function () { Destek.q.push([m, [].slice.call(arguments)]); };
  });
</script>`;

interface ShopPage {
  /** Attributes of the widget's script tag besides src and data-destek-url. */
  readonly attributes?: string;
  /** Script run before widget.js (after the loader snippet). */
  readonly before?: string;
  readonly headers?: Record<string, string>;
}

/** A page of the shop at the demo origin, with the loader snippet, recording every widget event in `window.events`. */
async function shopPage(viewport: { width: number; height: number }, o: ShopPage = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'tr-TR' });
  const page = await context.newPage();
  const url = `${stack().info.web}/shop-under-test`;
  const html = `<!doctype html><html lang="tr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"><title>Shop</title>
${LOADER}
<script>
  window.events = [];
  ['ready', 'open', 'close', 'message', 'unread'].forEach(function (name) { Destek.on(name, function (detail) { events.push({ name: name, detail: detail }); }); });
  ${o.before ?? ''}
</script></head>
<body><main><h1>Shop</h1><button type="button" id="checkout">Sepete git</button></main>
<script src="/widget.js" data-destek-url="${stack().info.api}" ${o.attributes ?? ''} async></script></body></html>`;
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html, headers: o.headers ?? {} }));
  await page.goto(url);
  return page;
}

const events = (page: Page, name?: string): Promise<{ name: string; detail: any }[]> =>
  page.evaluate((n) => ((globalThis as any).events as { name: string; detail: any }[]).filter((e) => !n || e.name === n), name);
const api = (page: Page, script: string) => page.evaluate(script);
const box = async (page: Page, selector: string) => (await w(page, selector).boundingBox())!;
const visitorOf = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const token = (globalThis as any).localStorage.getItem('destek.token') as string;
    return JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sub as string;
  });
/** The demo shop signs its "logged-in" customer as a shop's server would: the reference from its page. */
async function customerRef(email: string): Promise<string> {
  const html = await (await fetch(`${stack().info.demoPage}?login=${encodeURIComponent(email)}`)).text();
  return /data-customer-ref="([^"]+)"/.exec(html)![1]!;
}

for (const [device, viewport] of [
  ['desktop', { width: 1100, height: 760 }],
  ['a 390 px phone', { width: 390, height: 800 }],
] as const) {
  describe(`window.Destek on ${device}`, () => {
    it('calls queued before widget.js ran are replayed: ready, then the panel opens on its greeting', async () => {
      const page = await shopPage(viewport, { before: 'Destek.open();' });
      await expect.poll(() => w(page, '.panel').isVisible()).toBe(true);
      expect(await w(page, 'li.welcome').innerText()).toContain('Size nasıl yardımcı olabiliriz?');
      const names = (await events(page)).map((e) => e.name);
      expect(names.slice(0, 2)).toEqual(['ready', 'open']);
      expect((await events(page, 'ready'))[0]!.detail).toEqual({ locale: 'tr' });
      // A listener added after ready still hears it.
      expect(await page.evaluate(() => new Promise((r) => (globalThis as any).Destek.on('ready', r)))).toEqual({ locale: 'tr' });
      await api(page, 'Destek.close()');
      expect(await w(page, '.panel').isVisible()).toBe(false);
      expect((await events(page)).map((e) => e.name)).toContain('close');
      // open and close are idempotent: no event for a panel already closed.
      await api(page, 'Destek.close()');
      expect((await events(page, 'close')).length).toBe(1);
      await page.context().close();
    });

    it('setLocale switches the words and the greeting; message events tell what the visitor and the bot said', async () => {
      const page = await shopPage(viewport);
      await api(page, "Destek.setLocale('en'); Destek.setLocale('de'); Destek.open()");
      await expect.poll(() => w(page, '.panel').isVisible()).toBe(true);
      expect(await w(page, 'li.welcome').innerText()).toContain('How can we help?');
      expect(await w(page, 'header button.close').getAttribute('aria-label')).toBe('Close chat');
      expect(await w(page, 'button.launcher').getAttribute('aria-label')).toBe('Close chat');
      await w(page, '.prechat button.secondary').click();
      expect(await w(page, 'textarea').getAttribute('placeholder')).toBe('Type a message…');
      await w(page, 'textarea').fill('hello');
      await w(page, 'textarea').press('Enter');
      await expect.poll(async () => (await events(page, 'message')).map((e) => e.detail.from), { timeout: 20_000 }).toEqual(['visitor', 'support']);
      const [mine, answer] = (await events(page, 'message')).map((e) => e.detail);
      expect(mine).toMatchObject({ from: 'visitor', kind: 'message', text: 'hello' });
      expect(answer).toMatchObject({ from: 'support', kind: 'bot_answer', text: expect.any(String) });
      expect(answer.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      // With messages, buttons and times on screen: no serious accessibility finding (contrast included).
      expect(await seriousViolations(page)).toEqual([]);
      // A reload shows the same conversation: history is not announced again.
      await page.reload();
      await expect.poll(() => page.evaluate(() => (globalThis as any).Destek.q === undefined)).toBe(true);
      await api(page, 'Destek.open()');
      await expect.poll(() => w(page, 'li.out').count(), { timeout: 20_000 }).toBe(1);
      expect(await events(page, 'message')).toEqual([]);
      await page.context().close();
    });

    it('an agent reply while closed raises unread (event, badge, launcher name); opening reads it', async () => {
      const page = await shopPage(viewport, { before: 'Destek.open();' });
      await w(page, '.prechat button.secondary').click();
      const greeting = await w(page, 'li.out').count();
      await w(page, 'textarea').fill('Ürün kırık geldi, bir yetkiliyle görüşmek istiyorum');
      await w(page, 'textarea').press('Enter');
      await expect.poll(() => w(page, 'li.in.pending').count(), { timeout: 10_000 }).toBe(0);
      // The pipeline's answer (its acknowledgement) first, so that only the agent's reply comes while closed:
      // one arriving between the counts below would make them disagree.
      await expect.poll(() => w(page, 'li.out').count(), { timeout: 20_000 }).toBeGreaterThan(greeting);
      await api(page, 'Destek.close()');
      const replies = await w(page, 'li.out').count();
      const before = (await events(page, 'message')).length;
      await agentReply(await visitorOf(page), 'Merhaba, ben Elif; fotoğrafını gönderir misiniz?');
      await expect.poll(async () => (await events(page, 'message')).some((e) => e.detail.kind === 'agent_reply'), { timeout: 20_000 }).toBe(true);
      // Every reply since closing is unread.
      const unseen = (await events(page, 'message')).slice(before).filter((e) => e.detail.from === 'support').length;
      expect(unseen).toBe(1);
      expect((await events(page, 'unread')).at(-1)!.detail).toEqual({ count: unseen });
      expect(await w(page, '.badge').innerText()).toBe(String(unseen));
      expect(await w(page, 'button.launcher').getAttribute('aria-label')).toBe(`Sohbeti aç (${unseen} okunmamış mesaj)`);
      await api(page, 'Destek.open()');
      expect((await events(page, 'unread')).at(-1)!.detail).toEqual({ count: 0 });
      expect(await w(page, '.badge').isVisible()).toBe(false);
      // Read stays read after a reload (the badge does not count old replies again).
      await page.reload();
      await expect.poll(() => w(page, 'li.out').count(), { timeout: 20_000 }).toBeGreaterThan(replies);
      expect(await w(page, '.badge').isVisible()).toBe(false);
      await page.context().close();
    });

    it('setCustomer joins the signed customer (no pre-chat form); reset forgets the visitor', async () => {
      const page = await shopPage(viewport, { before: 'Destek.open();' });
      await expect.poll(() => w(page, '.prechat').isVisible()).toBe(true);
      await expect.poll(() => page.evaluate(() => (globalThis as any).localStorage.getItem('destek.token')), { timeout: 10_000 }).toBeTruthy();
      const anonymous = await visitorOf(page);
      const ref = await customerRef('ayse.yilmaz@example.com');
      await page.evaluate((r) => (globalThis as any).Destek.setCustomer(r), ref);
      await expect.poll(() => w(page, 'textarea').isVisible()).toBe(true);
      expect(await w(page, '.prechat').isVisible()).toBe(false);
      // The signed-in customer may hear their own order's details.
      await w(page, 'textarea').fill('kargom nerede 100001');
      await w(page, 'textarea').press('Enter');
      await expect.poll(() => w(page, 'li.out').filter({ hasText: '100001' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
      expect(await visitorOf(page)).toBe(anonymous);
      // Sign-out: a new visitor, an empty conversation with its greeting, the pre-chat form again.
      await api(page, 'Destek.reset()');
      await expect.poll(() => visitorOf(page).catch(() => anonymous), { timeout: 10_000 }).not.toBe(anonymous);
      expect(await w(page, 'li.in, li.out').count()).toBe(0);
      expect(await w(page, 'li.welcome').isVisible()).toBe(true);
      await expect.poll(() => w(page, '.prechat').isVisible()).toBe(true);
      // The old conversation does not come back with the new visitor.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await w(page, 'li.in, li.out').count()).toBe(0);
      await page.context().close();
    });
  });
}

describe('the widget on a page and on a phone', () => {
  it('sits where the page puts it (data-position, data-offset-x/y), clear of its own buttons', async () => {
    const page = await shopPage({ width: 1100, height: 760 }, { attributes: 'data-position="left" data-offset-x="24" data-offset-y="96"' });
    const launcher = await box(page, 'button.launcher');
    expect(launcher.x).toBe(24);
    expect(launcher.y + launcher.height).toBe(760 - 96);
    await w(page, 'button.launcher').click();
    const panel = await box(page, '.panel');
    expect(panel.x).toBe(24);
    expect(panel.y + panel.height).toBeLessThanOrEqual(760 - 96 - 56);
    await page.context().close();
    // Without attributes: the right corner, 20 px in.
    const plain = await shopPage({ width: 1100, height: 760 });
    const right = await box(plain, 'button.launcher');
    expect(right.x + right.width).toBe(1100 - 20);
    await plain.context().close();
  });

  it('takes the data attribute greeting over the configured one', async () => {
    const page = await shopPage(
      { width: 1100, height: 760 },
      { attributes: 'data-welcome-tr="Hoş geldiniz! Kargo soruları için buradayız."', before: 'Destek.open();' },
    );
    await expect.poll(() => w(page, 'li.welcome').innerText()).toContain('Hoş geldiniz! Kargo soruları için buradayız.');
    await page.context().close();
  });

  it('is the whole screen at 390 px, with a close button that gives the page back; accessible while open', async () => {
    const page = await shopPage({ width: 390, height: 800 });
    await w(page, 'button.launcher').click();
    await expect.poll(() => w(page, '.panel').isVisible()).toBe(true);
    expect(await box(page, '.panel')).toEqual({ x: 0, y: 0, width: 390, height: 800 });
    // The launcher does not float over the composer while the panel is open.
    expect(await w(page, 'button.launcher').isVisible()).toBe(false);
    const close = w(page, 'header button.close');
    expect(await close.getAttribute('aria-label')).toBe('Sohbeti kapat');
    const target = await close.boundingBox();
    expect(Math.min(target!.width, target!.height)).toBeGreaterThanOrEqual(44);
    expect(await seriousViolations(page)).toEqual([]);
    if (process.env.UPDATE_DOCS_SCREENSHOT) writeFileSync(resolve(import.meta.dirname, '../../docs/chat-widget-phone.png'), await page.screenshot());
    await close.click();
    expect(await w(page, '.panel').isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('destek-chat');
    expect(await w(page, 'button.launcher').isVisible()).toBe(true);
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.context().close();
  });

  it('is styled on a page whose Content-Security-Policy forbids inline styles', async () => {
    const { api: apiUrl, websocket } = stack().info;
    // Inline scripts are allowed here (the test's own); inline styles are not, as on many shops.
    const csp = `default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self'; connect-src ${apiUrl} ${websocket}; img-src 'self'`;
    const page = await shopPage({ width: 1100, height: 760 }, { headers: { 'content-security-policy': csp } });
    await expect.poll(() => w(page, 'button.launcher').isVisible()).toBe(true);
    const background = await page.evaluate(() => {
      const g = globalThis as any;
      return g.getComputedStyle(g.document.querySelector('#destek-chat').shadowRoot.querySelector('button.launcher')).backgroundColor;
    });
    expect(background).toBe('rgb(228, 87, 46)');
    await page.context().close();
  });
});
