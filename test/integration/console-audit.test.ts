import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoAuditLog } from '#adapters/audit-log';
import { TICKET_COLUMNS } from '#agent/exports';
import type { AuditRecord } from '#core/audit';
import type { Ticket } from '#core/model';
import { launchChromium, seriousViolations } from '#test/browser';
import { openEmailTicket } from '#test/unit/ticket-fixtures';
import { db, putTickets } from './agent-helpers';
import { http, stack, unique } from './helpers';

/** The admin page's audit log and exports in headless Chromium, signed in as the local admin. */

const BOM = '\uFEFF';
const PAGE = 20;
/** Days no other test writes tickets to: one small export (inline), one large (stored, a link). */
const SMALL_DAY = '2018-07-10';
const LARGE_DAY = '2018-08-14';
/** A day of audit records no other test writes to (records are written with "now"): counts are exact. */
const AUDIT_DAY = '2018-07-20';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function openAdmin(as: 'admin' | 'agent' = 'admin', lang: 'en' | 'tr' = 'en'): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === 'tr' ? 'tr-TR' : 'en-US', acceptDownloads: true });
  await context.addInitScript((l) => (globalThis as any).localStorage.setItem('destek.locale', l), lang);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(`${stack().info.web}/console/?as=${as}#/admin`);
  return { page, problems };
}

const audit = (page: Page) => page.locator('section.audit-admin');
const rows = (page: Page) => audit(page).locator('tr.audit-row');
const actionsShown = (page: Page) => audit(page).locator('tr.audit-row .audit-action').allInnerTexts();

async function filterBy(page: Page, f: { action?: string; actor?: string }) {
  await audit(page)
    .getByLabel('Action')
    .fill(f.action ?? '');
  await audit(page)
    .getByLabel('Who (agent id or e-mail)')
    .fill(f.actor ?? '');
  await audit(page).getByRole('button', { name: 'Show' }).click();
}

/** Tickets opened on one day, straight into the table (their views included), numbered from `first`. */
async function seedTickets(day: string, count: number, first: number, marker: string): Promise<Ticket[]> {
  const tickets = Array.from({ length: count }, (_, i): Ticket => {
    const at = new Date(Date.parse(`${day}T08:00:00.000Z`) + i * 1000).toISOString();
    return openEmailTicket(at, {
      id: `${marker}-${i}`,
      number: first + i,
      customerId: `${marker}-c${i}`,
      conversationKey: `${marker}-conv${i}`,
      subject: `Kargom nerede? ${marker} ${i}`,
    });
  });
  await putTickets(tickets);
  return tickets;
}

describe('the admin audit log', () => {
  it('shows an admin action done through the API, found by its action, with its before and after as text, accessibly at 1280 and 390 px', async () => {
    const created = await http('POST', '/canned-responses', { body: { locale: 'tr', title: unique('Kargo'), text: 'Kargonuz yolda.' } });
    expect(created.status, created.text).toBe(201);
    const after = `Kargonuz <b>bugün</b> teslim edilecek ${unique('t')}`;
    const changed = await http('PUT', `/canned-responses/tr/${created.json.id}`, { body: { title: created.json.title, text: after } });
    expect(changed.status, changed.text).toBe(200);
    const target = `tr/${created.json.id}`;

    const { page, problems } = await openAdmin();
    await expect.poll(() => rows(page).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await filterBy(page, { action: 'PUT /canned-responses/{locale}/{id}' });
    const row = rows(page).filter({ has: page.locator(`td.audit-target:text-is("${target}")`) });
    await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
    expect(await row.locator('td').nth(1).innerText()).toBe('agent@destek.local');
    expect(await row.locator('td').nth(4).innerText()).toBe('Done (200)');

    const toggle = row.getByRole('button', { name: /Before and after of PUT \/canned-responses/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const details = page.locator(`#${await toggle.getAttribute('aria-controls')}`);
    const [before, afterText] = await details.locator('pre').allInnerTexts();
    expect(JSON.parse(before!)).toMatchObject({ text: 'Kargonuz yolda.' });
    expect(JSON.parse(afterText!)).toMatchObject({ text: after });
    // The snapshot is text: the markup in it is shown, not rendered.
    expect(await details.locator('pre b').count()).toBe(0);

    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Stacked: the column headings are hidden and each cell names its column.
    expect(
      await audit(page)
        .locator('thead')
        .boundingBox()
        .then((b) => (b?.height ?? 0) <= 1),
    ).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('narrows a range to one action and one agent, and loads the next page after the first without repeating a record', async () => {
    const log = dynamoAuditLog(db(), stack().info.tableName, 100 * 365);
    const marker = unique('audit');
    const record = (i: number, action: string, email: string): AuditRecord => ({
      id: `${marker}-${i}`,
      at: new Date(Date.parse(`${AUDIT_DAY}T09:00:00.000Z`) + i * 1000).toISOString(),
      actor: { id: email.split('@')[0]!, email },
      action,
      target: `en/${marker}-${i}`,
      status: 201,
      after: { title: `${marker} ${i}` },
    });
    // 25 creations by one admin, 3 changes by another, 2 sign-ins: 30 records on the day.
    for (let i = 0; i < 30; i++)
      await log.record(
        i < 25
          ? record(i, 'POST /canned-responses', 'ayse@shop.example')
          : i < 28
            ? record(i, 'PUT /canned-responses/{locale}/{id}', 'mert@shop.example')
            : { ...record(i, 'sign-in', 'mert@shop.example'), status: 200, target: undefined, after: undefined },
      );

    const { page } = await openAdmin();
    await audit(page).getByLabel('From').fill(AUDIT_DAY);
    await audit(page).getByLabel('To').fill(AUDIT_DAY);
    await filterBy(page, {});
    // The default range's records (the last 7 days) are on the page until the day's replace them.
    const daysShown = () =>
      audit(page)
        .locator('tr.audit-row button[title]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('title')!.slice(0, 10)));
    await expect.poll(async () => [...new Set(await daysShown())], { timeout: 10_000 }).toEqual([AUDIT_DAY]);
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(PAGE);
    // Newest first: the sign-ins, the changes, then the newest creations.
    expect(new Set(await actionsShown(page))).toEqual(new Set(['sign-in', 'PUT /canned-responses/{locale}/{id}', 'POST /canned-responses']));

    await filterBy(page, { action: 'PUT /canned-responses/{locale}/{id}' });
    await expect.poll(() => rows(page).count(), { timeout: 5000 }).toBe(3);
    expect(new Set(await actionsShown(page))).toEqual(new Set(['PUT /canned-responses/{locale}/{id}']));
    expect(await audit(page).getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await filterBy(page, { actor: 'mert@shop.example' });
    await expect.poll(() => rows(page).count(), { timeout: 5000 }).toBe(5);

    await filterBy(page, { action: 'POST /canned-responses' });
    await expect.poll(() => rows(page).count(), { timeout: 5000 }).toBe(PAGE);
    const firstPage = await rows(page).allInnerTexts();
    await audit(page).getByRole('button', { name: 'Load more' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows(page).count(), { timeout: 5000 }).toBe(25);
    // The keyboard goes on at the first record the page added.
    expect(await page.evaluate(() => (globalThis as any).document.activeElement.closest('tr').querySelector('.audit-target').textContent)).toBe(
      `en/${marker}-4`,
    );
    expect((await rows(page).allInnerTexts()).slice(0, PAGE)).toEqual(firstPage);
    const targets = await audit(page).locator('tr.audit-row .audit-target').allInnerTexts();
    expect(targets).toEqual(Array.from({ length: 25 }, (_, i) => `en/${marker}-${24 - i}`));
    expect(await audit(page).getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(await audit(page).getByText('25 records shown').count()).toBe(1);
    await page.context().close();
  });

  it('shows a non-admin no Admin link and no audit data, and the API refuses them the trail', async () => {
    const { page } = await openAdmin('agent');
    await expect.poll(() => page.getByRole('link', { name: 'Inbox' }).count(), { timeout: 15_000 }).toBe(1);
    // #/admin shows the inbox to an agent: the checks of absence below are made on the page as rendered.
    await page.locator('section.ticket-list').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    expect(await page.locator('section.audit-admin, section.exports-admin').count()).toBe(0);
    expect((await http('GET', '/audit', { token: stack().agentOnlyToken })).status).toBe(403);
    expect((await http('GET', '/exports/tickets', { token: stack().agentOnlyToken })).status).toBe(403);
    await page.context().close();
  });
});

describe('the admin audit log and exports in Turkish', () => {
  it('names every control of both sections in Turkish for a Turkish admin', async () => {
    const { page } = await openAdmin('admin', 'tr');
    await expect.poll(() => page.getByRole('heading', { name: 'Denetim kaydı' }).count(), { timeout: 15_000 }).toBe(1);
    const auditSection = audit(page);
    for (const label of ['Başlangıç', 'Bitiş', 'Kim (temsilci kimliği veya e-posta)', 'İşlem'])
      expect(await auditSection.getByLabel(label, { exact: true }).count()).toBe(1);
    expect(await auditSection.getByRole('button', { name: 'Göster' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Dışa aktarma' }).count()).toBe(1);
    expect(await page.locator('section.exports-admin').getByRole('button').allInnerTexts()).toEqual(['Talepler CSV', 'Göstergeler CSV']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('the admin exports', () => {
  const exportsOf = (page: Page) => page.locator('section.exports-admin');

  async function exportCsv(page: Page, from: string, to: string, button = 'Tickets CSV') {
    await exportsOf(page).getByLabel('From').fill(from);
    await exportsOf(page).getByLabel('To').fill(to);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), exportsOf(page).getByRole('button', { name: button }).click()]);
    return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  }

  it("downloads the range's tickets as a CSV with the documented header and the ticket made here, and shows the API's refusal of a reversed range", async () => {
    const marker = unique('csv');
    const [ticket] = await seedTickets(SMALL_DAY, 1, 7_100_000, marker);
    const { page, problems } = await openAdmin();
    const { name, bytes } = await exportCsv(page, SMALL_DAY, SMALL_DAY);
    expect(name).toBe(`destek-tickets-${SMALL_DAY}_${SMALL_DAY}.csv`);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = bytes.toString('utf8').slice(BOM.length).split('\r\n');
    expect(lines[0]).toBe(TICKET_COLUMNS.map(([header]) => header).join(','));
    expect(lines.some((l) => l.startsWith(`${ticket!.number},`) && l.includes(marker))).toBe(true);
    await expect.poll(() => exportsOf(page).getByText(`Downloaded: ${name}`).count()).toBe(1);
    const figures = await exportCsv(page, SMALL_DAY, SMALL_DAY, 'Figures CSV');
    expect(figures.name).toBe(`destek-metrics-${SMALL_DAY}_${SMALL_DAY}.csv`);
    const figureLines = figures.bytes.toString('utf8').slice(BOM.length).split('\r\n');
    expect(figureLines[0]).toBe('metric,dimension,value');
    expect(figureLines).toContain('tickets,,1');

    const refused = await http('GET', `/exports/tickets?from=${SMALL_DAY}&to=2018-07-01`);
    expect(refused.status).toBe(400);
    await exportsOf(page).getByLabel('From').fill(SMALL_DAY);
    await exportsOf(page).getByLabel('To').fill('2018-07-01');
    await exportsOf(page).getByRole('button', { name: 'Tickets CSV' }).click();
    await expect.poll(() => exportsOf(page).getByRole('alert').innerText(), { timeout: 5000 }).toBe(`Something went wrong: ${refused.json.message}`);
    // The refused request was answered; the buttons are ready again.
    expect(await exportsOf(page).getByRole('button', { name: 'Tickets CSV' }).isEnabled()).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    // The refused export's 400 is logged by the browser as a failed load; nothing else is.
    expect(problems.filter((p) => !/400/.test(p))).toEqual([]);
    await page.context().close();
  });

  it('follows the link the API answers for a range too large for one response, to the whole stored file', async () => {
    const marker = unique('big');
    const count = 800;
    await seedTickets(LARGE_DAY, count, 7_200_000, marker);
    const stored = await http('GET', `/exports/tickets?from=${LARGE_DAY}&to=${LARGE_DAY}&link=body`);
    expect(stored.status, stored.text).toBe(201);

    const { page } = await openAdmin();
    const { name, bytes } = await exportCsv(page, LARGE_DAY, LARGE_DAY);
    expect(name).toBe(`tickets-${LARGE_DAY}-${LARGE_DAY}.csv`);
    const lines = bytes.toString('utf8').slice(BOM.length).split('\r\n');
    expect(lines[0]).toBe(TICKET_COLUMNS.map(([header]) => header).join(','));
    expect(lines.filter((l) => l.includes(marker))).toHaveLength(count);
    await expect.poll(() => exportsOf(page).getByText(`Downloaded: ${name}`).count()).toBe(1);
    await page.context().close();
  });
});
