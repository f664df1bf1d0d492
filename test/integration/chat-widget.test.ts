import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '#test/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentReply } from './chat-helpers';
import { eventually, http, stack, ticketOfVisitor } from './helpers';

/** The widget in real headless Chromium, on the demo shop page of the local stack. */
const SCREENSHOT = resolve(import.meta.dirname, '../../docs/chat-widget.png');

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'tr-TR' });
});
afterAll(async () => {
  await browser?.close();
});

/** Playwright's CSS locators pierce the widget's open shadow root. */
const w = (page: Page, selector: string) => page.locator(`#destek-chat ${selector}`);

async function openWidget(page: Page): Promise<void> {
  await page.goto(stack().info.demoPage);
  await w(page, 'button.launcher').click();
  await expect.poll(() => w(page, '.panel').isVisible()).toBe(true);
}

/** Records, in the page, whether a "typing" indicator is ever inserted from now on. */
async function watchTyping(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as any;
    const list = g.document.querySelector('#destek-chat').shadowRoot.querySelector('ol');
    g.typingShown = false;
    new g.MutationObserver(() => {
      if (list.querySelector('li.typing')) g.typingShown = true;
    }).observe(list, { childList: true });
  });
}
const typingEverShown = (page: Page): Promise<boolean> => page.evaluate(() => (globalThis as any).typingShown as boolean);

const visitorId = async (page: Page) => {
  const token: string = await page.evaluate(() => (globalThis as any).localStorage.getItem('destek.token'));
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
};

describe('the chat widget in Chromium', () => {
  let page: Page;

  it('greets the visitor and answers an order question on the demo shop, in Turkish, never showing "typing" while the bot works', async () => {
    page = await context.newPage();
    await openWidget(page);
    // Pre-chat form first: keyboard users land in it.
    await expect
      .poll(() => page.evaluate(() => (globalThis as any).document.querySelector('#destek-chat').shadowRoot.activeElement?.getAttribute('aria-label')))
      .toBe('Adınız');
    // The panel opens on a greeting, not an empty area.
    expect(await w(page, 'li.welcome').innerText()).toContain('Size nasıl yardımcı olabiliriz?');
    await w(page, '.prechat button.secondary').click();
    const input = w(page, 'textarea');
    await expect.poll(() => input.getAttribute('placeholder')).toBe('Bir mesaj yazın…');
    await watchTyping(page);
    await input.fill('kargom nerede 100001');
    await input.press('Enter');
    const answer = w(page, 'li.out').filter({ hasText: '100001 numaralı siparişiniz' });
    await expect.poll(() => answer.count(), { timeout: 20_000 }).toBe(1);
    expect(await answer.innerText()).toContain('Tahmini teslim');
    // "Typing" is an agent's: waiting on the bot never showed it, and the sent message is no longer pending.
    expect(await typingEverShown(page)).toBe(false);
    expect(await w(page, 'li.in.pending').count()).toBe(0);
    // Every message has its time; the list announces new messages politely.
    expect(await w(page, 'li.out time').first().getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await w(page, 'ol').getAttribute('aria-live')).toBe('polite');
    // The bot's answer offers a person.
    await expect.poll(() => w(page, '.actions button[data-type="handover"]').innerText()).toBe('Temsilciye bağlan');
    const png = await page.screenshot();
    expect(png.length).toBeGreaterThan(10_000);
    if (process.env.UPDATE_DOCS_SCREENSHOT) writeFileSync(SCREENSHOT, png);
  });

  it('restores the conversation after a reload', async () => {
    await page.reload();
    await w(page, 'button.launcher').click();
    await expect.poll(() => w(page, 'li.in').allInnerTexts(), { timeout: 20_000 }).toEqual([expect.stringContaining('kargom nerede 100001')]);
    await expect.poll(() => w(page, 'li.out').count(), { timeout: 20_000 }).toBe(1);
    // The bot's answer is still the last word, so its button is offered again.
    await expect.poll(() => w(page, '.actions button[data-type="handover"]').innerText(), { timeout: 20_000 }).toBe('Temsilciye bağlan');
    // The pre-chat question is not asked again.
    expect(await w(page, '.prechat').isVisible()).toBe(false);
  });

  it("shows an agent's reply live, with an unread badge while closed, in every tab of the visitor", async () => {
    const visitor = await visitorId(page);
    const second = await context.newPage();
    await openWidget(second);
    await expect.poll(() => w(second, 'li.in, li.out').count(), { timeout: 20_000 }).toBe(2);
    // The agent starts writing: both tabs show it.
    const ticket = await eventually(() => ticketOfVisitor(visitor), 5000, 'the ticket');
    expect((await http('POST', `/tickets/${ticket.id}/typing`, { body: { typing: true } })).json.pushed).toBe(2);
    for (const p of [page, second]) await expect.poll(() => w(p, 'li.typing').count(), { timeout: 5000 }).toBe(1);
    // ...and stops showing it when the agent stops.
    await http('POST', `/tickets/${ticket.id}/typing`, { body: { typing: false } });
    for (const p of [page, second]) await expect.poll(() => w(p, 'li.typing').count(), { timeout: 5000 }).toBe(0);
    await http('POST', `/tickets/${ticket.id}/typing`, { body: { typing: true } });
    await expect.poll(() => w(page, 'li.typing').count(), { timeout: 5000 }).toBe(1);
    await w(page, 'header button[aria-label="Sohbeti kapat"]').click();
    await agentReply(visitor, 'Merhaba, ben Elif. Siparişiniz bugün kargoda.');
    for (const p of [page, second]) {
      await expect.poll(() => w(p, 'li.out').filter({ hasText: 'ben Elif' }).count(), { timeout: 20_000 }).toBe(1);
      // The reply ends the typing indicator.
      expect(await w(p, 'li.typing').count()).toBe(0);
    }
    expect(await w(page, '.badge').innerText()).toBe('1');
    expect(await w(page, 'button.launcher').getAttribute('aria-label')).toContain('1 okunmamış mesaj');
    await w(page, 'button.launcher').click();
    expect(await w(page, '.badge').isVisible()).toBe(false);
    await second.close();
  });

  it('offers quick replies after a greeting, and a quick reply is sent as the next message', async () => {
    await w(page, 'textarea').fill('merhaba');
    await w(page, 'textarea').press('Enter');
    const track = w(page, '.actions button[data-type="quick_reply"]');
    await expect.poll(() => track.count(), { timeout: 20_000 }).toBe(1);
    expect(await track.innerText()).toBe('Siparişimi takip et');
    await track.click();
    await expect.poll(() => w(page, 'li.in').last().innerText()).toContain('Siparişim nerede?');
  });

  it("keeps the host page's CSS out of the widget and the widget's out of the page", async () => {
    await page.addStyleTag({ content: 'li { color: rgb(255, 0, 0) !important; font-size: 30px !important } textarea { background: black !important }' });
    const style = await page.evaluate(() => {
      // Runs in the page: its globals, untyped here (this project's types are Node's).
      const { document, getComputedStyle } = globalThis as any;
      const root = document.querySelector('#destek-chat').shadowRoot;
      const css = (el: unknown) => getComputedStyle(el);
      return {
        launcherBackground: css(root.querySelector('button.launcher')).backgroundColor,
        messageFont: css(root.querySelector('li.out')).fontFamily,
        messageSize: css(root.querySelector('li.out')).fontSize,
        messageColor: css(root.querySelector('li.out')).color,
        textarea: css(root.querySelector('textarea')).backgroundColor,
        hostButton: css(document.querySelector('main button')).backgroundColor,
        hostFont: css(document.querySelector('h1')).fontFamily,
      };
    });
    expect(style).toEqual({
      launcherBackground: 'rgb(228, 87, 46)',
      messageFont: expect.not.stringContaining('Georgia'),
      messageSize: '14px',
      messageColor: 'rgb(31, 35, 40)',
      textarea: 'rgb(255, 255, 255)',
      hostButton: 'rgb(34, 34, 34)',
      hostFont: expect.stringContaining('Georgia'),
    });
  });

  it('asking for a person shows no "typing" while nobody types', async () => {
    await watchTyping(page);
    await w(page, 'header button.human').click();
    await expect.poll(() => w(page, 'li.in').last().innerText()).toContain('Bir temsilciyle görüşmek istiyorum');
    await expect.poll(() => w(page, 'li.in.pending').count(), { timeout: 10_000 }).toBe(0);
    // Whatever the pipeline answers (or not), nothing claims that someone is writing.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await typingEverShown(page)).toBe(false);
  });

  it('speaks English on an English page', async () => {
    // A new visitor: the earlier tests' conversation may still bring replies (an unread badge).
    const fresh = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'en-GB' });
    const en = await fresh.newPage();
    await en.goto(`${stack().info.demoPage}?lang=en`);
    expect(await w(en, 'button.launcher').getAttribute('aria-label')).toBe('Open chat');
    await w(en, 'button.launcher').click();
    expect(await w(en, 'li.welcome').innerText()).toContain('How can we help?');
    await fresh.close();
  });

  it('asks a customer the shop signed in for no name or e-mail: the message box is ready at once', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'tr-TR' });
    const page = await fresh.newPage();
    await page.goto(`${stack().info.demoPage}?login=${encodeURIComponent('ayse.yilmaz@example.com')}`);
    await w(page, 'button.launcher').click();
    await expect.poll(() => w(page, 'textarea').isVisible()).toBe(true);
    expect(await w(page, '.prechat').isVisible()).toBe(false);
    // An anonymous visitor on the same shop is still offered the form.
    const anonymous = await (await browser.newContext({ locale: 'tr-TR' })).newPage();
    await anonymous.goto(stack().info.demoPage);
    await w(anonymous, 'button.launcher').click();
    await expect.poll(() => w(anonymous, '.prechat').isVisible()).toBe(true);
    await anonymous.context().close();
    await fresh.close();
  });

  it('a rating button in the widget posts the score: the ticket gets it once', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'tr-TR' });
    const page = await fresh.newPage();
    await openWidget(page);
    await w(page, '.prechat button.secondary').click();
    await w(page, 'textarea').fill('Ürün bozuk geldi, şikayetçiyim, bir yetkili arasın');
    await w(page, 'textarea').press('Enter');
    const visitor = await visitorId(page);
    const ticket = await eventually(() => ticketOfVisitor(visitor), 20_000, 'the ticket');
    expect((await http('PATCH', `/tickets/${ticket.id}`, { body: { status: 'resolved' } })).status).toBe(200);
    const five = w(page, '.actions button[data-type="csat"]').filter({ hasText: '5' });
    await expect.poll(() => five.count(), { timeout: 20_000 }).toBe(1);
    await five.click();
    await expect.poll(async () => (await http('GET', `/tickets/${ticket.id}`)).json.csat?.score, { timeout: 10_000 }).toBe(5);
    await fresh.close();
  });

  it('the demo shop\'s own "Bize yazın" button opens the chat through Destek.open()', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1100, height: 760 }, locale: 'tr-TR' });
    const page = await fresh.newPage();
    await page.goto(stack().info.demoPage);
    await page.locator('#help').click();
    await expect.poll(() => w(page, '.panel').isVisible()).toBe(true);
    expect(await w(page, 'button.launcher').getAttribute('aria-expanded')).toBe('true');
    await fresh.close();
  });

  it('the demo shop fits a 390 px phone: nothing is wider than the screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'tr-TR' });
    const page = await phone.newPage();
    for (const path of ['', `?login=${encodeURIComponent('ayse.yilmaz@example.com')}`]) {
      await page.goto(`${stack().info.demoPage}${path}`);
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    await phone.close();
  });
});
