import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '#test/browser';
import { MAX_CHAT_FILE_BYTES } from '#definitions/uploads';
import { SAMPLES } from '#test/fixtures/file-samples';
import { eventually, http, stack, ticketOfVisitor } from './helpers';

/** The widget's attach button in real headless Chromium, on the demo shop at phone width. */
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Playwright's CSS locators pierce the widget's open shadow root. */
const w = (page: Page, selector: string) => page.locator(`#destek-chat ${selector}`);

/** The demo shop in the given language (its `lang` query sets the widget's data-locale). */
async function openOnPhone(lang: 'tr' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: lang === 'tr' ? 'tr-TR' : 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${stack().info.demoPage}?lang=${lang}`);
  await w(page, 'button.launcher').click();
  await expect.poll(() => w(page, '.panel').isVisible()).toBe(true);
  await w(page, '.prechat button.secondary').click();
  return page;
}

const visitorId = async (page: Page) => {
  const token: string = await page.evaluate(() => (globalThis as any).localStorage.getItem('destek.token'));
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
};

describe('attaching a file in the chat widget', () => {
  it('sends a photo from the composer at 390 px: the visitor sees it sent, the agent sees it on the ticket', async () => {
    const page = await openOnPhone('en');
    const button = w(page, 'form button.attach');
    expect(await button.getAttribute('aria-label')).toBe('Attach a photo or PDF');
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(box.height).toBeGreaterThanOrEqual(24);
    // axe on the whole page, judged on the composer's new controls (the page's own findings are not theirs).
    const composerFindings = (await seriousViolations(page)).filter((v) => v.nodes.some((n) => /attach|file/.test(n)));
    expect(composerFindings).toEqual([]);
    // The button opens the picker; the test answers it as the visitor would.
    const chooser = page.waitForEvent('filechooser');
    await button.click();
    await (await chooser).setFiles({ name: 'broken-box.png', mimeType: 'image/png', buffer: SAMPLES.png });
    const sent = w(page, 'li.in').filter({ hasText: 'broken-box.png' });
    await expect.poll(() => sent.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => sent.getAttribute('class'), { timeout: 10_000 }).toBe('in');
    const visitor = await visitorId(page);
    const found = await eventually(() => ticketOfVisitor(visitor), 20_000, 'the ticket');
    const timeline = (await http('GET', `/tickets/${found.id}`)).json.timeline as any[];
    if (process.env.ATTACH_SCREENSHOT) await page.screenshot({ path: process.env.ATTACH_SCREENSHOT });
    expect(timeline[0].attachments).toMatchObject([{ filename: 'broken-box.png', contentType: 'image/png', size: SAMPLES.png.length }]);
    await page.context().close();
    // The agent's console shows the photo on the ticket, as it shows an e-mail's.
    const agent = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'tr-TR' })).newPage();
    await agent.goto(`${stack().info.consoleUrl}#/tickets/${found.id}`);
    const photo = agent.locator('.timeline .files img[alt="broken-box.png"]');
    await expect.poll(() => photo.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => photo.evaluate((img) => (img as any).naturalWidth), { timeout: 10_000 }).toBe(1);
    await agent.context().close();
  });

  it('marks a file that is not a photo or PDF by content, or is too large, as not sent, and says why in Turkish', async () => {
    const page = await openOnPhone('tr');
    expect(await w(page, 'form button.attach').getAttribute('aria-label')).toBe('Fotoğraf veya PDF ekle');
    await w(page, 'input[type="file"]').setInputFiles({ name: 'foto.jpg', mimeType: 'image/jpeg', buffer: SAMPLES.exe });
    await expect.poll(() => w(page, 'li.in.failed').filter({ hasText: 'foto.jpg' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await w(page, '.status').innerText()).toContain('Yalnızca fotoğraf');
    // A photo over the limit is refused before it is sent, with the limit in the words.
    const big = Buffer.concat([SAMPLES.jpeg, Buffer.alloc(MAX_CHAT_FILE_BYTES)]);
    await w(page, 'input[type="file"]').setInputFiles({ name: 'buyuk.jpg', mimeType: 'image/jpeg', buffer: big });
    await expect.poll(() => w(page, 'li.in.failed').filter({ hasText: 'buyuk.jpg' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await w(page, '.status').innerText()).toBe('Dosya çok büyük: en fazla 4 MB gönderebilirsiniz.');
    await page.context().close();
  });
});
