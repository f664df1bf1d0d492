import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations } from '#test/browser';
import { sentTo, smtpSend, supportAddress, waitProcessed, header } from './email-helpers';
import { eventually, http, postChat, stack, ticketOfVisitor, unique } from './helpers';

/** The agent console in real Chromium, on the local stack, as an agent opens it: consoleUrl, one click. */
let browser: Browser;
const docs = (file: string) => resolve(import.meta.dirname, '../../docs', file);
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'tr-TR' });
});
afterAll(async () => {
  await browser?.close();
});

async function openConsole(path = '', over: { width?: number; page?: Page } = {}): Promise<Page> {
  const page = over.page ?? (await context.newPage());
  if (over.width) await page.setViewportSize({ width: over.width, height: 860 });
  await page.goto(`${stack().info.consoleUrl}${path}`);
  await expect.poll(() => page.locator('header.topbar').count(), { timeout: 10_000 }).toBe(1);
  return page;
}

/** A 1×1 PNG: a customer's photo of the broken item. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** The smallest PDF readers open: the agent's invoice. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function mailWithPhoto(o: { from: string; id: string; subject: string; text: string }): string {
  const boundary = 'b1';
  return [
    `From: Ayşe Yılmaz <${o.from}>`,
    `To: ${supportAddress()}`,
    `Subject: ${o.subject}`,
    `Message-ID: ${o.id}`,
    'Date: Mon, 07 Dec 2026 10:00:00 +0300',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.text,
    `--${boundary}`,
    'Content-Type: image/png; name="kirik.png"',
    'Content-Disposition: attachment; filename="kirik.png"',
    'Content-Transfer-Encoding: base64',
    '',
    PNG.toString('base64'),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('the agent console in Chromium', () => {
  it('signs the local agent in with one click, in Turkish from the browser, with the reply box and send button named', async () => {
    const page = await openConsole();
    expect(await page.locator('.topbar .who').innerText()).toBe('agent@destek.local');
    expect(await page.locator('nav a').allInnerTexts()).toEqual(['Gelen kutusu', 'Pano']);
    // The token is in memory only: not in the address, not in storage the page keeps.
    expect(page.url()).not.toMatch(/token|eyJ/);
    expect(
      await page.evaluate(() => JSON.stringify({ ...(globalThis as any).localStorage }) + JSON.stringify({ ...(globalThis as any).sessionStorage })),
    ).not.toMatch(/eyJ/);
    await page.close();
  });

  it('shows an e-mail’s photo, sends a reply with a new PDF, and the mail carries the file and the threading headers', async () => {
    const from = `${unique('ayse')}@customer.example`;
    const id = `<${unique('photo')}@customer.example>`;
    await smtpSend(mailWithPhoto({ from, id, subject: 'Ürün kırık geldi', text: 'Merhaba, vazo kırık geldi. Fotoğraf ekte.' }), {
      from,
      to: [supportAddress()],
    });
    const { ticketId } = await waitProcessed(id);
    const page = await openConsole(`#/tickets/${ticketId}`);
    const photo = page.locator('.timeline .files img[alt="kirik.png"]');
    await expect.poll(() => photo.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => photo.evaluate((img) => (img as any).naturalWidth), { timeout: 10_000 }).toBe(1);
    // The reply: a PDF attached through the signed upload, then sent.
    await page.locator('input[type="file"]').setInputFiles({ name: 'fatura.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect.poll(() => page.locator('.attached li').count(), { timeout: 10_000 }).toBe(1);
    await page.getByRole('textbox', { name: 'Yanıt' }).fill('Merhaba Ayşe Hanım, yenisini gönderiyoruz. Faturanız ekte.');
    await page.getByRole('button', { name: 'Gönder' }).click();
    const mail = await eventually(
      async () => (await sentTo(from)).find((m) => (m.body.text ?? '').includes('yenisini gönderiyoruz')),
      20_000,
      'the reply in the SES stand-in',
    );
    expect(mail.attachments?.map((a) => [a.filename, a.contentType])).toEqual([['fatura.pdf', 'application/pdf']]);
    expect(Buffer.from(mail.attachments![0]!.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(header(mail, 'In-Reply-To')).toBe(id);
    expect(header(mail, 'References')).toContain(id);
    expect(mail.subject).toContain(`[#${ticketId}]`);
    // The timeline shows the reply with its file and its delivery.
    await expect
      .poll(() => page.locator('.message.out').filter({ hasText: 'yenisini gönderiyoruz' }).locator('.files').innerText(), { timeout: 10_000 })
      .toContain('fatura.pdf');
    await page.close();
  });

  it('runs and loads nothing a customer’s mail carries: scripts, event handlers, javascript: links, remote images', async () => {
    const from = `${unique('kotu')}@customer.example`;
    const id = `<${unique('xss')}@customer.example>`;
    const html = [
      '<p onclick="window.parent.__pwned=1">Merhaba</p>',
      '<script>window.parent.__pwned=2</script>',
      '<img src="https://tracker.example/pixel.png" onerror="window.parent.__pwned=3">',
      '<a href="javascript:window.parent.__pwned=4">tıklayın</a>',
      '<svg onload="window.parent.__pwned=5"></svg>',
      '<iframe src="https://evil.example/"></iframe>',
      '<form action="https://evil.example/"><input name="x"></form>',
      '<style>@import url(https://evil.example/x.css); p { background: url(https://evil.example/bg.png) }</style>',
    ].join('\n');
    const raw = [
      `From: ${from}`,
      `To: ${supportAddress()}`,
      'Subject: Siparişim',
      `Message-ID: ${id}`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '',
    ].join('\r\n');
    await smtpSend(raw, { from, to: [supportAddress()] });
    const { ticketId } = await waitProcessed(id);
    const page = await context.newPage();
    const remote: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => {
      if (/tracker\.example|evil\.example/.test(r.url())) remote.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openConsole(`#/tickets/${ticketId}`, { page });
    const frame = page.frameLocator('iframe.mail-html');
    await expect.poll(() => frame.locator('body').innerText(), { timeout: 10_000 }).toContain('Merhaba');
    await frame.locator('p').first().click();
    const link = frame.locator('a');
    if (await link.count())
      await link
        .first()
        .click({ timeout: 2000 })
        .catch(() => undefined);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (globalThis as any).__pwned)).toBeUndefined();
    expect(remote).toEqual([]);
    expect(dialogs).toEqual([]);
    // Nothing of it survives as markup that could act: no script, handler, javascript: URL, frame or form.
    const markup = await frame.locator('body').innerHTML();
    expect(markup).not.toMatch(/<script|onclick|onerror|onload|javascript:|<iframe|<form|evil\.example|tracker\.example/i);
    await page.close();
  });

  it('a visitor’s chat message appears in the open console without a reload, and the reply from the console reaches the visitor’s widget', async () => {
    const page = await openConsole();
    await page.getByRole('button', { name: 'Açık' }).click();
    await page.getByLabel('Sıralama').selectOption('updated');
    // The visitor, on the shop's page.
    const shop = await context.newPage();
    await shop.goto(stack().info.demoPage);
    const w = (selector: string) => shop.locator(`#destek-chat ${selector}`);
    await w('button.launcher').click();
    await w('.prechat button.secondary').click();
    const text = `Merhaba, ${unique('masa')} siparişimin rengini değiştirmek istiyorum`;
    await w('textarea').fill(text);
    await w('textarea').press('Enter');
    const token: string = await shop.evaluate(() => (globalThis as any).localStorage.getItem('destek.token'));
    const visitor = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
    const ticket = await eventually(() => ticketOfVisitor(visitor), 20_000, 'the ticket');
    // From the moment the ticket exists, the open console shows it within 2 s.
    const row = page.locator('.row').filter({ hasText: text.slice(0, 30) });
    await expect.poll(() => row.count(), { timeout: 2_000, interval: 100 }).toBe(1);
    await row.locator('a').click();
    await expect.poll(() => page.locator('#ticket-title').innerText()).toContain(`#${ticket.id}`);
    await page.getByRole('textbox', { name: 'Yanıt' }).fill('Merhaba, ben Elif. Rengi değiştirebiliriz, hangi rengi istersiniz?');
    await page.getByRole('button', { name: 'Gönder' }).click();
    await expect.poll(() => w('li.out').filter({ hasText: 'ben Elif' }).count(), { timeout: 20_000 }).toBe(1);
    await shop.close();
    await page.close();
  });

  it('the agent filters, assigns and resolves from the keyboard, and the dashboard counts the resolution', async () => {
    const text = `${unique('klavye')} ürün bozuk geldi, çok kızgınım, bir yetkiliyle görüşmek istiyorum`;
    const res = await postChat(unique('v-kb'), unique('m'), text);
    expect(res.status).toBe(202);
    const page = await openConsole();
    // The dashboard's resolutions today, before.
    const resolvedToday = async () => (await http('GET', '/metrics')).json.resolution.count as number;
    const before = await resolvedToday();
    // Filter: the search box (/) narrows the view to the visitor's ticket.
    await page.getByRole('button', { name: 'Açık' }).click();
    // Newest first: among the suite's many open tickets, this one is on the first page.
    await page.getByLabel('Sıralama').selectOption('updated');
    await page.keyboard.press('/');
    await page.keyboard.type(text.slice(0, 16));
    const row = page.locator('.row').filter({ hasText: text.slice(0, 16) });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    // j/k move the selection, Enter opens, a assigns to me, e resolves; ? lists the keys.
    await page.locator('.list-tools input').blur();
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    // Other test files change tickets meanwhile and the inbox reloads its first page live; should the
    // reload land between the keys, the agent (and the test) presses Enter again on the row shown.
    await expect
      .poll(
        async () => {
          const open = await page.locator('#ticket-title').count();
          if (!open && (await row.count()) === 1) await page.keyboard.press('Enter');
          return open;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    const id = (await page.locator('#ticket-title').innerText()).match(/#(\d+)/)![1]!;
    // Pressed at once: the second change waits for the first, on the version it left (no conflict with oneself).
    await page.keyboard.press('a');
    await page.keyboard.press('e');
    await expect.poll(async () => (await http('GET', `/tickets/${id}`)).json.assignee, { timeout: 10_000 }).toBe('local-agent');
    await expect.poll(async () => (await http('GET', `/tickets/${id}`)).json.status, { timeout: 10_000 }).toBe('resolved');
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Klavye kısayolları' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    // The dashboard shows the change.
    await expect.poll(resolvedToday, { timeout: 10_000 }).toBe(before + 1);
    await page.getByRole('link', { name: 'Pano' }).click();
    await expect.poll(() => page.locator('main').innerText(), { timeout: 10_000 }).toMatch(/\d/);
    if (process.env.UPDATE_DOCS_SCREENSHOT) {
      await page.waitForTimeout(1000);
      writeFileSync(docs('console-dashboard.png'), await page.screenshot({ fullPage: true }));
    }
    await page.close();
  });

  for (const width of [1280, 390]) {
    it(`has no serious or critical accessibility violations on the inbox and a ticket at ${width} px`, async () => {
      const page = await openConsole('', { width });
      await expect.poll(() => page.locator('.row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
      if (process.env.UPDATE_DOCS_SCREENSHOT && width === 1280) writeFileSync(docs('console-inbox.png'), await page.screenshot());
      await page.locator('.row a').first().click();
      await expect.poll(() => page.locator('.timeline').count(), { timeout: 10_000 }).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
      if (process.env.UPDATE_DOCS_SCREENSHOT) writeFileSync(docs(`console-ticket-${width}.png`), await page.screenshot({ fullPage: width === 390 }));
      // At phone width the ticket is alone on the screen, nothing wider than it.
      if (width === 390) expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.close();
    });
  }
});
